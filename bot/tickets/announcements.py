"""Announcing changes to other systems: the one place that turns what a transaction
changed (``bot.tickets.changes``: ticket events, handled and sent messages) into webhook
events, so the modules that make the changes (staff actions, paging, SLA timers,
resolution, the intake, delivery) never call the webhooks themselves.

:data:`ANNOUNCED` maps ticket event types to webhook event types; changes of one kind to
one ticket in one transaction become one event (``data.changes`` lists them). For every
subscribed ``[[webhooks]]`` endpoint a ``webhook_deliveries`` row is written in that same
transaction, before its COMMIT, and the endpoint's delivery job is rung after it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from bot.core.integrations import WEBHOOK_EVENTS, Webhook
from bot.messaging.on_commit import on_commit
from bot.messaging.webhook_outbox import PENDING
from bot.tickets import changes as changes_mod
from bot.tickets.changes import Changes
from bot.tickets.records import message_json, ticket_json
from storage.db import utcnow
from storage.models import Message, Ticket, TicketEvent, WebhookDelivery

WIRING = "deskbot.webhooks"  # session.info key, set by the composition root's sessionmaker
Condition = Callable[[Session, TicketEvent], bool]


def _always(session: Session, ticket_event: TicketEvent) -> bool:
    return True


def _changes_status(session: Session, ticket_event: TicketEvent) -> bool:
    return changes_mod.changes_status(ticket_event)


# Ticket event type (as ``records.add_event`` records it) -> the webhook events it
# announces, each with the condition under which it does. Checked at import.
ANNOUNCED: dict[str, tuple[tuple[str, Condition], ...]] = {
    "created": (("ticket.created", _always),),
    "acknowledged": (
        ("ticket.updated", _changes_status),
        ("page.acknowledged", changes_mod.answers_page),
    ),
    "assigned": (("ticket.updated", _always),),
    "unassigned": (("ticket.updated", _always),),
    "status": (("ticket.updated", _always),),
    "priority": (("ticket.updated", _always),),
    "onsite_scheduled": (("ticket.updated", _always),),
    "reply": (("ticket.updated", _always),),
    "note": (("ticket.updated", _always),),
    "time": (("ticket.updated", _always),),
    "customer_correction": (("ticket.updated", _always),),
    "customer_escalation": (("ticket.updated", _always),),
    "resolved": (("ticket.resolved", _always),),
    "closed": (("ticket.closed", _always),),
    "reopened": (("ticket.reopened", _always),),
    "page": (("page.sent", _always),),
    "sla_reminder": (("sla.warning", _always),),
    "sla_breach": (("sla.breached", _always),),
}
MESSAGE_EVENTS = ("message.received", "message.sent")


class AnnouncementTableError(RuntimeError):
    """The table and the published event types disagree; raised at import."""


def check_table() -> None:
    announced = {target for targets in ANNOUNCED.values() for target, _ in targets}
    announced |= set(MESSAGE_EVENTS)
    if unknown := announced - set(WEBHOOK_EVENTS):
        raise AnnouncementTableError(f"announced events without a definition: {sorted(unknown)}")
    if silent := set(WEBHOOK_EVENTS) - announced:
        raise AnnouncementTableError(f"published events that nothing announces: {sorted(silent)}")


check_table()


@dataclass(frozen=True)
class Wiring:
    """What the composition root gives every session: the endpoints, and the doorbell that
    enqueues one endpoint's delivery job for one ordering key."""

    webhooks: tuple[Webhook, ...]
    ring: Callable[[str, str], object]


@dataclass
class Announcement:
    type: str
    at: datetime
    ticket_id: int | None
    peer: str | None = None
    changes: list[TicketEvent] = field(default_factory=list)
    message: Message | None = None

    @property
    def ordering_key(self) -> str:
        return f"ticket:{self.ticket_id}" if self.ticket_id else f"peer:{self.peer}"


@event.listens_for(Session, "before_commit")
def _announce(session: Session) -> None:
    wiring = session.info.get(WIRING)
    if not isinstance(wiring, Wiring) or not wiring.webhooks:
        return
    if session.in_nested_transaction():
        return
    found = announcements(session, changes_mod.of_transaction(session))
    if found:
        write(session, wiring, found)


