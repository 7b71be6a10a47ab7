"""Technicians' SMS commands: the table, the parser, each command
over the webhook, errors that change nothing, and strangers who get no staff powers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.runtime import use
from bot.staff.commands import (
    COMMANDS,
    Command,
    CommandError,
    CommandTableError,
    check_table,
    help_text,
    parse,
)
from bot.tickets import targets as sla
from storage.db import utcnow
from tests.tickets_helpers import (
    ESCALATION_ONLY,
    GIULIA,
    JANE,
    LERATO,
    PETR,
    PIETER,
    STRANGER,
    THABO,
    event_types,
    messages,
    open_ticket,
    ticket,
)


@pytest.fixture(autouse=True)
def office_open(monkeypatch):  # type: ignore[no-untyped-def]
    """Assignment by skills (the on-call preference is tested in test_ticket_lifecycle)."""
    monkeypatch.setattr(sla, "is_open", lambda rt, at: True)


def _state(data: dict) -> dict:  # type: ignore[type-arg]
    return {
        k: data[k]
        for k in (
            "status",
            "priority",
            "assignee",
            "response_due",
            "first_response_at",
            "resolved_at",
            "onsite_at",
        )
    } | {"events": len(data["events"]), "time": len(data["time_entries"])}


# -- the table and the parser ---------------------------------------------------------------


def test_help_is_generated_from_the_table(client, runtime, phone) -> None:
    thabo = phone(THABO, "sms")
    thabo.says("HELP")
    reply = thabo.last()
    assert reply == str(help_text("TKT"))
    for command in COMMANDS:
        assert f"{command.usage} - {command.help}" in reply
    assert "(or 4)" in reply and "(or 6)" in reply


def test_table_is_checked_at_import() -> None:
    def noop(ctx, ticket, args):  # type: ignore[no-untyped-def]
        raise AssertionError

    with pytest.raises(CommandTableError, match="used twice"):
        check_table(
            (Command("ack", "ack", "x", noop), Command("ok", "ok", "y", noop, aliases=("ack",)))
        )
    with pytest.raises(CommandTableError, match="help"):
        check_table((Command("ack", "ack", "", noop),))
    with pytest.raises(CommandTableError, match="handler"):
        check_table((Command("ack", "ack", "x", None),))  # type: ignore[arg-type]
    with pytest.raises(CommandTableError, match="ticket number"):
        check_table((Command("ack", "ack", "x", noop, aliases=("1042",)),))


@pytest.mark.parametrize(
    ("text", "name", "ref", "args"),
    [
        ("TKT-1042 ack", "ack", 1042, ""),
        ("tkt-1042 ACK", "ack", 1042, ""),
        ("TKT 1042 ack", "ack", 1042, ""),
        ("#1042 ack", "ack", 1042, ""),
        ("1042 ack", "ack", 1042, ""),
        ("ack", "ack", None, ""),
        ("Ack 1042", "ack", 1042, ""),
        ("4", "ack", None, ""),
        ("1042 4", "ack", 1042, ""),
        ("6", "resolve", None, ""),
        ("6 replaced cable", "resolve", None, "replaced cable"),
        ("TKT-1042 reply Back in 5 min", "reply", 1042, "Back in 5 min"),
        ("reply TKT-1042 Back soon", "reply", 1042, "Back soon"),
        ("reply 10 minutes", "reply", None, "10 minutes"),  # a bare number is text here
        ("1042 STATUS waiting", "status", 1042, "waiting"),
        ("list", "list", None, ""),
        ("?", "help", None, ""),
    ],
)
def test_parse_forms(text: str, name: str, ref: int | None, args: str) -> None:
    parsed = parse(text, "TKT")
    assert (parsed.command.name, parsed.ref, parsed.args) == (name, ref, args)


@pytest.mark.parametrize("text", ["hello", "TKT-1042", "1042 dance", "", "frobnicate 1042"])
def test_parse_rejects_with_the_expected_form(text: str) -> None:
    with pytest.raises(CommandError, match="Expected e.g."):
        parse(text, "TKT")


# -- commands over the webhook --------------------------------------------------------------


def test_unknown_command_and_unknown_ref_change_nothing(client, runtime, phone) -> None:
    ref = open_ticket(runtime, JANE)
    thabo = phone(THABO, "sms")
    before = _state(ticket(client, ref))
    jane_before = len(phone(JANE).inbox())

    thabo.says(f"{ref} explode now")
    assert "Unknown command 'explode'" in thabo.last() and "Expected e.g." in thabo.last()
    thabo.says("TKT-9999 ack")
    assert thabo.last().startswith("No ticket TKT-9999")
    thabo.says(f"{ref} status sleeping")
    assert "Expected: " in thabo.last() and "in_progress|waiting|scheduled" in thabo.last()
    thabo.says(f"{ref} priority urgent")
    assert "critical|high|medium|low" in thabo.last()
    thabo.says(f"{ref} assign Nobody Special")
    assert "No technician 'Nobody Special'" in thabo.last()
    thabo.says(f"{ref} onsite someday")
    assert "tomorrow 10:00" in thabo.last()
    thabo.says(f"{ref} time lots of work")
    assert "Expected:" in thabo.last()
    thabo.says(f"{ref} reply")
    assert thabo.last() == f"Expected: {ref} reply TEXT"

    assert _state(ticket(client, ref)) == before
    assert len(phone(JANE).inbox()) == jane_before
    # The error replies carry no ticket, so the thread still points at the ticket.
    thabo.says("ack")
    assert ticket(client, ref)["status"] == "acknowledged"


def test_command_without_thread_asks_for_a_reference(client, runtime, phone) -> None:
    pieter = phone(PIETER, "sms")
    pieter.says("ack")
    assert pieter.last() == "Which ticket? Expected e.g. 'TKT-1042 ack'."


def test_thread_follows_the_last_message_sent(client, runtime, phone) -> None:
    first = open_ticket(runtime, JANE, description="Server room switch is down")
    second = open_ticket(runtime, JANE, description="Backup server failed overnight")
    thabo = phone(THABO, "sms")
    thabo.says("ack")  # the last text Thabo got is the second ticket's
    assert ticket(client, second)["status"] == "acknowledged"
    assert ticket(client, first)["status"] == "open"
    thabo.says(f"{first} note checking")  # acting on a ticket makes it the thread
    thabo.says("4")
    assert ticket(client, first)["status"] == "acknowledged"


def test_pagerduty_shortcuts(client, runtime, phone) -> None:
    ref = open_ticket(runtime, JANE)
    thabo, jane = phone(THABO, "sms"), phone(JANE)
    thabo.says("4")
    assert ticket(client, ref)["status"] == "acknowledged"
    thabo.says("6")
    data = ticket(client, ref)
    assert data["status"] == "resolved"
    assert "Reply YES" in jane.last() and "Solution:" not in jane.last()
    thabo.says("4")
    assert "resolved; 'ack' needs an open ticket" in thabo.last()


def test_ack_takes_an_unassigned_ticket_and_stops_paging(client, runtime, phone) -> None:
    ref = open_ticket(runtime, JANE)
    with use(runtime), runtime.sessions.begin() as session:
        from sqlalchemy import select

        from storage.models import Ticket

        row = session.scalars(select(Ticket).where(Ticket.ref == ref)).one()
        row.assignee_id = None
        row.paging = True
        row.next_page_at = utcnow() + timedelta(minutes=5)
    pieter = phone(PIETER, "sms")
    pieter.says(f"{ref} ack")
    data = ticket(client, ref)
    assert data["assignee"] == "Pieter van Wyk"
    with runtime.sessions() as session:
        row = session.scalars(select(Ticket).where(Ticket.ref == ref)).one()
        assert (row.paging, row.next_page_at) == (False, None)
    pieter.says(f"{ref} ack")
    assert "already acknowledged" in pieter.last()


def test_staff_number_without_directory_entry_acts_by_number(client, runtime, phone) -> None:
    ref = open_ticket(runtime, JANE)
    other = phone(ESCALATION_ONLY, "sms")
    other.says(f"{ref} note looked at it")
    assert ticket(client, ref)["events"][-1]["actor"] == ESCALATION_ONLY
    other.says("list")
    assert other.last() == "No tickets are assigned to this number."


def test_reassignment(client, runtime, phone) -> None:
    ref = open_ticket(runtime, JANE, description="Core switch down")
    thabo, lerato, pieter = phone(THABO, "sms"), phone(LERATO, "sms"), phone(PIETER, "sms")
    assert ticket(client, ref)["assignee"] == "Thabo Nkosi"
    pieter.says(f"{ref} assign lerato")
    assert ticket(client, ref)["assignee"] == "Lerato Dlamini"
    assert lerato.last().startswith(f"Assigned by Pieter van Wyk: {ref}")
    assert "Core switch down" in lerato.last()
    assert thabo.last() == f"{ref} was reassigned to Lerato Dlamini by Pieter van Wyk."
    assert pieter.last() == f"{ref} assigned to Lerato Dlamini."
    pieter.says(f"{ref} assign Tabo Nkosi")  # a typo still finds him
    assert ticket(client, ref)["assignee"] == "Thabo Nkosi"
    pieter.says(f"{ref} assign {LERATO}")
    assert ticket(client, ref)["assignee"] == "Lerato Dlamini"
    lerato.says("ack")  # the assignment text is her thread
    data = ticket(client, ref)
    assert data["status"] == "acknowledged"
    assert [e["actor"] for e in data["events"] if e["type"] == "assigned"][-3:] == [
        "Pieter van Wyk",
        "Pieter van Wyk",
        "Pieter van Wyk",
    ]


def test_priority_change_recomputes_response_target(client, runtime, phone) -> None:
    ref = open_ticket(runtime, JANE, priority="low")
    thabo = phone(THABO, "sms")
    thabo.says(f"{ref} priority CRITICAL")
    data = ticket(client, ref)
    created = datetime.fromisoformat(data["created_at"])
    expected = sla.response_due(runtime, "critical", data["support"], created)
    assert data["priority"] == "critical"
    assert datetime.fromisoformat(data["response_due"]) == expected
    assert "priority" in event_types(data)


def test_status_changes_are_pushed_in_the_customer_language(client, runtime, phone) -> None:
    ref = open_ticket(runtime, PETR, description="Monitor flickers", language="cs")
    lerato, petr = phone(LERATO, "sms"), phone(PETR)
    lerato.says(f"{ref} status waiting")
    assert ticket(client, ref)["status"] == "waiting_customer"
    assert "potřebujeme od vás další informace" in petr.last()
    lerato.says(f"{ref} status in progress")
    assert ticket(client, ref)["status"] == "in_progress"
    assert "teď pracuje" in petr.last()
    lerato.says(f"{ref} status scheduled")
    assert "návštěvu technika" in petr.last()
    lerato.says(f"{ref} status scheduled")
    assert lerato.last() == f"{ref} already is scheduled."


def test_onsite_visit_sends_intervention_confirmation(client, runtime, phone) -> None:
    ref = open_ticket(runtime, GIULIA, description="La stampante non stampa", language="it")
    lerato, giulia = phone(LERATO, "sms"), phone(GIULIA)
    lerato.says(f"{ref} onsite tomorrow 10:00 2h sostituzione del fusore")
    data = ticket(client, ref)
    zone = runtime.config.zone
    tomorrow = (utcnow().astimezone(zone) + timedelta(days=1)).date()
    assert data["status"] == "scheduled"
    onsite = datetime.fromisoformat(data["onsite_at"]).astimezone(zone)
    assert (onsite.date(), onsite.hour, onsite.minute) == (tomorrow, 10, 0)
    confirmation = giulia.last()
    assert confirmation.startswith(f"Conferma della visita per la richiesta {ref}")
    assert "Ora: 10:00" in confirmation and str(tomorrow.day) in confirmation
    assert "Motivo: sostituzione del fusore" in confirmation
    assert "Durata prevista: 2 ore" in confirmation
    lerato.says(f"{ref} onsite 2020-01-01 09:00")
    assert "in the past" in lerato.last()
    lerato.says(f"{ref} onsite mon 14:30")  # default duration, reason from the ticket
    assert "Durata prevista: 1 ora" in giulia.last()
    assert "Motivo: sostituzione del fusore" in giulia.last()


def test_time_entries_by_duration_and_by_range(client, runtime, phone) -> None:
    ref = open_ticket(runtime, JANE)
    thabo = phone(THABO, "sms")
    thabo.says(f"{ref} time 1h30m replaced switch parts: 1x 24-port switch, 2 patch cables")
    thabo.says(f"{ref} time 45m 08:00-09:15 cabling")  # the range wins
    thabo.says(f"{ref} time 90s checked lights")
    entries = ticket(client, ref)["time_entries"]
    assert [e["minutes"] for e in entries] == [90, 75, 2]
    assert entries[0]["parts"] == "1x 24-port switch, 2 patch cables"
    assert entries[0]["description"] == "replaced switch"
    assert all(e["technician"] == "Thabo Nkosi" for e in entries)
    first = entries[0]
    span = datetime.fromisoformat(first["ended_at"]) - datetime.fromisoformat(first["started_at"])
    assert span == timedelta(minutes=90)
    ranged = datetime.fromisoformat(entries[1]["started_at"]).astimezone(runtime.config.zone)
    assert (ranged.hour, ranged.minute) == (8, 0)
    assert thabo.last() == f"{ref}: 2 min logged (167 min in total)."


def test_list_shows_my_open_tickets(client, runtime, phone) -> None:
    refs = [open_ticket(runtime, JANE, description=d) for d in ("Server down", "Router dead")]
    other = open_ticket(runtime, JANE, description="Printer jammed")
    thabo = phone(THABO, "sms")
    thabo.says("list")
    reply = thabo.last()
    assert reply.startswith("Your open tickets (2):")
    assert all(ref in reply for ref in refs) and other not in reply


# -- strangers and customers have no staff powers -------------------------------------------


def test_stranger_sending_commands_gets_customer_treatment(client, runtime, phone) -> None:
    ref = open_ticket(runtime, GIULIA, description="Il server non risponde")
    before = _state(ticket(client, ref))
    stranger = phone(STRANGER)
    for text in (f"{ref} ack", f"{ref} resolve done", "4", "6", "help", "list"):
        stranger.says(text)
    assert _state(ticket(client, ref)) == before
    seen = " ".join(stranger.inbox())
    for secret in ("Bianchi", "Giulia", "Il server non risponde", "Commands (REF"):
        assert secret not in seen


def test_customer_cannot_reach_another_customers_ticket(client, runtime, phone) -> None:
    theirs = open_ticket(runtime, GIULIA, description="Il server non risponde")
    open_ticket(runtime, JANE, description="Printer jammed on floor 2")
    before = _state(ticket(client, theirs))
    jane = phone(JANE)
    for text in (f"{theirs} ack", f"status {theirs}", f"{theirs} reply hello", "yes", "no"):
        jane.says(text)
    assert _state(ticket(client, theirs)) == before
    seen = " ".join(m["body"] for m in messages(client, JANE) if m["direction"] == "outbound")
    for secret in ("Bianchi", "Giulia", "Il server non risponde"):
        assert secret not in seen
