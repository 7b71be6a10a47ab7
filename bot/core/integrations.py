"""What other systems may subscribe to and how they sign in: the webhook event types and the
``[[webhooks]]`` / ``[[api_tokens]]`` configuration tables (part of :class:`Config`)."""

from __future__ import annotations

import hashlib
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Every event a ``[[webhooks]]`` endpoint may subscribe to, with what it announces.
WEBHOOK_EVENTS: dict[str, str] = {
    "ticket.created": "a ticket was opened (by an intake, the API or the abandoned-intake sweep)",
    "ticket.updated": "status, priority, assignee, an onsite visit, a reply, a note or logged "
    "time changed",
    "ticket.resolved": "a technician resolved the ticket; the customer is asked to confirm",
    "ticket.closed": "the customer confirmed, or the confirmation timed out",
    "ticket.reopened": "the customer said the problem is not fixed",
    "message.received": "a customer's or technician's message was handled",
    "message.sent": "a message was handed to the SMS/WhatsApp provider",
    "page.sent": "the on-call engineer (or the next escalation level) was paged",
    "page.acknowledged": "a paged ticket was acknowledged",
    "sla.warning": "the reminder share of a response target is used up without a response",
    "sla.breached": "a response target passed without a first response",
}
PING_EVENT = "ping"  # sent by ``deskbot webhooks test NAME`` only
ALL_EVENTS = "*"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Webhook(_Strict):
    """One outbound endpoint: signed JSON POSTs of the events it subscribes to."""

    name: str = Field(min_length=1, max_length=100)
    url: str
    secret: str = Field(min_length=16, repr=False)
    events: list[str] = Field(min_length=1)
    timeout: float = Field(default=10.0, gt=0, le=60)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", value):
            raise ValueError(f"{value!r}: use letters, digits, '.', '_' or '-'")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @field_validator("events")
    @classmethod
    def _events(cls, value: list[str]) -> list[str]:
        unknown = [e for e in value if e != ALL_EVENTS and e not in WEBHOOK_EVENTS]
        if unknown:
            raise ValueError(
                f"unknown events {unknown} (known: {', '.join(WEBHOOK_EVENTS)}, or '*' for all)"
            )
        return value

    def wants(self, event_type: str) -> bool:
        return ALL_EVENTS in self.events or event_type in self.events


class ApiToken(_Strict):
    """A bearer token of ``/api``; only its SHA-256 is stored, never the token itself."""

    name: str = Field(min_length=1, max_length=100)
    scope: Literal["read", "write"] = "read"
    sha256: str

    @field_validator("sha256")
    @classmethod
    def _digest(cls, value: str) -> str:
        if not re.fullmatch(r"[0-9a-f]{64}", value.lower()):
            raise ValueError(
                "expected 64 hex digits: the SHA-256 of the token (printf %s TOKEN | sha256sum)"
            )
        return value.lower()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unique_names(items: list[Webhook] | list[ApiToken], what: str) -> None:
    names = [item.name for item in items]
    if len(set(names)) != len(names):
        raise ValueError(f"{what}: two entries share a name")
