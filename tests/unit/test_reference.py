"""docs/reference.md is what docs/gen_reference.py writes from the code today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_reference", ROOT / "docs/gen_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_is_up_to_date() -> None:
    generator = load_generator()
    written = (ROOT / "docs/reference.md").read_text(encoding="utf-8")
    assert written == generator.render(), (
        "docs/reference.md is out of date: run python docs/gen_reference.py"
    )


def test_the_reference_covers_every_part() -> None:
    text = (ROOT / "docs/reference.md").read_text(encoding="utf-8")
    for heading in ("## Commands", "## Configuration", "## Environment", "## HTTP API"):
        assert heading in text
    for sample in (
        "### `deskbot oncall override`",
        "| `ack_timeout` |",
        "| `PUBLIC_URL` |",
        "#### `POST /webhooks/twilio/messages`",
        "| `[REF] ack` |",
    ):
        assert sample in text, sample
