"""Outbound webhooks, delivered like the message outbox: every event is a
``webhook_deliveries`` row per endpoint, written in the same transaction as the change it
announces (``bot.tickets.announcements``); after commit a job drains the endpoint's rows.

Order: rows of one ``ordering_key`` (one ticket, or one phone number for messages outside
any ticket) go oldest first while the head is locked (``SELECT … FOR UPDATE``), so an
endpoint never hears ``ticket.resolved`` before the ``ticket.updated`` that preceded it.
A head that failed with a 5xx, 408, 429, a timeout or a refused connection blocks its key
until its backoff is due; any other answer is a permanent failure, recorded and passed.
Each attempt is signed anew (a fresh timestamp) over the same stored body.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core import webhook_signature
from bot.core.integrations import Webhook
from storage.db import utcnow
from storage.models import WebhookDelivery

log = logging.getLogger(__name__)
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
MAX_ATTEMPTS = 15  # about ten hours of retries before a delivery is given up
FIRST_BACKOFF_SECONDS = 10.0
MAX_BACKOFF_SECONDS = 3600.0
CONNECT_TIMEOUT = 5.0
USER_AGENT = "deskbot-webhooks/1"
RETRYABLE_CODES = frozenset({408, 425, 429})
# Told after every attempt: (endpoint, event type, outcome, seconds from the event to now).
Observer = Callable[[str, str, str, float], None]


def backoff(attempt: int) -> timedelta:
    """10 s, 20 s, 40 s … capped at an hour, with jitter so endpoints are not stampeded."""
    base = min(FIRST_BACKOFF_SECONDS * 2.0 ** (attempt - 1), MAX_BACKOFF_SECONDS)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def job_key(webhook: str, ordering_key: str) -> str:
    """The job queue's de-duplication key for one endpoint's ordered stream."""
    return f"webhook:{webhook}:{ordering_key}"


@dataclass(frozen=True)
class Attempt:
    """What one POST gave: the HTTP status (None without an answer) and whether to retry."""

    code: int | None
    error: str | None
    retryable: bool
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


def post(
    webhook: Webhook, delivery: WebhookDelivery, http: requests.Session | None = None
) -> Attempt:
    """POST the stored body, signed now; never raises for the endpoint's failures.
    ``http`` keeps the connection alive across the events of one job."""
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        webhook_signature.HEADER: webhook_signature.header(webhook.secret, body),
        "X-Deskbot-Event": delivery.event_type,
        "X-Deskbot-Event-Id": delivery.event_id,
        "X-Deskbot-Delivery": str(delivery.id),
        "X-Deskbot-Attempt": str(delivery.attempts + 1),
    }
    started = time.monotonic()
    try:
        response = (http or requests).post(
            webhook.url,
            data=body,
            headers=headers,
            timeout=(min(CONNECT_TIMEOUT, webhook.timeout), webhook.timeout),
            allow_redirects=False,
        )
    except requests.Timeout:
        return Attempt(None, "timed out", True, _ms(started))
    except requests.RequestException as exc:
        return Attempt(None, f"no answer: {type(exc).__name__}", True, _ms(started))
    code = response.status_code
    if 200 <= code < 300:
        return Attempt(code, None, False, _ms(started))
    retryable = code >= 500 or code in RETRYABLE_CODES
    return Attempt(code, f"HTTP {code}: {response.text[:200]}", retryable, _ms(started))


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def deliver_due(
    sessions: sessionmaker[Session],
    webhooks: Mapping[str, Webhook],
    name: str,
    ordering_key: str,
    observe: Observer | None = None,
) -> timedelta | None:
    """Send ``name``'s due rows of ``ordering_key`` oldest first, one transaction each.

    Returns the delay after which a blocked head must be retried, or None when nothing is
    left to do now (the caller, a job, schedules the retry).
    """
    webhook = webhooks.get(name)
    if webhook is None:
        log.warning("webhook %s is no longer configured; its deliveries wait", name)
        return None
    with requests.Session() as http:
        while True:
            with sessions.begin() as session:
                head = _lock_head(session, name, ordering_key)
                if head is None:
                    return None
                now = utcnow()
                if head.next_attempt_at is not None and head.next_attempt_at > now:
                    return None  # the head's own scheduled retry drains the rest
                retry_in = send_one(webhook, head, now, observe, http=http)
            if retry_in is not None:
                return retry_in


def _lock_head(session: Session, name: str, ordering_key: str) -> WebhookDelivery | None:
    return session.scalars(
        select(WebhookDelivery)
        .where(
            WebhookDelivery.webhook == name,
            WebhookDelivery.ordering_key == ordering_key,
            WebhookDelivery.status == PENDING,
        )
        .order_by(WebhookDelivery.id)
        .limit(1)
        .with_for_update()
    ).first()


def send_one(
    webhook: Webhook,
    delivery: WebhookDelivery,
    now: datetime,
    observe: Observer | None = None,
    retries: bool = True,
    http: requests.Session | None = None,
) -> timedelta | None:
    """One attempt on a locked row; returns the delay before a retry, or None when done."""
    attempt = post(webhook, delivery, http)
    delivery.attempts += 1
    delivery.response_code = attempt.code
    delivery.duration_ms = attempt.duration_ms
    delivery.error = attempt.error
    finished = utcnow()
    if attempt.ok:
        delivery.status = DELIVERED
        delivery.delivered_at = finished
        delivery.next_attempt_at = None
        outcome = DELIVERED
    elif retries and attempt.retryable and delivery.attempts < MAX_ATTEMPTS:
        delay = backoff(delivery.attempts)
        delivery.next_attempt_at = now + delay
        log.warning(
            "webhook delivery failed, retrying",
            extra={
                "webhook": webhook.name,
                "delivery_id": delivery.id,
                "event_type": delivery.event_type,
                "attempt": delivery.attempts,
                "error": attempt.error,
            },
        )
        _observe(observe, webhook, delivery, "retry", finished)
        return delay
    else:
        delivery.status = FAILED
        delivery.next_attempt_at = None
        outcome = FAILED
        log.error(
            "webhook delivery failed for good",
            extra={
                "webhook": webhook.name,
                "delivery_id": delivery.id,
                "event_type": delivery.event_type,
                "attempts": delivery.attempts,
                "error": attempt.error,
            },
        )
    _observe(observe, webhook, delivery, outcome, finished)
    return None


def _observe(
    observe: Observer | None,
    webhook: Webhook,
    delivery: WebhookDelivery,
    outcome: str,
    at: datetime,
) -> None:
    if observe is not None:
        age = (at - delivery.created_at).total_seconds()
        observe(webhook.name, delivery.event_type, outcome, age)


def due_streams(session: Session, stale_before: datetime) -> list[tuple[str, str]]:
    """(endpoint, ordering key) pairs whose pending rows have waited past ``stale_before``:
    their job was lost (Redis down, a worker killed) or their retry is overdue."""
    rows = session.execute(
        select(WebhookDelivery.webhook, WebhookDelivery.ordering_key)
        .where(
            WebhookDelivery.status == PENDING,
            WebhookDelivery.updated_at < stale_before,
            (WebhookDelivery.next_attempt_at.is_(None))
            | (WebhookDelivery.next_attempt_at < stale_before),
        )
        .distinct()
    ).all()
    return [(name, key) for name, key in rows]


PRUNE_BATCH = 500


def prune(session: Session, before: datetime) -> int:
    """Forget up to :data:`PRUNE_BATCH` finished deliveries created before ``before``: their
    bodies quote tickets and messages, so they follow the messages' retention."""
    ids = session.scalars(
        select(WebhookDelivery.id)
        .where(WebhookDelivery.status != PENDING, WebhookDelivery.created_at < before)
        .order_by(WebhookDelivery.id)
        .limit(PRUNE_BATCH)
    ).all()
    if ids:
        session.execute(delete(WebhookDelivery).where(WebhookDelivery.id.in_(ids)))
    return len(ids)
