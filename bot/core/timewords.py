"""Dates and times as technicians type them on a phone, read in the helpdesk's zone:
``tomorrow 10:00``, ``today 14:00``, ``mon 14:30``, ``2026-11-24 09:00``, ``24/11 9:00``,
``24.11.2026 9:00``; a time may be ``9:00``, ``9.00``, ``9am`` or ``2:30pm``. Also
clock ranges (``09:00-10:30``) for work logs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_WORDS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
RELATIVE_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1}
TIME = r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<meridiem>am|pm)?"
_DAY = re.compile(
    r"^\s*(?:"
    r"(?P<word>[a-z]+)"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<d>\d{1,2})[/.](?P<m>\d{1,2})(?:[/.](?P<y>\d{2,4})?)?"
    r")\s+(?:at\s+)?" + TIME + r"(?=\s|$)",
    re.IGNORECASE,
)
_RANGE = re.compile(r"^\s*" + r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})(?=\s|$)")


class WhenError(ValueError):
    """Text that is not a date and time we can read; the message says what is expected."""


EXPECTED = "a date and time like 'tomorrow 10:00', 'mon 14:30', '2026-11-24 09:00' or '24/11 9:00'"


@dataclass(frozen=True)
class Parsed:
    at: datetime  # UTC
    rest: str  # the text after the date and time


def _clock(hour: str, minute: str | None, meridiem: str | None) -> time:
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= h <= 12:
            raise WhenError(f"{hour}{meridiem} is not a time")
        h = h % 12 + (12 if meridiem.lower() == "pm" else 0)
    elif minute is None:
        raise WhenError("write the time with minutes, e.g. 10:00")
    if h > 23 or m > 59:
        raise WhenError(f"{hour}:{minute} is not a time")
    return time(h, m)


def _day(match: re.Match[str], today: date) -> date:
    word = (match.group("word") or "").lower()
    if word:
        if word in RELATIVE_DAYS:
            return today + timedelta(days=RELATIVE_DAYS[word])
        if word in WEEKDAY_WORDS:
            return today + timedelta(days=(WEEKDAY_WORDS[word] - today.weekday()) % 7)
        raise WhenError(f"{word!r} is not a day")
    try:
        if match.group("iso"):
            return date.fromisoformat(match.group("iso"))
        day, month = int(match.group("d")), int(match.group("m"))
        year_text = match.group("y")
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            return date(year, month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError as exc:
        raise WhenError(f"not a date: {match.group(0).split()[0]}") from exc


def parse_when(text: str, zone: ZoneInfo, now: datetime) -> Parsed:
    """The date and time at the start of ``text``; a weekday or a date without year means
    the next one (today counts when the time is still ahead)."""
    match = _DAY.match(text)
    if match is None:
        raise WhenError(f"expected {EXPECTED}")
    today = now.astimezone(zone).date()
    day = _day(match, today)
    clock = _clock(match.group("hour"), match.group("minute"), match.group("meridiem"))
    local = datetime.combine(day, clock, zone)
    word = (match.group("word") or "").lower()
    if word in WEEKDAY_WORDS and local <= now:
        local += timedelta(days=7)
    return Parsed(at=local.astimezone(UTC), rest=text[match.end() :].strip())


@dataclass(frozen=True)
class ClockRange:
    started_at: datetime  # UTC
    ended_at: datetime
    rest: str


def parse_range(text: str, zone: ZoneInfo, now: datetime) -> ClockRange | None:
    """A ``HH:MM-HH:MM`` range at the start of ``text``, on the most recent day on which it
    has ended by ``now`` (today, else yesterday); past midnight when the end is earlier."""
    match = _RANGE.match(text)
    if match is None:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise WhenError(f"{match.group(0).strip()} is not a time range (HH:MM-HH:MM)")
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        start = datetime.combine(day, time(h1, m1), zone)
        end = datetime.combine(day, time(h2, m2), zone)
        if end <= start:
            end = datetime.combine(day + timedelta(days=1), time(h2, m2), zone)
        if end <= now + timedelta(minutes=5):
            break
    return ClockRange(start.astimezone(UTC), end.astimezone(UTC), text[match.end() :].strip())
