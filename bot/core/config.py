"""The TOML configuration, validated into typed objects at start-up; every key is listed
in ``docs/reference.md`` (generated from these models and :data:`KEY_MEANINGS`).

Every problem is reported with the file, the key and the reason, so that a bad
file is fixed in one pass instead of one crash at a time.
"""

from __future__ import annotations

import re
import tomllib
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.core.durations import DurationError, parse_duration
from bot.core.integrations import ApiToken, Webhook, unique_names
from bot.core.phones import is_e164

# Packaged beside this module (config/example.toml links here), so any install finds it.
EXAMPLE_CONFIG = Path(__file__).resolve().parent / "example.toml"
SUPPORTED_LANGUAGES = ("en", "cs", "it")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _duration(value: object) -> timedelta:
    if isinstance(value, timedelta):
        return value
    try:
        return parse_duration(str(value))
    except DurationError as exc:
        raise ValueError(str(exc)) from exc


def _phone(value: str) -> str:
    if not is_e164(value):
        raise ValueError(f"{value!r} is not a phone number in E.164 form (e.g. +27821234567)")
    return value


Duration = Annotated[timedelta, BeforeValidator(_duration)]
Phone = Annotated[str, AfterValidator(_phone)]
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Helpdesk(_Strict):
    name: str = Field(min_length=1)
    timezone: str
    holidays: str
    languages: list[str] = Field(default_factory=lambda: list(SUPPORTED_LANGUAGES), min_length=1)
    ticket_prefix: str = "TKT"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (expected e.g. Europe/Prague)") from exc
        return value

    @field_validator("holidays")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if value.upper() not in holidays_lib.list_supported_countries():
            raise ValueError(
                f"no public-holiday calendar for country {value!r} (ISO 3166, e.g. ZA)"
            )
        return value.upper()

    @field_validator("languages")
    @classmethod
    def _supported_languages(cls, value: list[str]) -> list[str]:
        unknown = [lang for lang in value if lang not in SUPPORTED_LANGUAGES]
        if unknown:
            raise ValueError(
                f"unsupported languages {unknown} (supported: {list(SUPPORTED_LANGUAGES)})"
            )
        return value

    @field_validator("ticket_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{2,8}", value):
            raise ValueError("ticket_prefix must be 2 to 8 capital letters")
        return value


class OpeningHours(BaseModel):
    """One day's office hours in local time."""

    model_config = ConfigDict(frozen=True)
    opens: time
    closes: time


def _parse_hours(value: object) -> OpeningHours:
    match = _HOURS.match(str(value))
    if not match:
        raise ValueError(f"invalid hours {value!r} (expected HH:MM-HH:MM, e.g. 08:30-17:00)")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        opens, closes = time(h1, m1), time(h2, m2)
    except ValueError as exc:
        raise ValueError(f"invalid hours {value!r}: {exc}") from exc
    if closes <= opens:
        raise ValueError(f"hours {value!r} close before they open")
    return OpeningHours(opens=opens, closes=closes)


Hours = Annotated[OpeningHours, BeforeValidator(_parse_hours)]


class Priority(_Strict):
    response: Duration
    after_hours: Literal["page", "next_business_day"] = "next_business_day"
    examples: list[str] = Field(default_factory=list)


class Technician(_Strict):
    name: str = Field(min_length=1)
    phone: Phone
    skills: list[str] = Field(default_factory=list)
    role: Literal["technician", "manager"] = "technician"
    language: str | None = None  # their SMS; None: English

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str | None) -> str | None:
        if value is not None and value not in SUPPORTED_LANGUAGES:
            raise ValueError(
                f"unsupported language {value!r} (supported: {list(SUPPORTED_LANGUAGES)})"
            )
        return value


