"""E-mails to customers: the ticket confirmation when a ticket is filed and the work
report when it is resolved, in plain text and HTML, in the customer's language, with the
reference in the subject. They go to the address the customer gave (or the directory's
address of the contact) through the mail outbox (``bot.messaging.mail``), in the same
transaction as the ticket change; without ``SMTP_URL`` nothing is written.

Every sentence is an English source string declared here with ``N_`` and translated in
``bot/core/locales/*/LC_MESSAGES/mail.po``; the boot check proves the catalogs complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.core.i18n import N_, local_time, translate
from bot.tickets import notifications as note
from bot.tickets.targets import promise
from storage.db import utcnow
from storage.models import Contact, Email, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

TEMPLATES = Path(__file__).resolve().parent / "templates"

SUBJECT_RECEIVED = N_("[{ref}] We have received your request")
SUBJECT_RESOLVED = N_("[{ref}] Resolved: work report")
GREETING = N_("Dear {name},")
GREETING_NO_NAME = N_("Hello,")
RECEIVED_INTRO = N_(
    "Thank you for contacting {helpdesk}. Your request is registered as ticket {ref}."
)
LABEL_REFERENCE = N_("Reference")
LABEL_COMPANY = N_("Company")
LABEL_CONTACT = N_("Contact")
LABEL_PHONE = N_("Phone")
LABEL_PRIORITY = N_("Priority")
LABEL_RESPONSE_BY = N_("Response by")
LABEL_PROBLEM = N_("Problem")
LABEL_ONSITE = N_("Onsite visit")
RECEIVED_NEXT = N_(
    "To add details or photos, write to us on {channel} from the number you used, quoting {ref}."
)
RESOLVED_CONFIRM = N_("Is the problem fixed? Please answer YES or NO to our message on {channel}.")
FOOTER = N_("This message was sent automatically; replies to this address are not read.")

MESSAGES: tuple[str, ...] = (
    SUBJECT_RECEIVED,
    SUBJECT_RESOLVED,
    GREETING,
    GREETING_NO_NAME,
    RECEIVED_INTRO,
    LABEL_REFERENCE,
    LABEL_COMPANY,
    LABEL_CONTACT,
    LABEL_PHONE,
    LABEL_PRIORITY,
    LABEL_RESPONSE_BY,
    LABEL_PROBLEM,
    LABEL_ONSITE,
    RECEIVED_NEXT,
    RESOLVED_CONFIRM,
    FOOTER,
)
CHANNEL_NAMES = {"whatsapp": "WhatsApp", "sms": "SMS"}


@dataclass(frozen=True)
class Letter:
    """One e-mail's content, already translated; rendered as text and as HTML."""

    language: str
    subject: str
    greeting: str
    paragraphs: list[str]
    facts: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    signature: str = ""
    footer: str = ""

    def text(self) -> str:
        blocks = [self.greeting, *self.paragraphs]
        if self.facts:
            width = max(len(label) for label, _ in self.facts) + 1
            blocks.append(
                "\n".join(f"{label + ':':<{width}} {value}" for label, value in self.facts)
            )
        if self.items:
            blocks.append("\n".join(self.items))
        blocks.extend(self.closing)
        blocks.append(self.signature)
        blocks.append(f"-- \n{self.footer}")
        return "\n\n".join(b for b in blocks if b) + "\n"

    def html(self) -> str:
        return _templates().get_template("email.html").render(letter=self)


@cache
def _templates() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def address_of(session: Session, ticket: Ticket) -> str | None:
    """The address the customer gave, else the directory's address of the contact."""
    if ticket.email:
        return ticket.email
    return session.scalar(
        select(Contact.email)
        .where(
            Contact.email.is_not(None),
            or_(Contact.phone == ticket.contact_phone, Contact.phone == ticket.customer_phone),
        )
        .limit(1)
    )


