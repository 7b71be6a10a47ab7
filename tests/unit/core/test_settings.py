"""The environment: :data:`bot.core.settings.ENVIRONMENT` (what docs/reference.md lists)
names exactly the variables :meth:`Settings.from_env` reads."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.settings import ELSEWHERE, ENVIRONMENT, Settings, SettingsError

ROOT = Path(__file__).resolve().parents[3]


class Recording(dict[str, str]):
    """An empty environment that notes every variable asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key, default=None):  # type: ignore[no-untyped-def, override]
        self.asked.add(key)
        return super().get(key, default)


def test_every_variable_read_is_documented_and_every_documented_one_is_read() -> None:
    env = Recording()
    settings = Settings.from_env(env)
    assert env.asked == {variable.name for variable in ENVIRONMENT}
    assert settings.transport == "console" and settings.redis_url is None


def test_variables_read_elsewhere_are_read_there() -> None:
    for variable, reader in ELSEWHERE:
        assert variable.name in (ROOT / reader).read_text(encoding="utf-8")
        assert variable.name not in {v.name for v in ENVIRONMENT}


def test_bad_values_are_one_line_each_naming_the_variable() -> None:
    env = {
        "DESKBOT_SWEEP_INTERVAL": "0",
        "TWILIO_API_URL": "not-a-url",
        "PUBLIC_URL": "ftp://desk",
        "DATABASE_URL": "postgresql://u@h:notaport/db",
        "REDIS_URL": "localhost:6379",
        "DESKBOT_RETRY_HORIZON": "soon",
        "DESKBOT_TRANSPORT": "twilio",
    }
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(env)
    names = [problem.split(":")[0] for problem in raised.value.problems]
    assert names == [
        "DESKBOT_TRANSPORT",
        "DATABASE_URL",
        "REDIS_URL",
        "TWILIO_API_URL",
        "PUBLIC_URL",
        "DESKBOT_SWEEP_INTERVAL",
        "DESKBOT_RETRY_HORIZON",
    ]
    assert all("\n" not in problem for problem in raised.value.problems)


def test_good_values_are_read() -> None:
    settings = Settings.from_env(
        {"DESKBOT_SWEEP_INTERVAL": "1", "DESKBOT_RETRY_HORIZON": "2h", "REDIS_URL": "redis://r/1"}
    )
    assert settings.sweep_interval == 1.0 and settings.retry_horizon == timedelta(hours=2)


@pytest.mark.parametrize(
    ("command", "env", "line"),
    [
        ("tickets", {"DESKBOT_SWEEP_INTERVAL": "0"}, "DESKBOT_SWEEP_INTERVAL: must be at least 1"),
        ("tickets", {"DATABASE_URL": "nonsense"}, "DATABASE_URL: not a database URL"),
        (
            "tickets",
            {"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"},
            "DATABASE_URL: cannot",
        ),
        ("worker", {"REDIS_URL": "redis://127.0.0.1:1/0"}, "REDIS_URL: cannot reach Redis"),
    ],
)
def test_the_command_prints_one_line_and_exits_2(
    command: str, env: dict[str, str], line: str
) -> None:
    """A real process, as an operator runs it: no traceback, exit code 2."""
    args = ["tickets", "list"] if command == "tickets" else ["worker"]
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:", "REDIS_URL": "", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    problems = [row for row in done.stderr.splitlines() if ": " in row and row.isascii()]
    assert problems[-1].startswith(line), done.stderr
    assert "Traceback" not in done.stderr


def test_gunicorn_with_bad_settings_prints_one_line_each_and_exits_2() -> None:
    """The Procfile's web process: the master checks the environment before any worker."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    done = subprocess.run(
        [
            str(gunicorn),
            "-c",
            "python:webhooks.gunicorn_conf",
            "webhooks:create_app()",
            "-b",
            "127.0.0.1:0",
        ],
        env={**os.environ, "DESKBOT_SWEEP_INTERVAL": "0", "TWILIO_API_URL": "not-a-url"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 2, done.stderr
    assert "DESKBOT_SWEEP_INTERVAL: must be at least 1 second" in done.stderr
    assert "TWILIO_API_URL: 'not-a-url' is not an http(s) URL" in done.stderr
    assert "Traceback" not in done.stderr
