"""Who gets a contract's benefits (24x7 targets, free after-hours work, paging at night).

Naming a company is a claim, not a proof: anyone can write "Bob from Acme Ltd". A
ticket's contact is *verified* when the number that writes, or the number given to call
back, is one of the company's directory contacts; when the writer is one of its
``phones``; when the e-mail given is at one of its ``domains``; when staff opened it for
the customer (the write API); or when a manager confirms the claim with ``REF verify``.
Until then the ticket is handled as a non-contract ticket (business-hours target, the
overtime offer after hours) and the technician's SMS says the contact is unverified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.tickets import targets as sla
from storage.db import utcnow
from storage.models import Company, Contact, Ticket, TicketEvent

if TYPE_CHECKING:
    from bot.runtime import Runtime


def is_verified(
    rt: Runtime,
    session: Session,
    company: Company,
    phone: str,
    email: str | None,
    contact_phone: str | None = None,
) -> bool:
    """True when ``phone`` (the number that writes) or ``email`` provably belongs to
    ``company``, or the number to call back is one of its directory contacts (whoever
    calls back reaches the company's own person); a company without a contract has
    nothing to claim, but is answered the same."""
    numbers = {phone, contact_phone or phone}
    contact = session.scalar(
        select(Contact.id).where(Contact.company_id == company.id, Contact.phone.in_(numbers))
    )
    if contact is not None:
        return True
    listed = rt.config.company_named(company.name)
    if listed is None:
        return False
    if phone in listed.phones:
        return True
    domain = (email or "").rpartition("@")[2].strip().lower()
    return bool(domain) and domain in listed.domains


def apply_contract(ticket: Ticket, company: Company, verified: bool) -> None:
    """The ticket's contract and support follow the company only for a verified contact."""
    ticket.verified = verified
    ticket.contract = company.contract and verified
    ticket.support = company.support if ticket.contract else "business_hours"


def claims_contract(ticket: Ticket) -> bool:
    """The ticket names a contract company whose benefits are withheld until verified."""
    return not ticket.verified and ticket.company is not None and ticket.company.contract


def recheck(rt: Runtime, session: Session, ticket: Ticket) -> None:
    """After the ticket's company changed: verify again (a manager's word was for the old one)."""
    if ticket.company is None:
        return
    verified = is_verified(
        rt, session, ticket.company, ticket.customer_phone, ticket.email, ticket.contact_phone
    )
    apply_contract(ticket, ticket.company, verified)
    ticket.response_due = sla.response_due(rt, ticket.priority, ticket.support, ticket.created_at)


def verify(rt: Runtime, session: Session, ticket: Ticket, actor: str) -> bool:
    """A manager confirms the contact belongs to the company; False when it already was."""
    if ticket.verified:
        return False
    if ticket.company is not None:
        apply_contract(ticket, ticket.company, True)
    else:
        ticket.verified = True
    ticket.response_due = sla.response_due(rt, ticket.priority, ticket.support, ticket.created_at)
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            type="verified",
            actor=actor,
            text=f"contact confirmed for {ticket.company_name}",
            at=utcnow(),
        )
    )
    return True