class OnCall(_Strict):
    rotation: list[Phone] = Field(default_factory=list)
    handoff: str = "mon 08:00"
    ack_timeout: Duration = timedelta(minutes=10)
    escalation: list[Phone] = Field(default_factory=list)

    @field_validator("handoff")
    @classmethod
    def _handoff(cls, value: str) -> str:
        match = re.fullmatch(
            r"(mon|tue|wed|thu|fri|sat|sun) (\d{2}):(\d{2})", value.strip().lower()
        )
        if not match or int(match.group(2)) > 23 or int(match.group(3)) > 59:
            raise ValueError(f"invalid handoff {value!r} (expected e.g. 'mon 08:00')")
        return value.strip().lower()


class Contact(_Strict):
    name: str = Field(min_length=1)
    phone: Phone
    email: str | None = None


_DOMAIN = re.compile(r"(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+")


class Company(_Strict):
    name: str = Field(min_length=1)
    contract: bool = False
    support: Literal["24x7", "business_hours"] = "business_hours"
    vip: bool = False
    contacts: list[Contact] = Field(default_factory=list)
    # Who may claim the contract without a manager's ``REF verify``: these numbers, and
    # e-mail addresses at these domains (besides the contacts above).
    phones: list[Phone] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        cleaned = [domain.strip().lower().removeprefix("@") for domain in value]
        bad = [domain for domain in cleaned if not _DOMAIN.fullmatch(domain)]
        if bad:
            raise ValueError(f"not e-mail domains: {bad} (expected e.g. acme.example)")
        return cleaned


class Intake(_Strict):
    """How the intake conversation behaves; defaults suit a real desk."""

    max_repeats: int = Field(default=2, ge=1, le=5)
    idle_reset: Duration = timedelta(hours=24)
    # An intake left unfinished this long becomes a ticket with what is known (incomplete).
    abandon_after: Duration = timedelta(minutes=30)
    # "when_unsure": show the summary only when a field was guessed from free text rather
    # than answered or known; "always": every intake ends with the summary and YES.
    confirm: Literal["always", "when_unsure"] = "when_unsure"


class Tickets(_Strict):
    """Ticket life-cycle settings."""

    auto_close_after: Duration = timedelta(days=3)
    reminder_fraction: float = Field(default=0.75, gt=0, lt=1)
    # "Not fixed" reopens this many priority levels above the ticket's (capped at the top).
    reopen_raise: int = Field(default=1, ge=0, le=10)


# What a customer may send us: photos, voice notes, short videos and documents.
MEDIA_TYPES = (
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
    "audio/ogg",
    "audio/mpeg",
    "audio/mp4",
    "audio/amr",
    "audio/aac",
    "video/mp4",
    "video/3gpp",
    "application/pdf",
)


