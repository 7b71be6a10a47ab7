"""Office hours, public holidays and business-time arithmetic for response targets.

Opening hours are local wall-clock times in the helpdesk's zone, so every day is turned into
an absolute UTC interval through zoneinfo: 08:30 Prague is 07:30 UTC in winter and 06:30 UTC
in summer. All arithmetic then happens on UTC instants, which keeps it DST-correct (aware
datetimes that share a tzinfo compare and subtract by wall clock in Python, which is wrong
across a switch). Calculations walk day by day, never minute by minute.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from bot.core.config import WEEKDAYS, Config, OpeningHours

# Consecutive closed days after which the calendar is deemed never to open (all days holidays).
_MAX_DAYS = 3700
_DAY = timedelta(days=1)

Interval = tuple[datetime, datetime]


def as_utc(at: datetime, name: str = "at") -> datetime:
    """Reject naive datetimes: guessing their zone is how SLAs end up an hour off."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {at!r}")
    return at.astimezone(UTC)


class BusinessCalendar:
    """When the desk is open, and how much business time lies between two instants."""

    def __init__(
        self,
        zone: ZoneInfo | str,
        hours: Mapping[str, OpeningHours | tuple[time, time]],
        holiday_country: str | None = None,
    ) -> None:
        self.zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
        self._hours: dict[int, tuple[time, time]] = {}
        for day, value in hours.items():
            if day not in WEEKDAYS:
                raise ValueError(f"unknown weekday {day!r} (expected one of {', '.join(WEEKDAYS)})")
            opens, closes = (
                (value.opens, value.closes) if isinstance(value, OpeningHours) else value
            )
            if closes <= opens:
                raise ValueError(f"{day}: hours close ({closes}) before they open ({opens})")
            self._hours[WEEKDAYS.index(day)] = (opens, closes)
        if not self._hours:
            raise ValueError("business calendar has no open days: configure [hours] for some day")
        self.holiday_country = holiday_country.upper() if holiday_country else None
        self._holidays: dict[int, frozenset[date]] = {}

    @classmethod
    def from_config(cls, cfg: Config) -> BusinessCalendar:
        return cls(cfg.zone, cfg.hours, cfg.helpdesk.holidays)

    # -- days -------------------------------------------------------------------------------

    def is_holiday(self, day: date) -> bool:
        """Public holiday (observed days included); the calendar is built once per year."""
        if self.holiday_country is None:
            return False
        if day.year not in self._holidays:
            calendar = holidays_lib.country_holidays(self.holiday_country, years=day.year)
            self._holidays[day.year] = frozenset(calendar)
        return day in self._holidays[day.year]

    def _interval(self, day: date) -> Interval | None:
        """The day's open interval in UTC, or None when closed.

        A wall time skipped by a spring-forward switch resolves forward (fold=0 uses the old
        offset); an ambiguous autumn time resolves to its first occurrence.
        """
        hours = self._hours.get(day.weekday())
        if hours is None or self.is_holiday(day):
            return None
        start = datetime.combine(day, hours[0], self.zone).astimezone(UTC)
        end = datetime.combine(day, hours[1], self.zone).astimezone(UTC)
        return (start, end) if start < end else None

    def _intervals_from(self, at: datetime) -> Iterator[Interval]:
        """Open intervals that end after ``at``, in order (``at`` must be UTC)."""
        day, closed_days = at.astimezone(self.zone).date(), 0
        while closed_days < _MAX_DAYS:
            interval = self._interval(day)
            if interval is not None and interval[1] > at:
                closed_days = 0
                yield interval
            else:
                closed_days += 1
            day += _DAY
        raise ValueError(f"business calendar stays closed for {_MAX_DAYS} days after {day}")

    # -- queries ----------------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Open at ``at``: opening minute included, closing minute excluded."""
        at = as_utc(at)
        interval = self._interval(at.astimezone(self.zone).date())
        return interval is not None and interval[0] <= at < interval[1]

    def next_opening(self, at: datetime) -> datetime:
        """``at`` itself when open, otherwise the start of the next open interval (UTC)."""
        at = as_utc(at)
        start, _ = next(self._intervals_from(at))
        return max(start, at)

    def clamp_to_office_hours(self, at: datetime) -> datetime:
        """The first open moment at or after ``at``: defer a non-urgent text, no 2 a.m. pings."""
        return self.next_opening(at)

    def add_business_time(self, start: datetime, delta: timedelta) -> datetime:
        """``start`` plus ``delta`` of open time (UTC).

        Time before opening or after closing does not count, so Friday 16:30 + 1 h with 17:00
        closing is Monday 09:00. A target that ends exactly at closing time is due at closing.
        A zero delta gives the next opening.
        """
        if delta < timedelta(0):
            raise ValueError(f"delta must not be negative, got {delta}")
        at = as_utc(start, "start")
        remaining = delta
        for opens, closes in self._intervals_from(at):
            begin = max(opens, at)
            if remaining <= closes - begin:
                return begin + remaining
            remaining -= closes - begin
        raise AssertionError("unreachable: _intervals_from raises when exhausted")

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Open time in [a, b); negative when b is before a (so elapsed/target stays signed)."""
        a, b = as_utc(a, "a"), as_utc(b, "b")
        if b < a:
            return -self.business_time_between(b, a)
        total = timedelta(0)
        day, last = a.astimezone(self.zone).date(), b.astimezone(self.zone).date()
        while day <= last:
            interval = self._interval(day)
            if interval is not None:
                overlap = min(interval[1], b) - max(interval[0], a)
                if overlap > timedelta(0):
                    total += overlap
            day += _DAY
        return total

    def response_due(self, created_at: datetime, response: timedelta, support: str) -> datetime:
        """When a response is due: 24x7 contracts count elapsed time, others business time.

        24x7 is real elapsed time (UTC arithmetic), so a 1 h target across a DST switch is one
        real hour, not a wall-clock hour that could be 0 or 2.
        """
        if support == "24x7":
            return as_utc(created_at, "created_at") + response
        return self.add_business_time(created_at, response)
