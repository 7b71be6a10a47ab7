"""Environment settings (contract section 3), read once when a process starts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///instance/deskbot.db"
DEFAULT_TWILIO_API_URL = "https://api.twilio.com"


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
