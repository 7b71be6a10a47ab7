"""Response-target clocks: the 75% reminder and the breach notice, on the ticket's own clock,
held outside office hours for business-hours tickets (the morning digest sends them), each
exactly once."""

from __future__ import annotations

import re
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from bot.core.config import EXAMPLE_CONFIG, load_config
from bot.directory.sync import sync_directory
from bot.runtime import Runtime, use
from bot.tickets import quiet_hours
from bot.tickets.records import NewTicket, create_ticket
from bot.timers import sla as sla_timers
from storage.db import utcnow
from storage.models import Message, StaffNotice, Technician, Ticket
from tests.tickets_helpers import event_types_of

JNB = ZoneInfo("Africa/Johannesburg")
SIPHO, JANE = "+27719244950", "+27831112222"
LERATO = "+27827654321"
MANAGER = "+27829990001"


def jnb(*args: int) -> datetime:
    return datetime(*args, tzinfo=JNB)


def new_ticket(
    rt: Runtime, at: datetime, *, priority: str = "high", company: str = "Mokolodi Lodge"
) -> int:
    phone = SIPHO if company == "Mokolodi Lodge" else JANE
    with time_machine.travel(at, tick=False), use(rt), rt.sessions.begin() as session:
        sync_directory(session, rt.config)
        ticket = create_ticket(
            rt,
            session,
            NewTicket(company, "Customer", phone, phone, "Printer on fire", "sms", "en", priority),
            actor=phone,
        )
        return ticket.id


def sweep(rt: Runtime, at: datetime) -> int:
    with time_machine.travel(at, tick=False), use(rt):
        return sla_timers.sweep_sla(rt, utcnow())


def digest(rt: Runtime, at: datetime) -> int:
    with time_machine.travel(at, tick=False), use(rt):
        return quiet_hours.sweep_morning_digest(rt, utcnow())


def held(rt: Runtime) -> list[str]:
    with rt.sessions() as session:
        return list(
            session.scalars(
                select(StaffNotice.summary)
                .where(StaffNotice.sent_at.is_(None))
                .order_by(StaffNotice.id)
            )
        )


def texts(rt: Runtime, ticket_id: int, prefix: str) -> list[tuple[str, str]]:
    with rt.sessions() as session:
        rows = session.scalars(
            select(Message)
            .where(Message.ticket_id == ticket_id, Message.body.startswith(prefix))
            .order_by(Message.id)
        ).all()
        return [(m.peer, m.body) for m in rows]


events = event_types_of


def on_call(rt: Runtime, at: datetime) -> str:
    from bot.directory.rotation import on_call_at

    o = rt.config.oncall
    phone = on_call_at(at, o.rotation, o.handoff, rt.config.zone)
    assert phone is not None
    return phone


def test_reminder_at_75_percent_then_breach_to_the_manager(runtime) -> None:
    ticket_id = new_ticket(runtime, jnb(2026, 3, 10, 10, 0))  # Tue, high = 2 h -> due 12:00
    assert sweep(runtime, jnb(2026, 3, 10, 11, 29)) == 0
    assert sweep(runtime, jnb(2026, 3, 10, 11, 30)) == 1
    assert sweep(runtime, jnb(2026, 3, 10, 11, 45)) == 0  # once only
    reminders = texts(runtime, ticket_id, "REMINDER")
    assert len(reminders) == 1
    peer, body = reminders[0]
    assert peer == on_call(runtime, jnb(2026, 3, 10, 11, 30))  # unassigned: the on-call
    assert "Tue 10 Mar 12:00" in body and "75% of the 2h target" in body and SIPHO in body
    assert texts(runtime, ticket_id, "SLA BREACH") == []
    assert sweep(runtime, jnb(2026, 3, 10, 11, 59)) == 0
    assert sweep(runtime, jnb(2026, 3, 10, 12, 0)) == 1
    assert sweep(runtime, jnb(2026, 3, 10, 13, 0)) == 0
    breaches = texts(runtime, ticket_id, "SLA BREACH")
    assert [peer for peer, _ in breaches] == [MANAGER]
    assert "unassigned" in breaches[0][1]
    assert events(runtime, ticket_id) == ["created", "sla_reminder", "sla_breach"]
    with runtime.sessions() as session:
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None
        assert ticket.reminder_sent_at == jnb(2026, 3, 10, 11, 30)
        assert ticket.breach_notified_at == jnb(2026, 3, 10, 12, 0)


