"""Dates and times as technicians type them on a phone, in English, Czech or Italian, read
in the helpdesk's zone: ``tomorrow 10:00``, ``zítra 10:00``, ``zitra v 10``, ``domani alle
10``, ``tomorrow 10am``, ``mon 14:30``, ``po 14:30``, ``lunedì 14:30``, ``2026-11-24 09:00``,
``24/11 9:00``, ``24. 11. 9:00``; a time may be ``9:00``, ``9.00``, ``9am``, ``2:30pm``, or a
bare hour after a word that says "at" (``alle 10``, ``v 10``, ``at 10``). Also clock ranges
(``09:00-10:30``) for work logs.

Day words ("zítra", "pondělí", "domani", "venerdì", "tomorrow", with or without accents)
are read by ``dateparser``, which knows every language's day names; the clock and the
split between the date and the rest of the command stay here, so "2h" or a reason after
the time is never taken for part of a date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

from bot.core.i18n import N_, Text, lazy

DAY_LANGUAGES = ["en", "cs", "it"]
# Short forms dateparser does not know.
RELATIVE_DAYS = {"tmrw": 1, "tmr": 1, "tonight": 0, "dopodomani": 2}
# Words between the day and a time that mean "at"; after one, a bare hour is a time.
AT_WORDS = r"(?:at|@|alle(?:\s+ore)?|all'|ore|v|ve|o|kolem)"
TIME = r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<meridiem>am|pm)?"
_DAY = re.compile(
    r"^\s*(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<d>\d{1,2})[/.]\s?(?P<m>\d{1,2})(?:[/.](?:\s?(?P<y>\d{4}|\d{2})(?![\d:.]))?)?"
    r"|(?P<word>[^\W\d_]+)\.?"
    r")\s+(?:(?P<at>" + AT_WORDS + r")\s*)?" + TIME + r"(?=\s|$)",
    re.IGNORECASE,
)
_RANGE = re.compile(r"^\s*" + r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})(?=\s|$)")


class WhenError(ValueError):
    """Text that is not a date and time we can read; ``text`` says what is expected, in the
    technician's language when rendered (``str()`` is English)."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.text = message


NOT_A_TIME = N_("{time} is not a time")
NEEDS_MINUTES = N_("write the time with minutes, e.g. 10:00")
NOT_A_DAY = N_("'{word}' is not a day")
NOT_A_DATE = N_("not a date: {date}")
EXPECTED = N_(
    "expected a date and time like 'tomorrow 10:00', 'zítra 10:00', 'domani alle 10', "
    "'mon 14:30', '2026-11-24 09:00' or '24/11 9:00'"
)
NOT_A_RANGE = N_("{range} is not a time range (HH:MM-HH:MM)")


@dataclass(frozen=True)
class Parsed:
    at: datetime  # UTC
    rest: str  # the text after the date and time


def _clock(hour: str, minute: str | None, meridiem: str | None, at_word: bool = False) -> time:
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= h <= 12:
            raise WhenError(lazy(NOT_A_TIME, time=f"{hour}{meridiem}"))
        h = h % 12 + (12 if meridiem.lower() == "pm" else 0)
    elif minute is None and not at_word:
        raise WhenError(lazy(NEEDS_MINUTES))
    if h > 23 or m > 59:
        raise WhenError(lazy(NOT_A_TIME, time=f"{hour}:{minute}"))
    return time(h, m)


def day_word(word: str, today: date) -> date:
    """The day a word names, the next one for a weekday (``today`` + 7 for today's name:
    the caller decides whether today still counts); raises :class:`WhenError`."""
    folded = word.casefold()
    if folded in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[folded])
    base = datetime.combine(today, time(0, 0))
    found = dateparser.parse(
        folded,
        languages=DAY_LANGUAGES,
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"},
    )
    if found is None:
        raise WhenError(lazy(NOT_A_DAY, word=word))
    return found.date()


def _day(match: re.Match[str], today: date) -> date:
    word = match.group("word") or ""
    if word:
        return day_word(word, today)
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
        raise WhenError(lazy(NOT_A_DATE, date=match.group(0).split()[0])) from exc


def parse_when(text: str, zone: ZoneInfo, now: datetime) -> Parsed:
    """The date and time at the start of ``text``; a weekday or a date without year means
    the next one (today counts when the time is still ahead)."""
    match = _DAY.match(text)
    if match is None:
        raise WhenError(lazy(EXPECTED))
    today = now.astimezone(zone).date()
    day = _day(match, today)
    clock = _clock(
        match.group("hour"), match.group("minute"), match.group("meridiem"), bool(match.group("at"))
    )
    local = datetime.combine(day, clock, zone)
    if match.group("word") and day == today + timedelta(days=7):
        earlier = local - timedelta(days=7)  # today's weekday name: today, if still ahead
        local = earlier if earlier > now else local
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
        raise WhenError(lazy(NOT_A_RANGE, range=match.group(0).strip()))
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        start = datetime.combine(day, time(h1, m1), zone)
        end = datetime.combine(day, time(h2, m2), zone)
        if end <= start:
            end = datetime.combine(day + timedelta(days=1), time(h2, m2), zone)
        if end <= now + timedelta(minutes=5):
            break
    return ClockRange(start.astimezone(UTC), end.astimezone(UTC), text[match.end() :].strip())
