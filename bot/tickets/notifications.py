"""Telling people about ticket changes: customers in their language on the channel
they used (through WhatsApp's 24-hour window rules), technicians by SMS.

Every customer-facing sentence of the ticket life cycle is declared here with
``N_`` and translated in ``bot/locales/*/LC_MESSAGES/tickets.po``;
:func:`check_messages` proves the catalogs complete at start-up and in tests.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from babel.dates import format_date, format_time
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.i18n import (
    N_,
    NP_,
    Text,
    When,
    lazy,
    locale_for,
    missing,
    render,
    translate,
    translate_plural,
)
from bot.core.phones import is_e164
from bot.directory import people
from bot.messaging.whatsapp_window import queue_push
from bot.tickets.targets import counts_wall_clock
from storage.db import utcnow
from storage.models import Conversation, Message, NoticeRate, StaffNotice, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

# -- customer-facing messages (English source strings) ---------------------------------------
ACKNOWLEDGED = N_(
    "Your ticket {ref} has been picked up by {technician}, who will contact you soon."
)
IN_PROGRESS = N_("{technician} is now working on your ticket {ref}.")
WAITING = N_(
    "We need more information from you to continue with ticket {ref}. Please reply to this message."
)
SCHEDULING = N_(
    "An onsite visit for your ticket {ref} is being scheduled. We will confirm the date and time."
)
ONSITE_CONFIRMATION = N_(
    "Visit confirmation for ticket {ref}:\n"
    "Date: {date}\nTime: {time}\nReason: {reason}\nExpected duration: {duration}\n"
    "Technician: {technician}"
)
TECHNICIAN_MESSAGE = N_("{technician} about your ticket {ref}:\n{text}")
RESOLVED = N_("Your ticket {ref} has been resolved by {technician}.")
RESOLUTION = N_("Solution: {text}")
WORK_REPORT = N_("Work report (total time {total}):")
WORK_ITEM = N_("- {date}: {duration}, {technician}: {description}")
# Said when no time entry was logged: what it means for the customer, not a reproach.
NO_WORK_LOGGED = N_("No time is charged for this ticket.")
PARTS_USED = N_("Parts used: {parts}")
COVERED_BY_CONTRACT = N_("This work is covered by your support contract.")
CONFIRM_FIXED = N_("Is the problem fixed? Reply YES to close the ticket or NO if it is not.")
CLOSED = N_("Thank you for confirming. Ticket {ref} is now closed.")
REOPENED = N_(
    "We are sorry the problem is not fixed. Ticket {ref} is open again with {priority} "
    "priority; a technician will respond by {due}."
)
AUTO_CLOSED = N_(
    "Ticket {ref} has been closed as we did not hear back from you. "
    "If the problem comes back, just write to us."
)
HOURS = NP_("{n} hour", "{n} hours")
MINUTES = NP_("{n} minute", "{n} minutes")
HOURS_AND_MINUTES = N_("{hours} {minutes}")
PRIORITY_CHANGED = N_(
    "Ticket {ref} now has {priority} priority: a technician will respond by {due}."
)
FREE_RETURN = N_(
    "The return visit after the problem was not solved is free of charge ({minutes} not charged)."
)

MESSAGES: tuple[str, ...] = (
    ACKNOWLEDGED,
    IN_PROGRESS,
    WAITING,
    SCHEDULING,
    ONSITE_CONFIRMATION,
    TECHNICIAN_MESSAGE,
    RESOLVED,
    RESOLUTION,
    WORK_REPORT,
    WORK_ITEM,
    NO_WORK_LOGGED,
    PARTS_USED,
    COVERED_BY_CONTRACT,
    CONFIRM_FIXED,
    CLOSED,
    REOPENED,
    AUTO_CLOSED,
    HOURS,
    MINUTES,
    HOURS_AND_MINUTES,
    PRIORITY_CHANGED,
    FREE_RETURN,
)


class MessagesError(RuntimeError):
    """A catalog lacks a translation of a ticket message; raised at start-up."""


def check_messages(languages: list[str]) -> None:
    """Every ticket message is translated into every configured language."""
    for language in languages:
        untranslated = missing(language, list(MESSAGES))
        if untranslated:
            raise MessagesError(
                f"{len(untranslated)} ticket messages lack a {language} translation: "
                f"{untranslated[0]!r} ..."
            )


# -- formatting -----------------------------------------------------------------------------


def local(rt: Runtime, at: datetime) -> datetime:
    return at.astimezone(rt.config.zone)


def staff_time(rt: Runtime, at: datetime | None) -> str:
    """A time as technicians read it in an SMS: local, short, English."""
    return When(at, rt.config.zone).render("en") if at else "-"


def customer_date(rt: Runtime, at: datetime, locale: str) -> str:
    """A visit's date in full, the customer's locale's way: ``Wednesday, 2 December 2026``."""
    return format_date(local(rt, at), "full", locale=locale)


