"""``bot.core.text``: the one truncation helper (pages, reminders, status lines, customer
escalations, WhatsApp template variables) and capitals for names typed in lower case."""

from __future__ import annotations

import re

from bot.core.text import cased, shorten, upper_first, upper_firsts


def test_short_text_is_only_put_on_one_line() -> None:
    assert shorten("  printer\n\n on   fire\t", 60) == "printer on fire"
    assert shorten("x" * 60, 60) == "x" * 60


def test_long_text_is_cut_with_an_ellipsis_within_the_limit() -> None:
    cut = shorten("the file server is offline since nine this morning", 20)
    assert cut == "the file server is…" and len(cut) <= 20
    assert len(shorten("y" * 5000, 1024)) == 1024


def test_capitals_keep_the_rest_as_written() -> None:
    assert upper_first("ristorante Da Nando") == "Ristorante Da Nando"
    assert upper_first("") == ""
    assert upper_firsts("de villiers  transport") == "De Villiers Transport"


def test_cased_letter_classes_do_not_mix_capitals_and_small_letters() -> None:
    capital = re.compile(cased(r"^[A-ZÀ-Ž]"))
    small = re.compile(cased(r"^[a-zà-ž]"))
    assert capital.match("Čermáková") and capital.match("Élite") and capital.match("Žaneta")
    assert not capital.match("čermáková") and not capital.match("ředitelka")
    assert small.match("ředitelka") and small.match("è") and not small.match("Šimek")
