"""After a ticket is resolved the customer is asked whether it is fixed: yes closes
it, no reopens it ``[tickets] reopen_raise`` priority levels higher with its response
clock (and reminders) restarted from the reopening, silence closes it after
``[tickets] auto_close_after`` (a sweep, so the timer survives restarts).

A reopening promises a free return visit: the work logged after it is marked
``free_return`` (not charged on the statement, said so in the next work report).

The pending question lives in the customer's conversation (state
``confirm_resolution``, awaiting ``confirm``, ``ticket_id`` the resolved ticket).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core import vocab
from bot.core.i18n import N_, When, lazy, lazy_lines, local_time, translate
from bot.core.states import ConversationState
from bot.directory import people
from bot.messaging.inbound import Inbound
from bot.tickets import emails, pager
from bot.tickets import notifications as note
from bot.tickets import targets as sla
from bot.tickets.records import add_event
from storage.db import utcnow
from storage.models import Conversation, Message, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
STATE = ConversationState.CONFIRM_RESOLUTION
AWAITING = "confirm"
# States in which the customer is in the middle of something else (the intake): the
# resolution question then does not take over the conversation; silence closes the ticket.
BUSY_STATES = frozenset({"intake", "confirm"})

# A message answers "is it fixed?" with a yes (core.vocab) or one of these words first, or a
# phrase below. "No" is checked first: "non funziona" must not read as "funziona".
FIXED_WORDS = vocab.YES_WORDS | frozenset(
    [
        "fixed",
        "solved",
        "resolved",
        "works",
        "working",
        "thanks",
        "thank",
        "great",
        "funguje",
        "opraveno",
        "vyreseno",
        "diky",
        "dekuji",
        "dekujeme",
        "funziona",
        "risolto",
        "grazie",
    ]
)
FIXED_PHRASES = ("it works", "all good", "va bene", "je to v poradku", "v poradku")
NOT_FIXED_WORDS = vocab.NO_WORDS | frozenset(["nein", "nefunguje"])
NOT_FIXED_PHRASES = (
    "not fixed",
    "not working",
    "not work",
    "doesnt work",
    "does not work",
    "didnt work",
    "isnt",
    "still broken",
    "still not",
    "still fail",
    "not solved",
    "not resolved",
    "broken",
    "nefunguje",
    "porad ne",
    "stale ne",
    "non funziona",
    "non va",
    "ancora rotto",
    "non e risolto",
)


def is_not_fixed(text: str) -> bool:
    return (
        vocab.first_word(text) in NOT_FIXED_WORDS
        or vocab.has_phrase(text, NOT_FIXED_PHRASES)
        or text.strip().startswith(vocab.NO_EMOJI)
    )


def is_fixed(text: str) -> bool:
    if is_not_fixed(text):
        return False
    return (
        vocab.first_word(text) in FIXED_WORDS
        or vocab.has_phrase(text, FIXED_PHRASES)
        or text.strip().startswith(vocab.YES_EMOJI)
    )


# Staff messages (English source strings, each technician reads their ``language``).
CONFIRMED_FIXED = N_("{ref} confirmed fixed by the customer and closed.")
REOPENED_STAFF = N_(
    "REOPENED {ref} [{priority}] {company}: the customer says it is not fixed: {text}\n"
    "Respond by {due}. Reply: {ref} ack"
)
FREE_RETURN_STAFF = N_("Free return visit: log its time as usual, it is not charged.")


# -- asking ---------------------------------------------------------------------------------


def work_report(ticket: Ticket, language: str, rt: Runtime, locale: str) -> list[str]:
    """The work report paragraphs, translated: items, total, parts, contract note; dates in
    the customer's ``locale``."""
    entries = list(ticket.time_entries)
    lines: list[str] = []
    if entries:
        total = sum(e.minutes for e in entries)
        lines.append(
            translate(language, note.WORK_REPORT, total=note.duration_text(language, total))
        )
        for entry in entries:
            lines.append(
                translate(
                    language,
                    note.WORK_ITEM,
                    date=local_time(entry.started_at, rt.config.zone, locale),
                    duration=note.duration_text(language, entry.minutes),
                    technician=entry.technician,
                    description=entry.description,
                )
            )
        parts = [e.parts for e in entries if e.parts]
        if parts:
            lines.append(translate(language, note.PARTS_USED, parts="; ".join(parts)))
        free = sum(e.minutes for e in entries if e.free_return)
        if free and not ticket.contract:
            lines.append(
                translate(language, note.FREE_RETURN, minutes=note.duration_text(language, free))
            )
    else:
        lines.append(translate(language, note.NO_WORK_LOGGED))
    if ticket.contract:
        lines.append(translate(language, note.COVERED_BY_CONTRACT))
    return lines


def lock_customer_conversation(session: Session, ticket: Ticket) -> Conversation | None:
    return session.scalars(
        select(Conversation).where(Conversation.phone == ticket.customer_phone).with_for_update()
    ).first()


def ask_confirmation(
    rt: Runtime, session: Session, ticket: Ticket, technician: str, text: str
) -> None:
    """Send the resolution with its work report and ask "is it fixed?" (the caller has
    locked the customer's conversation before the ticket)."""
    language = note.customer_language(session, ticket)
    paragraphs = [translate(language, note.RESOLVED, ref=ticket.ref, technician=technician)]
    if text:
        paragraphs.append(translate(language, note.RESOLUTION, text=text))
    report = work_report(ticket, language, rt, note.customer_locale(rt, session, ticket))
    paragraphs.extend(report)
    paragraphs.append(translate(language, note.CONFIRM_FIXED))
    note.send_customer_text(rt, session, ticket, "\n".join(paragraphs))
    emails.send_work_report(rt, session, ticket, technician, text, report)
    conversation = lock_customer_conversation(session, ticket)
    if conversation is not None and conversation.state not in BUSY_STATES:
        conversation.state = STATE
        conversation.awaiting = AWAITING
        conversation.ticket_id = ticket.id
        conversation.ticket = ticket