class Media(_Strict):
    """Inbound photos and voice notes: downloaded and kept, shown to staff by signed link."""

    max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    link_valid: Duration = timedelta(hours=4)
    types: list[str] = Field(default_factory=lambda: list(MEDIA_TYPES), min_length=1)

    @field_validator("types")
    @classmethod
    def _mime_types(cls, value: list[str]) -> list[str]:
        bad = [t for t in value if not re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", t)]
        if bad:
            raise ValueError(f"not MIME types: {bad} (expected e.g. image/jpeg)")
        return value


class WhatsApp(_Strict):
    """Templates for messages outside WhatsApp's 24-hour window (Content API ``HX...`` sids)."""

    template_sid: str | None = None
    template_variable: str = "1"

    @field_validator("template_sid")
    @classmethod
    def _content_sid(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"HX[0-9a-f]{32}", value):
            raise ValueError(f"{value!r} is not a Content SID (HX followed by 32 hex digits)")
        return value or None


def _at_least_a_day(value: timedelta) -> timedelta:
    if value < timedelta(days=1):
        raise ValueError("must be at least 1d (shorter would erase conversations in progress)")
    return value


RetentionPeriod = Annotated[timedelta, BeforeValidator(_duration), AfterValidator(_at_least_a_day)]


class Privacy(_Strict):
    """How long personal data is kept; the sweeper erases what is older."""

    keep_messages: RetentionPeriod = timedelta(days=365)
    keep_closed_tickets: RetentionPeriod = timedelta(days=1095)


class Billing(_Strict):
    """What non-contract work costs; without a rate the statement says ``chargeable``."""

    hourly_rate: float | None = Field(default=None, ge=0)
    currency: str = ""


class Paging(_Strict):
    """After-hours paging: SMS always, a voice call too when ``voice`` is set."""

    voice: bool = False


class Config(_Strict):
    helpdesk: Helpdesk
    hours: dict[str, Hours] = Field(default_factory=dict)
    priorities: dict[str, Priority]
    technicians: list[Technician] = Field(default_factory=list)
    oncall: OnCall = Field(default_factory=OnCall)
    companies: list[Company] = Field(default_factory=list)
    intake: Intake = Field(default_factory=Intake)
    tickets: Tickets = Field(default_factory=Tickets)
    whatsapp: WhatsApp = Field(default_factory=WhatsApp)
    paging: Paging = Field(default_factory=Paging)
    billing: Billing = Field(default_factory=Billing)
    privacy: Privacy = Field(default_factory=Privacy)
    webhooks: list[Webhook] = Field(default_factory=list)
    api_tokens: list[ApiToken] = Field(default_factory=list)
    media: Media = Field(default_factory=Media)

    @field_validator("hours")
    @classmethod
    def _weekdays(cls, value: dict[str, OpeningHours]) -> dict[str, OpeningHours]:
        unknown = [day for day in value if day not in WEEKDAYS]
        if unknown:
            raise ValueError(f"unknown weekdays {unknown} (expected {', '.join(WEEKDAYS)})")
        return value

    @field_validator("priorities")
    @classmethod
    def _has_priorities(cls, value: dict[str, Priority]) -> dict[str, Priority]:
        if not value:
            raise ValueError("at least one priority is required")
        return value

    @model_validator(mode="after")
    def _unique_people(self) -> Config:
        phones = [t.phone for t in self.technicians]
        if len(set(phones)) != len(phones):
            raise ValueError("technicians: two technicians share a phone number")
        names = [c.name.casefold() for c in self.companies]
        if len(set(names)) != len(names):
            raise ValueError("companies: two companies share a name")
        contact_phones = [p.phone for c in self.companies for p in c.contacts]
        if len(set(contact_phones)) != len(contact_phones):
            raise ValueError("companies: two contacts share a phone number")
        unique_names(self.webhooks, "webhooks")
        unique_names(self.api_tokens, "api_tokens")
        return self

    # Derived views used across the product.
    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.helpdesk.timezone)

    @property
    def priority_names(self) -> list[str]:
        """Priorities from the most to the least urgent, by response target."""
        return sorted(self.priorities, key=lambda name: self.priorities[name].response)

    @property
    def highest_priority(self) -> str:
        return self.priority_names[0]

    def raised_priority(self, priority: str, levels: int) -> str:
        """``priority`` moved ``levels`` steps towards the most urgent (capped there)."""
        names = self.priority_names
        index = names.index(priority) if priority in names else len(names) - 1
        return names[max(index - levels, 0)]

    def pages_after_hours(self, priority: str) -> bool:
        found = self.priorities.get(priority)
        return bool(found and found.after_hours == "page")

    @property
    def staff_phones(self) -> set[str]:
        """Numbers allowed to run technician commands (the staff SMS language)."""
        return (
            {t.phone for t in self.technicians}
            | set(self.oncall.rotation)
            | set(self.oncall.escalation)
        )

    def technician_by_phone(self, phone: str) -> Technician | None:
        return next((t for t in self.technicians if t.phone == phone), None)

    def staff_language(self, phone: str) -> str:
        """The language of a staff member's SMS: their ``language``, else English."""
        technician = self.technician_by_phone(phone)
        return (technician.language if technician else None) or "en"

    @property
    def all_languages(self) -> list[str]:
        """Every language a message may be written in: customers' and staff's."""
        staff = [t.language for t in self.technicians if t.language]
        return list(dict.fromkeys([*self.helpdesk.languages, *staff]))

    def company_named(self, name: str) -> Company | None:
        key = name.strip().casefold()
        return next((c for c in self.companies if c.name.casefold() == key), None)


