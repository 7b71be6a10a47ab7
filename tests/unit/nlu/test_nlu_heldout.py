"""Regression guard on the held-out first messages (bench/nlu_heldout.py prints details)."""

from __future__ import annotations

from nlu.heldout import score
from nlu.parser import Parser


def test_heldout_targets(parser: Parser) -> None:
    result = score(parser)
    acc = result["accuracy"]
    for field in ("company", "person", "phone", "email", "onsite", "language"):
        assert acc[field] >= 0.95, (field, [m for m in result["misses"] if m["field"] == field])
    assert acc["priority"] >= 0.85
    assert result["parse_ms_p50"] < 5.0  # loose: CI machines vary; the bench checks < 1 ms
