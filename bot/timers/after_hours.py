"""What happens when a ticket is opened outside office hours (``[priorities.*] after_hours``).

A contract customer's ticket whose priority says ``after_hours = "page"``, or whose company
has a 24x7 contract, pages the on-call engineer at once, and the customer is told by when
to expect contact: the ticket's promise (``bot.tickets.targets.promise``), which from the
page on counts wall-clock time (the engineer works at night, so office hours do not
stretch it).

A customer without a contract is never paged for unasked: whatever the priority (critical
included) they are first told that after-hours work is charged at overtime rates and
offered to have the on-call engineer called now; the conversation waits for that answer
(``state="overtime_offer"``, ``awaiting="confirm"``) and a YES pages exactly like above.
Every other after-hours ticket waits for the next opening, and the customer is told its
promise. The offer lapses by itself once the desk opens or somebody responded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.i18n import N_, local_time, locale_for
from bot.core.states import ConversationState
from bot.core.vocab import is_clear_yes, is_no
from bot.messaging.inbound import Inbound
from bot.tickets import resolution
from bot.tickets.records import add_event
from bot.tickets.replies import reply
from bot.tickets.targets import promise
from bot.timers import paging
from storage.db import utcnow
from storage.models import Conversation, Message, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

OFFER_STATE = ConversationState.OVERTIME_OFFER
OFFER_SLOT = "overtime_ticket"
ACTOR = "deskbot"

PAGED = N_(
    "Our office is closed right now, so we have paged our on-call engineer about {ref}. "
    "They will contact you by {due}."
)
NEXT_OPENING = N_(
    "Our office is closed right now. We will work on {ref} when we open: "
    "a technician will respond by {due}."
)
NEXT_OPENING_WITH_OFFER = N_(
    "Our office is closed right now. We will work on {ref} when we open: "
    "a technician will respond by {due}. After-hours work is charged at overtime rates. "
    "If you need help sooner, reply YES to call the on-call engineer now at overtime rates, "
    "or NO to wait for office hours."
)
OVERTIME_PAGED = N_(
    "Thank you. We have paged our on-call engineer about {ref}; the work is charged at "
    "overtime rates. They will contact you by {due}."
)
OVERTIME_DECLINED = N_("No problem. A technician will respond to {ref} by {due}.")
MESSAGES = (PAGED, NEXT_OPENING, NEXT_OPENING_WITH_OFFER, OVERTIME_PAGED, OVERTIME_DECLINED)


def should_page(rt: Runtime, ticket: Ticket) -> bool:
    """The priority says page, or the company has a 24x7 contract."""
    priority = rt.config.priorities.get(ticket.priority)
    return bool(priority and priority.after_hours == "page") or (
        ticket.contract and ticket.support == "24x7"
    )


def promised(rt: Runtime, ticket: Ticket, locale: str) -> str:
    """The ticket's response promise as the customer reads it."""
    return local_time(promise(ticket, utcnow()).due or utcnow(), rt.config.zone, locale)


def ticket_created(
    rt: Runtime, session: Session, conversation: Conversation | None, ticket: Ticket
) -> None:
    """Page on-call, or tell the customer when to expect a response (and offer overtime)."""
    if not ticket.after_hours:
        return
    _closed_desk(rt, session, conversation, ticket, tell_next_opening=True)