def config_warnings(config: Config) -> list[str]:
    """Legal but almost certainly wrong: a number that is both staff and customer (its
    messages run staff commands, so that customer can never open a ticket)."""
    staff = config.staff_phones
    warnings = []
    for i, company in enumerate(config.companies):
        numbers = [(f"contacts[{j}].phone", c.phone) for j, c in enumerate(company.contacts)]
        numbers += [(f"phones[{k}]", phone) for k, phone in enumerate(company.phones)]
        for key, phone in numbers:
            if phone in staff:
                warnings.append(
                    f"companies[{i}].{key}: {phone} is also a staff number; its messages run "
                    "staff commands, so it can never open a ticket as a customer"
                )
    return warnings


class ConfigError(Exception):
    """A configuration file that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))


def _location(loc: tuple[object, ...]) -> str:
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        elif str(part).startswith(("function-", "literal")):
            continue
        else:
            key += f".{part}" if key else str(part)
    return key or "(top level)"


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate a TOML file; raises :class:`ConfigError` listing every problem."""
    file = Path(path) if path else EXAMPLE_CONFIG
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(file, [f"{file}: file not found"]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(file, [f"{file}: not valid TOML: {exc}"]) from exc
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            reason = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                reason = "unknown key"
            elif err["type"] == "missing":
                reason = "required key is missing"
            problems.append(f"{file}: {_location(err['loc'])}: {reason}")
        raise ConfigError(file, problems) from exc


# What every key means, by its place in the file (``NAME`` stands for a priority's name);
# ``docs/gen_reference.py`` turns the models above and this table into docs/reference.md and
# refuses a key without a meaning, so a new key is documented where it is defined.
KEY_MEANINGS: dict[str, str] = {
    "helpdesk": "the desk itself",
    "helpdesk.name": "the desk's name, as customers read it",
    "helpdesk.timezone": "IANA time zone of office hours, holidays and every local time shown",
    "helpdesk.holidays": "ISO 3166 country whose public holidays close the desk",
    "helpdesk.languages": "languages customers may be answered in (en, cs, it)",
    "helpdesk.ticket_prefix": "ticket references are PREFIX-NUMBER (2 to 8 capital letters)",
    "hours": "office hours, local time; a day without hours is closed",
    "hours.NAME": "a weekday (mon … sun) and its opening hours",
    "priorities": "one table per priority; the shortest response target is the most urgent",
    "priorities.NAME.response": "response target: office time, or wall-clock time for 24x7",
    "priorities.NAME.after_hours": "outside office hours: page on-call, or wait for the "
    "next business day",
    "priorities.NAME.examples": "example problems of this priority (the classifier uses them)",
    "technicians": "the people who work tickets and may send staff commands",
    "technicians.name": "full name, as customers and colleagues read it",
    "technicians.phone": "mobile number (staff commands come from it, notices go to it)",
    "technicians.skills": "categories they take first (network, servers, printers, "
    "desktops, software, accounts)",
    "technicians.role": "managers are never assigned automatically; without an escalation "
    "list they are the managers",
    "technicians.language": "the language of this person's SMS (en, cs, it); default en",
    "oncall": "after-hours paging",
    "oncall.rotation": "who is on call, one week each in turn",
    "oncall.handoff": "when the rotation moves to the next person (local weekday and time)",
    "oncall.ack_timeout": "a page not acknowledged within this escalates to the next level",
    "oncall.escalation": "paging levels after on-call; the first number is the help desk "
    "manager, who hears escalations, follow-ups of unassigned tickets and breaches",
    "companies": "the customers: a known contact is recognised by their number",
    "companies.name": "company name as customers write it (matched forgivingly)",
    "companies.contract": "a support contract (else after-hours work is charged)",
    "companies.support": "24x7 counts response targets in wall-clock time",
    "companies.vip": "new tickets are raised one priority level",
    "companies.contacts": "people of the company",
    "companies.contacts.name": "full name",
    "companies.contacts.phone": "mobile number",
    "companies.contacts.email": "e-mail address, copied onto their tickets",
    "companies.phones": "other numbers whose tickets get the contract at once (e.g. the "
    "reception's); anyone else naming the company is unverified until a manager sends "
    "REF verify",
    "companies.domains": "e-mail domains (acme.example) whose senders get the contract at once",
    "intake": "the intake conversation",
    "intake.max_repeats": "asides (help, status) tolerated per question, then a person takes over",
    "intake.idle_reset": "an unfinished intake older than this starts over",
    "intake.abandon_after": "an intake left unfinished this long becomes a ticket with what "
    "is known (marked incomplete)",
    "intake.confirm": "when_unsure: show the summary only when a field was guessed from free "
    "text; always: every intake ends with the summary and YES",
    "tickets": "the ticket life cycle",
    "tickets.auto_close_after": "a resolved ticket the customer does not answer closes after this",
    "tickets.reminder_fraction": "remind the assignee when this share of the target is used",
    "tickets.reopen_raise": 'a customer\'s "not fixed" reopens the ticket this many priority '
    "levels higher (0: same priority); the response clock restarts",
    "media": "photos, voice notes and documents customers send",
    "media.max_bytes": "largest file accepted (bytes); a larger one is refused with a reply",
    "media.link_valid": "how long a signed link to a file, as staff get it, stays valid",
    "media.types": "MIME types accepted; anything else is refused with a reply",
    "whatsapp": "pushes outside WhatsApp's 24-hour window",
    "whatsapp.template_sid": "approved Content API template (HX…) that carries such pushes; "
    "unset: they go by SMS",
    "whatsapp.template_variable": "the template variable that receives the text",
    "paging": "how on-call is paged",
    "paging.voice": "also place a voice call (Twilio Calls API), not only an SMS",
    "billing": "the monthly statement (deskbot report)",
    "billing.hourly_rate": "rate for non-contract work; unset: the statement says chargeable",
    "billing.currency": "currency shown beside amounts",
    "privacy": "retention of personal data (the sweeper erases what is older, in batches)",
    "privacy.keep_messages": "message bodies, media and WhatsApp profile names older than "
    "this are erased (the message rows and tickets stay); idle conversations forget what "
    "they gathered",
    "privacy.keep_closed_tickets": "contacts (name, numbers, e-mail) of tickets closed longer "
    "ago than this are replaced by a pseudonym; their texts lose those identifiers",
    "webhooks": "outbound webhooks: signed JSON POSTs of ticket, message, paging and SLA "
    "events (docs/integrations.md)",
    "webhooks.name": "the endpoint's name (`deskbot webhooks test NAME`, the delivery log)",
    "webhooks.url": "where events are POSTed (http or https)",
    "webhooks.secret": "HMAC-SHA256 key of the `X-Deskbot-Signature` header (16+ characters)",
    "webhooks.events": "event types to send (see docs/integrations.md), or `*` for all",
    "webhooks.timeout": "seconds to wait for the endpoint's answer; longer counts as a "
    "failure and is retried",
    "api_tokens": "bearer tokens of `/api` besides `DESKBOT_API_TOKEN`",
    "api_tokens.name": "who uses the token; recorded as the actor of its writes",
    "api_tokens.scope": "`read` (GET only) or `write` (GET and POST)",
    "api_tokens.sha256": "hex SHA-256 of the token (`printf %s TOKEN | sha256sum`); the "
    "token itself is never stored",
}
