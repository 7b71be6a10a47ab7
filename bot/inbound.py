"""One inbound message, from Twilio's form to its effects, in the caller's transaction.

The conversation row is locked first, so two messages from one sender (threads,
processes, hosts) are handled one after the other; the message row's unique
``twilio_sid`` makes a redelivered webhook a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.phones import PhoneError, split_address, to_e164
from storage.db import utcnow
from storage.models import Conversation, Message

if TYPE_CHECKING:
    from bot.runtime import Runtime

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


def parse_form(form: Mapping[str, str]) -> Inbound:
    """Twilio's inbound fields to an :class:`Inbound`; raises :class:`BadInbound` with a reason."""
    sid = (form.get("MessageSid") or form.get("SmsMessageSid") or "").strip()
    if not sid:
        raise BadInbound("missing MessageSid")
    raw_from = (form.get("From") or "").strip()
    if not raw_from:
        raise BadInbound("missing From")
    channel, number = split_address(raw_from)
    try:
        sender = to_e164(number)
    except PhoneError as exc:
        raise BadInbound(f"From is not a phone number: {exc}") from exc
    _, to = split_address((form.get("To") or "").strip())
    try:
        count = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError as exc:
        raise BadInbound("NumMedia is not a number") from exc
    media = [
        {"url": form[f"MediaUrl{i}"], "content_type": form.get(f"MediaContentType{i}", "")}
        for i in range(count)
        if form.get(f"MediaUrl{i}")
    ]
    body = form.get("Body") or ""
    if not body.strip() and not media:
        raise BadInbound("empty message: no Body and no media")
    return Inbound(
        sid=sid,
        channel=channel,
        sender=sender,
        to=to,
        body=body,
        media=media,
        profile_name=(form.get("ProfileName") or "").strip() or None,
    )


def _insert(session: Session):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite both do)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def lock_conversation(session: Session, phone: str, channel: str) -> Conversation:
    """Create the sender's conversation or lock the existing one, in one statement.

    ``ON CONFLICT DO UPDATE`` takes the row lock, so the rest of the transaction
    has this sender to itself.
    """
    now = utcnow()
    statement = (
        _insert(session)(Conversation)
        .values(
            phone=phone, channel=channel, language="en", state="idle", slots={}, repeats=0,
            opted_out=False, created_at=now, updated_at=now,
        )
        .on_conflict_do_update(index_elements=["phone"], set_={"phone": phone})
        .returning(Conversation)
    )
    return session.scalars(statement, execution_options={"populate_existing": True}).one()


def receive(rt: Runtime, session: Session, inbound: Inbound) -> bool:
    """Record and handle ``inbound``; False when its MessageSid was handled before."""
    from bot import routing

    conversation = lock_conversation(session, inbound.sender, inbound.channel)
    values = {
        "direction": "inbound",
        "channel": inbound.channel,
        "from_number": inbound.sender,
        "to_number": inbound.to,
        "peer": inbound.sender,
        "body": inbound.body,
        "media": inbound.media,
        "status": "received",
        "twilio_sid": inbound.sid,
        "attempts": 0,
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }
    record = session.scalars(
        _insert(session)(Message)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["twilio_sid"])
        .returning(Message)
    ).first()
    if record is None:
        return False  # the same MessageSid was handled before: no second effect
    routing.route(rt, session, conversation, inbound, record)
    return True
