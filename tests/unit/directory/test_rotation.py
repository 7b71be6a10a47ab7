"""Weekly on-call rotation: handoff minute, wrap-around, DST weeks and overrides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.config import load_config
from bot.directory.rotation import OnCallSlot, current_and_next, next_handoff, on_call_at

JNB, PRG = ZoneInfo("Africa/Johannesburg"), ZoneInfo("Europe/Prague")
A, B, C, X, Y = "+27820000001", "+27820000002", "+27820000003", "+27820000009", "+27820000008"
ROTA = [A, B, C]
TICK = timedelta(seconds=1)


def jnb(*args: int) -> datetime:
    return datetime(*args, tzinfo=JNB)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def who(at: datetime, overrides=(), rotation=ROTA, handoff="mon 08:00", zone=JNB) -> str | None:
    return on_call_at(at, rotation, handoff, zone, overrides)


def test_epoch_handoff_minute_and_wrap_around() -> None:
    # 2024-01-01 is a Monday: the epoch handoff (index 0) is 08:00 that day.
    assert who(jnb(2024, 1, 1, 7, 59, 59)) == C  # before the epoch wraps backwards
    assert who(jnb(2024, 1, 1, 8, 0)) == A
    assert who(jnb(2024, 1, 8, 8, 0) - TICK) == A
    assert who(jnb(2024, 1, 8, 8, 0)) == B
    assert who(jnb(2024, 1, 15, 8, 0)) == C
    assert who(jnb(2024, 1, 22, 8, 0)) == A  # wrapped
    assert who(jnb(2024, 1, 24, 23, 0)) == A  # midweek


def test_index_is_weeks_since_epoch_far_from_it() -> None:
    # 2026-03-02 is 791 days = 113 weeks after 2024-01-01; 113 % 3 == 2.
    assert who(jnb(2026, 3, 2, 8, 0) - TICK) == B
    assert who(jnb(2026, 3, 2, 8, 0)) == C
    assert who(utc(2026, 3, 2, 6, 0)) == C  # same instant given in UTC
    assert who(utc(2026, 3, 2, 5, 59, 59)) == B


def test_other_handoff_weekday_and_spelling() -> None:
    # First Wednesday on/after 2024-01-01 is the 3rd.
    assert who(jnb(2024, 1, 3, 9, 29), handoff="Wed 09:30") == C
    assert who(jnb(2024, 1, 3, 9, 30), handoff="Wed 09:30") == A
    with pytest.raises(ValueError, match="invalid handoff"):
        who(jnb(2024, 1, 3), handoff="monday 8am")
    with pytest.raises(ValueError, match="invalid handoff"):
        who(jnb(2024, 1, 3), handoff="mon 24:00")


def test_handoff_just_after_local_midnight_uses_the_local_date() -> None:
    # Mon 00:15 SAST is Sun 22:15 UTC: the UTC date is a day behind the local one.
    monday = jnb(2026, 3, 9, 0, 15)
    assert next_handoff(monday - TICK, "mon 00:15", JNB) == monday
    assert next_handoff(jnb(2026, 3, 9, 0, 30), "mon 00:15", JNB) == jnb(2026, 3, 16, 0, 15)
    assert who(monday - TICK, handoff="mon 00:15") != who(monday, handoff="mon 00:15")
    assert who(monday, handoff="mon 00:15") == who(jnb(2026, 3, 15, 23), handoff="mon 00:15")


def test_next_handoff_is_strictly_after() -> None:
    assert next_handoff(jnb(2026, 3, 4, 12), "mon 08:00", JNB) == utc(2026, 3, 9, 6, 0)
    assert next_handoff(jnb(2026, 3, 9, 8, 0) - TICK, "mon 08:00", JNB) == utc(2026, 3, 9, 6, 0)
    assert next_handoff(jnb(2026, 3, 9, 8, 0), "mon 08:00", JNB) == utc(2026, 3, 16, 6, 0)
    assert next_handoff(jnb(2026, 3, 9, 8, 0), "mon 08:00", JNB).tzinfo is UTC


def test_prague_handoff_follows_local_time_across_dst() -> None:
    # Mon 08:00 is 07:00 UTC in winter, 06:00 UTC from 30 Mar, 07:00 UTC again from 26 Oct.
    assert next_handoff(utc(2026, 3, 25), "mon 08:00", PRG) == utc(2026, 3, 30, 6, 0)
    assert next_handoff(utc(2026, 10, 21), "mon 08:00", PRG) == utc(2026, 10, 26, 7, 0)
    before = who(utc(2026, 3, 30, 6, 0) - TICK, zone=PRG)
    after = who(utc(2026, 3, 30, 6, 0), zone=PRG)
    assert before != after and ROTA.index(after) == (ROTA.index(before) + 1) % 3
    assert who(utc(2026, 10, 26, 7, 0) - TICK, zone=PRG) != who(utc(2026, 10, 26, 7), zone=PRG)
    # The DST week slot is an hour short (spring) or long (autumn).
    spring, _ = current_and_next(utc(2026, 3, 25), ROTA, "mon 08:00", PRG)
    assert spring.ends_at - spring.starts_at == timedelta(hours=167)
    autumn, _ = current_and_next(utc(2026, 10, 21), ROTA, "mon 08:00", PRG)
    assert autumn.ends_at - autumn.starts_at == timedelta(hours=169)


def test_handoff_inside_the_switch_hour() -> None:
    # Sun 02:30 does not exist on 29 Mar (resolves forward to 03:30 CEST = 01:30 UTC) and
    # happens twice on 25 Oct (first occurrence, 00:30 UTC).
    assert next_handoff(utc(2026, 3, 28), "sun 02:30", PRG) == utc(2026, 3, 29, 1, 30)
    assert next_handoff(utc(2026, 10, 24), "sun 02:30", PRG) == utc(2026, 10, 25, 0, 30)


def test_overrides_win_inside_their_half_open_range() -> None:
    wed, thu = jnb(2026, 3, 4, 12), jnb(2026, 3, 5, 12)  # C's week
    overrides = [(wed, thu, X)]
    assert who(wed - TICK, overrides) == C
    assert who(wed, overrides) == X
    assert who(thu - TICK, overrides) == X
    assert who(thu, overrides) == C


def test_overlapping_overrides_last_in_list_wins() -> None:
    long = (jnb(2026, 3, 4), jnb(2026, 3, 6), X)
    short = (utc(2026, 3, 4, 22), utc(2026, 3, 5, 10), Y)  # Thu 00:00-12:00 SAST, in UTC
    assert who(jnb(2026, 3, 5, 6), [long, short]) == Y
    assert who(jnb(2026, 3, 5, 6), [short, long]) == X
    assert who(jnb(2026, 3, 4, 6), [long, short]) == X
    assert who(jnb(2026, 3, 5, 13), [long, short]) == X


def test_empty_rotation_and_bad_overrides() -> None:
    assert who(jnb(2026, 3, 4), rotation=[]) is None
    assert who(jnb(2026, 3, 4), [(jnb(2026, 3, 3), jnb(2026, 3, 5), X)], rotation=[]) == X
    with pytest.raises(ValueError, match="timezone-aware"):
        who(jnb(2026, 3, 4), [(datetime(2026, 3, 3), jnb(2026, 3, 5), X)])
    with pytest.raises(ValueError, match="before it starts"):
        who(jnb(2026, 3, 4), [(jnb(2026, 3, 5), jnb(2026, 3, 5), X)])
    with pytest.raises(ValueError, match="timezone-aware"):
        who(datetime(2026, 3, 4))


def test_current_and_next_plain_weeks() -> None:
    now, nxt = current_and_next(jnb(2026, 3, 4, 12), ROTA, "mon 08:00", JNB)
    assert now == OnCallSlot(C, utc(2026, 3, 2, 6), utc(2026, 3, 9, 6))
    assert nxt == OnCallSlot(A, utc(2026, 3, 9, 6), utc(2026, 3, 16, 6))
    # Exactly at the handoff the new week is current.
    now, nxt = current_and_next(jnb(2026, 3, 9, 8), ROTA, "mon 08:00", JNB)
    assert (now.phone, now.starts_at, nxt.phone) == (A, utc(2026, 3, 9, 6), B)


def test_current_and_next_around_an_override() -> None:
    wed, thu = jnb(2026, 3, 4, 12), jnb(2026, 3, 5, 12)
    ovr = [(wed, thu, X)]
    now, nxt = current_and_next(jnb(2026, 3, 3), ROTA, "mon 08:00", JNB, ovr)
    assert now == OnCallSlot(C, utc(2026, 3, 2, 6), wed)
    assert nxt == OnCallSlot(X, wed, thu)
    now, nxt = current_and_next(wed, ROTA, "mon 08:00", JNB, ovr)
    assert now == OnCallSlot(X, wed, thu)
    assert nxt == OnCallSlot(C, thu, utc(2026, 3, 9, 6))


def test_override_for_the_same_person_does_not_split_the_week() -> None:
    ovr = [(jnb(2026, 3, 4, 12), jnb(2026, 3, 5, 12), C)]
    now, _ = current_and_next(jnb(2026, 3, 3), ROTA, "mon 08:00", JNB, ovr)
    assert now == OnCallSlot(C, utc(2026, 3, 2, 6), utc(2026, 3, 9, 6))


def test_override_running_into_the_same_persons_week_merges() -> None:
    # A's week 9-16 Mar; B covers from Fri 13th into B's own week (16-23 Mar).
    fri = jnb(2026, 3, 13)
    ovr = [(fri, jnb(2026, 3, 17), B)]
    now, nxt = current_and_next(jnb(2026, 3, 14), ROTA, "mon 08:00", JNB, ovr)
    assert now == OnCallSlot(B, fri, utc(2026, 3, 23, 6))
    assert nxt == OnCallSlot(C, utc(2026, 3, 23, 6), utc(2026, 3, 30, 6))
    # And seen from before the override, A's week ends when B takes over.
    now, nxt = current_and_next(jnb(2026, 3, 10), ROTA, "mon 08:00", JNB, ovr)
    assert now == OnCallSlot(A, utc(2026, 3, 9, 6), fri)
    assert nxt.phone == B and nxt.ends_at == utc(2026, 3, 23, 6)


def test_single_person_rotation_still_has_weekly_slots() -> None:
    now, nxt = current_and_next(jnb(2026, 3, 4), [A], "mon 08:00", JNB)
    assert now == OnCallSlot(A, utc(2026, 3, 2, 6), utc(2026, 3, 9, 6))
    assert nxt == OnCallSlot(A, utc(2026, 3, 9, 6), utc(2026, 3, 16, 6))


def test_example_config_rotation() -> None:
    cfg = load_config()
    rotation, handoff = cfg.oncall.rotation, cfg.oncall.handoff
    first = on_call_at(jnb(2024, 1, 1, 8), rotation, handoff, cfg.zone)
    second = on_call_at(jnb(2024, 1, 8, 8), rotation, handoff, cfg.zone)
    assert (first, second) == (rotation[0], rotation[1])
