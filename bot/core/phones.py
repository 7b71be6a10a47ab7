"""Phone numbers: everything inside deskbot is E.164; channels only decorate it (``whatsapp:``)."""

from __future__ import annotations

import re

import phonenumbers

WHATSAPP_PREFIX = "whatsapp:"
_E164 = re.compile(r"\+[1-9]\d{6,14}")


class PhoneError(ValueError):
    """A number that is not a valid phone number."""


def to_e164(text: str, default_region: str | None = None) -> str:
    """Normalise a number as a person writes it; national forms need ``default_region``."""
    raw = text.strip()
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"{text!r} is not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise PhoneError(f"{text!r} is not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def sender_e164(text: str) -> str:
    """A sender as Twilio writes it: E.164 exactly, no extension, in the canonical form
    ``phonenumbers`` writes. Anything looser could be normalised into someone else's number
    (staff's, say): ``+27821234567;ext=9`` or ``+270821234567`` are refused, not repaired.

    A well-formed number that ``phonenumbers`` calls possible but not assigned (a new range,
    the UK's 07700 900xxx) is a customer's message all the same: refusing it would lose the
    message. Written exactly as it came, it can only ever match itself, never staff's."""
    raw = text.strip()
    if not _E164.fullmatch(raw):
        raise PhoneError(f"{text!r} is not an E.164 number (a + and 7 to 15 digits)")
    number = phonenumbers.parse(raw)
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if formatted != raw or not phonenumbers.is_possible_number(number):
        raise PhoneError(f"{text!r} is not a valid phone number")
    return raw


def is_e164(text: str) -> bool:
    """True when ``text`` is already a valid number in E.164 form."""
    try:
        return to_e164(text) == text
    except PhoneError:
        return False


def region_of(e164: str) -> str | None:
    """The ISO country of a number, used to read national numbers the customer types."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    # A number outside every allocated range (a reserved or brand-new one) still has a
    # country code: its main region reads the customer's national numbers.
    region = phonenumbers.region_code_for_number(number)
    main = phonenumbers.region_code_for_country_code(number.country_code)
    return region or (main if main != phonenumbers.UNKNOWN_REGION else None)


def split_address(address: str) -> tuple[str, str]:
    """Twilio's ``From``/``To`` as ``(channel, e164)``: ``whatsapp:+27…`` is WhatsApp, else SMS."""
    if address.startswith(WHATSAPP_PREFIX):
        return "whatsapp", address[len(WHATSAPP_PREFIX) :]
    return "sms", address


def channel_address(channel: str, e164: str) -> str:
    """The Twilio address of a number on a channel."""
    return f"{WHATSAPP_PREFIX}{e164}" if channel == "whatsapp" else e164
