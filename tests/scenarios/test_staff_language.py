"""Technicians read and write their own language (issue 11, point 7): a technician with
``language = "cs"`` or ``"it"`` gets notices and command replies in it, and their time
words ("zitra 10:00", "domani alle 10") are understood; customers get their own locale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.core.config import load_config
from tests.desk import jnb, make_desk
from tests.tickets_helpers import GIULIA, JANE, LERATO, PETR, THABO, open_ticket

DESK = ZoneInfo("Africa/Johannesburg")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=DESK)  # Wednesday, office open


@pytest.fixture
def config():  # type: ignore[no-untyped-def]
    base = load_config()
    languages = {THABO: "cs", LERATO: "it"}
    technicians = [
        t.model_copy(update={"language": languages.get(t.phone)}) for t in base.technicians
    ]
    return base.model_copy(update={"technicians": technicians})


@pytest.fixture(autouse=True)
def wednesday_morning() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_czech_technician_gets_czech_sms_and_is_understood(runtime, phone) -> None:
    ref = open_ticket(runtime, JANE)  # a server problem: Thabo's skills
    thabo = phone(THABO, "sms")
    notice = thabo.last()
    assert notice.startswith(f"Nový požadavek {ref} [high]"), notice
    assert "Reagovat do st 2. 12. ve 12:00" in notice and f"Odpověď: ack | {ref} reply" in notice
    thabo.says(f"{ref} onsite zitra 10:00 2h výměna disku")
    assert thabo.last() == (
        f"{ref} návštěva čt 3. 12. v 10:00 (120 min); zákazník dostal potvrzení."
    )
    jane = phone(JANE).last()  # the customer keeps her own language and locale (en_ZA)
    assert jane.startswith(f"Visit confirmation for ticket {ref}:")
    assert "Thursday, 03 December 2026" in jane and "Expected duration: 2 hours" in jane
    thabo.says(f"{ref} onsite blah 10:00")
    assert thabo.last().startswith("'blah' není den. Správně: ")
    thabo.says("help")
    assert thabo.last().startswith("Příkazy (REF = TKT-1042, #1042 nebo 1042;")
    assert "ack - převzít požadavek (nebo 4)" in thabo.last()


def test_an_italian_technician_books_a_visit_in_italian(runtime, phone) -> None:
    ref = open_ticket(runtime, GIULIA, description="La stampante non stampa", language="it")
    lerato = phone(LERATO, "sms")
    assert lerato.last().startswith(f"Nuovo ticket {ref}")
    lerato.says(f"{ref} onsite domani alle 10 sostituzione del fusore")
    assert lerato.last() == (
        f"{ref} visita gio 3 dic alle 10:00 (60 min); il cliente ha ricevuto la conferma."
    )
    giulia = phone(GIULIA).last()
    assert giulia.startswith(f"Conferma della visita per la richiesta {ref}:")
    assert "Data: giovedì 3 dicembre 2026" in giulia and "Durata prevista: 1 ora" in giulia


def test_staff_without_a_language_keep_english(runtime, phone) -> None:
    ref = open_ticket(runtime, PETR, description="The file server is offline", language="cs")
    thabo = phone(THABO, "sms")
    thabo.says(f"{ref} note zkontrolovat RAID")
    assert thabo.last() == f"{ref}: poznámka přidána (zákazník ji nevidí)."
    manager = phone("+27829990001", "sms")  # Pieter: no language configured
    manager.says(f"{ref} note checked")
    assert manager.last() == f"{ref}: note added (not sent to the customer)."


def test_the_page_reaches_the_on_call_person_in_their_language(runtime, phone) -> None:
    with time_machine.travel(datetime(2026, 12, 2, 20, 0, tzinfo=DESK), tick=False):
        ref = open_ticket(runtime, JANE, priority="critical")  # after hours: pages on-call
    pages = [m for n in (THABO, LERATO) for m in phone(n, "sms").inbox() if ref in m]
    czech = [m for m in phone(THABO, "sms").inbox() if m.startswith("POHOTOVOST")]
    italian = [m for m in phone(LERATO, "sms").inbox() if m.startswith("CHIAMATA")]
    assert len(czech) + len(italian) == 1, pages  # whoever is on call, in their language
    page = (czech or italian)[0]
    assert "Jane Doe +27831112222" in page
    assert "převezmete požadavek" in page or "prendere in carico" in page


def test_a_czech_technician_reads_the_morning_digest_in_czech(make_runtime, fake_twilio) -> None:
    """Quiet hours hold the night's notices; the morning digest speaks the reader's language."""
    base = load_config()
    technicians = [t.model_copy(update={"language": "cs"}) for t in base.technicians]
    desk = make_desk(
        make_runtime, fake_twilio, base.model_copy(update={"technicians": technicians})
    )
    with desk.at(jnb(2026, 12, 2, 20, 0)):
        ref = open_ticket(desk.rt, PETR, description="Server je pomalý", priority="medium")
    desk.sweep(jnb(2026, 12, 3, 8, 30))
    digests = [m for p in (THABO, LERATO) for m in desk.delivered(p)]
    czech = [m for m in digests if m.startswith("Dobré ráno. Přes noc čekalo (1):")]
    assert czech and ref in czech[0] and "Odpověď: REF ack" in czech[0], digests
