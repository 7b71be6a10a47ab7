"""The TOML configuration: the example is valid; every problem names file, key and reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.core.config import EXAMPLE_CONFIG, ConfigError, load_config
from bot.core.durations import DurationError, format_duration, parse_duration


def test_example_config_loads() -> None:
    config = load_config()
    assert config.helpdesk.ticket_prefix == "TKT"
    assert config.priority_names == ["critical", "high", "medium", "low"]
    assert config.priorities["critical"].response == timedelta(hours=1)
    assert "+27829990003" in config.staff_phones
    assert config.hours["mon"].opens.isoformat() == "08:30:00"
    assert "sat" not in config.hours
    assert config.privacy.keep_messages == timedelta(days=365)
    assert config.privacy.keep_closed_tickets == timedelta(days=1095)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("10m", 600), ("1h", 3600), ("1h30m", 5400), ("2d", 172800), (" 1H 5M ", 3900)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds
    assert parse_duration(format_duration(parse_duration(text))) == parse_duration(text)


@pytest.mark.parametrize("text", ["", "10", "1x", "h", "0m", "-5m", "1.5h"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE_CONFIG.read_text()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        (
            'response = "1h"',
            'response = "soon"',
            "priorities.critical.response",
            "invalid duration",
        ),
        (
            'timezone = "Africa/Johannesburg"',
            'timezone = "Mars/Base"',
            "helpdesk.timezone",
            "unknown time zone",
        ),
        ('holidays = "ZA"', 'holidays = "XX"', "helpdesk.holidays", "no public-holiday calendar"),
        ('phone = "+27821234567"', 'phone = "0821234567"', "technicians[0].phone", "E.164"),
        ('mon = "08:30-17:00"', 'mon = "17:00-08:30"', "hours.mon", "close before they open"),
        (
            'after_hours = "page"',
            'after_hours = "shout"',
            "priorities.critical.after_hours",
            "'page'",
        ),
        ('support = "24x7"', 'support = "always"', "companies[0].support", "24x7"),
        ('ack_timeout = "10m"', 'ack_timeout = "ten"', "oncall.ack_timeout", "invalid duration"),
        (
            'ticket_prefix = "TKT"',
            'ticket_prefix = "tk"',
            "helpdesk.ticket_prefix",
            "capital letters",
        ),
        (
            'keep_messages = "365d"',
            'keep_messages = "12h"',
            "privacy.keep_messages",
            "at least 1d",
        ),
        (
            'keep_closed_tickets = "1095d"',
            'keep_closed_tickets = "forever"',
            "privacy.keep_closed_tickets",
            "invalid duration",
        ),
        (
            'role = "technician"             # technician | manager',
            'role = "boss"',
            "technicians[0].role",
            "'technician'",
        ),
        (
            'language = "en"                 # optional',
            'language = "de"                 # optional',
            "technicians[0].language",
            "unsupported language 'de'",
        ),
    ],
)
def test_problems_name_file_key_and_reason(tmp_path, old, new, key, reason) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    line = next(p for p in caught.value.problems if f": {key}: " in p)
    assert line.startswith(str(path)) and reason in line


def test_every_problem_is_reported_at_once(tmp_path) -> None:
    path = _broken(tmp_path, 'response = "1h"', 'response = "x"')
    path.write_text(
        path.read_text()
        .replace('holidays = "ZA"', 'holidays = "XX"')
        .replace("[helpdesk]", '[helpdesk]\ncolour = "blue"')
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    keys = " ".join(caught.value.problems)
    assert "priorities.critical.response" in keys and "helpdesk.holidays" in keys
    assert "helpdesk.colour: unknown key" in keys


def test_a_technicians_language_is_optional_and_english_by_default() -> None:
    config = load_config()
    thabo, lerato = config.technicians[0], config.technicians[1]
    assert thabo.language == "en" and lerato.language is None
    assert config.staff_language(lerato.phone) == "en"
    assert config.staff_language("+27829990002") == "en"  # escalation only: no entry
    czech = config.model_copy(
        update={"technicians": [thabo.model_copy(update={"language": "cs"}), lerato]}
    )
    assert czech.staff_language(thabo.phone) == "cs"


def test_not_toml_and_missing_file(tmp_path) -> None:
    bad = tmp_path / "x.toml"
    bad.write_text("[helpdesk\nname=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "missing.toml")


def test_check_config_cli(tmp_path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["check-config", str(EXAMPLE_CONFIG)])
    assert ok.exit_code == 0 and "ok" in ok.output
    path = _broken(tmp_path, 'response = "1h"', 'response = "soon"')
    bad = runner.invoke(main, ["check-config", str(path)])
    assert bad.exit_code == 2
    assert f"{path}: priorities.critical.response: invalid duration" in bad.output


def test_settings_never_show_secrets() -> None:
    from bot.core.settings import Settings

    settings = Settings.from_env(
        {
            "TWILIO_ACCOUNT_SID": "AC1",
            "TWILIO_AUTH_TOKEN": "s3cret-token",
            "DESKBOT_API_TOKEN": "api-s3cret",
        }
    )
    assert settings.transport == "twilio"
    assert "s3cret" not in repr(settings)
    assert Settings.from_env({}).transport == "console"
    assert Settings.from_env({"DATABASE_URL": "postgres://u@h/db"}).database_url.startswith(
        "postgresql+psycopg://"
    )


def test_every_customer_message_is_translated() -> None:
    from bot import app as startup
    from bot.conversation import intake
    from bot.core.i18n import missing

    config = load_config()
    startup.check(config)  # what every process runs before serving
    messages = [*intake.MESSAGES, *startup.customer_messages()]
    for language in ("cs", "it"):
        assert missing(language, messages) == []
    with pytest.raises(intake.FlowError, match="lack a cs translation"):
        intake.check_flow(["cs"], ("A sentence nobody translated.",))


def test_reopen_raise_moves_up_the_priorities_and_stops_at_the_top() -> None:
    config = load_config()
    assert config.tickets.reopen_raise == 1
    assert config.raised_priority("low", 1) == "medium"
    assert config.raised_priority("low", 2) == "high"
    assert config.raised_priority("high", 5) == "critical"
    assert config.raised_priority("medium", 0) == "medium"


def test_bad_reopen_raise_and_media_types_are_refused(tmp_path) -> None:
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text = text.replace("reopen_raise = 1 ", "reopen_raise = -1 ")
    text = text.replace('link_valid = "4h"', 'link_valid = "4h"\ntypes = ["photos"]')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = "\n".join(caught.value.problems)
    assert "tickets.reopen_raise" in problems and "media.types" in problems