def test_reminder_goes_to_the_assignee(runtime) -> None:
    ticket_id = new_ticket(runtime, jnb(2026, 3, 10, 10, 0))
    with runtime.sessions.begin() as session:
        lerato = session.scalars(select(Technician).where(Technician.phone == LERATO)).one()
        session.get(Ticket, ticket_id).assignee_id = lerato.id  # type: ignore[union-attr]
    sweep(runtime, jnb(2026, 3, 10, 11, 30))
    assert [peer for peer, _ in texts(runtime, ticket_id, "REMINDER")] == [LERATO]


def test_reminder_falling_at_closing_time_is_held_for_the_morning_digest(runtime) -> None:
    # Thu 15:30 + 2 h business time: due Fri 09:00; 75% (1.5 h) lands on Thu 17:00 = closing.
    ticket_id = new_ticket(runtime, jnb(2026, 3, 12, 15, 30))
    assert sweep(runtime, jnb(2026, 3, 12, 17, 0)) == 1  # held, not texted
    assert texts(runtime, ticket_id, "REMINDER") == []
    assert [h.split(":")[0] for h in held(runtime)] == ["reminder"]
    for at in (jnb(2026, 3, 12, 23, 0), jnb(2026, 3, 13, 8, 29)):
        assert sweep(runtime, at) == 0, at
        assert digest(runtime, at) == 0, at
    assert digest(runtime, jnb(2026, 3, 13, 8, 30)) == 1
    assert held(runtime) == []
    [(to, body)] = texts(runtime, ticket_id, "Good morning")  # one digest, its thread
    assert "reminder: first response due Fri 13 Mar 09:00" in body
    assert sweep(runtime, jnb(2026, 3, 13, 9, 0)) == 1
    assert len(texts(runtime, ticket_id, "SLA BREACH")) == 1


def test_friday_afternoon_ticket_reminds_on_monday(runtime) -> None:
    # Fri 16:30 + 1 h (critical) -> due Mon 09:00; 45 min of office time -> Mon 08:45.
    ticket_id = new_ticket(runtime, jnb(2026, 3, 13, 16, 30), priority="critical")
    with runtime.sessions() as session:
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None and ticket.response_due == jnb(2026, 3, 16, 9, 0)
        assert sla_timers.reminder_at(runtime, ticket) == jnb(2026, 3, 16, 8, 45)
    for at in (jnb(2026, 3, 13, 16, 55), jnb(2026, 3, 14, 12, 0), jnb(2026, 3, 16, 8, 44)):
        assert sweep(runtime, at) == 0
    assert sweep(runtime, jnb(2026, 3, 16, 8, 45)) == 1


def test_holiday_monday_pushes_the_reminder_to_tuesday(runtime) -> None:
    # Fri 24 Apr 2026 16:30, Monday 27 Apr is Freedom Day: due Tue 09:00, reminder Tue 08:45.
    ticket_id = new_ticket(runtime, jnb(2026, 4, 24, 16, 30), priority="critical")
    assert sweep(runtime, jnb(2026, 4, 27, 10, 0)) == 0
    assert sweep(runtime, jnb(2026, 4, 28, 8, 45)) == 1
    assert len(texts(runtime, ticket_id, "REMINDER")) == 1


def test_overdue_at_opening_sends_the_breach_not_a_stale_reminder(runtime) -> None:
    """Nothing swept over the weekend (workers down): Monday brings one breach notice."""
    ticket_id = new_ticket(runtime, jnb(2026, 3, 13, 16, 0))  # due Mon 09:30
    assert sweep(runtime, jnb(2026, 3, 16, 10, 0)) == 1
    assert sweep(runtime, jnb(2026, 3, 16, 10, 1)) == 0
    assert texts(runtime, ticket_id, "REMINDER") == []
    assert len(texts(runtime, ticket_id, "SLA BREACH")) == 1


