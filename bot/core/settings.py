"""Environment settings, read once when a process starts; :data:`ENVIRONMENT` lists every
variable (``docs/reference.md`` is generated from it)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import SplitResult, urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.core.durations import DurationError, parse_duration

DEFAULT_DATABASE_URL = "sqlite:///instance/deskbot.db"
DEFAULT_TWILIO_API_URL = "https://api.twilio.com"
MIN_SWEEP_INTERVAL = 1.0
DEFAULT_RETRY_HORIZON = timedelta(hours=24)
DATABASE_SCHEMES = ("sqlite", "postgresql", "postgres")
REDIS_SCHEMES = ("redis", "rediss", "unix")
T = TypeVar("T")


@dataclass(frozen=True)
class Variable:
    name: str
    default: str  # what happens when it is unset
    meaning: str


ENVIRONMENT: tuple[Variable, ...] = (
    Variable(
        "DATABASE_URL",
        f"`{DEFAULT_DATABASE_URL}`",
        "SQLAlchemy URL; PostgreSQL in production (`postgresql://…`)",
    ),
    Variable("REDIS_URL", "unset: the in-process queue", "RQ's Redis (`redis://…`)"),
    Variable(
        "DESKBOT_CONFIG",
        "the packaged `config/example.toml`",
        "the TOML configuration file",
    ),
    Variable(
        "DESKBOT_TRANSPORT",
        "`twilio` with credentials, else `console`",
        "where outbound messages go: `twilio` (REST API) or `console` (recorded only)",
    ),
    Variable("TWILIO_ACCOUNT_SID", "unset", "Twilio account"),
    Variable("TWILIO_AUTH_TOKEN", "unset", "Twilio credentials; also validates webhook signatures"),
    Variable("TWILIO_WHATSAPP_FROM", "unset", "WhatsApp sender (`whatsapp:+1…`)"),
    Variable("TWILIO_SMS_FROM", "unset", "SMS sender (`+1…`)"),
    Variable(
        "TWILIO_API_URL",
        f"`{DEFAULT_TWILIO_API_URL}`",
        "Twilio's REST base URL (tests point it at a fake)",
    ),
    Variable(
        "PUBLIC_URL",
        "the base URL the inbound webhook was called on",
        "external base URL, for webhook signatures and the `StatusCallback` of replies",
    ),
    Variable("DESKBOT_API_TOKEN", "unset: `/api` is closed", "bearer token for `/api`"),
    Variable(
        "RASA_URL",
        "unset: the embedded parser",
        "a Rasa server (`POST /model/parse`); the embedded parser stands in when it fails",
    ),
    Variable(
        "DESKBOT_SIMULATOR",
        "off",
        "`1`, `true` or `yes`: serve `/simulator` with the `twilio` transport too "
        "(with `console` it is always served)",
    ),
    Variable(
        "SMTP_URL",
        "unset: no e-mail",
        "`smtp://user:pass@host:port` (`smtps://` for implicit TLS; `?starttls=1`): ticket "
        "confirmations and work reports by e-mail to customers who gave an address",
    ),
    Variable("MAIL_FROM", "unset: `deskbot@<SMTP host>`", "sender address of those e-mails"),
    Variable(
        "DESKBOT_SECRET_KEY",
        "derived from `TWILIO_AUTH_TOKEN` (else `DESKBOT_API_TOKEN`)",
        "key that signs the short-lived links to customers' photos and voice notes",
    ),
    Variable(
        "DESKBOT_SWEEP_INTERVAL",
        "`10`",
        "seconds between sweeps (lost jobs, timers, spooled messages); at least 1",
    ),
    Variable(
        "DESKBOT_RETRY_HORIZON",
        "`24h`",
        "how long an outbound message is retried through a Twilio outage before it is "
        "`failed` and the help desk manager is told (a duration: `90m`, `24h`, `2d`)",
    ),
    Variable(
        "DESKBOT_SPOOL_DIR",
        "`instance/spool`",
        "without Redis: the fsync'd journal where webhooks keep inbound messages while the "
        "database is unreachable",
    ),
    Variable("DESKBOT_QUEUE", "`deskbot`", "RQ queue name"),
    Variable(
        "DESKBOT_INBOUND",
        "`auto`",
        "`auto`: with Redis webhooks store and workers handle, without Redis the webhook "
        "handles; `inline`: always the webhook; `queued`: always the workers",
    ),
)
# Read by other modules, not by :class:`Settings`: (variable, the module that reads it).
ELSEWHERE: tuple[tuple[Variable, str], ...] = (
    (
        Variable(
            "DESKBOT_NLU_CACHE",
            "`$XDG_CACHE_HOME/deskbot`, else `~/.cache/deskbot`",
            "where the trained NLU model is cached",
        ),
        "nlu/cache.py",
    ),
    (
        Variable(
            "DESKBOT_LOG_FORMAT",
            "`text`",
            "`json`: one JSON object per log line (message bodies only at DEBUG either way)",
        ),
        "bot/core/logs.py",
    ),
    (
        Variable(
            "PROMETHEUS_MULTIPROC_DIR",
            "unset: each process counts alone",
            "an empty directory shared by the gunicorn workers (and workers on the same "
            "host): `/metrics` then adds up every process (prometheus_client multiprocess)",
        ),
        "webhooks/metrics.py",
    ),
    (
        Variable(
            "DESKBOT_METRICS_TOKEN",
            "unset: `/metrics` is open",
            "bearer token that `GET /metrics` requires when set",
        ),
        "webhooks/metrics.py",
    ),
)


@dataclass(frozen=True)
class Settings:
    """What the environment says; secrets are kept out of ``repr`` so they never reach a log."""

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    config_path: Path | None = None
    transport: str = "console"
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = field(default=None, repr=False)
    twilio_whatsapp_from: str | None = None
    twilio_sms_from: str | None = None
    twilio_api_url: str = DEFAULT_TWILIO_API_URL
    public_url: str | None = None
    api_token: str | None = field(default=None, repr=False)
    rasa_url: str | None = None
    simulator_enabled: bool = False
    sweep_interval: float = 10.0
    queue_name: str = "deskbot"
    inbound_mode: str = "auto"  # auto: queued with Redis, inline without | inline | queued
    smtp_url: str | None = field(default=None, repr=False)  # may carry a password
    mail_from: str | None = None
    secret_key: str | None = field(default=None, repr=False)

    def signing_key(self) -> bytes:
        """The key of signed media links: DESKBOT_SECRET_KEY, else one derived from the
        Twilio auth token or the API token (a development install without either gets a
        fixed key: its links are only as private as its console)."""
        base = self.secret_key or self.twilio_auth_token or self.api_token or "deskbot-dev"
        return hashlib.sha256(b"deskbot media links\0" + base.encode()).digest()

    retry_horizon: timedelta = DEFAULT_RETRY_HORIZON
    spool_dir: Path = Path("instance/spool")

    def sender_for(self, channel: str) -> str | None:
        """The configured Twilio sender of a channel (``whatsapp:+1…`` or ``+1…``)."""
        return self.twilio_whatsapp_from if channel == "whatsapp" else self.twilio_sms_from

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every variable; raises :class:`SettingsError` naming each bad one."""
        env = os.environ if env is None else env
        problems: list[str] = []

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def checked(name: str, read: Callable[[str | None], T], fallback: T) -> T:
            try:
                return read(get(name))
            except ValueError as exc:
                problems.append(f"{name}: {exc}")
                return fallback

        sid, token = get("TWILIO_ACCOUNT_SID"), get("TWILIO_AUTH_TOKEN")
        transport = checked("DESKBOT_TRANSPORT", lambda v: _transport(v, sid, token), "console")
        config = get("DESKBOT_CONFIG")
        settings = cls(
            database_url=checked("DATABASE_URL", _database_url, DEFAULT_DATABASE_URL),
            redis_url=checked("REDIS_URL", _redis_url, None),
            config_path=Path(config) if config else None,
            transport=transport,
            twilio_account_sid=sid,
            twilio_auth_token=token,
            twilio_whatsapp_from=get("TWILIO_WHATSAPP_FROM"),
            twilio_sms_from=get("TWILIO_SMS_FROM"),
            twilio_api_url=checked(
                "TWILIO_API_URL", lambda v: _http_url(v) or DEFAULT_TWILIO_API_URL, ""
            ),
            public_url=checked("PUBLIC_URL", _http_url, None),
            api_token=get("DESKBOT_API_TOKEN"),
            rasa_url=checked("RASA_URL", _http_url, None),
            simulator_enabled=(get("DESKBOT_SIMULATOR") or "").lower() in ("1", "true", "yes"),
            sweep_interval=checked("DESKBOT_SWEEP_INTERVAL", _sweep_interval, 10.0),
            queue_name=get("DESKBOT_QUEUE") or "deskbot",
            smtp_url=get("SMTP_URL"),
            mail_from=get("MAIL_FROM"),
            secret_key=get("DESKBOT_SECRET_KEY"),
            inbound_mode=checked("DESKBOT_INBOUND", _inbound_mode, "auto"),
            retry_horizon=checked("DESKBOT_RETRY_HORIZON", _horizon, DEFAULT_RETRY_HORIZON),
            spool_dir=Path(get("DESKBOT_SPOOL_DIR") or "instance/spool"),
        )
        if problems:
            raise SettingsError(problems)
        return settings