# -- answering ------------------------------------------------------------------------------


def _pending_ticket(session: Session, conversation: Conversation) -> Ticket | None:
    if conversation.state != STATE or conversation.ticket_id is None:
        return None
    ticket = session.get(Ticket, conversation.ticket_id)
    if ticket is None or ticket.customer_phone != conversation.phone:
        return None
    return ticket


def _settle_question(conversation: Conversation) -> None:
    conversation.state = "idle"
    conversation.awaiting = None


def handle_reply(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """True when the message answered a pending resolution confirmation."""
    if conversation.state != STATE:
        return False
    ticket = _pending_ticket(session, conversation)
    if ticket is None or ticket.status != "resolved":
        _settle_question(conversation)  # answered elsewhere: closed by the sweep, reopened
        return False
    text = inbound.body.strip()
    fixed, not_fixed = is_fixed(text), is_not_fixed(text)
    if not (fixed or not_fixed):
        return False
    conversation.channel = inbound.channel
    conversation.last_inbound_at = utcnow()
    record.ticket_id = ticket.id
    _settle_question(conversation)
    actor = ticket.contact_name or conversation.phone
    if fixed:
        close(rt, session, ticket, actor, "confirmed by the customer")
        note.tell_customer(rt, session, ticket, note.CLOSED, ref=ticket.ref)
        if ticket.assignee is not None:
            note.tell_staff(
                rt,
                session,
                [ticket.assignee.phone],
                lazy(CONFIRMED_FIXED, ref=ticket.ref),
                None,
            )
    else:
        reopen(rt, session, ticket, actor, text)
    return True


def close(rt: Runtime, session: Session, ticket: Ticket, actor: str, text: str) -> None:
    now = utcnow()
    pager.stop(rt, session, ticket, lazy(pager.CLOSED, text=text), actor=actor)
    ticket.status = "closed"
    ticket.closed_at = now
    add_event(session, ticket, "closed", actor, text, at=now)


def reopen(rt: Runtime, session: Session, ticket: Ticket, actor: str, text: str) -> None:
    """Not fixed: open again ``reopen_raise`` levels higher with the response clock and its
    reminders restarted from now; the return visit is free (recorded on the ticket); the
    assignee and the managers hear about it (in the morning digest during quiet hours)."""
    now = utcnow()
    previous = ticket.priority
    ticket.status = "open"
    ticket.priority = rt.config.raised_priority(previous, rt.config.tickets.reopen_raise)
    ticket.resolved_at = None
    ticket.first_response_at = None
    ticket.reopen_count = (ticket.reopen_count or 0) + 1
    sla.set_clock(rt, ticket, now, wall_clock=False)
    add_event(session, ticket, "reopened", actor, text, at=now)
    add_event(
        session,
        ticket,
        "free_return_visit",
        "system",
        f"{previous} -> {ticket.priority}; the return visit is not charged",
        at=now,
    )
    due = sla.promise(ticket, now).due or now
    language = note.customer_language(session, ticket)
    note.tell_customer(
        rt,
        session,
        ticket,
        note.REOPENED,
        ref=ticket.ref,
        priority=translate(language, ticket.priority),
        due=local_time(due, rt.config.zone, note.customer_locale(rt, session, ticket)),
    )
    staff_text = lazy_lines(
        lazy(
            REOPENED_STAFF,
            ref=ticket.ref,
            priority=ticket.priority,
            company=ticket.company_name,
            text=text,
            due=When(due, rt.config.zone),
        ),
        lazy(FREE_RETURN_STAFF),
    )
    phones = [ticket.assignee.phone] if ticket.assignee is not None else []
    note.tell_staff(
        rt,
        session,
        [*phones, *people.managers(rt.config)],
        staff_text,
        ticket,
        summary=f"REOPENED, not fixed: {text[:60]}",
    )


# -- silence --------------------------------------------------------------------------------


def sweep_auto_close(rt: Runtime, now: datetime) -> int:
    """Close resolved tickets the customer has not answered within ``auto_close_after``."""
    cutoff = now - rt.config.tickets.auto_close_after
    with rt.sessions() as session:
        due = session.execute(
            select(Ticket.id, Ticket.customer_phone)
            .where(Ticket.status == "resolved", Ticket.resolved_at < cutoff)
            .order_by(Ticket.id)
        ).all()
    closed = 0
    for ticket_id, customer_phone in due:
        with rt.sessions.begin() as session:
            # Same lock order as an inbound message: the conversation, then the ticket.
            conversation = session.scalars(
                select(Conversation).where(Conversation.phone == customer_phone).with_for_update()
            ).first()
            ticket = session.scalars(
                select(Ticket).where(Ticket.id == ticket_id).with_for_update()
            ).first()
            if ticket is None or ticket.status != "resolved" or ticket.resolved_at >= cutoff:
                continue  # answered or reopened meanwhile
            close(rt, session, ticket, "system", "no answer from the customer")
            note.tell_customer(rt, session, ticket, note.AUTO_CLOSED, ref=ticket.ref)
            if (
                conversation is not None
                and conversation.state == STATE
                and conversation.ticket_id == ticket.id
            ):
                _settle_question(conversation)
            closed += 1
    return closed
