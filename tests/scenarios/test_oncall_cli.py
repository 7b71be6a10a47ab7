"""``deskbot oncall``: who is on call now and next, and dated overrides in local time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from click.testing import CliRunner, Result
from sqlalchemy import select

from bot.cli import main
from bot.directory import oncall
from storage.models import OncallOverride

JNB = ZoneInfo("Africa/Johannesburg")
THABO, LERATO, INFRA = "+27821234567", "+27827654321", "+27829990002"
TUESDAY = datetime(2026, 3, 10, 12, 0, tzinfo=JNB)


@pytest.fixture
def cli(clean_db: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for name in ("DESKBOT_CONFIG", "REDIS_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", clean_db)
    monkeypatch.setenv("DESKBOT_TRANSPORT", "console")
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, ["oncall", *args], catch_exceptions=False)

    return run


def lines(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_show_now_and_next_with_local_times(cli) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(TUESDAY, tick=False):
        out = lines(cli())
        assert lines(cli("show")) == out
    assert out[0] == "Times in Africa/Johannesburg"
    now, nxt, then = out[1], out[2], out[3]
    # 2026-03-09 is 114 weeks after the epoch Monday: even index -> Thabo, then Lerato.
    assert now.startswith("Now:") and f"Thabo Nkosi {THABO}" in now
    assert "Mon 2026-03-09 08:00 -> Mon 2026-03-16 08:00" in now
    assert nxt.startswith("Next:") and f"Lerato Dlamini {LERATO}" in nxt
    assert "Mon 2026-03-16 08:00 -> Mon 2026-03-23 08:00" in nxt
    assert "Pieter van Wyk +27829990001" in then and INFRA in then


def test_override_by_dates_covers_whole_local_days(cli, runtime) -> None:  # type: ignore[no-untyped-def]
    out = lines(cli("override", INFRA, "--from", "2026-03-10", "--to", "2026-03-11"))
    assert out[0].startswith("override ") and INFRA in out[0]
    assert "Tue 2026-03-10 00:00 -> Thu 2026-03-12 00:00" in out[0]
    with runtime.sessions() as session:
        row = session.scalars(select(OncallOverride)).one()
        assert (row.phone, row.starts_at, row.ends_at) == (
            INFRA,
            datetime(2026, 3, 10, tzinfo=JNB),
            datetime(2026, 3, 12, tzinfo=JNB),
        )
        assert oncall.on_call(runtime.config, session, TUESDAY) == INFRA
        assert oncall.on_call(runtime.config, session, datetime(2026, 3, 12, tzinfo=JNB)) == THABO
    with time_machine.travel(TUESDAY, tick=False):
        out = lines(cli())
    assert INFRA in out[1] and "Tue 2026-03-10 00:00 -> Thu 2026-03-12 00:00" in out[1]
    assert f"Thabo Nkosi {THABO}" in out[2] and "Thu 2026-03-12 00:00 -> " in out[2]


def test_override_with_times_list_and_remove(cli, runtime) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(TUESDAY, tick=False):
        lines(cli("override", LERATO, "--from", "2026-03-10T18:00", "--to", "2026-03-11T07:30"))
        listed = lines(cli("overrides"))
    assert len(listed) == 1 and f"Lerato Dlamini {LERATO}" in listed[0]
    assert "Tue 2026-03-10 18:00 -> Wed 2026-03-11 07:30" in listed[0]
    with runtime.sessions() as session:
        assert (
            oncall.on_call(runtime.config, session, datetime(2026, 3, 10, 19, tzinfo=JNB)) == LERATO
        )
        override_id = session.scalars(select(OncallOverride.id)).one()
    with time_machine.travel(datetime(2026, 4, 1, tzinfo=JNB), tick=False):
        assert lines(cli("overrides")) == ["no overrides"]  # past ones only with --all
        assert len(lines(cli("overrides", "--all"))) == 1
    assert lines(cli("remove", str(override_id))) == [f"override {override_id} removed"]
    with runtime.sessions() as session:
        assert session.scalars(select(OncallOverride)).all() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("+27830000000", "--from", "2026-03-10", "--to", "2026-03-11"), "not a staff number"),
        (("nobody", "--from", "2026-03-10", "--to", "2026-03-11"), "not a phone number"),
        ((THABO, "--from", "10/03/2026", "--to", "2026-03-11"), "YYYY-MM-DD"),
        ((THABO, "--from", "2026-03-10T18:00", "--to", "2026-03-10T08:00"), "after --from"),
    ],
)
def test_bad_overrides_are_usage_errors(cli, runtime, args, message) -> None:  # type: ignore[no-untyped-def]
    result = cli("override", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    with runtime.sessions() as session:
        assert session.scalars(select(OncallOverride)).all() == []


def test_remove_unknown_override(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("remove", "999")
    assert result.exit_code == 2 and "no override 999" in result.output
