"""Twilio's status callbacks applied to the outbox. A status only moves forward; a final
failure goes to ``bot.messaging.fallback``. A callback can overtake the commit that saves
the message's SID (Twilio answers the send, calls back, and only then does the worker
commit), so a callback for an unknown SID is kept as an :class:`EarlyStatus` and applied
by the sweeper once the SID appears: nothing Twilio reports is lost."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.channels import status as message_status
from bot.messaging import fallback
from bot.messaging.outbox import Outbox
from storage.db import utcnow
from storage.models import EarlyStatus, Message

log = logging.getLogger(__name__)
FAILURES = ("failed", "undelivered")


def apply_status(
    outbox: Outbox, session: Session, sid: str, status: str, error_code: int | None
) -> bool:
    """Apply one callback; False when no message has ``sid`` yet (it is kept for later)."""
    message_id = session.scalar(select(Message.id).where(Message.twilio_sid == sid))
    if message_id is None:
        session.add(
            EarlyStatus(twilio_sid=sid, status=status, error_code=error_code, received_at=utcnow())
        )
        return False
    values: dict[str, object] = {"status": status}
    if error_code is not None:
        values["error_code"] = error_code
    moved = session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status.in_(message_status.predecessors(status)))
        .values(**values)
    ).rowcount
    if moved and status in FAILURES:
        message = session.scalars(
            select(Message)
            .where(Message.id == message_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        fallback.after_failure(outbox, session, message)
    return True


def apply_early(
    outbox: Outbox, sessions: sessionmaker[Session], now: datetime, keep: timedelta
) -> int:
    """Apply kept callbacks whose SID has appeared, oldest first, each exactly once (the
    row is locked and deleted in the transaction that applies it); forget, with an error
    in the log, those whose SID never appeared within ``keep``."""
    with sessions() as session:
        ready = session.scalars(
            select(EarlyStatus.id)
            .join(Message, Message.twilio_sid == EarlyStatus.twilio_sid)
            .order_by(EarlyStatus.id)
        ).all()
    applied = 0
    for early_id in ready:
        with sessions.begin() as session:
            early = session.scalars(
                select(EarlyStatus)
                .where(EarlyStatus.id == early_id)
                .with_for_update(skip_locked=True)
            ).first()
            if early is None:
                continue
            apply_status(outbox, session, early.twilio_sid, early.status, early.error_code)
            session.delete(early)
            applied += 1
    with sessions.begin() as session:
        expired = session.execute(
            delete(EarlyStatus).where(EarlyStatus.received_at < now - keep)
        ).rowcount
    if expired:
        log.error("status callbacks for unknown SIDs dropped after %s: %d", keep, expired)
    return applied
