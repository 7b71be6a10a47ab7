"""Response-target clocks: a reminder at ``tickets.reminder_fraction`` of the target, and
the help desk manager told at the breach.

The target is measured on the ticket's own clock (``bot.tickets.targets``): wall-clock time
for 24x7 contracts and tickets paged at night, office hours for everyone else (so 75% of a
2 h target opened Friday 16:00 falls on Monday 09:00, not Friday 17:30), from the creation
or the last reopening. In quiet hours a text about a business-hours ticket is held for the
morning digest; 24x7 and paged tickets are texted any time.

It is a sweep over the database (which survives any restart); ``reminder_sent_at`` and
``breach_notified_at`` make each text happen once, under a row lock, even with several
workers sweeping at the same time.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.core.durations import format_duration
from bot.core.i18n import N_, When, lazy
from bot.directory import oncall, people
from bot.tickets import targets as clock
from bot.tickets.notifications import staff_time, tell_staff
from bot.tickets.records import OPEN_STATUSES, add_event
from bot.timers import paging
from storage.models import Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

ACTOR = "deskbot"


def reminder_at(rt: Runtime, ticket: Ticket) -> datetime | None:
    """When ``reminder_fraction`` of the time from the clock's start (creation or last
    reopening) to ``response_due`` is used up."""
    due, start = ticket.response_due, clock.clock_start(ticket)
    if due is None:
        return None
    if due <= start:
        return due
    fraction = rt.config.tickets.reminder_fraction
    if clock.counts_wall_clock(ticket):
        return start + (due - start) * fraction
    target = rt.calendar.business_time_between(start, due)
    return rt.calendar.add_business_time(start, target * fraction)


def due_action(rt: Runtime, ticket: Ticket, now: datetime) -> str | None:
    """``breach``, ``reminder`` or None for a ticket still waiting for its first response.

    In quiet hours the notice is held for the morning digest (``tell_staff``), so a
    reminder is never lost and never wakes anybody.
    """
    if ticket.first_response_at is not None or ticket.status not in OPEN_STATUSES:
        return None
    if ticket.response_due is None:
        return None
    if ticket.breach_notified_at is None and now >= ticket.response_due:
        return "breach"
    remind = reminder_at(rt, ticket)
    if ticket.reminder_sent_at is None and remind is not None and now >= remind:
        return "reminder"
    return None


def reminder_recipients(rt: Runtime, session: Session, ticket: Ticket) -> list[str]:
    """The assignee; when unassigned, whoever is on call now; failing that, the managers."""
    if ticket.assignee is not None and ticket.assignee.active:
        return [ticket.assignee.phone]
    on_call = oncall.on_call(rt.config, session)
    return [on_call] if on_call else people.managers(rt.config)


# Staff messages (English source strings; each recipient reads their ``language``).
REMINDER = N_(
    "REMINDER {ref} [{priority}] {company}: {summary}\n"
    "First response due {due} ({percent}% of the {target} target used).\n"
    "Customer: {name} {phone}\nReply ACK or {ref} reply TEXT."
)
BREACH = N_(
    "SLA BREACH {ref} [{priority}] {company}: no first response by {due} ({target} target).\n"
    "Assignee: {assignee}. Customer: {name} {phone}\n{summary}"
)
UNASSIGNED = N_("unassigned")


def _target(rt: Runtime, ticket: Ticket) -> str:
    priority = rt.config.priorities.get(ticket.priority)
    return format_duration(priority.response) if priority else "response"


def _remind(rt: Runtime, session: Session, ticket: Ticket, now: datetime) -> None:
    percent = round(rt.config.tickets.reminder_fraction * 100)
    due = clock.promise(ticket, now).due
    body = lazy(
        REMINDER,
        ref=ticket.ref,
        priority=ticket.priority,
        company=ticket.company_name,
        summary=paging.summary(ticket),
        due=When(due, rt.config.zone) if due else "-",
        percent=percent,
        target=_target(rt, ticket),
        name=ticket.contact_name,
        phone=ticket.contact_phone,
    )
    recipients = reminder_recipients(rt, session, ticket)
    shown = staff_time(rt, due)
    tell_staff(
        rt, session, recipients, body, ticket, summary=f"reminder: first response due {shown}"
    )
    ticket.reminder_sent_at = now
    who = ", ".join(people.describe(rt.config, p) for p in recipients) or "nobody configured"
    add_event(session, ticket, "sla_reminder", ACTOR, f"{percent}% of target used; told {who}")


def _breach(rt: Runtime, session: Session, ticket: Ticket, now: datetime) -> None:
    promised = clock.promise(ticket, now).due
    due = staff_time(rt, promised)
    body = lazy(
        BREACH,
        ref=ticket.ref,
        priority=ticket.priority,
        company=ticket.company_name,
        due=When(promised, rt.config.zone) if promised else "-",
        target=_target(rt, ticket),
        assignee=ticket.assignee.name if ticket.assignee else lazy(UNASSIGNED),
        name=ticket.contact_name,
        phone=ticket.contact_phone,
        summary=paging.summary(ticket),
    )
    recipients = people.managers(rt.config)
    tell_staff(rt, session, recipients, body, ticket, summary=f"SLA BREACH: no response by {due}")
    ticket.breach_notified_at = now
    if ticket.reminder_sent_at is None:  # a reminder after the breach would only confuse
        ticket.reminder_sent_at = now
    who = ", ".join(people.describe(rt.config, p) for p in recipients) or "nobody configured"
    add_event(session, ticket, "sla_breach", ACTOR, f"no first response by {due}; told {who}")


def _act(rt: Runtime, ticket_id: int, now: datetime) -> bool:
    """Re-check under a row lock (another worker may have done it), then text."""
    with rt.sessions.begin() as session:
        ticket = session.scalars(
            select(Ticket)
            .where(Ticket.id == ticket_id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        ).first()
        if ticket is None:
            return False
        action = due_action(rt, ticket, now)
        if action == "breach":
            _breach(rt, session, ticket, now)
        elif action == "reminder":
            _remind(rt, session, ticket, now)
        return action is not None


def sweep_sla(rt: Runtime, now: datetime) -> int:
    """Send the reminders and breach notices that are due; returns how many were sent."""
    # No reminder can fall due before this share of the shortest target has passed (business
    # time never runs faster than the wall clock): young tickets stay out of the Python check.
    earliest = now - rt.config.tickets.reminder_fraction * min(
        p.response for p in rt.config.priorities.values()
    )
    with rt.sessions() as session:
        candidates = session.scalars(
            select(Ticket)
            .where(
                Ticket.first_response_at.is_(None),
                Ticket.status.in_(OPEN_STATUSES),
                Ticket.response_due.is_not(None),
                or_(
                    and_(
                        Ticket.reminder_sent_at.is_(None),
                        func.coalesce(Ticket.clock_started_at, Ticket.created_at) <= earliest,
                    ),
                    and_(Ticket.breach_notified_at.is_(None), Ticket.response_due <= now),
                ),
            )
            .options(selectinload(Ticket.assignee))
            .order_by(Ticket.response_due)
        ).all()
        due = [t.id for t in candidates if due_action(rt, t, now) is not None]
    return sum(1 for ticket_id in due if _act(rt, ticket_id, now))