def customer_time(rt: Runtime, at: datetime, locale: str) -> str:
    """A clock time in the customer's locale: ``10:00`` (``10:00 AM`` in en_US)."""
    return format_time(local(rt, at), "short", locale=locale)


def duration_text(language: str, minutes: int) -> str:
    """A number of minutes in words, each count in its plural form: ``1 hour 30 minutes``,
    ``2 hodiny 5 minut``, ``1 ora e 30 minuti``; whole hours leave the minutes out."""
    hours, rest = divmod(max(minutes, 0), 60)
    if not hours:
        return translate_plural(language, MINUTES, rest)
    hours_text = translate_plural(language, HOURS, hours)
    if not rest:
        return hours_text
    minutes_text = translate_plural(language, MINUTES, rest)
    return translate(language, HOURS_AND_MINUTES, hours=hours_text, minutes=minutes_text)


# -- customers ------------------------------------------------------------------------------


def customer_conversation(session: Session, ticket: Ticket) -> Conversation | None:
    return session.scalars(
        select(Conversation).where(Conversation.phone == ticket.customer_phone)
    ).first()


def customer_language(session: Session, ticket: Ticket) -> str:
    conversation = customer_conversation(session, ticket)
    return (conversation.language if conversation else None) or ticket.language or "en"


def customer_locale(rt: Runtime, session: Session, ticket: Ticket) -> str:
    """The locale the customer's dates follow: their language and their number's country."""
    return locale_for(
        customer_language(session, ticket), ticket.customer_phone, rt.config.helpdesk.holidays
    )


def conversation_locale(rt: Runtime, conversation: Conversation) -> str:
    """The locale of the customer in ``conversation`` (see :func:`customer_locale`)."""
    return locale_for(conversation.language, conversation.phone, rt.config.helpdesk.holidays)


def opted_out(session: Session, ticket: Ticket) -> bool:
    """The customer texted STOP (or Twilio reported the number unsubscribed)."""
    conversation = customer_conversation(session, ticket)
    return conversation is not None and conversation.opted_out


def send_customer_text(rt: Runtime, session: Session, ticket: Ticket, body: str) -> list[Message]:
    """Queue ``body`` (already in the customer's language) on the customer's channel;
    nothing goes to a number that opted out with STOP, nor to a customer who was erased
    (the ticket keeps a pseudonym, not a number)."""
    if not is_e164(ticket.customer_phone):
        log.info("customer erased, push skipped", extra={"ticket": ticket.ref})
        return []
    conversation = customer_conversation(session, ticket)
    if conversation is not None and conversation.opted_out:
        log.info("customer opted out, push skipped", extra={"ticket": ticket.ref})
        return []
    return queue_push(
        rt.outbox,
        rt.config.whatsapp,
        session,
        channel=(conversation.channel if conversation else None) or ticket.channel,
        to=ticket.customer_phone,
        body=body,
        ticket_id=ticket.id,
        last_inbound_at=conversation.last_inbound_at if conversation else None,
    )


def tell_customer(
    rt: Runtime, session: Session, ticket: Ticket, *paragraphs: str, **values: object
) -> list[Message]:
    """Translate each paragraph (English source strings) and push them as one message."""
    language = customer_language(session, ticket)
    body = "\n".join(translate(language, p, **values) for p in paragraphs if p)
    return send_customer_text(rt, session, ticket, body)


# -- technicians ----------------------------------------------------------------------------

# Staff messages: English source strings, rendered in each technician's ``language``.
CUSTOMER_WRITES = N_("{ref} {who} writes:\n{text}\nAnswer: {ref} reply TEXT")
MORE_SINCE = N_("{text} (+{count} more since {when})")


