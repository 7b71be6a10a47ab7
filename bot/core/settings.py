"""Environment settings, read once when a process starts; :data:`ENVIRONMENT` lists every
variable (``docs/reference.md`` is generated from it)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///instance/deskbot.db"
DEFAULT_TWILIO_API_URL = "https://api.twilio.com"


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
    Variable("DESKBOT_SWEEP_INTERVAL", "`10`", "seconds between sweeps (lost jobs, timers)"),
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

    def sender_for(self, channel: str) -> str | None:
        """The configured Twilio sender of a channel (``whatsapp:+1…`` or ``+1…``)."""
        return self.twilio_whatsapp_from if channel == "whatsapp" else self.twilio_sms_from

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        sid, token = get("TWILIO_ACCOUNT_SID"), get("TWILIO_AUTH_TOKEN")
        transport = get("DESKBOT_TRANSPORT") or ("twilio" if sid and token else "console")
        if transport not in ("twilio", "console"):
            raise ValueError(f"DESKBOT_TRANSPORT={transport!r}: expected 'twilio' or 'console'")
        config = get("DESKBOT_CONFIG")
        return cls(
            database_url=_sqlalchemy_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            redis_url=get("REDIS_URL"),
            config_path=Path(config) if config else None,
            transport=transport,
            twilio_account_sid=sid,
            twilio_auth_token=token,
            twilio_whatsapp_from=get("TWILIO_WHATSAPP_FROM"),
            twilio_sms_from=get("TWILIO_SMS_FROM"),
            twilio_api_url=(get("TWILIO_API_URL") or DEFAULT_TWILIO_API_URL).rstrip("/"),
            public_url=(get("PUBLIC_URL") or "").rstrip("/") or None,
            api_token=get("DESKBOT_API_TOKEN"),
            rasa_url=(get("RASA_URL") or "").rstrip("/") or None,
            simulator_enabled=(get("DESKBOT_SIMULATOR") or "").lower() in ("1", "true", "yes"),
            sweep_interval=float(get("DESKBOT_SWEEP_INTERVAL") or 10.0),
            queue_name=get("DESKBOT_QUEUE") or "deskbot",
            inbound_mode=_inbound_mode(get("DESKBOT_INBOUND")),
            smtp_url=get("SMTP_URL"),
            mail_from=get("MAIL_FROM"),
            secret_key=get("DESKBOT_SECRET_KEY"),
        )


def _inbound_mode(value: str | None) -> str:
    mode = (value or "auto").lower()
    if mode not in ("auto", "inline", "queued"):
        raise ValueError(f"DESKBOT_INBOUND={value!r}: expected auto, inline or queued")
    return mode


def _sqlalchemy_url(url: str) -> str:
    """Heroku-style ``postgres://`` URLs name the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
