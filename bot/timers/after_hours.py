"""What happens when a ticket is opened outside office hours (``[priorities.*] after_hours``).

A ticket whose priority says ``after_hours = "page"``, or whose company has a 24x7
contract, pages the on-call engineer at once, and the customer is told by when to expect
contact: the ticket's ``response_due`` for 24x7 contracts (already wall-clock time), and
for other paged tickets the priority's response target counted in wall-clock time from now
(the engineer works at night, so office hours do not stretch the promise).

Every other after-hours ticket waits for the next opening, and the customer is told its
``response_due``. Customers without a contract are also offered to have the on-call
engineer called now at overtime rates; the conversation then waits for that answer
(``state="overtime_offer"``, ``awaiting="confirm"``) and a YES pages exactly like above.
The offer lapses by itself once the desk opens or somebody responded to the ticket.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.i18n import N_, local_time, locale_for
from bot.core.states import ConversationState
from bot.core.vocab import is_clear_yes, is_no
from bot.messaging.inbound import Inbound
from bot.tickets.records import add_event
from bot.tickets.replies import reply
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


def contact_by(rt: Runtime, ticket: Ticket, paged_at: datetime) -> datetime:
    """The promise made to a paged customer: the 24x7 due time, else target in wall-clock time."""
    if ticket.contract and ticket.support == "24x7" and ticket.response_due is not None:
        return ticket.response_due
    priority = rt.config.priorities.get(ticket.priority)
    if priority is None:
        return ticket.response_due or paged_at
    return paged_at + priority.response


def ticket_created(
    rt: Runtime, session: Session, conversation: Conversation | None, ticket: Ticket
) -> None:
    """Page on-call, or tell the customer when to expect a response (and offer overtime)."""
    if not ticket.after_hours:
        return
    now = utcnow()
    language = conversation.language if conversation is not None else ticket.language
    locale = locale_for(language, ticket.customer_phone, rt.config.helpdesk.holidays)
    if should_page(rt, ticket):
        reason = (
            "after hours: 24x7 contract"
            if ticket.contract and ticket.support == "24x7"
            else f"after hours: {ticket.priority} priority pages on-call"
        )
        paged = paging.start(rt, session, ticket, reason=reason) is not None or ticket.paging
        if paged:
            if conversation is not None:
                due = local_time(contact_by(rt, ticket, now), rt.config.zone, locale)
                reply(
                    rt, session, conversation, PAGED, ticket_id=ticket.id, ref=ticket.ref, due=due
                )
            return
        # Nobody could be paged (no rotation, escalation or manager): promise only the target.
    if conversation is None or ticket.response_due is None:
        return
    due = local_time(ticket.response_due, rt.config.zone, locale)
    if ticket.contract:
        reply(rt, session, conversation, NEXT_OPENING, ticket_id=ticket.id, ref=ticket.ref, due=due)
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
        due = local_time(contact_by(rt, ticket, now), rt.config.zone, locale)
        reply(
            rt, session, conversation, OVERTIME_PAGED, ticket_id=ticket.id, ref=ticket.ref, due=due
        )
    else:
        add_event(session, ticket, "overtime_declined", conversation.phone, text[:200])
        due = local_time(ticket.response_due or now, rt.config.zone, locale)
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
