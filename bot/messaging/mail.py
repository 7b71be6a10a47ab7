"""The mail outbox: every e-mail deskbot decides to send is an ``emails`` row written in
the same transaction as the decision, like an SMS in the outbox. After the commit the
delivery job is rung; it sends due rows oldest first, each under a row lock, and retries
a failure that may pass (4xx, timeouts, a server that is down) with the outbox's backoff.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.smtp import MailError, SmtpServer
from bot.messaging.delivery import backoff
from bot.messaging.on_commit import on_commit
from storage.db import utcnow
from storage.models import Email

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
PENDING, SENT, FAILED = "pending", "sent", "failed"
DELIVERY_KEY = "deliver-mail"


class Mailer:
    """Writes e-mail rows and, after the caller commits, rings their delivery. Without an
    SMTP server (``SMTP_URL`` unset) it is off and writes nothing."""

    def __init__(
        self, server: SmtpServer | None, sender: str | None, ring: Callable[[], object]
    ) -> None:
        self.server = server
        self.sender = sender or (server.default_sender if server else "")
        self.ring = ring

    @property
    def enabled(self) -> bool:
        return self.server is not None

    def queue(
        self,
        session: Session,
        *,
        to: str,
        subject: str,
        text: str,
        html: str,
        language: str,
        kind: str,
        ticket_id: int | None,
    ) -> Email | None:
        if self.server is None:
            return None
        domain = self.sender.rpartition("@")[2] or None
        row = Email(
            ticket_id=ticket_id,
            kind=kind,
            to_address=to,
            language=language,
            subject=subject,
            text_body=text,
            html_body=html,
            message_id=make_msgid("deskbot", domain=domain),
            status=PENDING,
            attempts=0,
        )
        session.add(row)
        on_commit(session, ("deliver-mail",), self.ring)
        return row


def build_message(email: Email, sender: str) -> EmailMessage:
    """The MIME message: plain text first, the HTML alternative second."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Message-ID"] = email.message_id
    message["Date"] = format_datetime(email.created_at)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(email.text_body)
    message.add_alternative(email.html_body, subtype="html")
    message["Content-Language"] = email.language  # after the body: set_content drops it
    return message


def _lock_next(session: Session, now: Any) -> Email | None:
    return session.scalars(
        select(Email)
        .where(
            Email.status == PENDING,
            or_(Email.next_attempt_at.is_(None), Email.next_attempt_at <= now),
        )
        .order_by(Email.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def next_retry(session: Session) -> timedelta | None:
    """How long until the earliest waiting retry is due (None: no retry is waiting)."""
    due = session.scalar(
        select(Email.next_attempt_at)
        .where(Email.status == PENDING, Email.next_attempt_at.is_not(None))
        .order_by(Email.next_attempt_at)
        .limit(1)
    )
    if due is None:
        return None
    return max(due - utcnow(), timedelta(0))


def deliver_due(sessions: sessionmaker[Session], mailer: Mailer) -> timedelta | None:
    """Send every due e-mail, one transaction each; returns the delay until the next retry
    is due, or None when nothing waits (the caller, a job, schedules itself again)."""
    if mailer.server is None:
        return None
    while True:
        with sessions.begin() as session:
            email = _lock_next(session, utcnow())
            if email is None:
                return next_retry(session)
            _send_one(mailer, mailer.server, email)


def _send_one(mailer: Mailer, server: SmtpServer, email: Email) -> None:
    now = utcnow()
    email.attempts += 1
    try:
        message = build_message(email, mailer.sender)
    except (ValueError, TypeError) as exc:  # e.g. a line break in an address: never sendable
        email.status = FAILED
        email.last_error = f"not a valid message: {exc}"[:500]
        log.error("e-mail cannot be built", extra={"email_id": email.id, "error": str(exc)})
        return
    try:
        server.send(message)
    except MailError as exc:
        email.last_error = str(exc)[:500]
        if exc.retryable and email.attempts < MAX_ATTEMPTS:
            email.next_attempt_at = now + backoff(email.attempts)
            log.warning(
                "e-mail not sent, retrying",
                extra={"email_id": email.id, "attempt": email.attempts, "error": str(exc)},
            )
            return
        email.status = FAILED
        email.next_attempt_at = None
        log.error("e-mail failed for good", extra={"email_id": email.id, "error": str(exc)})
        return
    email.status = SENT
    email.sent_at = now
    email.next_attempt_at = None
    email.last_error = None
