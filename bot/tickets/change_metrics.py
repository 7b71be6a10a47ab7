"""Counting what transactions changed (``bot.tickets.changes``) into the Prometheus
counters of ``bot.core.metrics``, after the commit: a rolled-back change counts nothing."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from bot.core import metrics
from bot.messaging.on_commit import on_commit
from bot.tickets import changes as changes_mod
from bot.tickets.changes import Changes
from storage.models import Email, Message, Ticket, TicketEvent

API_ACTOR_PREFIX = "api:"  # tickets opened through POST /api/tickets record "api:<token>"


@event.listens_for(Session, "before_commit")
def _count(session: Session) -> None:
    if session.in_nested_transaction():
        return
    changes = changes_mod.of_transaction(session)
    if changes:
        on_commit(session, "metrics", tally(session, changes))


def tally(session: Session, changes: Changes) -> Callable[[], None]:
    """Read everything the counters need now (inside the transaction); count later."""
    counts: list[Callable[[], None]] = []
    for ticket_event in changes.ticket_events:
        counts.append(metrics.TICKET_CHANGES.labels(ticket_event.type).inc)
        ticket = session.get(Ticket, ticket_event.ticket_id)
        priority = ticket.priority if ticket else "unknown"
        counts.extend(_ticket_counters(session, ticket_event, ticket, priority))
    for message in changes.handled_inbound:
        counts.append(metrics.INBOUND_MESSAGES.labels(message.channel, message.status).inc)
    for outbound, status in changes.outbound_statuses:
        channel = outbound.channel if isinstance(outbound, Message) else "email"
        counts.append(metrics.OUTBOUND_MESSAGES.labels(channel, status).inc)
        if isinstance(outbound, Email) and status == "sent" and outbound.sent_at:
            histogram = metrics.DELIVERY_LATENCY.labels("email")
            seconds = max((outbound.sent_at - outbound.created_at).total_seconds(), 0.0)
            counts.append(lambda h=histogram, s=seconds: h.observe(s))
    for message in changes.sent_outbound:
        histogram = metrics.DELIVERY_LATENCY.labels(message.channel)
        seconds = max((message.sent_at - message.created_at).total_seconds(), 0.0)
        counts.append(lambda h=histogram, s=seconds: h.observe(s))

    def count() -> None:
        for call in counts:
            call()

    return count


def _ticket_counters(
    session: Session, ticket_event: TicketEvent, ticket: Ticket | None, priority: str
) -> list[Callable[[], None]]:
    kind = ticket_event.type
    if kind == "created" and ticket is not None:
        return [
            metrics.TICKETS_CREATED.labels(priority, ticket.channel).inc,
            metrics.INTAKE_OUTCOMES.labels(_outcome(ticket_event, ticket)).inc,
        ]
    if kind == "sla_reminder":
        return [metrics.SLA_WARNINGS.labels(priority).inc]
    if kind == "sla_breach":
        return [metrics.SLA_BREACHES.labels(priority).inc]
    if kind == "page":
        level = ticket_event.text.split(":", 1)[0].removeprefix("level ").strip() or "0"
        return [metrics.PAGES.labels(level).inc]
    if kind == "acknowledged" and changes_mod.answers_page(session, ticket_event):
        return [metrics.PAGE_ACKS.inc]
    return []


def _outcome(created: TicketEvent, ticket: Ticket) -> str:
    if created.actor.startswith(API_ACTOR_PREFIX):
        return "api"
    if ticket.needs_review:
        return "needs_review"
    if ticket.incomplete:
        return "incomplete"
    return "ticket"
