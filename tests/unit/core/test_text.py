"""``bot.core.text.shorten``: the one truncation helper (pages, reminders, status lines,
customer escalations, WhatsApp template variables)."""

from __future__ import annotations

from bot.core.text import shorten


def test_short_text_is_only_put_on_one_line() -> None:
    assert shorten("  printer\n\n on   fire\t", 60) == "printer on fire"
    assert shorten("x" * 60, 60) == "x" * 60


def test_long_text_is_cut_with_an_ellipsis_within_the_limit() -> None:
    cut = shorten("the file server is offline since nine this morning", 20)
    assert cut == "the file server is…" and len(cut) <= 20
    assert len(shorten("y" * 5000, 1024)) == 1024
