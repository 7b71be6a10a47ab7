"""What a customer can ask outside the intake (docs/reference.md, SMS language): the status of
their own tickets, escalation, adding details or photos, help, a person, and
STOP/START on SMS. A ticket is only ever shown to the number that opened it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.i18n import N_, NP_, local_time, translate, translate_plural
from bot.core.text import shorten
from bot.directory import people
from bot.messaging import media
from bot.messaging.inbound import Inbound
from bot.runtime import Runtime
from bot.tickets import notifications, resolution
from bot.tickets.records import OPEN_STATUSES, add_event, parse_ref
from bot.tickets.replies import reply
from bot.tickets.targets import promise
from storage.db import utcnow
from storage.models import Conversation, MediaFile, Message, Ticket

STATUS_HEADER = NP_("You have {n} open ticket:", "You have {n} open tickets:")
STATUS_LINE = N_("{ref}: {summary} ({status}, {priority} priority, response by {due})")
STATUS_NONE = N_("You have no open tickets. Describe a problem here to open one.")
NOT_YOURS = N_("I cannot find ticket {ref} for this number. Please check the reference.")
ESCALATE_HOW = N_("Please send the ticket reference, for example: ESCALATE {example}.")
ESCALATED = N_(
    "I have escalated {ref} to our help desk manager, who will contact you as soon as possible."
)
ESCALATE_CLOSED = N_("Ticket {ref} is already closed. Describe the problem to open a new one.")
ADDED = N_("Thank you, I have added this to your ticket {ref}. The technician has been told.")
WELCOME = N_("You're welcome! Write any time if you need help.")
NOTED = N_("OK. Your ticket {ref} is in hand; write here if anything changes.")
PERSON = N_("I have asked a colleague to contact you on {phone} as soon as possible.")
OPTED_IN = N_("You will receive messages from {helpdesk} again. Reply STOP to opt out.")
AMBIGUOUS = N_(
    "Is this about your open ticket {ref} ({summary})? Reply YES to add it there, or NEW to "
    "open a new ticket."
)
MEDIA_REFUSED = N_(
    "I could not accept {count} of your attachments: we take photos, voice notes, videos and "
    "PDF files up to {limit}. Please send it in one of those forms, or describe it in words."
)
CANCELLED_TICKET = N_(
    "Ticket {ref} is cancelled, as you asked. If the problem comes back, just write to us."
)
STATUS_NAMES = (
    N_("open"),
    N_("acknowledged"),
    N_("in_progress"),
    N_("waiting_customer"),
    N_("scheduled"),
    N_("resolved"),
    N_("closed"),
)
MESSAGES = (
    STATUS_HEADER,
    STATUS_LINE,
    STATUS_NONE,
    NOT_YOURS,
    ESCALATE_HOW,
    ESCALATED,
    ESCALATE_CLOSED,
    ADDED,
    WELCOME,
    PERSON,
    OPTED_IN,
    AMBIGUOUS,
    MEDIA_REFUSED,
    CANCELLED_TICKET,
    *STATUS_NAMES,
)


def own_tickets(session: Session, phone: str, open_only: bool = True) -> list[Ticket]:
    query = select(Ticket).where(Ticket.customer_phone == phone).order_by(Ticket.id.desc())
    if open_only:
        query = query.where(Ticket.status.in_(OPEN_STATUSES))
    return list(session.scalars(query))


def own_ticket(rt: Runtime, session: Session, phone: str, ref_text: str) -> Ticket | None:
    """The ticket named by ``ref_text`` if, and only if, this number opened it."""
    number = parse_ref(ref_text, rt.config.helpdesk.ticket_prefix)
    if number is None:
        return None
    return session.scalars(
        select(Ticket).where(Ticket.number == number, Ticket.customer_phone == phone)
    ).first()


def send_status(rt: Runtime, session: Session, conversation: Conversation, ref: str | None) -> None:

    lang = conversation.language
    if ref:
        ticket = own_ticket(rt, session, conversation.phone, ref)
        if ticket is None:
            reply(rt, session, conversation, NOT_YOURS, ref=ref.upper())
            return
        tickets = [ticket]
    else:
        tickets = own_tickets(session, conversation.phone)
    if not tickets:
        reply(rt, session, conversation, STATUS_NONE)
        return
    locale = notifications.conversation_locale(rt, conversation)
    # One named ticket needs no count: its line says it all.
    lines = [] if ref else [translate_plural(lang, STATUS_HEADER, len(tickets))]
    for ticket in tickets:
        promised = promise(ticket, utcnow()).due
        due = local_time(promised, rt.config.zone, locale) if promised else "-"
        lines.append(
            translate(
                lang,
                STATUS_LINE,
                ref=ticket.ref,
                summary=shorten(ticket.description, 60),
                status=translate(lang, ticket.status),
                priority=translate(lang, ticket.priority),
                due=due,
            )
        )
    rt.outbox.queue(
        session,
        channel=conversation.channel,
        to=conversation.phone,
        body="\n".join(lines),
        ticket_id=tickets[0].id if len(tickets) == 1 else None,
    )


def escalate(rt: Runtime, session: Session, conversation: Conversation, ref: str | None) -> None:
    if not ref:
        own = own_tickets(session, conversation.phone)
        example = own[0].ref if own else f"{rt.config.helpdesk.ticket_prefix}-1042"
        reply(rt, session, conversation, ESCALATE_HOW, example=example)
        return
    ticket = own_ticket(rt, session, conversation.phone, ref)
    if ticket is None:
        reply(rt, session, conversation, NOT_YOURS, ref=ref.upper())
        return
    if ticket.status == "closed":
        reply(rt, session, conversation, ESCALATE_CLOSED, ref=ticket.ref)
        return
    add_event(
        session, ticket, "customer_escalation", conversation.phone, "escalated by the customer"
    )
    phones = people.managers(rt.config)
    if ticket.assignee is not None:
        phones.insert(0, ticket.assignee.phone)
    notifications.tell_staff(
        rt,
        session,
        list(dict.fromkeys(phones)),
        f"{ticket.ref} ESCALATED by the customer ({ticket.company_name}, {ticket.contact_name}, "
        f"{ticket.contact_phone}), {ticket.priority}: {shorten(ticket.description, 120)}",
        ticket,
    )
    reply(rt, session, conversation, ESCALATED, ticket_id=ticket.id, ref=ticket.ref)


def add_to_ticket(
    rt: Runtime,
    session: Session,
    conversation: Conversation,
    ticket: Ticket,
    inbound: Inbound,
    record: Message,
    text: str | None = None,
) -> None:
    record.ticket_id = ticket.id
    body = (text if text is not None else inbound.body).strip()
    links = attach_media(rt, session, ticket, conversation.phone, media_ids(inbound.media))
    if body:
        add_event(session, ticket, "customer_message", conversation.phone, body)
    relayed = body + ("\n" if body and links else "") + "\n".join(links)
    notifications.customer_followup(rt, session, ticket, relayed)
    reply(rt, session, conversation, ADDED, ticket_id=ticket.id, ref=ticket.ref)


def media_ids(media: list[dict[str, object]]) -> list[int]:
    """The ids of an inbound message's files kept by the router (``bot.messaging.media``)."""
    return [int(str(m["id"])) for m in media if m.get("id") is not None]