def resolution_reply(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """The customer's answer to "is it fixed?"; a "not fixed" at night is handled like a new
    after-hours ticket: a contract ticket that pages pages now, a customer without a
    contract is offered overtime (the reopening message already gave the office-hours time)."""
    if not resolution.handle_reply(rt, session, conversation, inbound, record):
        return False
    ticket = session.get(Ticket, record.ticket_id) if record.ticket_id else None
    if ticket is not None and ticket.status == "open" and not rt.calendar.is_open(utcnow()):
        _closed_desk(rt, session, conversation, ticket, tell_next_opening=False)
    return True


def _closed_desk(
    rt: Runtime,
    session: Session,
    conversation: Conversation | None,
    ticket: Ticket,
    *,
    tell_next_opening: bool,
) -> None:
    language = conversation.language if conversation is not None else ticket.language
    locale = locale_for(language, ticket.customer_phone, rt.config.helpdesk.holidays)
    if should_page(rt, ticket) and ticket.contract:
        reason = (
            "after hours: 24x7 contract"
            if ticket.contract and ticket.support == "24x7"
            else f"after hours: {ticket.priority} priority pages on-call"
        )
        paged = paging.start(rt, session, ticket, reason=reason) is not None or ticket.paging
        if paged:
            if conversation is not None:
                due = promised(rt, ticket, locale)
                reply(
                    rt, session, conversation, PAGED, ticket_id=ticket.id, ref=ticket.ref, due=due
                )
            return
        # Nobody could be paged (no rotation, escalation or manager): promise only the target.
    if conversation is None or ticket.response_due is None:
        return
    due = promised(rt, ticket, locale)
    if ticket.contract:
        if tell_next_opening:
            reply(
                rt,
                session,
                conversation,
                NEXT_OPENING,
                ticket_id=ticket.id,
                ref=ticket.ref,
                due=due,
            )
        return
    reply(
        rt,
        session,
        conversation,
        NEXT_OPENING_WITH_OFFER,
        ticket_id=ticket.id,
        ref=ticket.ref,
        due=due,
    )
    conversation.state = OFFER_STATE
    conversation.awaiting = "confirm"
    conversation.slots = {**(conversation.slots or {}), OFFER_SLOT: ticket.id}
    add_event(
        session,
        ticket,
        "overtime_offered",
        ACTOR,
        f"next response by {ticket.response_due.isoformat()}",
    )


def _clear_offer(conversation: Conversation) -> None:
    conversation.state = "idle"
    conversation.awaiting = None
    conversation.slots = {k: v for k, v in (conversation.slots or {}).items() if k != OFFER_SLOT}


def _offered_ticket(session: Session, conversation: Conversation) -> Ticket | None:
    ticket_id = (conversation.slots or {}).get(OFFER_SLOT) or conversation.ticket_id
    if ticket_id is None:
        return None
    return session.scalars(
        select(Ticket)
        .where(Ticket.id == int(ticket_id))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def handle_reply(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """True when the message answered the overtime offer (YES pages, NO keeps the target).

    Anything else is left to the next handler (it is likely more detail for the ticket) and
    the offer stays open; an offer that no longer makes sense is withdrawn silently.
    """
    if conversation.state != OFFER_STATE:
        return False
    now = utcnow()
    ticket = _offered_ticket(session, conversation)
    if (
        ticket is None
        or ticket.status != "open"
        or ticket.first_response_at is not None
        or ticket.paging
        or rt.calendar.is_open(now)
    ):
        _clear_offer(conversation)
        return False
    text = inbound.body.strip()
    if is_clear_yes(text):
        accepted = True
    elif is_no(text):
        accepted = False
    else:
        return False
    conversation.channel = inbound.channel
    conversation.last_inbound_at = now
    _clear_offer(conversation)
    record.ticket_id = ticket.id
    locale = locale_for(conversation.language, conversation.phone, rt.config.helpdesk.holidays)
    if accepted:
        add_event(session, ticket, "overtime_accepted", conversation.phone, text[:200])
        paging.start(rt, session, ticket, reason="after hours: customer accepted overtime rates")
        due = promised(rt, ticket, locale)
        reply(
            rt, session, conversation, OVERTIME_PAGED, ticket_id=ticket.id, ref=ticket.ref, due=due
        )
    else:
        add_event(session, ticket, "overtime_declined", conversation.phone, text[:200])
        due = promised(rt, ticket, locale)
        reply(
            rt,
            session,
            conversation,
            OVERTIME_DECLINED,
            ticket_id=ticket.id,
            ref=ticket.ref,
            due=due,
        )
    return True
