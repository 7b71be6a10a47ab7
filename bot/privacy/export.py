"""A copy of everything held about one person (``deskbot privacy export``,
``GET /api/privacy/export``): their directory entry, conversation, messages both ways
(media links included), the tickets they opened or are the contact of with their
events and time entries, and events and messages elsewhere that name them.

Other people's numbers are not part of someone else's copy: a staff notice about the
person's ticket shows ``staff`` instead of the technician's number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.core.config import Config
from bot.core.durations import format_duration
from bot.privacy.scrub import Scrubber, find_mentions
from bot.privacy.subject import Identifier, Subject, find_subject
from bot.tickets.records import ticket_json
from storage.models import Conversation, Message, Ticket, TicketEvent, TimeEntry

STAFF = "staff"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_person(
    session: Session, config: Config, identifier: Identifier, now: datetime
) -> dict[str, Any]:
    subject = find_subject(session, config, identifier)
    tickets = session.scalars(subject.tickets().order_by(Ticket.id)).all()
    refs = {t.id: t.ref for t in tickets}
    messages = [
        _message(m, refs, subject)
        for m in session.scalars(
            select(Message)
            .where(
                or_(
                    Message.peer.in_(subject.phones),
                    Message.ticket_id.in_(list(refs)),
                )
            )
            .order_by(Message.id)
        )
    ]
    return {
        "generated_at": now.isoformat(),
        "request": {"kind": identifier.kind, "value": identifier.value},
        "identifiers": {
            "phones": sorted(subject.phones),
            "emails": sorted(subject.emails),
            "names": sorted(subject.names),
        },
        "directory": [
            {
                "name": c.name,
                "phone": c.phone,
                "email": c.email,
                "company": c.company.name if c.company else None,
            }
            for c in session.scalars(subject.contacts())
        ],
        "conversations": [_conversation(c) for c in session.scalars(subject.conversations())],
        "messages": messages,
        "media": [
            {"message": m["id"], "created_at": m["created_at"], **item}
            for m in messages
            for item in m["media"]
        ],
        "tickets": [
            {
                **ticket_json(t),
                "opened_by_them": t.customer_phone in subject.phones,
                "they_are_the_contact": subject.is_contact(t),
            }
            for t in tickets
        ],
        "mentions": _mentions(session, subject, set(refs), {m["id"] for m in messages}),
        "retention": {
            "keep_messages": format_duration(config.privacy.keep_messages),
            "keep_closed_tickets": format_duration(config.privacy.keep_closed_tickets),
        },
    }


def _conversation(c: Conversation) -> dict[str, Any]:
    return {
        "phone": c.phone,
        "channel": c.channel,
        "language": c.language,
        "state": c.state,
        "slots": {k: v for k, v in (c.slots or {}).items() if not k.startswith("_")},
        "profile_name": c.profile_name,
        "opted_out": c.opted_out,
        "last_inbound_at": _iso(c.last_inbound_at),
        "created_at": _iso(c.created_at),
        "updated_at": _iso(c.updated_at),
    }


def _message(m: Message, refs: dict[int, str], subject: Subject) -> dict[str, Any]:
    theirs = m.peer in subject.phones
    return {
        "id": m.id,
        "direction": m.direction,
        "channel": m.channel,
        "from": m.from_number if theirs or m.direction == "outbound" else STAFF,
        "to": m.to_number if theirs or m.direction == "inbound" else STAFF,
        "body": m.body,
        "media": list(m.media or []),
        "profile_name": m.profile_name if theirs else None,
        "status": m.status,
        "ticket": refs.get(m.ticket_id) if m.ticket_id else None,
        "created_at": _iso(m.created_at),
    }


def _mentions(
    session: Session, subject: Subject, own: set[int], messages: set[int]
) -> list[dict[str, Any]]:
    """Values anywhere else (another customer's ticket, a note, any feature's table)
    that name them, with where they are; rows already in the copy are not repeated."""
    exported: dict[str, set[Any]] = {
        "tickets": own,
        "messages": messages,
        "ticket_events": set(
            session.scalars(select(TicketEvent.id).where(TicketEvent.ticket_id.in_(own)))
        ),
        "time_entries": set(
            session.scalars(select(TimeEntry.id).where(TimeEntry.ticket_id.in_(own)))
        ),
    }
    return [
        {"table": m.table.name, "key": m.key, "column": m.column, "value": m.value}
        for m in find_mentions(session, subject, Scrubber(subject, ""))
        if m.table.name not in ("conversations", "contacts")  # theirs: exported above
        and m.key.get("id") not in exported.get(m.table.name, set())
    ]
