"""Where outbound messages go: Twilio's REST API, or the console (recorded, not sent)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from requests.utils import get_environ_proxies
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.core.phones import channel_address
from bot.core.settings import Settings

log = logging.getLogger(__name__)

# Twilio error codes that mean "try again later" rather than "this will never work".
RETRYABLE_CODES = frozenset({20429, 21611, 63018, 30001, 20500, 20503})


@dataclass(frozen=True)
class Outgoing:
    """One message as the transport sees it."""

    channel: str
    to: str  # E.164
    body: str
    media: list[str] = field(default_factory=list)
    content_sid: str | None = None
    content_variables: dict[str, Any] | None = None
    status_callback: str | None = None


@dataclass(frozen=True)
class SendResult:
    sid: str | None
    status: str
    from_number: str


class SendError(Exception):
    """A send that did not happen; ``retryable`` says whether trying again can help."""

    def __init__(self, message: str, *, code: int | None, retryable: bool) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class Transport(Protocol):
    name: str

    def sender(self, channel: str) -> str: ...
    def send(self, message: Outgoing) -> SendResult: ...
    def call(self, to: str, twiml: str) -> str | None: ...


class ConsoleTransport:
    """For laptops and the simulator: records every message, sends nothing."""

    name = "console"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def sender(self, channel: str) -> str:
        return self.settings.sender_for(channel) or channel_address(channel, "+10000000000")

    def send(self, message: Outgoing) -> SendResult:
        # A body is personal data: its length at INFO, the text itself only at DEBUG.
        log.info("console %s to %s (%d chars)", message.channel, message.to, len(message.body))
        log.debug("console %s to %s: %s", message.channel, message.to, message.body)
        return SendResult(sid=None, status="sent", from_number=self.sender(message.channel))

    def call(self, to: str, twiml: str) -> str | None:
        log.info("console call to %s", to)
        return None


class TwilioTransport:
    """The real SDK; ``TWILIO_API_URL`` points it at a fake in tests."""

    name = "twilio"

    def __init__(self, settings: Settings, timeout: float = 10.0) -> None:
        if not (settings.twilio_account_sid and settings.twilio_auth_token):
            raise ValueError("twilio transport needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        self.settings = settings
        http = TwilioHttpClient(
            timeout=timeout,
            pool_connections=True,
            # Proxies come from the environment once, at start: requests would otherwise
            # scan os.environ on every send, a visible share of a worker's CPU.
            proxy=get_environ_proxies(settings.twilio_api_url) or None,
        )
        custom_ca = any(os.environ.get(v) for v in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"))
        if http.session is not None and not custom_ca:
            http.session.trust_env = False
        self.client = Client(
            settings.twilio_account_sid, settings.twilio_auth_token, http_client=http
        )
        self.client.api.base_url = settings.twilio_api_url

    def sender(self, channel: str) -> str:
        sender = self.settings.sender_for(channel)
        if not sender:
            raise SendError(
                f"no sender number for {channel}: set TWILIO_"
                f"{'WHATSAPP' if channel == 'whatsapp' else 'SMS'}_FROM",
                code=None,
                retryable=False,
            )
        return sender

    def send(self, message: Outgoing) -> SendResult:
        sender = self.sender(message.channel)
        params: dict[str, Any] = {
            "to": channel_address(message.channel, message.to),
            "from_": sender,
        }
        if message.content_sid:
            params["content_sid"] = message.content_sid
            params["content_variables"] = json.dumps(message.content_variables or {})
        else:
            params["body"] = message.body
        if message.media:
            params["media_url"] = list(message.media)
        if message.status_callback:
            params["status_callback"] = message.status_callback
        try:
            created = self.client.messages.create(**params)
        except TwilioRestException as exc:
            retryable = exc.status == 429 or exc.status >= 500 or exc.code in RETRYABLE_CODES
            raise SendError(str(exc.msg), code=exc.code, retryable=retryable) from exc
        except (requests.RequestException, TwilioException, OSError) as exc:
            raise SendError(
                f"Twilio unreachable: {type(exc).__name__}", code=None, retryable=True
            ) from exc
        return SendResult(
            sid=created.sid, status=str(created.status or "queued"), from_number=sender
        )

    def call(self, to: str, twiml: str) -> str | None:
        sender = self.sender("sms")
        try:
            call = self.client.calls.create(to=to, from_=sender, twiml=twiml)
        except TwilioRestException as exc:
            retryable = exc.status == 429 or exc.status >= 500
            raise SendError(str(exc.msg), code=exc.code, retryable=retryable) from exc
        except (requests.RequestException, TwilioException, OSError) as exc:
            raise SendError(
                f"Twilio unreachable: {type(exc).__name__}", code=None, retryable=True
            ) from exc
        return call.sid


def transport_problems(settings: Settings) -> list[str]:
    """What keeps the configured transport from sending, as ``NAME: reason`` lines
    (``/healthz`` shows them; an empty list means it is configured)."""
    if settings.transport != "twilio":
        return []
    problems = []
    if not (settings.twilio_account_sid or "").startswith("AC"):
        problems.append("TWILIO_ACCOUNT_SID: expected an account SID (AC…)")
    url = urlsplit(settings.twilio_api_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        problems.append(f"TWILIO_API_URL: {settings.twilio_api_url!r} is not an http(s) URL")
    if not (settings.twilio_whatsapp_from or settings.twilio_sms_from):
        problems.append("TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM: no sender number is set")
    elif not settings.twilio_sms_from:
        problems.append("TWILIO_SMS_FROM: not set; staff SMS and SMS fallbacks cannot be sent")
    return problems


def make_transport(settings: Settings) -> Transport:
    if settings.transport == "twilio":
        return TwilioTransport(settings)
    return ConsoleTransport(settings)
