"""Response targets: office hours for business-hours and non-contract customers,
wall-clock time for 24x7 contracts (``[[companies]] support``)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.runtime import Runtime


def is_open(rt: Runtime, at: datetime) -> bool:
    return rt.calendar.is_open(at)


def response_due(rt: Runtime, priority: str, support: str, start: datetime) -> datetime:
    target = rt.config.priorities[priority].response
    return rt.calendar.response_due(start, target, support)
