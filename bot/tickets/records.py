"""Tickets: sequential human references, creation with its response target,
events, lookup by the forms people write (``TKT-1042``, ``#1042``, ``1042``) and
the JSON shape of the read API (``GET /api/tickets/<ref>``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.tickets import targets as sla
from bot.tickets import verification
from storage.db import dialect_insert, utcnow
from storage.models import Company, Message, Sequence, Ticket, TicketEvent

if TYPE_CHECKING:
    from bot.runtime import Runtime

FIRST_TICKET_NUMBER = 1001
OPEN_STATUSES = ("open", "acknowledged", "in_progress", "waiting_customer", "scheduled")
ALL_STATUSES = (*OPEN_STATUSES, "resolved", "closed")


def next_number(session: Session, name: str = "ticket") -> int:
    """Atomically take the next number (an UPDATE ... RETURNING; no read-then-write race)."""
    taken = session.execute(
        update(Sequence)
        .where(Sequence.name == name)
        .values(next_value=Sequence.next_value + 1)
        .returning(Sequence.next_value)
    ).scalar()
    if taken is not None:
        return int(taken) - 1
    try:
        with session.begin_nested():
            session.execute(insert(Sequence).values(name=name, next_value=FIRST_TICKET_NUMBER))
    except IntegrityError:
        pass  # another transaction created it first
    return next_number(session, name)


def ref_pattern(prefix: str) -> re.Pattern[str]:
    """A reference as people write it: ``TKT-1042``, ``tkt 1042``, ``#1042`` or ``1042``."""
    return re.compile(rf"(?:\b{re.escape(prefix)}[-\s]?|#)?\b(\d{{3,9}})\b", re.IGNORECASE)


def parse_ref(text: str, prefix: str) -> int | None:
    match = re.fullmatch(rf"\s*(?:{re.escape(prefix)}[-\s]?|#)?(\d{{1,9}})\s*", text, re.IGNORECASE)
    return int(match.group(1)) if match else None


def format_ref(prefix: str, number: int) -> str:
    return f"{prefix}-{number}"


def find_ticket(session: Session, prefix: str, text: str) -> Ticket | None:
    number = parse_ref(text, prefix)
    if number is None:
        return None
    return session.scalars(select(Ticket).where(Ticket.number == number)).first()


def add_event(
    session: Session,
    ticket: Ticket,
    type_: str,
    actor: str,
    text: str = "",
    at: datetime | None = None,
) -> TicketEvent:
    event = TicketEvent(ticket_id=ticket.id, type=type_, actor=actor, text=text, at=at or utcnow())
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class NewTicket:
    company: str
    contact_name: str
    contact_phone: str
    customer_phone: str
    description: str
    channel: str
    language: str
    priority: str
    email: str | None = None
    impact: str | None = None
    category: str | None = None
    onsite_requested: bool = False
    onsite_reason: str | None = None
    needs_review: bool = False
    incomplete: bool = False
    vouched_by: str | None = None  # staff who opened it for the customer (verified)


UNKNOWN_COMPANY = "(unknown)"


def company_for(session: Session, name: str) -> Company:
    """The directory's company; an unknown one is recorded as a non-contract customer."""
    company = session.scalars(select(Company).where(Company.name == name)).first()
    if company is not None:
        return company
    # Two first tickets of a new company may be opened at the same moment.
    session.execute(
        dialect_insert(session)(Company)
        .values(
            name=name,
            contract=False,
            support="business_hours",
            vip=False,
            from_config=False,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["name"])
    )
    return session.scalars(select(Company).where(Company.name == name)).one()


