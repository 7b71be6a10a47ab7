"""Quiet hours: outside office hours technicians get only pages; everything else waits for
one morning digest each; tickets that do not page are assigned at opening by skill and
load, not to the on-call engineer; 24x7 tickets follow their own clock."""

from __future__ import annotations

import pytest

from tests.desk import Desk, jnb, make_desk
from tests.tickets_helpers import JANE, LERATO, PETR, PIETER, THABO, open_ticket

EVENING = jnb(2026, 12, 2, 20, 0)  # Wednesday; the desk opens Thursday 08:30
OPENING = jnb(2026, 12, 3, 8, 30)
STAFF = (THABO, LERATO, PIETER)


@pytest.fixture
def desk(make_runtime, fake_twilio) -> Desk:  # type: ignore[no-untyped-def]
    return make_desk(make_runtime, fake_twilio)


def test_night_ticket_waits_for_the_morning_digest_and_the_opening_assignment(desk) -> None:
    with desk.at(EVENING):
        on_call = desk.on_call(EVENING)
        printer = open_ticket(
            desk.rt, PETR, description="Printer jams on every page", priority="medium"
        )
        account = open_ticket(
            desk.rt, PETR, description="Please reset the password of Eva", priority="low"
        )
    with desk.at(jnb(2026, 12, 2, 21, 0)):
        desk.phone(PETR).says(f"{printer} also the scanner in the hall is stuck")
    desk.sweep(jnb(2026, 12, 2, 23, 0))
    desk.sweep(jnb(2026, 12, 3, 8, 29))
    for person in STAFF:  # nobody woken: no page concerned these tickets
        assert desk.delivered(person) == [], person
    for ref in (printer, account):
        data = desk.ticket(ref)
        assert data["assignee"] is None and "assignment_deferred" in desk.events(ref)
    assert "when we open" in desk.delivered(PETR)[0]

    desk.sweep(OPENING)
    lerato, thabo, pieter = (desk.delivered(p) for p in (LERATO, THABO, PIETER))
    assert desk.ticket(printer)["assignee"] == "Lerato Dlamini"  # printers skill
    # Nobody has the accounts skill: the least loaded technician, whoever was on call.
    assert desk.ticket(account)["assignee"] == "Thabo Nkosi"
    assert len(lerato) == 1 and lerato[0].startswith("Good morning. Held overnight (1)")
    assert f"{printer} [medium] Novák s.r.o., respond by Thu 03 Dec 12:30" in lerato[0]
    assert len(thabo) == 1 and account in thabo[0]
    # The follow-up on the then unassigned ticket was held for the help desk manager.
    assert len(pieter) == 1 and "scanner in the hall" in pieter[0]
    assert on_call in (THABO, LERATO)

    desk.sweep(jnb(2026, 12, 3, 8, 31))  # one digest each, never twice
    assert [len(desk.delivered(p)) for p in STAFF] == [1, 1, 1]
    with desk.at(jnb(2026, 12, 3, 9, 0)):  # in office hours notices go out at once
        desk.phone(PETR).says(f"{printer} the printer now shows error 52")
    assert "error 52" in desk.delivered(LERATO)[-1]
    assert len(desk.delivered(LERATO)) == 2


def test_a_24x7_ticket_follows_its_own_clock(desk) -> None:
    with desk.at(EVENING):
        on_call = desk.on_call(EVENING)
        ref = open_ticket(desk.rt, JANE, description="The VPN is slow", priority="low")
    [page] = desk.delivered(on_call)
    assert page.startswith(f"PAGE {ref}")
    with desk.at(jnb(2026, 12, 2, 20, 5)):
        desk.phone(JANE).says(f"{ref} it is getting worse, now nobody can connect")
    # The follow-up reaches whoever is being paged at once, not at opening.
    assert "nobody can connect" in desk.delivered(on_call)[-1]
    # Its 75 % reminder follows the ticket's wall clock (8 h from 20:00: 02:00), at night.
    desk.sweep(jnb(2026, 12, 3, 1, 59))
    assert not any(m.startswith("REMINDER") for p in STAFF for m in desk.delivered(p))
    desk.sweep(jnb(2026, 12, 3, 2, 0))
    assert any(m.startswith(f"REMINDER {ref}") for p in STAFF for m in desk.delivered(p))
    with desk.at(jnb(2026, 12, 3, 2, 5)):
        desk.phone(on_call, "sms").says(f"{ref} ack")
    assert desk.ticket(ref)["assignee"] is not None
