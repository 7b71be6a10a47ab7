"""Shared fixtures: one embedded parser per session (trained once, then cached on disk)."""

from __future__ import annotations

import pytest

from nlu.parser import Parser, load_parser


@pytest.fixture(scope="session")
def parser() -> Parser:
    loaded = load_parser()
    assert isinstance(loaded, Parser)
    return loaded