def quiet_hours(rt: Runtime, ticket: Ticket | None, now: datetime | None = None) -> bool:
    """Outside office hours staff get only pages; a 24x7 (or paged) ticket keeps its own
    clock, so what concerns it is said at once."""
    if ticket is not None and counts_wall_clock(ticket):
        return False
    return not rt.calendar.is_open(now or utcnow())


def tell_staff(
    rt: Runtime,
    session: Session,
    phones: Sequence[str],
    text: str | Text,
    ticket: Ticket | None,
    *,
    summary: str | None = None,
    hold: bool | None = None,
) -> None:
    """One SMS to each of ``phones`` (once each, in order), a :class:`Text` in each one's
    ``language``; ``ticket`` makes it the thread their next command applies to.

    During quiet hours (or with ``hold=True``) the notice is held instead, as ``summary``
    (default: its first line), for the morning digest (``bot.tickets.quiet_hours``).
    """
    if isinstance(phones, str):
        raise TypeError("tell_staff takes a list of phones, not one phone")
    held = quiet_hours(rt, ticket) if hold is None else hold
    for phone in dict.fromkeys(phones):
        if held:
            session.add(
                StaffNotice(
                    phone=phone,
                    ticket_id=ticket.id if ticket else None,
                    summary=summary
                    or next(
                        iter(render(text, rt.config.staff_language(phone)).strip().splitlines()),
                        "",
                    ),
                    created_at=utcnow(),
                )
            )
            continue
        body = render(text, rt.config.staff_language(phone))
        rt.outbox.queue(
            session, channel="sms", to=phone, body=body, ticket_id=ticket.id if ticket else None
        )
    if held:
        session.flush()


NOTICE_INTERVAL = timedelta(minutes=10)


def tell_staff_about_sender(
    rt: Runtime,
    session: Session,
    phones: Sequence[str],
    text: str | Text,
    *,
    sender: str,
    kind: str,
    ticket: Ticket | None = None,
    summary: str | None = None,
    every: timedelta = NOTICE_INTERVAL,
) -> bool:
    """:func:`tell_staff`, at most once per ``every`` for one sender and one reason, so a
    stranger cannot text the managers' phones without end. Messages in between are only
    counted (they stay in the message log); the next notice says how many. The caller
    holds the sender's conversation lock, which serialises this per sender."""
    now = utcnow()
    notice = session.get(NoticeRate, (sender, kind), with_for_update=True)
    if notice is not None and now - notice.last_at < every:
        notice.suppressed += 1
        return False
    if notice is not None and notice.suppressed:
        since = When(notice.last_at, rt.config.zone)
        text = lazy(MORE_SINCE, text=text, count=notice.suppressed, when=since)
    if notice is None:
        session.add(NoticeRate(sender=sender, kind=kind, last_at=now, suppressed=0))
    else:
        notice.last_at, notice.suppressed = now, 0
    tell_staff(rt, session, phones, text, ticket, summary=summary)
    return True


def customer_followup(rt: Runtime, session: Session, ticket: Ticket, text: str) -> None:
    """Relay a customer's follow-up on an open ticket to its assignee, with the reference
    first so that their answer threads; an unassigned ticket's follow-up goes to the
    managers, who can assign it."""
    who = f"{ticket.contact_name} ({ticket.company_name})"
    body = lazy(CUSTOMER_WRITES, ref=ticket.ref, who=who, text=text)
    if ticket.assignee is not None:
        recipients = [ticket.assignee.phone]
    elif ticket.paging and ticket.paged_phones:
        recipients = [ticket.paged_phones[-1]]  # whoever is being paged about it now
    else:
        recipients = people.managers(rt.config)
    if not recipients:
        log.warning("follow-up with nobody to tell", extra={"ticket": ticket.ref})
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    summary = f"{who} writes: {first_line[:80]}"
    if ticket.needs_review or not ticket.verified:
        # Someone the desk does not know yet (a hand-over, an unverified claim): their
        # messages stay on the ticket, staff are texted at most every ten minutes.
        tell_staff_about_sender(
            rt,
            session,
            recipients,
            body,
            sender=ticket.customer_phone,
            kind="followup",
            ticket=ticket,
            summary=summary,
        )
        return
    tell_staff(rt, session, recipients, body, ticket, summary=summary)