def create_ticket(rt: Runtime, session: Session, new: NewTicket, actor: str) -> Ticket:
    """Open a ticket with its response target; the caller's transaction owns it."""
    company = company_for(session, new.company.strip() or UNKNOWN_COMPANY)
    number = next_number(session)
    now = utcnow()
    ticket = Ticket(
        number=number,
        ref=format_ref(rt.config.helpdesk.ticket_prefix, number),
        status="open",
        priority=new.priority,
        category=new.category,
        company_id=company.id,
        company_name=company.name,
        contact_name=new.contact_name,
        contact_phone=new.contact_phone,
        customer_phone=new.customer_phone,
        email=new.email,
        description=new.description,
        impact=new.impact,
        channel=new.channel,
        language=new.language,
        onsite_requested=new.onsite_requested,
        onsite_reason=new.onsite_reason,
        needs_review=new.needs_review,
        incomplete=new.incomplete,
        created_at=now,
        clock_started_at=now,
        escalation_level=0,
    )
    verification.apply_contract(
        ticket,
        company,
        new.vouched_by is not None
        or verification.is_verified(
            rt, session, company, new.customer_phone, new.email, new.contact_phone
        ),
    )
    ticket.after_hours = not sla.is_open(rt, now)
    sla.set_clock(rt, ticket, now, wall_clock=False)
    session.add(ticket)
    session.flush()
    add_event(session, ticket, "created", actor, f"priority {ticket.priority}", at=now)
    return ticket


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def ticket_json(ticket: Ticket, now: datetime | None = None) -> dict[str, Any]:
    """The ticket as the read API shows it (``GET /api/tickets/<ref>``); ``promise`` is
    its response time as every other place states it (``bot.tickets.targets.promise``)."""
    return {
        "ref": ticket.ref,
        "status": ticket.status,
        "priority": ticket.priority,
        "category": ticket.category,
        "company": ticket.company_name,
        "contract": ticket.contract,
        "verified": ticket.verified,
        "support": ticket.support,
        "contact_name": ticket.contact_name,
        "contact_phone": ticket.contact_phone,
        "customer_phone": ticket.customer_phone,
        "email": ticket.email,
        "description": ticket.description,
        "impact": ticket.impact,
        "channel": ticket.channel,
        "language": ticket.language,
        "onsite_requested": ticket.onsite_requested,
        "onsite_reason": ticket.onsite_reason,
        "onsite_at": _iso(ticket.onsite_at),
        "needs_review": ticket.needs_review,
        "incomplete": ticket.incomplete,
        "assignee": ticket.assignee.name if ticket.assignee else None,
        "after_hours": ticket.after_hours,
        "created_at": _iso(ticket.created_at),
        "response_due": _iso(sla.promise(ticket, now or utcnow()).due),
        "promise": sla.promise(ticket, now or utcnow()).as_json(),
        "clock_started_at": _iso(sla.clock_start(ticket)),
        "reopen_count": ticket.reopen_count or 0,
        "free_return_visit": (ticket.reopen_count or 0) > 0,
        "paged": list(ticket.paged_phones or []),
        "paging": ticket.paging,
        "first_response_at": _iso(ticket.first_response_at),
        "resolved_at": _iso(ticket.resolved_at),
        "closed_at": _iso(ticket.closed_at),
        "escalation_level": ticket.escalation_level,
        "events": [
            {"type": e.type, "at": _iso(e.at), "actor": e.actor, "text": e.text}
            for e in ticket.events
        ],
        "time_entries": [
            {
                "technician": t.technician,
                "started_at": _iso(t.started_at),
                "ended_at": _iso(t.ended_at),
                "minutes": t.minutes,
                "description": t.description,
                "parts": t.parts,
                "free_return": t.free_return,
            }
            for t in ticket.time_entries
        ],
    }


def message_json(message: Message, ref: str | None) -> dict[str, Any]:
    """One message as the API, the simulator and outbound webhooks show it."""
    return {
        "id": message.id,
        "direction": message.direction,
        "channel": message.channel,
        "from": message.from_number,
        "to": message.to_number,
        "body": message.body,
        "media": message.media or [],
        "status": message.status,
        "ticket": ref,
        "created_at": message.created_at.isoformat(),
        "twilio_sid": message.twilio_sid,
        "error_code": message.error_code,
        "error_message": message.error_message,
        "content_sid": message.content_sid,
    }
