"""Delivery jobs: hand outbox rows to the transport, in order per recipient.

``deliver_due`` (run by the job ``bot.jobs.tasks.deliver_pending``) drains one
recipient's outbox oldest first while holding a row lock on the head, so two
workers never send to one person out of order and a killed worker releases its
lock with its connection. A failed head that may succeed later blocks the rows
behind it until its retry is due.

A retryable failure (Twilio down, 5xx, 429, a refused connection) is retried with capped
exponential backoff and jitter until the message is older than ``DESKBOT_RETRY_HORIZON``
(24 h by default); only then, or at once for a permanent error, is it ``failed`` and
handed to ``bot.messaging.fallback`` (an SMS copy, or the help desk manager is told).
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.status import PENDING
from bot.channels.transport import Outgoing, SendError, Transport
from bot.messaging import fallback
from bot.messaging.outbox import Outbox
from storage.db import utcnow
from storage.models import Message

log = logging.getLogger(__name__)
# Short enough that delivery resumes within seconds of Twilio's return (a sweep interval
# at the default); one request per waiting recipient per ten seconds is little to Twilio.
MAX_BACKOFF_SECONDS = 10.0


def backoff(attempt: int) -> timedelta:
    """Exponential backoff with jitter: 1 s, 2 s, 4 s ... capped at 10 s (±20 %)."""
    base = min(2.0 ** min(attempt - 1, 16), MAX_BACKOFF_SECONDS)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def delivery_key(peer: str) -> str:
    """The job queue's de-duplication key for ``peer``'s delivery job."""
    return f"deliver:{peer}"


def deliver_due(
    sessions: sessionmaker[Session], transport: Transport, outbox: Outbox, peer: str
) -> timedelta | None:
    """Send everything due in ``peer``'s outbox, oldest first, one transaction per message.

    Returns the delay after which the blocked head must be retried, or None when nothing
    is left to do now (the caller, a job, schedules the retry).
    """
    while True:
        with sessions.begin() as session:
            head = _lock_head(session, peer)
            if head is None:
                return None
            now = utcnow()
            if head.next_attempt_at is not None and head.next_attempt_at > now:
                return None  # the head's own scheduled retry drains the rest
            retry_in = _send_one(transport, outbox, session, head, now)
        if retry_in is not None:
            return retry_in


def _lock_head(session: Session, peer: str) -> Message | None:
    query = (
        select(Message)
        .where(Message.direction == "outbound", Message.peer == peer, Message.status == PENDING)
        .order_by(Message.id)
        .limit(1)
        .with_for_update()
    )
    return session.scalars(query).first()


def _send_one(
    transport: Transport, outbox: Outbox, session: Session, message: Message, now: datetime
) -> timedelta | None:
    """Send the locked head; returns the delay before a retry, or None when done with it."""
    outgoing = Outgoing(
        channel=message.channel,
        to=message.to_number,
        body=message.body,
        media=list(message.media or []),
        content_sid=message.content_sid,
        content_variables=message.content_variables,
        status_callback=message.status_callback,
    )
    message.attempts += 1
    try:
        result = transport.send(outgoing)
    except SendError as exc:
        message.error_code = exc.code
        message.error_message = str(exc)[:500]
        delay = backoff(message.attempts)
        horizon = outbox.settings.retry_horizon
        if exc.retryable and now + delay - message.created_at <= horizon:
            message.next_attempt_at = now + delay
            log.warning(
                "send failed, retrying",
                extra={"message_id": message.id, "code": exc.code, "attempt": message.attempts},
            )
            return delay
        if exc.retryable:
            message.error_message = (
                f"gave up after {message.attempts} attempts over {horizon}: {exc}"
            )[:500]
        message.status = "failed"
        message.next_attempt_at = None
        log.error("send failed for good", extra={"message_id": message.id, "code": exc.code})
        fallback.after_failure(outbox, session, message)
        return None
    message.twilio_sid = result.sid
    message.status = result.status
    message.from_number = result.from_number.removeprefix("whatsapp:")
    message.sent_at = now
    message.next_attempt_at = None
    message.error_code = None
    message.error_message = None
    return None
