"""Reopening ("not fixed" raises the priority by ``[tickets] reopen_raise`` and restarts the
response clock and its reminders; the return visit is free, on the ticket and in the
report) and overtime (a non-contract customer is asked before any after-hours page,
critical included; the page goes out on their yes)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.tickets.report import monthly_statement, to_csv
from tests.desk import Desk, config_with, jnb, make_desk
from tests.tickets_helpers import GIULIA, LERATO, PETR, PIETER, THABO, open_ticket

DAY = jnb(2026, 12, 2, 10, 0)
NIGHT = jnb(2026, 12, 2, 21, 0)


@pytest.fixture
def desk(make_runtime, fake_twilio, tmp_path: Path) -> Desk:  # type: ignore[no-untyped-def]
    config = config_with(tmp_path, **{"# hourly_rate": "600.0"})
    return make_desk(make_runtime, fake_twilio, config)


def reminders(desk: Desk, phone: str) -> list[str]:
    return [m for m in desk.delivered(phone) if m.startswith("REMINDER")]


def test_not_fixed_reopens_higher_with_a_fresh_clock_and_a_free_return(desk) -> None:
    giulia, lerato = desk.phone(GIULIA), desk.phone(LERATO, "sms")
    with desk.at(DAY):
        ref = open_ticket(desk.rt, GIULIA, description="Excel crashes on start", priority="low")
    assert desk.ticket(ref)["assignee"] == "Lerato Dlamini"
    with desk.at(DAY + timedelta(minutes=30)):
        lerato.says(f"{ref} time 30m reinstalled Office")
        lerato.says(f"{ref} resolve reinstalled Office")
    reopened_at = DAY + timedelta(hours=7)  # 17:00 would be closing: 16:59 still open
    with desk.at(reopened_at - timedelta(minutes=1)):
        giulia.says("no, still broken")
    data = desk.ticket(ref)
    assert (data["status"], data["priority"]) == ("open", "medium")  # low + 1 level
    assert data["free_return_visit"] is True and "free_return_visit" in desk.events(ref)
    assert data["clock_started_at"].startswith("2026-12-02T14:59")
    # medium = 4 h of office time from 16:59: 1 min today, 3 h 59 min from Thu 08:30.
    assert datetime.fromisoformat(data["response_due"]) == jnb(2026, 12, 3, 12, 29)
    assert "medium" in desk.delivered(GIULIA)[-1]
    # No "75 % used" two seconds later: the clock counts from the reopening.
    desk.sweep(reopened_at - timedelta(minutes=1) + timedelta(seconds=2))
    desk.sweep(jnb(2026, 12, 3, 10, 0))
    assert reminders(desk, LERATO) == []
    desk.sweep(jnb(2026, 12, 3, 11, 30))  # 75 % of 4 h = 3 h: Thu 11:29
    assert len(reminders(desk, LERATO)) == 1
    with desk.at(jnb(2026, 12, 3, 12, 0)):
        lerato.says(f"{ref} ack")
        lerato.says(f"{ref} time 1h replaced the add-in")
        lerato.says(f"{ref} resolve removed the broken add-in")
    assert "free of charge (1 hour not charged)" in desk.delivered(GIULIA)[-1]
    entries = desk.ticket(ref)["time_entries"]
    assert [(e["minutes"], e["free_return"]) for e in entries] == [(30, False), (60, True)]
    with desk.rt.sessions() as session:
        statement = monthly_statement(session, desk.rt.config, "Bianchi Srl", "2026-12")
    csv = to_csv(statement)
    assert "free_return_minutes,60" in csv and "amount,300.00 ZAR" in csv  # 30 min charged
    assert csv.splitlines()[0].endswith(",free_return")


def test_non_contract_critical_at_night_asks_before_paging(desk) -> None:
    giulia = desk.phone(GIULIA)
    with desk.at(NIGHT):
        on_call = desk.on_call(NIGHT)
        ref = open_ticket(desk.rt, GIULIA, description="Server down", priority="critical")
    offer = desk.delivered(GIULIA)[-1]
    assert "overtime rates" in offer and "YES" in offer
    assert desk.delivered(on_call) == [] and desk.row(ref).paging is False
    with desk.at(NIGHT + timedelta(minutes=3)):
        giulia.says("yes")
    [page] = desk.delivered(on_call)
    assert page.startswith(f"PAGE {ref} [critical]")
    # The promise counts from the page, in wall-clock time: 21:03 + 1 h.
    assert desk.customer_time(jnb(2026, 12, 2, 22, 3), GIULIA) in desk.delivered(GIULIA)[-1]
    assert "Respond by Wed 02 Dec 22:03" in page
    events = desk.events(ref)
    assert events.index("overtime_offered") < events.index("overtime_accepted")
    assert events.index("overtime_accepted") < events.index("page")
    for staff in (THABO, PIETER):
        if staff != on_call:
            assert desk.delivered(staff) == []


def answer_the_overtime_offer(desk: Desk, answer: str) -> tuple[str, str]:
    """Giulia (no contract) opens a critical ticket at night and answers the offer to page
    at overtime rates; the on-call engineer's number and the ticket's reference."""
    with desk.at(NIGHT):
        on_call = desk.on_call(NIGHT)
        ref = open_ticket(desk.rt, GIULIA, description="Server down", priority="critical")
    with desk.at(NIGHT + timedelta(minutes=3)):
        desk.phone(GIULIA).says(answer)
    return on_call, ref


def test_non_contract_declines_and_waits(desk) -> None:
    on_call, ref = answer_the_overtime_offer(desk, "no")
    assert desk.delivered(on_call) == [] and "page" not in desk.events(ref)
    assert desk.customer_time(jnb(2026, 12, 3, 9, 30), GIULIA) in desk.delivered(GIULIA)[-1]


def test_no_cancel_to_the_overtime_offer_withdraws_the_ticket(desk) -> None:
    on_call, ref = answer_the_overtime_offer(desk, "No annulla, mio figlio ha già risolto")
    assert desk.ticket(ref)["status"] == "closed"
    assert "overtime_declined" not in desk.events(ref) and desk.delivered(on_call) == []
    assert "annullat" in desk.delivered(GIULIA)[-1]
    with desk.at(NIGHT + timedelta(minutes=4)):
        desk.phone(GIULIA).says("annulla")  # nothing left to cancel, and no new intake
    assert "annullare" in desk.delivered(GIULIA)[-1]
    assert len(desk.api("/api/tickets")) == 1


def test_not_fixed_at_night_pages_when_the_raised_priority_pages(desk) -> None:
    with desk.at(NIGHT - timedelta(hours=1)):
        on_call = desk.on_call(NIGHT)
        ref = open_ticket(desk.rt, PETR, description="Mail server is slow", priority="high")
        desk.phone(on_call, "sms").says(f"{ref} resolve restarted the mail service")
    assert desk.delivered(on_call)[-1].startswith(f"{ref} resolved")
    with desk.at(NIGHT):
        desk.phone(PETR).says("no, it is still not working")
    data = desk.ticket(ref)
    assert data["priority"] == "critical" and data["paging"] is True
    assert desk.delivered(on_call)[-1].startswith(f"PAGE {ref} [critical]")
    told = desk.delivered(PETR)
    assert "critical" in told[-2] and "paged our on-call engineer" in told[-1]
    assert desk.customer_time(NIGHT + timedelta(hours=1), PETR) in told[-1]  # wall clock