def announcements(session: Session, changes: Changes) -> list[Announcement]:
    """Ticket events first, in the order recorded; then handled and sent messages."""
    grouped: dict[tuple[str, int], Announcement] = {}
    for ticket_event in changes.ticket_events:
        for target, condition in ANNOUNCED.get(ticket_event.type, ()):
            if not condition(session, ticket_event):
                continue
            key = (target, ticket_event.ticket_id)
            if key not in grouped:
                grouped[key] = Announcement(target, ticket_event.at, ticket_event.ticket_id)
            grouped[key].changes.append(ticket_event)
    found = list(grouped.values())
    opened = _opened_for(session, changes)
    for message in changes.handled_inbound:
        at = message.processed_at or utcnow()
        ticket_id = message.ticket_id or opened.get(message.peer)
        found.append(Announcement("message.received", at, ticket_id, message.peer))
        found[-1].message = message
    for message in changes.sent_outbound:
        at = message.sent_at or utcnow()
        found.append(Announcement("message.sent", at, message.ticket_id, message.peer))
        found[-1].message = message
    return found


def _opened_for(session: Session, changes: Changes) -> dict[str, int]:
    """Tickets this transaction opened, by the customer's number: the message that ended
    an intake belongs to the ticket it filed."""
    opened: dict[str, int] = {}
    for ticket_event in changes.ticket_events:
        if ticket_event.type == "created":
            ticket = session.get(Ticket, ticket_event.ticket_id)
            if ticket is not None:
                opened[ticket.customer_phone] = ticket.id
    return opened


def write(session: Session, wiring: Wiring, found: list[Announcement]) -> None:
    """One delivery row per subscribed endpoint; their jobs rung after the commit."""
    snapshots: dict[int, dict[str, Any] | None] = {}
    for announcement in found:
        endpoints = [w for w in wiring.webhooks if w.wants(announcement.type)]
        if not endpoints:
            continue
        body = _body(session, announcement, snapshots)
        for webhook in endpoints:
            session.add(
                WebhookDelivery(
                    webhook=webhook.name,
                    event_id=body["id"],
                    event_type=announcement.type,
                    ticket_id=announcement.ticket_id,
                    ordering_key=announcement.ordering_key,
                    body=encode(body),
                    status=PENDING,
                    attempts=0,
                    created_at=utcnow(),
                )
            )
            name, key = webhook.name, announcement.ordering_key
            on_commit(session, ("webhook", name, key), lambda n=name, k=key: wiring.ring(n, k))


def encode(body: dict[str, Any]) -> str:
    """The exact text that is signed and sent, on every attempt."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def event_body(type_: str, at: datetime, data: dict[str, Any]) -> dict[str, Any]:
    """The stable envelope every endpoint receives."""
    return {
        "id": "evt_" + uuid.uuid4().hex,
        "type": type_,
        "created_at": at.isoformat(),
        "data": data,
    }


def _body(
    session: Session, announcement: Announcement, snapshots: dict[int, dict[str, Any] | None]
) -> dict[str, Any]:
    data: dict[str, Any] = {"ticket": None}
    if announcement.ticket_id is not None:
        if announcement.ticket_id not in snapshots:
            snapshots[announcement.ticket_id] = _snapshot(session, announcement.ticket_id)
        data["ticket"] = snapshots[announcement.ticket_id]
    if announcement.changes:
        data["changes"] = [
            {"type": e.type, "at": e.at.isoformat(), "actor": e.actor, "text": e.text}
            for e in announcement.changes
        ]
    if announcement.message is not None:
        ticket = data["ticket"]
        data["message"] = message_json(announcement.message, ticket["ref"] if ticket else None)
    return event_body(announcement.type, announcement.at, data)


def _snapshot(session: Session, ticket_id: int) -> dict[str, Any] | None:
    """The ticket as ``GET /api/tickets/<ref>`` shows it at the end of the transaction."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return None
    # Events are added by ticket_id, not appended: reload the collections (loaded, not
    # expired, so callers may still read them after the commit).
    session.refresh(ticket, ["events", "time_entries", "assignee"])
    return ticket_json(ticket)