def test_24x7_ticket_is_chased_at_night(runtime) -> None:
    # Acme has a 24x7 contract: Sat 02:00 + 1 h wall clock, reminder at 02:45.
    ticket_id = new_ticket(runtime, jnb(2026, 3, 14, 2, 0), priority="critical", company="Acme Ltd")
    assert sweep(runtime, jnb(2026, 3, 14, 2, 44)) == 0
    assert sweep(runtime, jnb(2026, 3, 14, 2, 45)) == 1
    assert sweep(runtime, jnb(2026, 3, 14, 3, 0)) == 1
    assert len(texts(runtime, ticket_id, "REMINDER")) == 1
    assert len(texts(runtime, ticket_id, "SLA BREACH")) == 1


def test_business_hours_breach_at_night_waits_for_the_morning(runtime) -> None:
    # A critical business-hours ticket due Tue 17:00 exactly (closing): the text is held.
    ticket_id = new_ticket(runtime, jnb(2026, 3, 10, 16, 0), priority="critical")
    assert sweep(runtime, jnb(2026, 3, 10, 16, 45)) == 1  # reminder, still open
    assert sweep(runtime, jnb(2026, 3, 10, 17, 0)) == 1  # breach noted, held
    assert sweep(runtime, jnb(2026, 3, 11, 2, 0)) == 0
    assert texts(runtime, ticket_id, "SLA BREACH") == []
    assert digest(runtime, jnb(2026, 3, 11, 2, 0)) == 0
    assert digest(runtime, jnb(2026, 3, 11, 8, 30)) == 1
    [(to, body)] = texts(runtime, ticket_id, "Good morning")
    assert to == MANAGER and "SLA BREACH: no response by Tue 10 Mar 17:00" in body


def test_first_response_stops_the_clock(runtime) -> None:
    ticket_id = new_ticket(runtime, jnb(2026, 3, 10, 10, 0))
    with runtime.sessions.begin() as session:
        ticket = session.get(Ticket, ticket_id)
        ticket.first_response_at = jnb(2026, 3, 10, 10, 5)  # type: ignore[union-attr]
        ticket.status = "acknowledged"  # type: ignore[union-attr]
    assert sweep(runtime, jnb(2026, 3, 10, 11, 30)) == 0
    assert sweep(runtime, jnb(2026, 3, 10, 12, 30)) == 0
    assert events(runtime, ticket_id) == ["created"]


def test_breach_goes_to_the_managers_without_an_escalation_list(
    make_runtime, tmp_path: Path
) -> None:
    text = re.sub(r"(?m)^escalation = .*$", "escalation = []", EXAMPLE_CONFIG.read_text())
    (tmp_path / "c.toml").write_text(text)
    rt = make_runtime(config_override=load_config(tmp_path / "c.toml"))
    ticket_id = new_ticket(rt, jnb(2026, 3, 10, 10, 0))
    sweep(rt, jnb(2026, 3, 10, 12, 0))
    # Pieter van Wyk is the only technician with role manager.
    assert [peer for peer, _ in texts(rt, ticket_id, "SLA BREACH")] == ["+27829990001"]


def test_concurrent_sweeps_send_one_reminder(runtime) -> None:
    ticket_id = new_ticket(runtime, jnb(2026, 3, 10, 10, 0))
    results: list[int] = []
    barrier = threading.Barrier(4)

    def run() -> None:
        barrier.wait()
        with use(runtime):
            results.append(sla_timers.sweep_sla(runtime, utcnow()))

    with time_machine.travel(jnb(2026, 3, 10, 11, 30), tick=False):
        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert sum(results) == 1
    assert len(texts(runtime, ticket_id, "REMINDER")) == 1


def test_response_due_at_creation_follows_the_contract(runtime) -> None:
    """24x7 counts wall-clock time, business hours only office time (Fri 16:30 + 1 h)."""
    acme = new_ticket(runtime, jnb(2026, 3, 13, 16, 30), priority="critical", company="Acme Ltd")
    lodge = new_ticket(runtime, jnb(2026, 3, 13, 16, 30), priority="critical")
    with runtime.sessions() as session:
        assert session.get(Ticket, acme).response_due == jnb(2026, 3, 13, 17, 30)  # type: ignore[union-attr]
        assert session.get(Ticket, lodge).response_due == jnb(2026, 3, 16, 9, 0)  # type: ignore[union-attr]
    late = new_ticket(runtime, jnb(2026, 3, 13, 17, 0), company="Acme Ltd")
    with runtime.sessions() as session:
        assert session.get(Ticket, late).after_hours is True  # type: ignore[union-attr]
