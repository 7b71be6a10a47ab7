"""The customer's side of a conversation: run the intake table, then open the ticket.

State lives in the ``conversations`` row (locked by the caller), so whichever
web process receives the next message continues where the last one stopped.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from babel.dates import format_datetime
from sqlalchemy.orm import Session

from bot import intake, lifecycle, notifications, triage
from bot.inbound import Inbound
from bot.phones import region_of
from bot.replies import reply
from bot.tickets import OPEN_STATUSES, NewTicket, add_event, create_ticket
from storage.db import utcnow
from storage.models import Contact, Conversation, Message, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

CANCEL_WORDS = frozenset({"cancel", "zrušit", "zrusit", "storno", "annulla", "annullare"})


def local_time(rt: Runtime, at: datetime, language: str) -> str:
    """A time the customer reads: local zone, their language's conventions."""
    return format_datetime(at.astimezone(rt.config.zone), "EEE d MMM HH:mm", locale=language)


def handle_customer(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """The intake and everything a customer says outside other pending questions."""
    _handle(rt, session, conversation, inbound, record)
    return True


def _handle(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> None:
    conversation.channel = inbound.channel
    conversation.last_inbound_at = utcnow()
    if inbound.profile_name:
        conversation.profile_name = inbound.profile_name
    text = inbound.body.strip()
    in_intake = conversation.state in ("intake", "confirm")
    if in_intake and text.casefold().strip(" .!") in CANCEL_WORDS:
        _reset(conversation)
        reply(rt, session, conversation, intake.CANCELLED)
        return
    if not in_intake:
        open_ticket = _open_ticket(session, conversation)
        if open_ticket is not None:
            _add_to_ticket(rt, session, conversation, open_ticket, inbound, record)
            return
        _start(rt, session, conversation, inbound)
        return
    if conversation.state == "confirm":
        _answer_confirmation(rt, session, conversation, inbound, text)
        return
    _answer_step(rt, session, conversation, inbound, text)


def _reset(conversation: Conversation) -> None:
    conversation.state = "idle"
    conversation.awaiting = None
    conversation.slots = {}
    conversation.repeats = 0


def _open_ticket(session: Session, conversation: Conversation) -> Ticket | None:
    ticket = conversation.ticket
    return ticket if ticket is not None and ticket.status in OPEN_STATUSES else None


def _context(conversation: Conversation) -> intake.ReadContext:
    return intake.ReadContext(sender=conversation.phone, region=region_of(conversation.phone))


def _start(rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound) -> None:
    _reset(conversation)
    conversation.state = "intake"
    slots: dict[str, str] = {}
    known = session.query(Contact).filter(Contact.phone == conversation.phone).first()
    if known is not None:
        slots.update(company=known.company.name, contact_name=known.name, contact_phone=known.phone)
        if known.email:
            slots["email"] = known.email
    conversation.slots = slots
    reply(rt, session, conversation, intake.GREETING, helpdesk=rt.config.helpdesk.name)
    _ask_next(rt, session, conversation)


def _ask_next(rt: Runtime, session: Session, conversation: Conversation) -> None:
    slots = conversation.slots
    for step in intake.STEPS:
        if not slots.get(step.awaiting):
            conversation.state = "intake"
            conversation.awaiting = step.awaiting
            conversation.repeats = 0
            reply(rt, session, conversation, step.question, phone=conversation.phone)
            return
    slots = dict(slots)
    slots.setdefault("priority", triage.priority_for(rt, slots["description"]))
    conversation.slots = slots
    conversation.state = "confirm"
    conversation.awaiting = "confirm"
    conversation.repeats = 0
    reply(rt, session, conversation, intake.SUMMARY, **_summary_values(slots))


def _summary_values(slots: dict[str, str]) -> dict[str, str]:
    return {key: slots.get(key, "") for key in
            ("company", "contact_name", "contact_phone", "description", "priority")}


def _answer_step(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, text: str
) -> None:
    step = intake.STEP_BY_AWAITING.get(conversation.awaiting or "")
    if step is None:
        _ask_next(rt, session, conversation)
        return
    value = step.read(text, _context(conversation)) if text else None
    if value is None:
        _retry(rt, session, conversation, step.retry)
        return
    conversation.slots = {**conversation.slots, step.awaiting: value}
    _ask_next(rt, session, conversation)


def _retry(rt: Runtime, session: Session, conversation: Conversation, message: str) -> None:
    """Ask again, but never more than the configured number of times: then hand over."""
    conversation.repeats += 1
    if conversation.repeats > rt.config.intake.max_repeats:
        conversation.state = "human"
        conversation.awaiting = None
        reply(rt, session, conversation, intake.HANDOFF)
        return
    reply(rt, session, conversation, message, phone=conversation.phone)


def _answer_confirmation(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, text: str
) -> None:
    if intake.is_yes(text):
        _open(rt, session, conversation)
        return
    if intake.is_no(text):
        conversation.state = "intake"
        conversation.awaiting = None
        conversation.slots = {**conversation.slots, "_correcting": "1"}
        reply(rt, session, conversation, intake.WHICH_FIELD)
        return
    if conversation.slots.get("_correcting"):
        folded = text.casefold()
        for field, words in intake.FIELD_WORDS.items():
            if any(word in folded for word in words):
                slots = {k: v for k, v in conversation.slots.items() if k not in (field, "_correcting")}
                conversation.slots = slots
                _ask_next(rt, session, conversation)
                return
    _retry(rt, session, conversation, intake.CONFIRM_RETRY)


def _open(rt: Runtime, session: Session, conversation: Conversation) -> None:
    slots = conversation.slots
    ticket = create_ticket(
        rt,
        session,
        NewTicket(
            company=slots["company"],
            contact_name=slots["contact_name"],
            contact_phone=slots["contact_phone"],
            customer_phone=conversation.phone,
            description=slots["description"],
            channel=conversation.channel,
            language=conversation.language,
            priority=slots.get("priority") or triage.priority_for(rt, slots["description"]),
            email=slots.get("email"),
        ),
        actor=conversation.phone,
    )
    _reset(conversation)
    conversation.ticket_id = ticket.id
    conversation.ticket = ticket
    due = local_time(rt, ticket.response_due, conversation.language) if ticket.response_due else ""
    reply(
        rt, session, conversation, intake.CREATED, ticket_id=ticket.id,
        contact_name=ticket.contact_name, ref=ticket.ref, priority=ticket.priority, due=due,
    )
    lifecycle.ticket_created(rt, session, conversation, ticket)


def _add_to_ticket(
    rt: Runtime,
    session: Session,
    conversation: Conversation,
    ticket: Ticket,
    inbound: Inbound,
    record: Message,
) -> None:
    record.ticket_id = ticket.id
    text = inbound.body.strip()
    if inbound.media:
        text = (text + "\n" if text else "") + "\n".join(m["url"] for m in inbound.media)
    add_event(session, ticket, "customer_message", conversation.phone, text)
    notifications.customer_followup(rt, session, ticket, text)
    reply(rt, session, conversation, intake.ADDED_TO_TICKET, ticket_id=ticket.id, ref=ticket.ref)
