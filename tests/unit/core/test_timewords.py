"""Time words as technicians type them, in English, Czech and Italian (issue 11, point 7)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.timewords import WhenError, parse_when

PRAGUE = ZoneInfo("Europe/Prague")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=PRAGUE)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        ("zítra 10:00 2h výměna switche", "2026-12-03 10:00", "2h výměna switche"),
        ("zitra 10:00", "2026-12-03 10:00", ""),
        ("zítra v 10", "2026-12-03 10:00", ""),
        ("dnes ve 12 kontrola", "2026-12-02 12:00", "kontrola"),
        ("pozítří 8:00", "2026-12-04 08:00", ""),
        ("po 14:30", "2026-12-07 14:30", ""),
        ("pondělí 14:30", "2026-12-07 14:30", ""),
        ("domani alle 10 sostituire lo switch", "2026-12-03 10:00", "sostituire lo switch"),
        ("domani alle ore 9.30", "2026-12-03 09:30", ""),
        ("venerdì alle 9", "2026-12-04 09:00", ""),
        ("venerdi 9:00", "2026-12-04 09:00", ""),
        ("dopodomani 8:00", "2026-12-04 08:00", ""),
        ("tomorrow 10am", "2026-12-03 10:00", ""),
        ("tomorrow at 10 replace switch", "2026-12-03 10:00", "replace switch"),
        ("mon 14:30", "2026-12-07 14:30", ""),
        ("wed 14:30", "2026-12-02 14:30", ""),  # today's weekday, still ahead: today
        ("středa 9:00", "2026-12-09 09:00", ""),  # today's weekday, gone: next week
        ("24. 12. 9:00", "2026-12-24 09:00", ""),
        ("24.12. 10:00", "2026-12-24 10:00", ""),
        ("24/12 9:00", "2026-12-24 09:00", ""),
        ("2026-12-24 09:00", "2026-12-24 09:00", ""),
    ],
)
def test_days_and_times_in_three_languages(text: str, expected: str, rest: str) -> None:
    parsed = parse_when(text, PRAGUE, NOW)
    assert parsed.at.astimezone(PRAGUE).strftime("%Y-%m-%d %H:%M") == expected
    assert parsed.rest == rest


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("blah 10:00", "'blah' is not a day"),
        ("tomorrow 10", "with minutes"),  # a bare number without "at" may be anything
        ("zítra 25:00", "25:00 is not a time"),
        ("replace the switch", "expected a date and time"),
    ],
)
def test_what_is_not_a_time_says_what_was_expected(text: str, error: str) -> None:
    with pytest.raises(WhenError, match=error):
        parse_when(text, PRAGUE, NOW)