def attach_media(
    rt: Runtime, session: Session, ticket: Ticket, actor: str, ids: list[int]
) -> list[str]:
    """Keep the files with the ticket (an event each) and return signed links for staff."""
    if not ids:
        return []
    files = list(
        session.scalars(select(MediaFile).where(MediaFile.id.in_(ids)).order_by(MediaFile.id))
    )
    links = []
    for file in files:
        file.ticket_id = ticket.id
        add_event(
            session,
            ticket,
            "customer_media",
            actor,
            f"media {file.id}: {media.label(file.content_type, file.size)}",
        )
        link = media.signed_link(rt.settings, rt.config.media, file.id)
        links.append(f"{media.label(file.content_type, file.size)}: {link}")
    return links


def refuse_media(rt: Runtime, session: Session, conversation: Conversation, count: int) -> None:
    size = rt.config.media.max_bytes
    limit = f"{size / 1048576:.3g} MB" if size >= 1048576 else f"{size // 1024} KB"
    reply(rt, session, conversation, MEDIA_REFUSED, count=count, limit=limit)


def cancel_ticket(
    rt: Runtime, session: Session, conversation: Conversation, ticket: Ticket
) -> None:
    """The customer withdraws an open ticket: closed as cancelled, paging stops (the paged
    are told why), the assignee hears it."""
    record_cancel = "cancelled by the customer"
    resolution.close(rt, session, ticket, conversation.phone, record_cancel)
    if ticket.assignee is not None:
        notifications.tell_staff(
            rt,
            session,
            [ticket.assignee.phone],
            f"{ticket.ref} was cancelled by the customer ({ticket.contact_name}).",
            ticket,
            summary="cancelled by the customer",
        )
    reply(rt, session, conversation, CANCELLED_TICKET, ticket_id=ticket.id, ref=ticket.ref)


def ask_for_person(rt: Runtime, session: Session, conversation: Conversation, why: str) -> None:
    slots = conversation.slots or {}
    details = ", ".join(f"{k}: {v}" for k, v in slots.items() if not k.startswith("_") and v)
    notifications.tell_staff_about_sender(
        rt,
        session,
        people.managers(rt.config),
        f"Customer {conversation.phone} ({conversation.channel}) needs a person: {why}. "
        + (f"So far: {details}" if details else ""),
        sender=conversation.phone,
        kind="needs_person",
    )
    reply(rt, session, conversation, PERSON, phone=conversation.phone)


def opt_out(conversation: Conversation) -> None:
    """STOP on SMS: Twilio confirms it to the customer; we send nothing more until START."""
    conversation.opted_out = True


def opt_in(rt: Runtime, session: Session, conversation: Conversation) -> None:
    conversation.opted_out = False
    reply(rt, session, conversation, OPTED_IN, helpdesk=rt.config.helpdesk.name)
