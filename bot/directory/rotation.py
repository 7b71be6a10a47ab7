"""Weekly on-call rotation with a local handoff time and dated overrides.

The person on call is a pure function of the instant: the rotation index is the number of
handoffs since a fixed epoch handoff (the first one on or after 2024-01-01 local), so every
process agrees without shared state. Handoffs are local wall-clock times (DST-correct);
all comparisons are done on UTC instants. Overrides are half-open [start, end) ranges that win
over the rotation; when they overlap, the later one in the list wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.calendar.business import as_utc
from bot.core.config import WEEKDAYS

EPOCH = date(2024, 1, 1)
_WEEK = timedelta(days=7)
_TICK = timedelta(microseconds=1)
_HANDOFF = re.compile(r"(mon|tue|wed|thu|fri|sat|sun) (\d{2}):(\d{2})")

Override = tuple[datetime, datetime, str]


@dataclass(frozen=True)
class OnCallSlot:
    """One stretch with the same person on call; ``phone`` is None when nobody is."""

    phone: str | None
    starts_at: datetime
    ends_at: datetime


class _Schedule:
    """Rotation, handoff and overrides parsed once for one query."""

    def __init__(
        self, rotation: Sequence[str], handoff: str, zone: ZoneInfo, overrides: Sequence[Override]
    ) -> None:
        match = _HANDOFF.fullmatch(handoff.strip().lower())
        if not match or int(match.group(2)) > 23 or int(match.group(3)) > 59:
            raise ValueError(f"invalid handoff {handoff!r} (expected e.g. 'mon 08:00')")
        self.weekday = WEEKDAYS.index(match.group(1))
        self.time = time(int(match.group(2)), int(match.group(3)))
        self.zone = zone
        self.epoch = EPOCH + timedelta(days=(self.weekday - EPOCH.weekday()) % 7)
        self.rotation = list(rotation)
        self.overrides: list[Override] = []
        for start, end, phone in overrides:
            start, end = as_utc(start, "override start"), as_utc(end, "override end")
            if end <= start:
                raise ValueError(f"override for {phone} ends ({end}) before it starts ({start})")
            self.overrides.append((start, end, phone))
        self.edges = sorted({t for start, end, _ in self.overrides for t in (start, end)})

    def _handoff_on(self, day: date) -> datetime:
        # A wall time skipped by spring-forward resolves forward (fold=0 keeps the old offset).
        return datetime.combine(day, self.time, self.zone).astimezone(UTC)

    def _last_handoff_day(self, at: datetime) -> date:
        local = at.astimezone(self.zone).date()
        day = local - timedelta(days=(local.weekday() - self.weekday) % 7)
        return day if self._handoff_on(day) <= at else day - _WEEK

    def last_handoff(self, at: datetime) -> datetime:
        return self._handoff_on(self._last_handoff_day(at))

    def next_handoff(self, at: datetime) -> datetime:
        return self._handoff_on(self._last_handoff_day(at) + _WEEK)

    def source(self, at: datetime) -> tuple[str | None, bool]:
        """(phone, from an override) at ``at``."""
        for start, end, phone in reversed(self.overrides):
            if start <= at < end:
                return phone, True
        if not self.rotation:
            return None, False
        weeks = (self._last_handoff_day(at) - self.epoch).days // 7
        return self.rotation[weeks % len(self.rotation)], False

    def _continues(self, at: datetime) -> bool:
        """Same person on both sides of boundary ``at`` with an override involved.

        Plain rotation weeks always end at their handoff (a one-person rotation still has
        weekly slots), so merging only happens next to an override and always terminates.
        """
        (before, before_override), (after, after_override) = (
            self.source(at - _TICK),
            self.source(at),
        )
        return before == after and (before_override or after_override)

    def slot(self, at: datetime) -> OnCallSlot:
        """The maximal stretch around ``at`` with one person (finite: overrides are finite)."""
        start = max([self.last_handoff(at), *(t for t in self.edges if t <= at)])
        while self._continues(start):
            start = max([self.last_handoff(start - _TICK), *(t for t in self.edges if t < start)])
        end = min([self.next_handoff(at), *(t for t in self.edges if t > at)])
        while self._continues(end):
            end = min([self.next_handoff(end), *(t for t in self.edges if t > end)])
        return OnCallSlot(self.source(at)[0], start, end)


def on_call_at(
    at: datetime,
    rotation: Sequence[str],
    handoff: str,
    zone: ZoneInfo,
    overrides: Sequence[Override] = (),
) -> str | None:
    """Phone on call at ``at``: the last matching override, else the rotation; None if empty."""
    return _Schedule(rotation, handoff, zone, overrides).source(as_utc(at))[0]


def next_handoff(at: datetime, handoff: str, zone: ZoneInfo) -> datetime:
    """The first weekly handoff strictly after ``at`` (UTC)."""
    return _Schedule((), handoff, zone, ()).next_handoff(as_utc(at))


def current_and_next(
    at: datetime,
    rotation: Sequence[str],
    handoff: str,
    zone: ZoneInfo,
    overrides: Sequence[Override] = (),
) -> tuple[OnCallSlot, OnCallSlot]:
    """Who is on call now and who takes over next, with UTC start/end of each stretch.

    Stretches split at every handoff and wherever an override changes the person; an
    override for the person already on call does not split, and an override that runs on
    past a handoff to the same person merges with that week.
    """
    schedule = _Schedule(rotation, handoff, zone, overrides)
    now = schedule.slot(as_utc(at))
    return now, schedule.slot(now.ends_at)
