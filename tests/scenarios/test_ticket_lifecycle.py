"""A ticket from intake to closure, worked by SMS; resolution answers; auto-close;
assignment by skills, load and shift."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.runtime import use
from bot.tickets import assignment
from bot.tickets.resolution import is_fixed, is_not_fixed, sweep_auto_close
from storage.db import utcnow
from tests.conftest import settle
from tests.tickets_helpers import (
    GIULIA,
    JANE,
    LERATO,
    PETR,
    PIETER,
    THABO,
    event_types,
    messages,
    open_ticket,
    ticket,
)

JNB = ZoneInfo("Africa/Johannesburg")


@pytest.fixture
def office_open():  # type: ignore[no-untyped-def]
    """Wed 2 Dec 2026 10:00 in Johannesburg: the desk is open."""
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=JNB), tick=True):
        yield


@pytest.fixture
def after_hours():  # type: ignore[no-untyped-def]
    """Wed 2 Dec 2026 21:00 in Johannesburg: the desk is closed."""
    with time_machine.travel(datetime(2026, 12, 2, 21, 0, tzinfo=JNB), tick=True):
        yield


def test_ticket_from_intake_to_closure(client, runtime, phone, office_open) -> None:
    ref = open_ticket(runtime, JANE, description="The file server is offline since 9am")
    data = ticket(client, ref)
    assert data["assignee"] == "Thabo Nkosi"  # servers skill
    assert data["category"] == "servers"
    thabo, jane = phone(THABO, "sms"), phone(JANE)

    page = thabo.last()
    for expected in (ref, "Acme Ltd", "Jane Doe", JANE, "[high]", "file server is offline"):
        assert expected in page
    due_local = ticket(client, ref)["response_due"]
    assert "Respond by" in page and due_local

    thabo.says("ack")
    data = ticket(client, ref)
    assert data["status"] == "acknowledged"
    assert data["first_response_at"] is not None
    assert "picked up by Thabo Nkosi" in jane.last()

    thabo.says(f"{ref} reply Rebooting the server now, 10 minutes.")
    assert "Rebooting the server now, 10 minutes." in jane.last()
    assert messages(client, JANE)[-1]["channel"] == "whatsapp"

    jane.says("It is still showing the blue screen")
    relay = thabo.last()
    assert relay.startswith(ref) and "still showing the blue screen" in relay
    thabo.says("reply Thanks, I am on it")  # no reference: the relayed message is the thread
    assert jane.last().endswith("Thanks, I am on it")

    thabo.says(f"#{ref.split('-')[1]} status in_progress")
    assert ticket(client, ref)["status"] == "in_progress"
    assert "is now working on your ticket" in jane.last()

    thabo.says(f"{ref} note disk controller looks suspicious")
    assert "disk controller" not in jane.last()

    thabo.says(f"{ref} time 1h30m replaced the disk controller parts: 1x RAID controller")
    thabo.says(f"{ref} time 20m tested backups")
    thabo.says(f"{ref} resolve Replaced the failed RAID controller")
    data = ticket(client, ref)
    assert data["status"] == "resolved" and data["resolved_at"]
    report = jane.last()
    assert "Replaced the failed RAID controller" in report
    assert "total time 1 hour 50 minutes" in report  # total by the minute
    assert "1 hour 30 minutes" in report and "20 minutes" in report
    assert "replaced the disk controller" in report and "tested backups" in report
    assert "Parts used: 1x RAID controller" in report
    assert "covered by your support contract" in report
    assert "Reply YES" in report
    conversation = jane.conversation()
    assert (conversation["state"], conversation["awaiting"]) == ("confirm_resolution", "confirm")
    assert conversation["ticket"] == ref

    jane.says("yes, works now")
    data = ticket(client, ref)
    assert data["status"] == "closed" and data["closed_at"]
    assert f"Ticket {ref} is now closed" in jane.last()
    assert jane.conversation()["state"] == "idle"
    assert jane.conversation()["awaiting"] is None
    types = event_types(data)
    for expected in (
        "created",
        "assigned",
        "acknowledged",
        "reply",
        "customer_message",
        "status",
        "note",
        "time",
        "resolved",
        "closed",
    ):
        assert expected in types, expected
    actors = {e["type"]: e["actor"] for e in data["events"]}
    assert actors["acknowledged"] == "Thabo Nkosi"
    assert actors["resolved"] == "Thabo Nkosi"
    assert all(e["at"] for e in data["events"])
    assert [t["minutes"] for t in data["time_entries"]] == [90, 20]
    assert data["time_entries"][0]["parts"] == "1x RAID controller"


def test_customer_not_fixed_reopens_one_level_higher(client, runtime, phone, office_open) -> None:
    ref = open_ticket(
        runtime, PETR, description="Outlook does not start", priority="low", language="cs"
    )
    lerato, petr, pieter = phone(LERATO, "sms"), phone(PETR), phone(PIETER, "sms")
    assert ticket(client, ref)["assignee"] == "Lerato Dlamini"  # software skill
    lerato.says(f"{ref} resolve reinstalled Office")
    assert "Je problém vyřešený?" in petr.last()
    before = utcnow()
    petr.says("ne, pořád nefunguje")
    data = ticket(client, ref)
    assert data["status"] == "open"
    assert data["priority"] == "medium"  # low + [tickets] reopen_raise = 1
    assert data["free_return_visit"] is True and data["reopen_count"] == 1
    assert data["resolved_at"] is None
    assert data["response_due"] > before.isoformat()
    assert "reopened" in event_types(data)
    assert "znovu otevřen" in petr.last()
    for staff in (lerato, pieter):
        assert staff.last().startswith(f"REOPENED {ref}")
        assert "pořád nefunguje" in staff.last()
    assert petr.conversation()["state"] == "idle"
    lerato.says("ack")  # the reopen message is the thread
    assert ticket(client, ref)["status"] == "acknowledged"


def test_other_text_while_confirmation_pending_is_not_an_answer(
    client, runtime, phone, office_open
) -> None:
    ref = open_ticket(runtime, JANE)
    phone(THABO, "sms").says(f"{ref} resolve restarted")
    phone(JANE).says("What time do you open tomorrow?")
    assert ticket(client, ref)["status"] == "resolved"


def test_silence_closes_resolved_ticket_after_configured_delay(
    client, runtime, phone, office_open
) -> None:
    ref = open_ticket(runtime, GIULIA, description="La stampante non stampa", language="it")
    phone(LERATO, "sms").says(f"{ref} resolve cambiato il toner")
    with use(runtime):
        assert sweep_auto_close(runtime, utcnow()) == 0  # not yet due
        later = utcnow() + runtime.config.tickets.auto_close_after + timedelta(minutes=1)
        assert sweep_auto_close(runtime, later) == 1
        assert sweep_auto_close(runtime, later) == 0  # idempotent
    settle(runtime)
    data = ticket(client, ref)
    assert data["status"] == "closed"
    assert data["events"][-1]["actor"] == "system"
    giulia = phone(GIULIA)
    assert "Abbiamo chiuso la richiesta" in giulia.last()
    assert giulia.conversation()["state"] == "idle"
    giulia_report = [
        m["body"]
        for m in messages(client, GIULIA)
        if "Rapporto" in m["body"] or "non Le addebitiamo nulla" in m["body"]
    ]
    assert giulia_report and "contratto" not in giulia_report[0]  # no contract: no such note


@pytest.mark.parametrize(
    ("text", "fixed", "not_fixed"),
    [
        ("yes", True, False),
        ("Y", True, False),
        ("ok thanks", True, False),
        ("fixed", True, False),
        ("it works", True, False),
        ("ano", True, False),
        ("jo, funguje", True, False),
        ("sì", True, False),
        ("funziona", True, False),
        ("no", False, True),
        ("ne", False, True),
        ("nefunguje", False, True),
        ("non funziona", False, True),
        ("still broken", False, True),
        ("it doesn't work", False, True),
        ("when do you open?", False, False),
    ],
)
def test_resolution_answers_in_three_languages(text: str, fixed: bool, not_fixed: bool) -> None:
    assert (is_fixed(text), is_not_fixed(text)) == (fixed, not_fixed)


# -- assignment -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("VPN down, nobody can reach the internet", "network"),
        ("Server offline since this morning", "servers"),
        ("The main printer jams on every page", "printers"),
        ("Laptop does not power on", "desktops"),
        ("Need Excel installed on a new machine", "software"),
        ("Forgot my password, account locked out", "accounts"),
        ("Nefunguje tiskárna v kanceláři", "printers"),
        ("Something odd happened", None),
    ],
)
def test_category_from_description(description: str, category: str | None) -> None:
    assert assignment.category_for(description) == category


def test_skills_then_load_decide_during_office_hours(client, runtime, office_open) -> None:
    first = open_ticket(runtime, JANE, description="Printer offline in reception")
    assert ticket(client, first)["assignee"] == "Lerato Dlamini"
    # Nobody has the "accounts" skill: the least loaded technician gets it.
    second = open_ticket(runtime, JANE, description="Please reset my password")
    assert ticket(client, second)["assignee"] == "Thabo Nkosi"
    # Given category wins over the description.
    third = open_ticket(runtime, JANE, description="Printer offline", category="network")
    assert ticket(client, third)["assignee"] == "Thabo Nkosi"
    # Managers are never picked automatically.
    assert "Pieter van Wyk" not in {ticket(client, r)["assignee"] for r in (first, second, third)}


def test_after_hours_tickets_are_not_given_to_the_on_call_engineer(
    client, runtime, after_hours
) -> None:
    # Jane's 24x7 ticket pages (whoever acknowledges takes it); Petr's waits for the opening.
    for customer in (JANE, PETR):
        ref = open_ticket(runtime, customer, description="Printer jammed")
        data = ticket(client, ref)
        assert data["assignee"] is None
        assert ("assignment_deferred" in event_types(data)) is True


def test_no_technician_leaves_ticket_unassigned(client, make_runtime, config, office_open) -> None:
    from webhooks import create_app

    rt = make_runtime(config_override=config.model_copy(update={"technicians": []}))
    app_client = create_app(rt).test_client()
    ref = open_ticket(rt, JANE)
    data = ticket(app_client, ref)
    assert data["assignee"] is None
    assert "unassigned" in event_types(data)


def test_ticket_messages_are_translated_everywhere() -> None:
    from bot.core.config import SUPPORTED_LANGUAGES
    from bot.tickets.notifications import check_messages

    check_messages(list(SUPPORTED_LANGUAGES))


def test_opted_out_customer_gets_no_pushes(client, runtime, phone, office_open) -> None:
    ref = open_ticket(runtime, JANE, channel="sms")
    with runtime.sessions.begin() as session:
        from bot.messaging.inbound import lock_conversation

        lock_conversation(session, JANE, "sms").opted_out = True
    before = len(phone(JANE).inbox())
    phone(THABO, "sms").says(f"{ref} ack")
    assert ticket(client, ref)["status"] == "acknowledged"
    assert len(phone(JANE).inbox()) == before
