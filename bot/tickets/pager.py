"""The one place where a page is sent, taken and stopped.

The escalation timer (``bot.timers.paging``) decides *when* to page whom; the actions on a
ticket (``ack``, a reply, a status or priority change, resolve, close, a customer's
cancel) decide that paging is over. Both come here, so that everyone who was paged is
told why it stopped and who took it, and every page and its outcome is a ticket event
(``page``, ``paging_stopped``). Hooks for other channels (webhooks, metrics) belong here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.core.durations import format_duration
from bot.core.i18n import N_, Text, When, lazy, lazy_lines, render
from bot.core.text import shorten
from bot.directory import people
from bot.tickets.assignment import RESPOND_BY
from bot.tickets.notifications import staff_time
from bot.tickets.records import add_event
from bot.tickets.targets import promise
from storage.db import utcnow
from storage.models import Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
ACTOR = "deskbot"
PAGE_EVENT = "page"
STOPPED_EVENT = "paging_stopped"


def summary(ticket: Ticket, limit: int = 120) -> str:
    return shorten(ticket.description, limit)


PAGE_HEAD = N_("PAGE {ref} [{priority}] {company}: {summary}")
PAGE_CUSTOMER = N_("Customer: {name} {phone}")
PAGE_REPEAT = N_("Repeat page: still not acknowledged (every {timeout}).")
PAGE_ESCALATED = N_("Escalated to you (level {level}): not acknowledged within {timeout}.")
PAGE_REPLY = N_("Reply ACK (or 4) to acknowledge and stop paging.")


def page_text(rt: Runtime, ticket: Ticket, level: int, repeat: bool, language: str = "en") -> str:
    """The SMS page in the paged person's ``language``: everything needed to call the
    customer, and the response time promised to them."""
    due = promise(ticket, utcnow()).due
    lines: list[str | Text] = [
        lazy(
            PAGE_HEAD,
            ref=ticket.ref,
            priority=ticket.priority,
            company=ticket.company_name,
            summary=summary(ticket),
        ),
        lazy(PAGE_CUSTOMER, name=ticket.contact_name, phone=ticket.contact_phone),
        lazy(RESPOND_BY, due=When(due, rt.config.zone) if due else "-"),
    ]
    timeout = format_duration(rt.config.oncall.ack_timeout)
    if repeat:
        lines.append(lazy(PAGE_REPEAT, timeout=timeout))
    elif level > 0:
        lines.append(lazy(PAGE_ESCALATED, level=level, timeout=timeout))
    lines.append(lazy(PAGE_REPLY))
    return lazy_lines(*lines).render(language)


def send_page(
    rt: Runtime, session: Session, ticket: Ticket, phone: str, level: int, repeat: bool
) -> None:
    """Queue one page SMS and remember who was paged (they hear how it ends)."""
    rt.outbox.queue(
        session,
        channel="sms",
        to=phone,
        body=page_text(rt, ticket, level, repeat, rt.config.staff_language(phone)),
        ticket_id=ticket.id,
    )
    if phone not in (ticket.paged_phones or []):
        ticket.paged_phones = [*(ticket.paged_phones or []), phone]
    who = people.describe(rt.config, phone)
    add_event(
        session,
        ticket,
        PAGE_EVENT,
        ACTOR,
        f"level {level}: {who}" + (" (repeat)" if repeat else ""),
    )


PAGING_STOPPED = N_("PAGING STOPPED {ref} [{priority}] {company}: {why}.")
TAKEN = N_("{how} by {name} at {at}; no need to act")
# Why a page stopped, as the people it woke read it.
ACKNOWLEDGED = N_("acknowledged")
REPLIED = N_("answered the customer")
STATUS_SET = N_("status set to {status}")
RESOLVED_BY = N_("resolved by {name}")
CLOSED = N_("closed: {text}")
LOWERED = N_("priority lowered to {priority} by {name}: next business day")
ANSWERED = N_("answered")
TICKET_IS = N_("ticket is {status}")
NOBODY = N_("nobody is configured to be paged")


def stop(
    rt: Runtime,
    session: Session,
    ticket: Ticket,
    why: str | Text,
    *,
    actor: str = ACTOR,
    by_phone: str | None = None,
) -> bool:
    """End the paging of ``ticket`` and tell everyone paged about it (except ``by_phone``,
    who ended it). False, and nobody told, when it was not paging."""
    if not ticket.paging:
        return False
    ticket.paging = False
    ticket.next_page_at = None
    add_event(session, ticket, STOPPED_EVENT, actor, render(why, "en"))
    others = [p for p in (ticket.paged_phones or []) if p != by_phone]
    text = lazy(
        PAGING_STOPPED,
        ref=ticket.ref,
        priority=ticket.priority,
        company=ticket.company_name,
        why=why,
    )
    for phone in others:  # urgent by nature: these people were woken up by the page
        body = render(text, rt.config.staff_language(phone))
        rt.outbox.queue(session, channel="sms", to=phone, body=body, ticket_id=ticket.id)
    log.info("paging stopped", extra={"ticket": ticket.ref, "why": render(why, "en")})
    return True


def taken(
    rt: Runtime, session: Session, ticket: Ticket, name: str, phone: str, how: str | Text
) -> bool:
    """Somebody responded (``how``: "acknowledged", "replied to the customer", ...):
    paging stops and the others paged hear who took it."""
    at = staff_time(rt, utcnow())
    return stop(
        rt,
        session,
        ticket,
        lazy(TAKEN, how=how, name=name, at=at),
        actor=name,
        by_phone=phone,
    )
