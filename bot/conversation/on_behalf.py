"""Opening a ticket on a customer's behalf (``POST /api/tickets``): the fields arrive
complete, so the intake's questions are skipped, but the ticket is filed exactly as an
intake files it (``filing.file_ticket``): the same response target, assignment,
after-hours paging, and the same confirmation to the customer in their language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import filing
from bot.core.states import ConversationState
from bot.messaging.inbound import lock_conversation
from storage.models import Contact, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime


class CustomerBusy(Exception):
    """The customer is in the middle of a conversation that filing would cut short."""


class CompanyUnknown(Exception):
    """No company was given and the directory does not know the contact's number."""


@dataclass(frozen=True)
class Request:
    contact_phone: str
    description: str
    company: str | None = None
    contact_name: str | None = None
    customer_phone: str | None = None  # the number we write to; default contact_phone
    email: str | None = None
    priority: str | None = None  # default: the triage of the description
    channel: str | None = None  # default: the customer's last channel, else sms
    language: str | None = None  # default: the customer's language, else the desk's first
    impact: str | None = None
    onsite_requested: bool = False
    onsite_reason: str | None = None


def open_ticket(rt: Runtime, session: Session, request: Request, actor: str) -> Ticket:
    """File the ticket and tell the customer; raises :class:`CustomerBusy` or
    :class:`CompanyUnknown` (nothing changed)."""
    phone = request.customer_phone or request.contact_phone
    known = session.scalars(select(Contact).where(Contact.phone == request.contact_phone)).first()
    company = request.company or (known.company.name if known else None)
    if not company:
        raise CompanyUnknown(request.contact_phone)
    conversation = lock_conversation(session, phone, request.channel or "sms")
    if conversation.state != ConversationState.IDLE:
        raise CustomerBusy(conversation.state)
    if request.channel:
        conversation.channel = request.channel
    if request.language:
        conversation.language = request.language
    elif conversation.last_inbound_at is None:
        conversation.language = rt.config.helpdesk.languages[0]
    slots = {
        "company": company,
        "contact_name": request.contact_name or (known.name if known else None),
        "contact_phone": request.contact_phone,
        "email": request.email or (known.email if known else None),
        "description": request.description,
        "priority": request.priority,
        "impact_text": request.impact,
        "onsite_requested": request.onsite_requested,
        "onsite_reason": request.onsite_reason,
    }
    conversation.slots = {key: value for key, value in slots.items() if value}
    return filing.file_ticket(rt, session, conversation, actor=actor)
