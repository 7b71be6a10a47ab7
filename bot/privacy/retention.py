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

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Text, cast, or_, select
from sqlalchemy.orm import Session

from bot import runtime as runtime_mod
from bot.channels.status import PENDING
from bot.core.states import ConversationState
from bot.privacy.erasure import new_pseudonym
from bot.privacy.scrub import Scrubber
from bot.privacy.subject import PSEUDONYM_PREFIX, Subject
from storage.models import Conversation, Message, Ticket, TicketEvent, TimeEntry

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
        _in_batches(rt, lambda s: erase_old_messages(s, message_cutoff))
        + _in_batches(rt, lambda s: forget_idle_conversations(s, message_cutoff))
        + _in_batches(rt, lambda s: pseudonymise_closed_tickets(s, ticket_cutoff, staff))
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


def erase_old_messages(session: Session, cutoff: datetime) -> tuple[int, bool]:
    has_content = or_(
        Message.body != "",
        Message.profile_name.is_not(None),
        # JSON columns hold SQL NULL or a JSON null for "none".
        Message.content_variables.is_not(None)
        & cast(Message.content_variables, Text).not_in(EMPTY_JSON),
        Message.media.is_not(None) & cast(Message.media, Text).not_in(EMPTY_JSON),
    )
    in_flight = or_(
        (Message.direction == "outbound") & (Message.status == PENDING),
        (Message.direction == "inbound") & Message.processed_at.is_(None),
    )
    messages = session.scalars(
        select(Message)
        .where(Message.created_at < cutoff, has_content, ~in_flight)
        .order_by(Message.id)
        .limit(MESSAGE_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for message in messages:
        message.body, message.media = "", []
        message.profile_name, message.content_variables = None, None
    return len(messages), len(messages) == MESSAGE_BATCH


def forget_idle_conversations(session: Session, cutoff: datetime) -> tuple[int, bool]:
    """What an intake gathered, from conversations silent since before ``cutoff``."""
    holds_something = or_(
        Conversation.slots.is_not(None) & cast(Conversation.slots, Text).not_in(("{}", "null")),
        Conversation.profile_name.is_not(None),
        Conversation.state != ConversationState.IDLE.value,
    )
    conversations = session.scalars(
        select(Conversation)
        .where(Conversation.updated_at < cutoff, holds_something)
        .order_by(Conversation.id)
        .limit(MESSAGE_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for conversation in conversations:
        conversation.slots, conversation.profile_name = {}, None
        conversation.state, conversation.awaiting = ConversationState.IDLE.value, None
        conversation.repeats = 0
    return len(conversations), len(conversations) == MESSAGE_BATCH


def pseudonymise_closed_tickets(
    session: Session, cutoff: datetime, staff: set[str]
) -> tuple[int, bool]:
    tickets = session.scalars(
        select(Ticket)
        .where(
            Ticket.status == "closed",
            Ticket.closed_at < cutoff,
            Ticket.customer_phone.not_like(PSEUDONYM_PREFIX + "%"),
        )
        .order_by(Ticket.id)
        .limit(TICKET_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for ticket in tickets:
        pseudonymise_ticket(session, ticket, staff)
    return len(tickets), len(tickets) == TICKET_BATCH


def pseudonymise_ticket(session: Session, ticket: Ticket, staff: set[str]) -> None:
    """The contact of one ticket becomes a pseudonym here (and only here: the same
    person's recent tickets and their conversation are not this ticket's to change)."""
    people = Subject()
    for phone in (ticket.contact_phone, ticket.customer_phone):
        people.add_phone(phone, staff)
    people.add_email(ticket.email)
    people.add_name(ticket.contact_name)
    pseudonym = new_pseudonym()
    scrub = Scrubber(people, pseudonym, name_parts=True).text
    ticket.contact_name, ticket.contact_phone, ticket.email = pseudonym, pseudonym, None
    ticket.customer_phone = pseudonym
    ticket.description = scrub(ticket.description)
    ticket.impact = scrub(ticket.impact) if ticket.impact else None
    ticket.onsite_reason = scrub(ticket.onsite_reason) if ticket.onsite_reason else None
    for event in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)):
        event.actor = pseudonym if event.actor in people.phones else scrub(event.actor)
        event.text = scrub(event.text)
    for entry in session.scalars(select(TimeEntry).where(TimeEntry.ticket_id == ticket.id)):
        entry.description = scrub(entry.description)
        entry.parts = scrub(entry.parts) if entry.parts else entry.parts
    for message in session.scalars(select(Message).where(Message.ticket_id == ticket.id)):
        message.body = scrub(message.body)
        if message.peer in people.phones:
            message.peer = pseudonym
            message.from_number = scrub(message.from_number)
            message.to_number = scrub(message.to_number)
