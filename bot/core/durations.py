"""Durations as the config and the SMS commands write them: ``90s``, ``10m``, ``1h30m``, ``2d``."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)\s*([dhms])", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*(?:\d+\s*[dhms]\s*)+$", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


class DurationError(ValueError):
    """A duration that cannot be read; the message says what is expected."""


def parse_duration(text: str) -> timedelta:
    """Read ``1h30m``-style text; a bare number is refused because its unit would be a guess."""
    if not isinstance(text, str) or not _WHOLE.match(text):
        raise DurationError(f"invalid duration {text!r} (expected e.g. 90s, 10m, 1h30m, 2d)")
    seconds = sum(int(n) * _UNIT_SECONDS[u.lower()] for n, u in _PART.findall(text))
    if seconds <= 0:
        raise DurationError(f"duration {text!r} must be longer than zero")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The inverse of :func:`parse_duration`, shortest form first (``1h30m``)."""
    seconds = int(value.total_seconds())
    parts = []
    for unit, size in _UNIT_SECONDS.items():
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"
