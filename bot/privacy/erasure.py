"""Erasure on request (``deskbot privacy forget``): the person's messages, media, names,
numbers and e-mail addresses go; the facts the desk must keep stay.

Kept: ticket references, dates, statuses, priorities, companies, time entries (so the
monthly statements add up to the same totals) and the message rows' dates and statuses.
The person's identifiers are replaced by one random pseudonym (``anon-…``), the same on
every row of this erasure, so the tickets still read as "one customer" without saying
who. Nothing links the pseudonym back to the person: not even the erasure record, which
holds only the date, the kind of identifier, the pseudonym and the counts.

Their conversation is deleted, so a later message from the same number starts afresh.
Running it again finds nothing and changes nothing.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.channels.status import PENDING
from bot.core.config import Config
from bot.privacy.scrub import Scrubber, scrub_every_table
from bot.privacy.subject import PSEUDONYM_PREFIX, Identifier, Subject, find_subject
from storage.models import (
    MediaFile,
    Message,
    NoticeRate,
    PrivacyErasure,
    Ticket,
    TicketEvent,
    TimeEntry,
)

ERASED = "[erased]"
CANCELLED = "canceled"


class ErasureRefused(ValueError):
    """A request this command must not carry out (a staff number); safe to show."""


@dataclass
class Plan:
    """What an erasure will touch, for the confirmation prompt (no bodies, no texts)."""

    subject: Subject
    tickets: list[str] = field(default_factory=list)
    messages: int = 0
    conversations: int = 0
    contacts: int = 0
    in_config: list[str] = field(default_factory=list)  # config contacts that will come back


@dataclass(frozen=True)
class Erasure:
    record_id: int | None  # None: nothing was held, nothing changed
    pseudonym: str | None
    counts: dict[str, int]


def new_pseudonym() -> str:
    """Random, so nothing (no key, no hash of the number) can turn it back into the person."""
    return PSEUDONYM_PREFIX + secrets.token_hex(5)


def plan(session: Session, config: Config, identifier: Identifier) -> Plan:
    subject = find_subject(session, config, identifier)
    if identifier.kind == "phone" and identifier.value in config.staff_phones:
        raise ErasureRefused(
            f"{identifier.value} is a staff number ([[technicians]] or [oncall]); staff data "
            "is not erased with this command"
        )
    configured = {p.phone for c in config.companies for p in c.contacts} | {
        (p.email or "").lower() for c in config.companies for p in c.contacts
    }
    return Plan(
        subject=subject,
        tickets=[t.ref for t in session.scalars(subject.tickets().order_by(Ticket.id))],
        messages=session.scalar(select(func.count()).select_from(subject.messages().subquery()))
        or 0,
        conversations=len(session.scalars(subject.conversations()).all()),
        contacts=len(session.scalars(subject.contacts()).all()),
        in_config=sorted((subject.phones | subject.emails) & configured),
    )


def forget(session: Session, config: Config, identifier: Identifier, now: datetime) -> Erasure:
    """Erase the person behind ``identifier`` in the caller's transaction."""
    found = plan(session, config, identifier)
    subject = found.subject
    # Lock the conversations first: an inbound message from them waits for us, then
    # starts a fresh conversation.
    conversations = session.scalars(subject.conversations().with_for_update()).all()
    pseudonym = new_pseudonym()
    everywhere = Scrubber(subject, pseudonym)
    closely = Scrubber(subject, pseudonym, name_parts=True)
    counts: Counter[str] = Counter()

    for conversation in conversations:
        session.delete(conversation)
        counts["conversations"] += 1
    session.flush()

    tickets = session.scalars(subject.tickets()).all()
    ticket_ids = [t.id for t in tickets]
    for message in session.scalars(subject.messages()):
        _erase_message(message, subject, pseudonym, everywhere, now)
        counts["messages"] += 1
        # The files downloaded from their messages (bot.messaging.media) go too.
        removed = session.execute(
            delete(MediaFile).where(MediaFile.message_id == message.id)
        ).rowcount
        if removed:
            counts["media"] += removed
    if ticket_ids:
        about_them = select(Message).where(
            Message.ticket_id.in_(ticket_ids), Message.peer.not_in(subject.phones)
        )
        for message in session.scalars(about_them):  # staff notices quoting the ticket
            message.body, message.media, message.content_variables = "", [], None
            message.erased_at = message.erased_at or now
            message.error_message = closely.text(message.error_message or "") or None
            counts["staff_messages"] += 1

    for ticket in tickets:
        _erase_ticket(ticket, subject, pseudonym, closely)
        if ticket.contact_name == pseudonym:
            ticket.pseudonymised_at = now
        counts["tickets"] += 1
    if ticket_ids:
        for event in session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id.in_(ticket_ids))
        ):
            by_them = event.actor in subject.phones or event.actor in subject.names
            if by_them:
                event.actor, event.text = pseudonym, ERASED if event.text else ""
            else:
                event.text = closely.text(event.text)
            counts["events"] += 1
        for entry in session.scalars(select(TimeEntry).where(TimeEntry.ticket_id.in_(ticket_ids))):
            entry.description = closely.text(entry.description)
            entry.parts = closely.text(entry.parts) if entry.parts else entry.parts

    for contact in session.scalars(subject.contacts()):
        session.delete(contact)
        counts["contacts"] += 1
    counts["staff_notices"] = session.execute(  # rate-limit memory keyed by their number
        delete(NoticeRate).where(NoticeRate.sender.in_(subject.phones))
    ).rowcount
    session.flush()

    counts["mentions"] = scrub_every_table(session, subject, everywhere)
    if not any(counts.values()):
        return Erasure(None, None, {})  # nothing held (or erased before): nothing to record
    record = PrivacyErasure(
        at=now, identified_by=identifier.kind, pseudonym=pseudonym, counts=dict(counts)
    )
    session.add(record)
    session.flush()
    return Erasure(record.id, pseudonym, dict(counts))


def _erase_message(
    message: Message, subject: Subject, pseudonym: str, scrubber: Scrubber, now: datetime
) -> None:
    message.body, message.media = "", []
    message.content_variables, message.profile_name = None, None
    message.peer, message.erased_at = pseudonym, now
    message.from_number = scrubber.text(message.from_number)
    message.to_number = scrubber.text(message.to_number)
    message.error_message = scrubber.text(message.error_message or "") or None
    if message.direction == "outbound" and message.status == PENDING:
        message.status = CANCELLED  # never send anything to an erased address
        message.error_message = "erased on request before it was sent"
    if message.direction == "inbound" and message.processed_at is None:
        message.processed_at = now  # never handled: nothing is left to handle


def _erase_ticket(ticket: Ticket, subject: Subject, pseudonym: str, scrubber: Scrubber) -> None:
    opened_by_them = ticket.customer_phone in subject.phones
    if subject.is_contact(ticket) or (
        opened_by_them and ticket.contact_phone == ticket.customer_phone
    ):
        ticket.contact_name, ticket.contact_phone, ticket.email = pseudonym, pseudonym, None
    if opened_by_them:
        # Their own words: the description and the answers they typed.
        ticket.customer_phone = pseudonym
        ticket.description = ERASED
        ticket.impact = ERASED if ticket.impact else None
        ticket.onsite_reason = ERASED if ticket.onsite_reason else None
    else:
        ticket.description = scrubber.text(ticket.description)
        ticket.impact = scrubber.text(ticket.impact) if ticket.impact else None
        ticket.onsite_reason = scrubber.text(ticket.onsite_reason) if ticket.onsite_reason else None
    ticket.contact_name = scrubber.text(ticket.contact_name)
