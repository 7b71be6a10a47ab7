"""The outbox: every message deskbot decides to send is a row written in the same
transaction as the decision. Delivery jobs are enqueued only after that
transaction commits (see ``bot.runtime``), so a rollback sends nothing and a
crash loses nothing."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from sqlalchemy.orm import Session

from bot.message_status import PENDING
from bot.settings import Settings
from storage.models import Message

TWILIO_BODY_LIMIT = 1600
PEERS_KEY = "outbox_peers"


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


def status_callback_url(settings: Settings) -> str | None:
    """Where Twilio reports delivery: the configured public URL, else this request's host."""
    base = settings.public_url
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    return f"{base}/webhooks/twilio/status" if base else None


class Outbox:
    """Writes outbound rows; the runtime kicks delivery after the caller commits."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

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
        session.info.setdefault(PEERS_KEY, set()).add(to)
        return rows
