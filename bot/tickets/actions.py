"""What staff can do to a ticket, whatever way they asked: each action changes the
ticket, records a ticket event with the actor, and tells the customer when the
change concerns them. The caller owns the transaction and has locked the ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.core.i18n import Text, lazy, local_time, translate
from bot.tickets import notifications as note
from bot.tickets import pager, resolution
from bot.tickets import targets as sla
from bot.tickets.assignment import ASSIGNED_BY, assign
from bot.tickets.records import add_event
from storage.db import utcnow
from storage.models import Message, Technician, Ticket, TimeEntry

if TYPE_CHECKING:
    from bot.runtime import Runtime

# Statuses a technician may set with ``REF status WORD``, by the words they may write.
STATUS_WORDS: dict[str, str] = {
    "in_progress": "in_progress",
    "progress": "in_progress",
    "working": "in_progress",
    "waiting": "waiting_customer",
    "waiting_customer": "waiting_customer",
    "scheduled": "scheduled",
}
# What the customer is told when a technician sets a status.
STATUS_MESSAGES: dict[str, str] = {
    "in_progress": note.IN_PROGRESS,
    "waiting_customer": note.WAITING,
    "scheduled": note.SCHEDULING,
}


@dataclass(frozen=True)
class Actor:
    """Who acts: a configured technician, or a staff number without a directory entry, or
    (``label``) a system acting for the desk, such as an API client."""

    phone: str
    technician: Technician | None
    label: str | None = None

    @property
    def name(self) -> str:
        return self.technician.name if self.technician else (self.label or self.phone)


def _first_response(
    rt: Runtime, session: Session, ticket: Ticket, actor: Actor, how: str | Text, now: datetime
) -> None:
    """The customer has heard from a person: the response target is met, paging stops and
    everyone paged hears who took it."""
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    pager.taken(rt, session, ticket, actor.name, actor.phone, how)


def acknowledge(rt: Runtime, session: Session, ticket: Ticket, actor: Actor) -> bool:
    """Acknowledge; False when it already was (paging still stops, nobody is told twice)."""
    now = utcnow()
    _first_response(rt, session, ticket, actor, lazy(pager.ACKNOWLEDGED), now)
    if ticket.assignee_id is None and actor.technician is not None:
        ticket.assignee_id = actor.technician.id
        ticket.assignee = actor.technician
        add_event(session, ticket, "assigned", actor.name, actor.name, at=now)
    if ticket.status != "open":
        add_event(session, ticket, "acknowledged", actor.name, "again", at=now)
        return False
    ticket.status = "acknowledged"
    add_event(session, ticket, "acknowledged", actor.name, at=now)
    note.tell_customer(
        rt, session, ticket, note.ACKNOWLEDGED, ref=ticket.ref, technician=actor.name
    )
    return True


def reply_to_customer(
    rt: Runtime, session: Session, ticket: Ticket, actor: Actor, text: str
) -> list[Message]:
    """The technician's words, relayed on the customer's channel; a first response. Returns
    the queued messages: none when the customer opted out (the reply stays on the ticket)."""
    _first_response(rt, session, ticket, actor, lazy(pager.REPLIED), utcnow())
    add_event(session, ticket, "reply", actor.name, text)
    return note.tell_customer(
        rt,
        session,
        ticket,
        note.TECHNICIAN_MESSAGE,
        ref=ticket.ref,
        technician=actor.name,
        text=text,
    )


def add_note(session: Session, ticket: Ticket, actor: Actor, text: str) -> None:
    add_event(session, ticket, "note", actor.name, text)


def reassign(
    rt: Runtime, session: Session, ticket: Ticket, actor: Actor, technician: Technician
) -> None:
    """Give the ticket to ``technician`` (who gets its SMS); the previous assignee is told."""
    previous = ticket.assignee
    assign(rt, session, ticket, technician, actor.name, headline=lazy(ASSIGNED_BY, name=actor.name))
    if previous is not None and previous.id != technician.id and previous.phone != actor.phone:
        note.tell_staff(
            rt,
            session,
            [previous.phone],
            f"{ticket.ref} was reassigned to {technician.name} by {actor.name}.",
            None,  # not their thread any more
            hold=note.quiet_hours(rt, ticket),
        )


def set_status(rt: Runtime, session: Session, ticket: Ticket, actor: Actor, status: str) -> bool:
    """Change the working status; False (and nothing said) when it is already that.

    The customer hears the message of the new status only (``waiting`` asks them for
    information; ``in_progress`` and ``scheduled`` never do). A status set while paging
    means somebody took the ticket: paging stops and the others paged are told.
    """
    if ticket.status == status:
        return False
    previous = ticket.status
    ticket.status = status
    add_event(session, ticket, "status", actor.name, f"{previous} -> {status}")
    pager.taken(rt, session, ticket, actor.name, actor.phone, lazy(pager.STATUS_SET, status=status))
    note.tell_customer(
        rt, session, ticket, STATUS_MESSAGES[status], ref=ticket.ref, technician=actor.name
    )
    return True


def schedule_onsite(
    rt: Runtime,
    session: Session,
    ticket: Ticket,
    actor: Actor,
    at: datetime,
    minutes: int,
    reason: str,
) -> None:
    """Book the visit and send the customer the intervention confirmation."""
    ticket.status = "scheduled"
    ticket.onsite_at = at
    ticket.onsite_requested = True
    ticket.onsite_reason = reason
    add_event(
        session,
        ticket,
        "onsite_scheduled",
        actor.name,
        f"{note.local(rt, at).isoformat(timespec='minutes')} for {minutes} min: {reason}",
    )
    language = note.customer_language(session, ticket)
    locale = note.customer_locale(rt, session, ticket)
    note.tell_customer(
        rt,
        session,
        ticket,
        note.ONSITE_CONFIRMATION,
        ref=ticket.ref,
        date=note.customer_date(rt, at, locale),
        time=note.customer_time(rt, at, locale),
        reason=reason,
        duration=note.duration_text(language, minutes),
        technician=actor.name,
    )


def log_time(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    started_at: datetime,
    ended_at: datetime,
    minutes: int,
    description: str,
    parts: str | None,
) -> TimeEntry:
    entry = TimeEntry(
        ticket=ticket,
        technician=actor.name,
        started_at=started_at,
        ended_at=ended_at,
        minutes=minutes,
        description=description,
        parts=parts,
        free_return=(ticket.reopen_count or 0) > 0,
    )
    session.add(entry)
    session.flush()
    text = f"{minutes} min: {description}" + (f" (parts: {parts})" if parts else "")
    text += " (free return visit)" if entry.free_return else ""
    add_event(session, ticket, "time", actor.name, text)
    return entry


def resolve(rt: Runtime, session: Session, ticket: Ticket, actor: Actor, text: str) -> None:
    """Resolved: the customer gets the solution and the work report and is asked to confirm."""
    now = utcnow()
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    pager.stop(
        rt,
        session,
        ticket,
        lazy(pager.RESOLVED_BY, name=actor.name),
        actor=actor.name,
        by_phone=actor.phone,
    )
    ticket.status = "resolved"
    ticket.resolved_at = now
    add_event(session, ticket, "resolved", actor.name, text, at=now)
    resolution.ask_confirmation(rt, session, ticket, actor.name, text)


def change_priority(
    rt: Runtime, session: Session, ticket: Ticket, actor: Actor, priority: str
) -> bool:
    """New priority and the response target it implies, counted from the clock's start.

    Below the page threshold (a priority that does not page after hours, on a ticket
    without 24x7 support) paging stops, everyone paged is told why, the promise goes back
    to office hours, the ticket waits for the opening's assignment, and the customer is
    told the new response time. Otherwise the customer is told only when it changed.
    """
    if ticket.priority == priority:
        return False
    previous = ticket.priority
    ticket.priority = priority
    earlier_due = ticket.response_due
    stops_paging = (
        ticket.wall_clock
        and not sla.is_24x7(ticket)
        and not rt.config.pages_after_hours(priority)
        and not sla.is_open(rt, utcnow())
    )
    if stops_paging:
        pager.stop(
            rt,
            session,
            ticket,
            lazy(pager.LOWERED, priority=priority, name=actor.name),
            actor=actor.name,
            by_phone=actor.phone,
        )
        sla.set_clock(rt, ticket, wall_clock=False)
        if ticket.assignee_id is None:
            ticket.assign_at_opening = True
    else:
        sla.set_clock(rt, ticket)
    due = sla.promise(ticket, utcnow()).due
    add_event(
        session,
        ticket,
        "priority",
        actor.name,
        f"{previous} -> {priority}, respond by {note.staff_time(rt, due)}",
    )
    if due != earlier_due and ticket.first_response_at is None and due is not None:
        language = note.customer_language(session, ticket)
        note.tell_customer(
            rt,
            session,
            ticket,
            note.PRIORITY_CHANGED,
            ref=ticket.ref,
            priority=translate(language, priority),
            due=local_time(due, rt.config.zone, note.customer_locale(rt, session, ticket)),
        )
    return True
