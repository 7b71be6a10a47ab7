"""Shared fixtures: one embedded parser per session (trained once, then cached on disk), and
the text the gazetteer generators would write."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from nlu.parser import Parser, load_parser


@pytest.fixture(scope="session")
def parser() -> Parser:
    loaded = load_parser()
    assert isinstance(loaded, Parser)
    return loaded


def generated_text(script: str, needs: str) -> str:
    """What ``nlu/<script>`` would write now (skipped without the package it reads)."""
    pytest.importorskip(needs)
    path = Path(__file__).resolve().parents[3] / "nlu" / script
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render()
