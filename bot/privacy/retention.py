"""Retention under ``[privacy]``, applied by the sweeper in small batches.

- ``keep_messages``: message bodies, media, WhatsApp profile names and template
  variables older than this are erased (the rows stay: dates, statuses, ticket links);
  conversations idle that long forget what they gathered (the opt-out stays).
- ``keep_closed_tickets``: on tickets closed longer ago than this the contact's name,
  numbers and e-mail address become a pseudonym, and the ticket's texts, events, time
  entries and messages lose those identifiers. References, dates, priorities and
  minutes stay, so statements keep their totals.

Each batch is its own short transaction that skips rows another process holds (``SKIP
LOCKED`` on PostgreSQL), and one sweep pass does a bounded number of batches: a backlog
(the first run on an old database) is worked off over several passes, never in one long
lock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Text, cast, delete, or_, select, update
from sqlalchemy.orm import Session

from bot import runtime as runtime_mod
from bot.channels.status import PENDING
from bot.core.states import ConversationState
from bot.privacy.erasure import new_pseudonym
from bot.privacy.scrub import Scrubber
from bot.privacy.subject import Subject
from storage.db import utcnow
from storage.models import Conversation, MediaFile, Message, Ticket, TicketEvent, TimeEntry

MESSAGE_BATCH = 500
TICKET_BATCH = 50
MAX_BATCHES = 10  # per sweep pass and kind; the rest waits for the next pass
EMPTY_JSON = ("[]", "null")


def sweep_retention(rt: runtime_mod.Runtime, now: datetime) -> int:
    """Apply both retention periods; returns how many rows were changed."""
    privacy = rt.config.privacy
    message_cutoff = now - privacy.keep_messages
    ticket_cutoff = now - privacy.keep_closed_tickets
    staff = rt.config.staff_phones
    return (
        _in_batches(rt, lambda s: erase_old_messages(s, message_cutoff, now))
        + _in_batches(rt, lambda s: forget_idle_conversations(s, message_cutoff))
        + _in_batches(rt, lambda s: pseudonymise_closed_tickets(s, ticket_cutoff, staff, now))
    )


def _in_batches(rt: runtime_mod.Runtime, batch: Callable[[Session], tuple[int, bool]]) -> int:
    """Run ``batch`` (returns rows changed, whether more remain) in its own transaction,
    until nothing remains or the pass's share is used."""
    total = 0
    for _ in range(MAX_BATCHES):
        with rt.sessions.begin() as session:
            changed, more = batch(session)
        total += changed
        if not more:
            break
    return total


def erase_old_messages(session: Session, cutoff: datetime, now: datetime) -> tuple[int, bool]:
    """Content of messages created before ``cutoff``; never of one still in flight."""
    in_flight = or_(
        (Message.direction == "outbound") & (Message.status == PENDING),
        (Message.direction == "inbound") & Message.processed_at.is_(None),
    )
    ids = session.scalars(
        select(Message.id)
        .where(Message.erased_at.is_(None), Message.created_at < cutoff, ~in_flight)
        .order_by(Message.id)
        .limit(MESSAGE_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    if ids:
        session.execute(
            update(Message)
            .where(Message.id.in_(ids))
            .values(body="", media=[], profile_name=None, content_variables=None, erased_at=now),
            execution_options={"synchronize_session": False},
        )
        # The photos and voice notes downloaded from those messages go with them.
        session.execute(
            delete(MediaFile).where(MediaFile.message_id.in_(ids)),
            execution_options={"synchronize_session": False},
        )
    return len(ids), len(ids) == MESSAGE_BATCH


def forget_idle_conversations(session: Session, cutoff: datetime) -> tuple[int, bool]:
    """What an intake gathered, from conversations silent since before ``cutoff``."""
    holds_something = or_(
        Conversation.slots.is_not(None) & cast(Conversation.slots, Text).not_in(("{}", "null")),
        Conversation.profile_name.is_not(None),
        Conversation.state != ConversationState.IDLE.value,
    )
    ids = session.scalars(
        select(Conversation.id)
        .where(Conversation.updated_at < cutoff, holds_something)
        .order_by(Conversation.id)
        .limit(MESSAGE_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    if ids:
        session.execute(
            update(Conversation)
            .where(Conversation.id.in_(ids))
            .values(
                slots={},
                profile_name=None,
                state=ConversationState.IDLE.value,
                awaiting=None,
                repeats=0,
                updated_at=utcnow(),
            ),
            execution_options={"synchronize_session": False},
        )
    return len(ids), len(ids) == MESSAGE_BATCH


def pseudonymise_closed_tickets(
    session: Session, cutoff: datetime, staff: set[str], now: datetime
) -> tuple[int, bool]:
    tickets = session.scalars(
        select(Ticket)
        .where(
            Ticket.pseudonymised_at.is_(None),
            Ticket.closed_at < cutoff,
            Ticket.status == "closed",
        )
        .order_by(Ticket.id)
        .limit(TICKET_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    if not tickets:
        return 0, False  # touch no other table: an idle pass holds one lock at a time
    ids = [t.id for t in tickets]
    related: dict[int, list[TicketEvent | TimeEntry | Message]] = defaultdict(list)
    for model in (TicketEvent, TimeEntry, Message):  # one query each for the whole batch
        for row in session.scalars(select(model).where(model.ticket_id.in_(ids))):
            related[row.ticket_id].append(row)
    for ticket in tickets:
        pseudonymise_ticket(ticket, related[ticket.id], staff, now)
    return len(tickets), len(tickets) == TICKET_BATCH


def pseudonymise_ticket(
    ticket: Ticket,
    related: list[TicketEvent | TimeEntry | Message],
    staff: set[str],
    now: datetime,
) -> None:
    """The contact of one ticket becomes a pseudonym here (and only here: the same
    person's recent tickets and their conversation are not this ticket's to change);
    ``related`` holds the ticket's events, time entries and messages."""
    people = Subject()
    for phone in (ticket.contact_phone, ticket.customer_phone):
        people.add_phone(phone, staff)
    people.add_email(ticket.email)
    people.add_name(ticket.contact_name)
    pseudonym = new_pseudonym()
    scrub = Scrubber(people, pseudonym, name_parts=True).text
    ticket.contact_name, ticket.contact_phone, ticket.email = pseudonym, pseudonym, None
    ticket.customer_phone, ticket.pseudonymised_at = pseudonym, now
    ticket.description = scrub(ticket.description)
    ticket.impact = scrub(ticket.impact) if ticket.impact else None
    ticket.onsite_reason = scrub(ticket.onsite_reason) if ticket.onsite_reason else None
    for row in related:
        if isinstance(row, TicketEvent):
            row.actor = pseudonym if row.actor in people.phones else scrub(row.actor)
            row.text = scrub(row.text)
        elif isinstance(row, TimeEntry):
            row.description = scrub(row.description)
            row.parts = scrub(row.parts) if row.parts else row.parts
        else:
            row.body = scrub(row.body)
            if row.peer in people.phones:
                row.peer = pseudonym
                row.from_number = scrub(row.from_number)
                row.to_number = scrub(row.to_number)
