"""Signing staff in to the board (``/board``) without passwords: a one-time code by SMS
to a configured staff number, then a session that lasts a working day.

- A code is six digits, valid for ``CODE_TTL``, good for one sign-in and for
  ``MAX_ATTEMPTS`` guesses; a number gets at most ``MAX_CODES_PER_HOUR`` codes.
- The code is bound to the browser that asked for it: the database keeps only a hash of
  the code together with a random attempt token that lives in that browser's cookie, so
  someone who reads the SMS in the message log cannot sign in from elsewhere.
- A session is a random token in a cookie and its hash in ``staff_sessions``, with a
  CSRF token for every form; signing out deletes the row, in every web process at once.
- Who may sign in: the numbers that may run the staff SMS commands (``Config.staff_phones``).
  Whether a number is staff is never revealed to the person asking.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.core.phones import PhoneError, to_e164
from storage.db import utcnow
from storage.models import StaffCode, StaffSession

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
MAX_CODES_PER_HOUR = 5
WORKING_DAY = timedelta(hours=12)


class SignInError(Exception):
    """A sign-in step that cannot go on; the message is shown to the person."""


@dataclass(frozen=True)
class Attempt:
    """What the browser keeps between asking for a code and typing it."""

    code_id: int
    token: str

    def cookie(self) -> str:
        return f"{self.code_id}.{self.token}"

    @classmethod
    def from_cookie(cls, value: str | None) -> Attempt | None:
        code_id, _, token = (value or "").partition(".")
        if not (code_id.isdigit() and len(code_id) <= 9 and 0 < len(token) <= 64):
            return None
        return cls(int(code_id), token)


@dataclass(frozen=True)
class NewSession:
    token: str  # for the cookie; only its hash is stored
    row: StaffSession


def _hash(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def code_message(rt: Runtime, code: str) -> str:
    minutes = int(CODE_TTL.total_seconds() // 60)
    return (
        f"{code} is your {rt.config.helpdesk.name} board sign-in code. It expires in "
        f"{minutes} minutes. If you did not ask for it, ignore this message."
    )


def request_code(rt: Runtime, session: Session, text: str) -> tuple[str, Attempt | None]:
    """Send a code to ``text`` when it is a staff number; returns the number as read and
    the attempt for the browser (None when nothing was sent). Raises :class:`SignInError`
    only for input that is not a phone number at all."""
    try:
        phone = to_e164(text.strip())
    except PhoneError as exc:
        raise SignInError("That is not a phone number; write it like +27821234567.") from exc
    if phone not in rt.config.staff_phones:
        log.info("board sign-in asked for a number that is not staff")
        return phone, None
    now = utcnow()
    recent = session.scalar(
        select(func.count(StaffCode.id)).where(
            StaffCode.phone == phone, StaffCode.created_at > now - timedelta(hours=1)
        )
    )
    if (recent or 0) >= MAX_CODES_PER_HOUR:
        log.warning("board sign-in codes throttled for a staff number")
        return phone, None
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    token = secrets.token_urlsafe(24)
    row = StaffCode(
        phone=phone,
        code_hash=_hash(token, code),
        created_at=now,
        expires_at=now + CODE_TTL,
        attempts=0,
    )
    session.add(row)
    session.flush()
    rt.outbox.queue(session, channel="sms", to=phone, body=code_message(rt, code))
    return phone, Attempt(row.id, token)


def verify_code(session: Session, attempt: Attempt | None, code: str) -> str:
    """The staff number the code was sent to; raises :class:`SignInError` for a wrong,
    used or expired code (a wrong guess counts against the attempt limit)."""
    code = "".join(code.split())
    row = session.get(StaffCode, attempt.code_id, with_for_update=True) if attempt else None
    if row is None or attempt is None:
        raise SignInError("This sign-in has expired. Ask for a new code.")
    now = utcnow()
    if row.used_at is not None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
        raise SignInError("This code has expired or was used too often. Ask for a new code.")
    if not hmac.compare_digest(row.code_hash, _hash(attempt.token, code)):
        row.attempts += 1
        left = MAX_ATTEMPTS - row.attempts
        if left <= 0:
            raise SignInError("Wrong code, and no tries are left. Ask for a new code.")
        raise SignInError(f"Wrong code. {left} {'try' if left == 1 else 'tries'} left.")
    row.used_at = now
    return row.phone


def start_session(session: Session, phone: str, now: datetime | None = None) -> NewSession:
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = StaffSession(
        token_hash=_hash(token),
        phone=phone,
        csrf_token=secrets.token_urlsafe(24),
        created_at=now,
        expires_at=now + WORKING_DAY,
    )
    session.add(row)
    session.flush()
    # Old rows of anyone are of no use any more.
    session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
    session.execute(delete(StaffCode).where(StaffCode.expires_at < now - timedelta(days=1)))
    return NewSession(token, row)


def session_for(rt: Runtime, session: Session, token: str | None) -> StaffSession | None:
    """The live session of ``token``; None when unknown, expired, or the number is no
    longer staff (removed from the configuration since)."""
    if not token:
        return None
    row = session.scalars(
        select(StaffSession).where(StaffSession.token_hash == _hash(token))
    ).first()
    if row is None or row.expires_at <= utcnow() or row.phone not in rt.config.staff_phones:
        return None
    return row


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))
