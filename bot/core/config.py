"""The TOML configuration (contract section 4), validated into typed objects at start-up.

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


class Company(_Strict):
    name: str = Field(min_length=1)
    contract: bool = False
    support: Literal["24x7", "business_hours"] = "business_hours"
    vip: bool = False
    contacts: list[Contact] = Field(default_factory=list)


class Intake(_Strict):
    """How the intake conversation behaves; defaults suit a real desk."""

    max_repeats: int = Field(default=2, ge=1, le=5)
    idle_reset: Duration = timedelta(hours=24)
    # An intake left unfinished this long becomes a ticket with what is known (incomplete).
    abandon_after: Duration = timedelta(minutes=30)


class Tickets(_Strict):
    """Ticket life-cycle settings."""

    auto_close_after: Duration = timedelta(days=3)
    reminder_fraction: float = Field(default=0.75, gt=0, lt=1)


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

    @property
    def staff_phones(self) -> set[str]:
        """Numbers allowed to run technician commands (contract section 6)."""
        return (
            {t.phone for t in self.technicians}
            | set(self.oncall.rotation)
            | set(self.oncall.escalation)
        )

    def technician_by_phone(self, phone: str) -> Technician | None:
        return next((t for t in self.technicians if t.phone == phone), None)


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
