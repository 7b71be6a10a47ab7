"""The outbox: every message deskbot decides to send is a row written in the same
transaction as the decision. Delivery is rung only after that transaction
commits (``bot.messaging.on_commit``), so a rollback sends nothing and a crash
loses nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy.orm import Session

from bot.channels.status import PENDING
from bot.core.settings import Settings
from bot.messaging.on_commit import on_commit
from storage.models import Message

TWILIO_BODY_LIMIT = 1600
# The public base URL the inbound message being handled arrived on, for status callbacks
# of the replies it causes when PUBLIC_URL is not set (set around handling, in any process).
_arrived_on: ContextVar[str | None] = ContextVar("deskbot_arrived_on", default=None)


def split_body(text: str, limit: int = TWILIO_BODY_LIMIT) -> list[str]:
    """Cut a long body into parts Twilio accepts, at paragraph, line, sentence or word ends."""
    text = text.strip()
    parts: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", "! ", "? ", " "):
            cut = window.rfind(separator)
            if cut > limit // 2:
                cut += len(separator.rstrip()) if separator.strip() else 0
                break
        if cut <= 0:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts or [""]


@contextmanager
def replies_via(base_url: str | None) -> Iterator[None]:
    """While handling a message that arrived on ``base_url``: its replies' callbacks go there."""
    token = _arrived_on.set(base_url.rstrip("/") if base_url else None)
    try:
        yield
    finally:
        _arrived_on.reset(token)


def public_base(settings: Settings) -> str | None:
    """deskbot's external base URL: PUBLIC_URL, else the URL the message being handled
    arrived on; None outside a request without PUBLIC_URL."""
    return settings.public_url or _arrived_on.get()


def status_callback_url(settings: Settings) -> str | None:
    """Where Twilio reports delivery: PUBLIC_URL, else the URL the inbound message being
    handled arrived on; None for messages no inbound caused (set PUBLIC_URL in production)."""
    base = settings.public_url or _arrived_on.get()
    return f"{base}/webhooks/twilio/status" if base else None


class Outbox:
    """Writes outbound rows and, after the caller commits, rings the recipient's delivery."""

    def __init__(
        self,
        settings: Settings,
        ring: Callable[[str], object],
        announce_to: tuple[str, ...] = (),
    ) -> None:
        self.settings = settings
        self.ring = ring
        # Who hears about a message that failed for good (the help desk manager).
        self.announce_to = announce_to

    def sender(self, channel: str) -> str:
        return (self.settings.sender_for(channel) or "").removeprefix("whatsapp:")

    def queue(
        self,
        session: Session,
        *,
        channel: str,
        to: str,
        body: str,
        ticket_id: int | None = None,
        media: list[str] | None = None,
        content_sid: str | None = None,
        content_variables: dict[str, Any] | None = None,
    ) -> list[Message]:
        parts = [body] if content_sid else split_body(body)
        callback = status_callback_url(self.settings)
        rows = []
        for index, part in enumerate(parts):
            row = Message(
                direction="outbound",
                channel=channel,
                from_number=self.sender(channel),
                to_number=to,
                peer=to,
                body=part,
                media=list(media or []) if index == len(parts) - 1 else [],
                status=PENDING,
                ticket_id=ticket_id,
                content_sid=content_sid,
                content_variables=content_variables,
                status_callback=callback,
                attempts=0,
            )
            session.add(row)
            rows.append(row)
        on_commit(session, ("deliver", to), lambda: self.ring(to))
        return rows
