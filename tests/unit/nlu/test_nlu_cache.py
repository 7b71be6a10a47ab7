"""Trained models are cached on disk by data hash and reused across loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu import parser as parser_module
from nlu.cache import cache_dir

TINY = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hi
    - hello
    - good morning
- intent: report_problem
  examples: |
    - my printer is broken
    - server is down
    - [Acme](company) has no internet
"""


@pytest.fixture
def tiny_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKBOT_NLU_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(parser_module, "_default", {})  # forget in-process models
    data = tmp_path / "data"
    data.mkdir()
    (data / "nlu_en.yml").write_text(TINY)
    return data


def test_cache_dir_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DESKBOT_NLU_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "deskbot"
    monkeypatch.setenv("DESKBOT_NLU_CACHE", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"


def test_second_load_reuses_cache(tiny_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = parser_module.load_parser(data_dir=tiny_data)
    assert first.from_cache is False
    assert list((tiny_data.parent / "cache").glob("nlu-*.pkl"))

    monkeypatch.setattr(parser_module, "_default", {})
    monkeypatch.setattr(parser_module, "train", _must_not_train)
    second = parser_module.load_parser(data_dir=tiny_data)
    assert second.from_cache is True
    assert second.parse("hello")["intent"]["name"] == "greet"


def test_changed_data_retrains(tiny_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parser_module.load_parser(data_dir=tiny_data)
    (tiny_data / "nlu_en.yml").write_text(TINY + "    - the wifi is dead\n")
    monkeypatch.setattr(parser_module, "_default", {})
    assert parser_module.load_parser(data_dir=tiny_data).from_cache is False
    assert len(list((tiny_data.parent / "cache").glob("nlu-*.pkl"))) == 2


def test_corrupt_cache_is_rebuilt(tiny_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parser_module.load_parser(data_dir=tiny_data)
    (pkl,) = (tiny_data.parent / "cache").glob("nlu-*.pkl")
    pkl.write_bytes(b"not a pickle")
    monkeypatch.setattr(parser_module, "_default", {})
    loaded = parser_module.load_parser(data_dir=tiny_data)
    assert loaded.from_cache is False
    assert loaded.parse("hi")["intent"]["name"] == "greet"


def _must_not_train(*args: object) -> None:
    raise AssertionError("the cached model should have been used")