class SettingsError(ValueError):
    """Environment values that cannot be used; ``problems`` holds one ``NAME: reason`` each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _transport(value: str | None, sid: str | None, token: str | None) -> str:
    transport = value or ("twilio" if sid and token else "console")
    if transport not in ("twilio", "console"):
        raise ValueError(f"{transport!r} is not a transport (expected twilio or console)")
    if transport == "twilio" and not (sid and token):
        raise ValueError("twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
    return transport


def _split_url(value: str, problem: str) -> SplitResult:
    """``value``'s parts, its port read too (a bad port only shows when it is read)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it validates it
    except ValueError as exc:
        raise ValueError(f"{problem} ({exc})") from exc
    return parts


def _http_url(value: str | None) -> str | None:
    """An absolute http(s) URL without a trailing slash, or None when unset."""
    if value is None:
        return None
    parts = _split_url(value, f"{value!r} is not a URL")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) URL (expected e.g. https://host)")
    return value.rstrip("/")


def _database_url(value: str | None) -> str:
    url = _sqlalchemy_url(value or DEFAULT_DATABASE_URL)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise ValueError(
            "not a database URL (expected postgresql://user@host/db or sqlite:///file)"
        ) from exc
    if parsed.get_backend_name() not in DATABASE_SCHEMES:
        raise ValueError(f"unsupported database {parsed.get_backend_name()!r} (postgresql, sqlite)")
    return url


def _redis_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = _split_url(value, "not a Redis URL")
    if parts.scheme not in REDIS_SCHEMES or (parts.scheme != "unix" and not parts.hostname):
        raise ValueError("not a Redis URL (expected redis://host:6379/0)")
    return value


def _sweep_interval(value: str | None) -> float:
    try:
        seconds = float(value or 10.0)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a number of seconds") from exc
    if not seconds >= MIN_SWEEP_INTERVAL:  # also refuses NaN
        raise ValueError(f"must be at least {MIN_SWEEP_INTERVAL:g} second (got {value})")
    return seconds


def _horizon(value: str | None) -> timedelta:
    if value is None:
        return DEFAULT_RETRY_HORIZON
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise ValueError(str(exc)) from exc


def _inbound_mode(value: str | None) -> str:
    mode = (value or "auto").lower()
    if mode not in ("auto", "inline", "queued"):
        raise ValueError(f"{value!r}: expected auto, inline or queued")
    return mode


def _sqlalchemy_url(url: str) -> str:
    """Heroku-style ``postgres://`` URLs name the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
