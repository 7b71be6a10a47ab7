"""One inbound message, from Twilio's form to its effects, in the caller's transaction.

The conversation row is locked first, so two messages from one sender (threads,
processes, hosts) are handled one after the other; the message row's unique
``twilio_sid`` makes a redelivered webhook a no-op.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.phones import PhoneError, sender_e164, split_address
from bot.messaging.on_commit import on_commit
from storage.db import dialect_insert, utcnow
from storage.models import Conversation, Message

log = logging.getLogger(__name__)

MAX_MEDIA = 10


class BadInbound(ValueError):
    """A form that is not a usable inbound message; the text is safe to show the caller."""


@dataclass(frozen=True)
class Inbound:
    sid: str
    channel: str
    sender: str  # E.164
    to: str
    body: str
    media: list[dict[str, str]] = field(default_factory=list)
    profile_name: str | None = None
    arrived_on: str | None = None  # the public base URL the webhook was called on


def _restore_plus(number: str) -> str:
    """An unencoded "+" (``curl -d From=+27…``) arrives as a space after form decoding."""
    return "+" + number[1:] if number[:1] == " " and number[1:].isdigit() else number.strip()


def _whatsapp_extras(form: Mapping[str, str]) -> str:
    """Text for WhatsApp messages without a Body (a tapped button, a shared location), so
    they are kept and handled like words instead of being refused."""
    if form.get("ButtonText"):
        return form["ButtonText"]
    if form.get("Latitude") and form.get("Longitude"):
        place = ", ".join(v for v in (form.get("Label"), form.get("Address")) if v)
        where = f"{form['Latitude']}, {form['Longitude']}"
        return f"Location: {where}" + (f" ({place})" if place else "")
    return ""


def parse_form(form: Mapping[str, str]) -> Inbound:
    """Twilio's inbound fields to an :class:`Inbound`; raises :class:`BadInbound` with a reason."""
    sid = (form.get("MessageSid") or form.get("SmsMessageSid") or "").strip()
    if not sid:
        raise BadInbound("missing MessageSid")
    raw_from = (form.get("From") or "").rstrip()
    if not raw_from:
        raise BadInbound("missing From")
    channel, number = split_address(raw_from)
    number = _restore_plus(number)
    try:
        sender = sender_e164(number)
    except PhoneError as exc:
        raise BadInbound(f"From is not a phone number: {exc}") from exc
    _, to = split_address((form.get("To") or "").rstrip())
    to = _restore_plus(to)
    try:
        count = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError as exc:
        raise BadInbound("NumMedia is not a number") from exc
    media = [
        {"url": form[f"MediaUrl{i}"], "content_type": form.get(f"MediaContentType{i}", "")}
        for i in range(count)
        if form.get(f"MediaUrl{i}")
    ]
    body = form.get("Body") or _whatsapp_extras(form)
    return Inbound(
        sid=sid,
        channel=channel,
        sender=sender,
        to=to,
        body=body,
        media=media,
        profile_name=(form.get("ProfileName") or "").strip() or None,
    )


def lock_conversation(session: Session, phone: str, channel: str) -> Conversation:
    """Create the sender's conversation or lock the existing one, in one statement.

    ``ON CONFLICT DO UPDATE`` takes the row lock, so the rest of the transaction
    has this sender to itself.
    """
    now = utcnow()
    statement = (
        dialect_insert(session)(Conversation)
        .values(
            phone=phone,
            channel=channel,
            language="en",
            state="idle",
            slots={},
            repeats=0,
            opted_out=False,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_update(index_elements=["phone"], set_={"phone": phone})
        .returning(Conversation)
    )
    return session.scalars(statement, execution_options={"populate_existing": True}).one()


def _values(inbound: Inbound, processed: bool) -> dict[str, object]:
    now = utcnow()
    return {
        "direction": "inbound",
        "channel": inbound.channel,
        "from_number": inbound.sender,
        "to_number": inbound.to,
        "peer": inbound.sender,
        "body": inbound.body,
        "media": inbound.media,
        "profile_name": inbound.profile_name,
        "arrived_on": inbound.arrived_on,
        "status": "received",
        "twilio_sid": inbound.sid,
        "attempts": 0,
        "created_at": now,
        "updated_at": now,
        "processed_at": now if processed else None,
    }


def store_handled(session: Session, inbound: Inbound) -> Message | None:
    """Insert the message once, as handled now; None when its MessageSid was stored before."""
    return session.scalars(
        dialect_insert(session)(Message)
        .values(**_values(inbound, processed=True))
        .on_conflict_do_nothing(index_elements=["twilio_sid"])
        .returning(Message)
    ).first()


def accept(session: Session, inbound: Inbound, ring: Callable[[str], object]) -> bool:
    """Record ``inbound`` for a worker to handle (queued mode); False when seen before.

    The webhook then answers at once; after commit ``ring(sender)`` wakes the workers'
    inbox (``bot.jobs.inbox``), which handles the sender's stored messages in order.
    """
    table = Message.__table__
    stored = session.execute(  # Core, not ORM: the hot path of every webhook in queued mode
        dialect_insert(session)(table)
        .values(**_values(inbound, processed=False))
        .on_conflict_do_nothing(index_elements=["twilio_sid"])
        .returning(table.c.id)
    ).scalar()
    if stored is None:
        return False
    on_commit(session, ("inbox", inbound.sender), lambda: ring(inbound.sender))
    return True


def as_inbound(record: Message) -> Inbound:
    return Inbound(
        sid=record.twilio_sid or "",
        channel=record.channel,
        sender=record.peer,
        to=record.to_number,
        body=record.body,
        media=list(record.media or []),
        profile_name=record.profile_name,
        arrived_on=record.arrived_on,
    )


def oldest_waiting(session: Session, peer: str) -> Message | None:
    return session.scalars(
        select(Message)
        .where(
            Message.direction == "inbound",
            Message.peer == peer,
            Message.processed_at.is_(None),
        )
        .order_by(Message.id)
        .limit(1)
    ).first()
