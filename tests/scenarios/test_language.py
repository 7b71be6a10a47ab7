"""The receptionist's language through the real webhook (issue 14): the Czech vocative in
the thanks, the greeting of the hour, dates in the customer's locale, one Italian "Lei"."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

DESK = ZoneInfo("Africa/Johannesburg")
CZECH_MOMENT = re.compile(r"do (po|út|st|čt|pá|so|ne) \d{1,2}\. \d{1,2}\. ve? \d{1,2}:\d{2}")


@pytest.mark.parametrize(("hour", "greeting"), [(10, "Dobrý den"), (19, "Dobrý večer")])
def test_czech_intake_thanks_in_the_vocative_with_a_czech_date(phone, hour, greeting) -> None:
    at = datetime(2026, 12, 2, hour, 0, tzinfo=DESK)
    with time_machine.travel(at, tick=False):
        pavel = phone(f"+4206021112{hour:02d}")
        pavel.says("dobry den, nefunguje mi tiskarna")
        assert pavel.inbox()[0].startswith(f"{greeting}, tady technická podpora Example IT.")
        pavel.says("Novak sro")
        pavel.says("Pavel Černý")
        assert "Pavel Černý (Novák s.r.o.)" in pavel.last()  # the nominative where it belongs
        pavel.says("ano")
    created = next(m for m in pavel.inbox() if "Váš požadavek má číslo" in m)
    assert created.startswith("Děkujeme, pane Černý.\n")
    texts = "\n".join(pavel.inbox())
    assert CZECH_MOMENT.search(texts), texts  # "do čt 3. 12. v 9:30", never "pro" for December
    assert "{" not in texts and "}" not in texts


def test_italian_evening_greeting_and_one_formal_lei(phone) -> None:
    at = datetime(2026, 12, 2, 19, 0, tzinfo=DESK)
    with time_machine.travel(at, tick=False):
        giulia = phone("+390212345678")  # Giulia Bianchi, Bianchi Srl (directory)
        giulia.says("buonasera, la stampante non stampa")
    first = giulia.inbox()[0]
    assert first.startswith("Buonasera, Le scrive l'assistenza tecnica di Example IT.\n")
    assert "Grazie, Giulia Bianchi.\nLa Sua richiesta è la TKT-1001" in first
    texts = "\n".join(giulia.inbox())
    assert re.search(r"entro (lun|mar|mer|gio|ven) \d{1,2} \w{3} alle \d{1,2}:\d{2}", texts)
    assert not re.search(r"\b(sua|suo|lei)\b|\b(la|le) contatter", texts), texts
