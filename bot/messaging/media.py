"""Photos, voice notes and documents customers send.

Twilio's ``MediaUrlN`` can only be opened with the account's credentials, so a bare URL is
a dead link for a technician. Each file is downloaded once, when its message is handled,
with the account SID and auth token (sent only to Twilio's own host), checked against
``[media] types`` and ``max_bytes`` (streamed: an oversized file is cut off, never held in
memory whole), and kept in the database beside its message, so any web host can serve it.
Staff reach it through a link served by deskbot itself (``GET /media/<id>``), signed with
HMAC-SHA256 and valid ``[media] link_valid``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import requests
from sqlalchemy.orm import Session

from bot.core.config import Media
from bot.core.settings import Settings
from bot.messaging.outbox import public_base
from storage.db import utcnow
from storage.models import MediaFile

log = logging.getLogger(__name__)
DOWNLOAD_TIMEOUT = (5, 10)  # seconds: connect, read (Twilio waits 15 s for the webhook)
CHUNK = 64 * 1024
TWILIO_HOSTS = ("twilio.com",)


class MediaRefused(Exception):
    """A file that is not kept; the message is a short reason in English for the log and
    the ticket (the customer gets a translated reply)."""


@dataclass(frozen=True)
class Kept:
    id: int
    content_type: str
    size: int

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "content_type": self.content_type, "size": self.size}


def _is_twilio(settings: Settings, url: str) -> bool:
    """Credentials go only to Twilio (or the API URL tests point at), never elsewhere."""
    host = (urlsplit(url).hostname or "").lower()
    own = (urlsplit(settings.twilio_api_url).hostname or "").lower()
    return host == own or any(host == h or host.endswith("." + h) for h in TWILIO_HOSTS)


def _base_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def download(settings: Settings, rules: Media, url: str, declared: str) -> tuple[bytes, str]:
    """The file's bytes and type; raises :class:`MediaRefused` with the reason."""
    if _base_type(declared) and _base_type(declared) not in rules.types:
        raise MediaRefused(f"type {_base_type(declared)} is not accepted")
    auth = None
    if _is_twilio(settings, url):
        if not (settings.twilio_account_sid and settings.twilio_auth_token):
            raise MediaRefused("no Twilio credentials to fetch it with")
        auth = (settings.twilio_account_sid, settings.twilio_auth_token)
    try:
        with requests.get(url, auth=auth, stream=True, timeout=DOWNLOAD_TIMEOUT) as response:
            if response.status_code != 200:
                raise MediaRefused(f"download answered HTTP {response.status_code}")
            content_type = _base_type(response.headers.get("Content-Type", "")) or _base_type(
                declared
            )
            if content_type not in rules.types:
                raise MediaRefused(f"type {content_type or 'unknown'} is not accepted")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > rules.max_bytes:
                raise MediaRefused(f"{int(length)} bytes is over the {rules.max_bytes} limit")
            data = bytearray()
            for chunk in response.iter_content(CHUNK):
                data.extend(chunk)
                if len(data) > rules.max_bytes:
                    raise MediaRefused(f"over the {rules.max_bytes} bytes limit")
    except requests.RequestException as exc:
        raise MediaRefused(f"download failed: {type(exc).__name__}") from exc
    if not data:
        raise MediaRefused("the file is empty")
    return bytes(data), content_type


@dataclass
class Received:
    """What became of an inbound message's files: kept (stored) or refused (why), and
    the message log's record of each, in the order they came."""

    kept: list[Kept]
    refused: list[str]
    log: list[dict[str, object]]


def keep(
    session: Session,
    settings: Settings,
    rules: Media,
    message_id: int | None,
    media: list[dict[str, str]],
) -> Received:
    """Download and store each of an inbound message's files (a message's files are never
    silently dropped: each is kept or refused with its reason)."""
    received = Received([], [], [])
    for item in media:
        entry: dict[str, object] = dict(item)
        try:
            data, content_type = download(
                settings, rules, item.get("url", ""), item.get("content_type", "")
            )
        except MediaRefused as exc:
            log.info("inbound media refused: %s", exc, extra={"message_id": message_id})
            received.refused.append(str(exc))
            received.log.append({**entry, "refused": str(exc)})
            continue
        row = MediaFile(
            message_id=message_id,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        received.kept.append(Kept(row.id, content_type, len(data)))
        received.log.append({**entry, "kept": row.id})
    return received


# -- signed links -----------------------------------------------------------------------------


def _signature(settings: Settings, media_id: int, expires: int) -> str:
    message = f"media:{media_id}:{expires}".encode()
    return hmac.new(settings.signing_key(), message, hashlib.sha256).hexdigest()


def signed_path(settings: Settings, media_id: int, expires: int) -> str:
    return f"/media/{media_id}?exp={expires}&sig={_signature(settings, media_id, expires)}"


def signed_link(
    settings: Settings, rules: Media, media_id: int, now: datetime | None = None
) -> str:
    """A deskbot URL for one file, valid ``[media] link_valid`` from ``now``."""
    expires = int(((now or utcnow()) + rules.link_valid).timestamp())
    return (public_base(settings) or "") + signed_path(settings, media_id, expires)


def verify(settings: Settings, media_id: int, expires: str, signature: str, now: datetime) -> str:
    """``ok``, ``expired`` or ``invalid`` for a link's parameters."""
    if not expires.isdigit() or not signature:
        return "invalid"
    if not hmac.compare_digest(_signature(settings, media_id, int(expires)), signature):
        return "invalid"
    return "ok" if int(expires) > now.timestamp() else "expired"


def label(content_type: str, size: int) -> str:
    kind = content_type.split("/")[0]
    word = {"image": "photo", "audio": "voice note", "video": "video"}.get(kind, "file")
    return f"{word} ({content_type}, {max(size // 1024, 1)} KB)"
