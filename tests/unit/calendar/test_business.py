"""Business-time arithmetic: weekends, real public holidays and DST switches give the right UTC."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import business as business_calendar
from bot.calendar.business import BusinessCalendar
from bot.core.config import Config, load_config

JNB, PRG, ROM = ZoneInfo("Africa/Johannesburg"), ZoneInfo("Europe/Prague"), ZoneInfo("Europe/Rome")
WEEKDAYS = {day: "08:30-17:00" for day in ("mon", "tue", "wed", "thu", "fri")}
H = timedelta(hours=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def calendar(zone: str, country: str, hours: dict[str, str] | None = None) -> BusinessCalendar:
    cfg = Config.model_validate(
        {
            "helpdesk": {"name": "Desk", "timezone": zone, "holidays": country},
            "hours": WEEKDAYS if hours is None else hours,
            "priorities": {"high": {"response": "2h"}},
        }
    )
    return BusinessCalendar.from_config(cfg)


@pytest.fixture
def za() -> BusinessCalendar:
    return BusinessCalendar.from_config(load_config())  # example: Johannesburg, ZA, Mon-Fri


# -- Johannesburg (no DST) -------------------------------------------------------------------


def test_friday_afternoon_rolls_over_the_weekend(za: BusinessCalendar) -> None:
    due = za.add_business_time(datetime(2026, 3, 6, 16, 30, tzinfo=JNB), H)
    assert due == datetime(2026, 3, 9, 9, 0, tzinfo=JNB)
    assert due.tzinfo is UTC


@pytest.mark.parametrize(
    ("friday", "next_open_day"),
    [
        (datetime(2026, 4, 24, 16, 30, tzinfo=JNB), 28),  # Mon 27 Apr: Freedom Day
        (datetime(2026, 8, 7, 16, 30, tzinfo=JNB), 11),  # Mon 10 Aug: Women's Day (observed)
    ],
)
def test_holiday_monday_moves_due_to_tuesday(
    za: BusinessCalendar, friday: datetime, next_open_day: int
) -> None:
    due = za.add_business_time(friday, H)
    assert due == datetime(2026, friday.month, next_open_day, 9, 0, tzinfo=JNB)


def test_easter_weekend_skips_good_friday_and_family_day(za: BusinessCalendar) -> None:
    due = za.add_business_time(datetime(2026, 4, 2, 16, 30, tzinfo=JNB), H)
    assert due == datetime(2026, 4, 7, 9, 0, tzinfo=JNB)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ((10, 7, 0), (10, 9, 30)),  # before opening: counts from 08:30
        ((10, 18, 0), (11, 9, 30)),  # after closing: counts from next morning
        ((10, 16, 0), (10, 17, 0)),  # ends exactly at closing: due at closing, not tomorrow
        ((14, 10, 0), (16, 9, 30)),  # Saturday
    ],
)
def test_start_outside_hours(
    za: BusinessCalendar, start: tuple[int, int, int], due: tuple[int, int, int]
) -> None:
    got = za.add_business_time(datetime(2026, 3, *start, tzinfo=JNB), H)
    assert got == datetime(2026, 3, *due, tzinfo=JNB)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (datetime(2026, 3, 9, 14, 0, tzinfo=JNB), datetime(2026, 3, 10, 13, 30, tzinfo=JNB)),
        (datetime(2026, 3, 13, 15, 0, tzinfo=JNB), datetime(2026, 3, 16, 14, 30, tzinfo=JNB)),
        (datetime(2026, 3, 9, 8, 30, tzinfo=JNB), datetime(2026, 3, 9, 16, 30, tzinfo=JNB)),
    ],
)
def test_eight_business_hours_span_days(
    za: BusinessCalendar, start: datetime, due: datetime
) -> None:
    assert za.add_business_time(start, 8 * H) == due


def test_any_input_zone_gives_the_same_utc_answer(za: BusinessCalendar) -> None:
    local = datetime(2026, 3, 6, 16, 30, tzinfo=JNB)
    for start in (local, local.astimezone(UTC), local.astimezone(ZoneInfo("America/New_York"))):
        assert za.add_business_time(start, H) == utc(2026, 3, 9, 7, 0)


def test_zero_delta_is_next_opening_and_negative_or_naive_is_rejected(
    za: BusinessCalendar,
) -> None:
    assert za.add_business_time(datetime(2026, 3, 14, 10, tzinfo=JNB), timedelta(0)) == datetime(
        2026, 3, 16, 8, 30, tzinfo=JNB
    )
    with pytest.raises(ValueError, match="negative"):
        za.add_business_time(utc(2026, 3, 9, 8), -H)
    with pytest.raises(ValueError, match="timezone-aware"):
        za.add_business_time(datetime(2026, 3, 9, 8), H)
    with pytest.raises(ValueError, match="timezone-aware"):
        za.is_open(datetime(2026, 3, 9, 8))


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2026, 3, 9, 8, 30, tzinfo=JNB), True),
        (datetime(2026, 3, 9, 8, 29, 59, tzinfo=JNB), False),
        (datetime(2026, 3, 9, 16, 59, 59, tzinfo=JNB), True),
        (datetime(2026, 3, 9, 17, 0, tzinfo=JNB), False),
        (utc(2026, 3, 9, 6, 30), True),  # 08:30 SAST given in UTC
        (datetime(2026, 3, 14, 10, 0, tzinfo=JNB), False),  # Saturday
        (datetime(2026, 3, 15, 10, 0, tzinfo=JNB), False),  # Sunday
        (datetime(2026, 4, 27, 10, 0, tzinfo=JNB), False),  # Freedom Day
        (datetime(2026, 4, 28, 10, 0, tzinfo=JNB), True),
    ],
)
def test_is_open(za: BusinessCalendar, at: datetime, expected: bool) -> None:
    assert za.is_open(at) is expected


def test_next_opening_and_clamp(za: BusinessCalendar) -> None:
    inside = datetime(2026, 3, 10, 11, 15, tzinfo=JNB)
    assert za.next_opening(inside) == inside and za.next_opening(inside).tzinfo is UTC
    friday_close = datetime(2026, 3, 13, 17, 0, tzinfo=JNB)
    assert za.next_opening(friday_close) == datetime(2026, 3, 16, 8, 30, tzinfo=JNB)
    assert za.clamp_to_office_hours(datetime(2026, 3, 10, 2, 0, tzinfo=JNB)) == datetime(
        2026, 3, 10, 8, 30, tzinfo=JNB
    )
    assert za.clamp_to_office_hours(datetime(2026, 4, 26, 22, 0, tzinfo=JNB)) == datetime(
        2026, 4, 28, 8, 30, tzinfo=JNB
    )


def test_business_time_between(za: BusinessCalendar) -> None:
    fri, mon = datetime(2026, 3, 13, 16, 0, tzinfo=JNB), datetime(2026, 3, 16, 9, 30, tzinfo=JNB)
    assert za.business_time_between(fri, mon) == 2 * H
    assert za.business_time_between(mon, fri) == -2 * H
    assert za.business_time_between(fri, fri) == timedelta(0)
    # Over Freedom Day the Monday counts for nothing.
    fri, tue = datetime(2026, 4, 24, 16, 0, tzinfo=JNB), datetime(2026, 4, 28, 9, 30, tzinfo=JNB)
    assert za.business_time_between(fri, tue) == 2 * H
    # Both ends outside hours.
    sat, next_sat = datetime(2026, 3, 14, tzinfo=JNB), datetime(2026, 3, 21, tzinfo=JNB)
    assert za.business_time_between(sat, next_sat) == 5 * timedelta(hours=8, minutes=30)


@pytest.mark.parametrize("delta", [timedelta(minutes=1), 4 * H, 8.5 * H, 1000 * H])
@pytest.mark.parametrize(
    "start",
    [
        datetime(2026, 3, 13, 16, 59, tzinfo=JNB),
        datetime(2026, 4, 2, 3, 0, tzinfo=JNB),
        datetime(2026, 12, 24, 12, 0, tzinfo=JNB),
    ],
)
def test_between_inverts_add(za: BusinessCalendar, start: datetime, delta: timedelta) -> None:
    """The 75%-reminder maths relies on between(start, due) == target."""
    due = za.add_business_time(start, delta)
    assert za.business_time_between(start, due) == delta
    assert za.is_open(due - timedelta(microseconds=1))


def test_response_due_24x7_versus_business_hours(za: BusinessCalendar) -> None:
    friday = datetime(2026, 3, 13, 16, 30, tzinfo=JNB)
    assert za.response_due(friday, 4 * H, "24x7") == datetime(2026, 3, 13, 20, 30, tzinfo=JNB)
    assert za.response_due(friday, 4 * H, "business_hours") == datetime(
        2026, 3, 16, 12, 0, tzinfo=JNB
    )


def test_holidays_are_fetched_once_per_year(
    za: BusinessCalendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = business_calendar.holidays_lib.country_holidays

    def counting(country: str, years: int):
        calls.append(years)
        return real(country, years=years)

    monkeypatch.setattr(business_calendar.holidays_lib, "country_holidays", counting)
    za.business_time_between(datetime(2026, 1, 1, tzinfo=JNB), datetime(2026, 12, 31, tzinfo=JNB))
    za.is_open(datetime(2026, 6, 16, 10, tzinfo=JNB))
    za.is_open(datetime(2027, 1, 4, 10, tzinfo=JNB))
    assert calls == [2026, 2027]


def test_no_open_days_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no open days"):
        calendar("Europe/Prague", "CZ", hours={})
    with pytest.raises(ValueError, match="unknown weekday"):
        BusinessCalendar(PRG, {"monday": (time(8), time(17))}, "CZ")


def test_calendar_that_never_opens_raises_instead_of_looping(
    za: BusinessCalendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(za, "is_holiday", lambda day: True)
    with pytest.raises(ValueError, match="closed"):
        za.next_opening(utc(2026, 3, 9, 8))


# -- Prague and Rome: DST -------------------------------------------------------------------


def test_prague_march_switch_keeps_local_opening_time() -> None:
    cz = calendar("Europe/Prague", "CZ")
    # Fri 27 Mar 16:30 CET (+01) + 1 h -> Mon 30 Mar 09:00 CEST (+02) = 07:00 UTC.
    due = cz.add_business_time(datetime(2026, 3, 27, 16, 30, tzinfo=PRG), H)
    assert due == utc(2026, 3, 30, 7, 0)
    assert cz.is_open(utc(2026, 3, 27, 7, 30)) and not cz.is_open(utc(2026, 3, 27, 7, 29))
    assert cz.is_open(utc(2026, 3, 30, 6, 30)) and not cz.is_open(utc(2026, 3, 30, 6, 29))
    assert cz.business_time_between(utc(2026, 3, 27, 15, 0), utc(2026, 3, 30, 7, 30)) == 2 * H


def test_prague_october_switch_and_easter_monday() -> None:
    cz = calendar("Europe/Prague", "CZ")
    # Fri 23 Oct 16:30 CEST + 1 h -> Mon 26 Oct 09:00 CET = 08:00 UTC.
    assert cz.add_business_time(datetime(2026, 10, 23, 16, 30, tzinfo=PRG), H) == utc(
        2026, 10, 26, 8, 0
    )
    # Thu 2 Apr 16:30 + 1 h: Good Friday and Easter Monday are CZ holidays -> Tue 7 Apr 09:00.
    assert cz.add_business_time(datetime(2026, 4, 2, 16, 30, tzinfo=PRG), H) == utc(
        2026, 4, 7, 7, 0
    )


def test_rome_open_on_the_switch_sundays() -> None:
    it = calendar("Europe/Rome", "IT", hours={"sat": "08:30-17:00", "sun": "08:30-17:00"})
    # Sat 28 Mar 16:30 CET + 1 h -> Sun 29 Mar (switch day) 09:00 CEST = 07:00 UTC.
    assert it.add_business_time(datetime(2026, 3, 28, 16, 30, tzinfo=ROM), H) == utc(
        2026, 3, 29, 7, 0
    )
    # Sat 24 Oct 16:30 CEST + 1 h -> Sun 25 Oct (switch day) 09:00 CET = 08:00 UTC.
    assert it.add_business_time(datetime(2026, 10, 24, 16, 30, tzinfo=ROM), H) == utc(
        2026, 10, 25, 8, 0
    )
    # A 23-hour and a 25-hour day still hold 8.5 business hours.
    for day in (29, 25):
        month = 3 if day == 29 else 10
        start, end = (
            datetime(2026, month, day, tzinfo=ROM),
            datetime(2026, month, day, 23, tzinfo=ROM),
        )
        assert it.business_time_between(start, end) == timedelta(hours=8, minutes=30)


def test_rome_night_shift_through_the_switch_counts_real_hours() -> None:
    it = calendar("Europe/Rome", "IT", hours={"sun": "02:00-06:00"})
    week = [datetime(2026, 3, 22, tzinfo=ROM), datetime(2026, 3, 29, tzinfo=ROM)]
    autumn = datetime(2026, 10, 25, tzinfo=ROM)
    day = timedelta(hours=12)
    assert it.business_time_between(week[0], week[0] + day) == 4 * H
    # 02:00 does not exist on 29 Mar: the shift starts at 03:00 CEST and lasts 3 real hours.
    assert it.business_time_between(week[1], week[1] + day) == 3 * H
    assert it.next_opening(week[1]) == utc(2026, 3, 29, 1, 0)
    # 02:00 happens twice on 25 Oct: the shift starts at the first one and lasts 5 real hours.
    assert it.business_time_between(autumn, autumn + day) == 5 * H
    assert it.next_opening(autumn) == utc(2026, 10, 25, 0, 0)


def test_24x7_counts_elapsed_time_across_dst() -> None:
    cz = calendar("Europe/Prague", "CZ")
    # 01:30 CET + 1 h is 03:30 CEST (02:30 does not exist).
    spring = cz.response_due(datetime(2026, 3, 29, 1, 30, tzinfo=PRG), H, "24x7")
    assert spring == utc(2026, 3, 29, 1, 30)
    assert spring.astimezone(PRG).hour == 3
    # Saturday 10:00 + 24 h in spring is Sunday 11:00 local, not 10:00.
    day = cz.response_due(datetime(2026, 3, 28, 10, tzinfo=PRG), 24 * H, "24x7")
    assert day == datetime(2026, 3, 29, 11, tzinfo=PRG)
    # The first 02:30 in October + 1 h is the second 02:30.
    autumn = cz.response_due(datetime(2026, 10, 25, 2, 30, tzinfo=PRG), H, "24x7")
    assert autumn == utc(2026, 10, 25, 1, 30)
    assert autumn.astimezone(PRG).replace(tzinfo=None) == datetime(2026, 10, 25, 2, 30)
