"""Who a data-subject request is about, and which rows hold their data.

A request names one phone number or e-mail address. The person's other identifiers are
found from what we hold: a directory contact or a ticket on which they are the contact
links their number, e-mail address and name. A colleague who reported a ticket for them
is not them: on such a ticket only the contact's fields are theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, Text, cast, false, func, or_, select
from sqlalchemy.orm import Session

from bot.core.config import Config
from bot.core.phones import PhoneError, to_e164
from storage.models import Contact, Conversation, Message, Ticket

PSEUDONYM_PREFIX = "anon-"
_EXPANSION_ROUNDS = 3  # contact -> tickets -> their other numbers; the chain is short


class IdentifierError(ValueError):
    """Not a phone number or an e-mail address; safe to show."""


@dataclass(frozen=True)
class Identifier:
    kind: str  # phone | email
    value: str  # E.164, or the lower-cased address


def parse_identifier(raw: str) -> Identifier:
    """``+27831112222`` or ``jane@acme.example``; anything else is refused."""
    text = (raw or "").strip()
    if "@" in text:
        try:
            address = validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise IdentifierError(f"{raw!r} is not an e-mail address: {exc}") from exc
        return Identifier("email", address.lower())
    if text and not text.startswith("+") and text.isdigit():
        text = "+" + text
    try:
        return Identifier("phone", to_e164(text))
    except PhoneError as exc:
        raise IdentifierError(
            f"{raw!r} is neither an E.164 phone number (e.g. +27831112222) nor an e-mail address"
        ) from exc


def is_pseudonym(value: str | None) -> bool:
    return bool(value) and str(value).startswith(PSEUDONYM_PREFIX)


@dataclass
class Subject:
    """Everything that identifies one person in our data."""

    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)  # lower case
    names: set[str] = field(default_factory=set)

    def size(self) -> int:
        return len(self.phones) + len(self.emails) + len(self.names)

    def add_name(self, name: str | None) -> None:
        if name and len(name.strip()) >= 3 and not is_pseudonym(name):
            self.names.add(" ".join(name.split()))

    def add_email(self, email: str | None) -> None:
        if email and not is_pseudonym(email):
            self.emails.add(email.strip().lower())

    def add_phone(self, phone: str | None, staff: set[str]) -> None:
        if phone and not is_pseudonym(phone) and phone not in staff:
            self.phones.add(phone)

    def national_numbers(self) -> list[str]:
        """The digits after the country code: what every written form of a number shares."""
        found = []
        for phone in sorted(self.phones):
            try:
                parsed = phonenumbers.parse(phone)
            except phonenumbers.NumberParseException:
                continue
            found.append(phonenumbers.national_significant_number(parsed))
        return found

    def search_terms(self) -> list[str]:
        """Substrings that reveal a mention (for a cheap database pre-filter)."""
        return sorted({*self.national_numbers(), *self.emails, *self.names})

    # Row selectors -------------------------------------------------------------------

    def is_contact(self, ticket: Ticket) -> bool:
        return ticket.contact_phone in self.phones or (
            bool(ticket.email) and ticket.email.lower() in self.emails
        )

    def tickets(self) -> Select[tuple[Ticket]]:
        """Tickets they opened or are the contact of."""
        return select(Ticket).where(
            or_(
                Ticket.customer_phone.in_(self.phones),
                Ticket.contact_phone.in_(self.phones),
                func.lower(Ticket.email).in_(self.emails),
            )
        )

    def contacts(self) -> Select[tuple[Contact]]:
        return select(Contact).where(
            or_(Contact.phone.in_(self.phones), func.lower(Contact.email).in_(self.emails))
        )

    def conversations(self) -> Select[tuple[Conversation]]:
        return select(Conversation).where(Conversation.phone.in_(self.phones))

    def conversations_naming_their_email(self) -> Select[tuple[Conversation]]:
        """Intakes in progress that gathered one of their addresses (a pre-filter)."""
        slots = cast(Conversation.slots, Text)
        return select(Conversation).where(
            or_(false(), *(slots.icontains(email, autoescape=True) for email in self.emails))
        )

    def messages(self) -> Select[tuple[Message]]:
        """Messages from or to them."""
        return select(Message).where(Message.peer.in_(self.phones))


def find_subject(session: Session, config: Config, identifier: Identifier) -> Subject:
    """The person behind ``identifier``, with every identifier our rows link to it.
    Staff numbers are never taken in: a technician is not the customer they served."""
    staff = config.staff_phones
    subject = Subject()
    if identifier.kind == "phone":
        subject.add_phone(identifier.value, staff)
    else:
        subject.add_email(identifier.value)
    for _ in range(_EXPANSION_ROUNDS):
        before = subject.size()
        for contact in session.scalars(subject.contacts()):
            subject.add_phone(contact.phone, staff)
            subject.add_email(contact.email)
            subject.add_name(contact.name)
        for ticket in session.scalars(subject.tickets()):
            if subject.is_contact(ticket) or ticket.contact_phone == ticket.customer_phone:
                subject.add_phone(ticket.contact_phone, staff)
                subject.add_email(ticket.email)
                subject.add_name(ticket.contact_name)
        for conversation in session.scalars(subject.conversations_naming_their_email()):
            slots = conversation.slots or {}
            about_writer = slots.get("contact_phone") in (None, "", conversation.phone)
            if about_writer and (slots.get("email") or "").lower() in subject.emails:
                subject.add_phone(conversation.phone, staff)
        for conversation in session.scalars(subject.conversations()):
            subject.add_name(conversation.profile_name)
            slots = conversation.slots or {}
            if slots.get("contact_phone") in (None, "", conversation.phone):
                subject.add_name(slots.get("contact_name"))
                subject.add_email(slots.get("email"))
        if subject.size() == before:
            break
    return subject