def _greeting(language: str, ticket: Ticket) -> str:
    if ticket.contact_name:
        return translate(language, GREETING, name=ticket.contact_name)
    return translate(language, GREETING_NO_NAME)


def _channel(session: Session, ticket: Ticket) -> str:
    conversation = note.customer_conversation(session, ticket)
    channel = (conversation.channel if conversation else None) or ticket.channel
    return CHANNEL_NAMES.get(channel, channel)


def confirmation_letter(rt: Runtime, session: Session, ticket: Ticket) -> Letter:
    language = note.customer_language(session, ticket)
    helpdesk = rt.config.helpdesk.name

    def t(message: str, **values: object) -> str:
        return translate(language, message, **values)

    facts = [
        (t(LABEL_REFERENCE), ticket.ref),
        (t(LABEL_COMPANY), ticket.company_name),
        (t(LABEL_CONTACT), ticket.contact_name),
        (t(LABEL_PHONE), ticket.contact_phone),
        (t(LABEL_PRIORITY), t(ticket.priority)),
    ]
    promised = promise(ticket, utcnow()).due  # the one promise, as every message states it
    if promised is not None:
        due = local_time(promised, rt.config.zone, language)
        facts.append((t(LABEL_RESPONSE_BY), due))
    facts.append((t(LABEL_PROBLEM), ticket.description))
    if ticket.onsite_requested:
        facts.append((t(LABEL_ONSITE), ticket.onsite_reason or "✓"))
    return Letter(
        language=language,
        subject=t(SUBJECT_RECEIVED, ref=ticket.ref),
        greeting=_greeting(language, ticket),
        paragraphs=[t(RECEIVED_INTRO, helpdesk=helpdesk, ref=ticket.ref)],
        facts=facts,
        closing=[t(RECEIVED_NEXT, channel=_channel(session, ticket), ref=ticket.ref)],
        signature=helpdesk,
        footer=t(FOOTER),
    )


def work_report_letter(
    rt: Runtime,
    session: Session,
    ticket: Ticket,
    technician: str,
    text: str,
    report: list[str],
) -> Letter:
    """``report``: the work report's translated lines, as the resolution message has them."""
    language = note.customer_language(session, ticket)

    def t(message: str, **values: object) -> str:
        return translate(language, message, **values)

    paragraphs = [t(note.RESOLVED, ref=ticket.ref, technician=technician)]
    if text:
        paragraphs.append(t(note.RESOLUTION, text=text))
    return Letter(
        language=language,
        subject=t(SUBJECT_RESOLVED, ref=ticket.ref),
        greeting=_greeting(language, ticket),
        paragraphs=paragraphs,
        items=report,
        closing=[t(RESOLVED_CONFIRM, channel=_channel(session, ticket))],
        signature=rt.config.helpdesk.name,
        footer=t(FOOTER),
    )


def _queue(
    rt: Runtime, session: Session, ticket: Ticket, kind: str, letter: Letter
) -> Email | None:
    to = address_of(session, ticket)
    if not to:
        return None
    return rt.mailer.queue(
        session,
        to=to,
        subject=letter.subject,
        text=letter.text(),
        html=letter.html(),
        language=letter.language,
        kind=kind,
        ticket_id=ticket.id,
    )


def send_confirmation(rt: Runtime, session: Session, ticket: Ticket) -> Email | None:
    """Queue the ticket confirmation when the customer has an address and mail is on."""
    if not rt.mailer.enabled:
        return None
    return _queue(rt, session, ticket, "confirmation", confirmation_letter(rt, session, ticket))


def send_work_report(
    rt: Runtime, session: Session, ticket: Ticket, technician: str, text: str, report: list[str]
) -> Email | None:
    """Queue the resolution with its work report when the customer has an address."""
    if not rt.mailer.enabled:
        return None
    letter = work_report_letter(rt, session, ticket, technician, text, report)
    return _queue(rt, session, ticket, "work_report", letter)
