"""The sweeper: the database is the truth, Redis only a doorbell. Every few
seconds it re-enqueues work whose job was lost (Redis restarted, a worker killed)
and lets other modules reconstruct their due timers the same way."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select

from bot import runtime as runtime_mod
from bot.channels.status import PENDING
from bot.conversation import filing
from bot.jobs import spooled
from bot.jobs.tasks import deliver_mail, deliver_pending, deliver_webhooks
from bot.messaging import callbacks, mail, webhook_outbox
from bot.privacy import retention
from bot.tickets import assignment, quiet_hours, resolution
from bot.timers import paging
from bot.timers import sla as sla_timers
from storage.db import utcnow
from storage.models import ApiIdempotency, Email, Message

log = logging.getLogger(__name__)
Sweep = Callable[["runtime_mod.Runtime", datetime], int]


def sweep_outbox(rt: runtime_mod.Runtime, now: datetime) -> int:
    """Re-enqueue delivery for recipients whose pending messages have waited too long."""
    stale = now - timedelta(seconds=rt.settings.sweep_interval)
    return _ring(
        rt,
        deliver_pending,
        Message.direction == "outbound",
        Message.status == PENDING,
        Message.updated_at < stale,
        or_(Message.next_attempt_at.is_(None), Message.next_attempt_at < stale),
    )


def sweep_inbox(rt: runtime_mod.Runtime, now: datetime) -> int:
    """Ring the inbox again for senders whose stored messages were never handled
    (Redis was down when they arrived, or a worker died while handling them)."""
    stale = now - timedelta(seconds=rt.settings.sweep_interval)
    with rt.sessions() as session:
        peers = session.scalars(
            select(Message.peer)
            .where(
                Message.direction == "inbound",
                Message.processed_at.is_(None),
                Message.created_at < stale,
            )
            .distinct()
        ).all()
    for peer in peers:
        rt.queue.ring_inbox(peer)
    return len(peers)


def sweep_mail(rt: runtime_mod.Runtime, now: datetime) -> int:
    """Enqueue mail delivery when e-mails have waited too long (their job was lost)."""
    stale = now - timedelta(seconds=rt.settings.sweep_interval)
    with rt.sessions() as session:
        waiting = session.scalar(
            select(Email.id)
            .where(
                Email.status == mail.PENDING,
                Email.updated_at < stale,
                or_(Email.next_attempt_at.is_(None), Email.next_attempt_at < stale),
            )
            .limit(1)
        )
    if waiting is None:
        return 0
    rt.queue.enqueue(deliver_mail)
    return 1


def sweep_webhooks(rt: runtime_mod.Runtime, now: datetime) -> int:
    """Re-enqueue webhook streams whose job was lost or whose retry is overdue."""
    if not rt.config.webhooks:
        return 0
    stale = now - timedelta(seconds=rt.settings.sweep_interval)
    configured = {w.name for w in rt.config.webhooks}
    with rt.sessions() as session:
        streams = webhook_outbox.due_streams(session, stale)
    due = [(name, key) for name, key in streams if name in configured]
    for name, key in due:
        rt.queue.enqueue(deliver_webhooks, name, key)
    return len(due)


IDEMPOTENCY_KEYS_KEPT = timedelta(hours=24)


def sweep_integration_records(rt: runtime_mod.Runtime, now: datetime) -> int:
    """Webhook deliveries older than ``[privacy] keep_messages`` (their bodies quote
    customers) and API idempotency keys older than a day are forgotten, a batch a pass."""
    with rt.sessions.begin() as session:
        pruned = webhook_outbox.prune(session, now - rt.config.privacy.keep_messages)
        pruned += session.execute(
            delete(ApiIdempotency).where(ApiIdempotency.created_at < now - IDEMPOTENCY_KEYS_KEPT)
        ).rowcount
    return pruned


def sweep_early_statuses(rt: runtime_mod.Runtime, now: datetime) -> int:
    """Apply status callbacks that arrived before their message's SID was saved."""
    keep = rt.settings.retry_horizon + timedelta(hours=1)
    return callbacks.apply_early(rt.outbox, rt.sessions, now, keep)


def _ring(rt: runtime_mod.Runtime, job: Callable[[str], None], *where: Any) -> int:
    """Enqueue ``job(peer)`` directly (no de-duplication marker, which may be the thing
    that was lost) for every peer with messages matching ``where``."""
    with rt.sessions() as session:
        peers = session.scalars(select(Message.peer).where(*where).distinct()).all()
    for peer in peers:
        rt.queue.enqueue(job, peer)
    return len(peers)


SWEEPS: tuple[Sweep, ...] = (
    spooled.sweep_spool,
    sweep_outbox,
    sweep_inbox,
    sweep_mail,
    sweep_webhooks,
    sweep_early_statuses,
    resolution.sweep_auto_close,
    paging.sweep_paging,
    assignment.sweep_opening_assignments,
    sla_timers.sweep_sla,
    quiet_hours.sweep_morning_digest,  # after the two above: their notices join the digest
    filing.sweep_abandoned,
    retention.sweep_retention,
    sweep_integration_records,
)
"""Every pass runs these, in this order; a feature with due work adds its sweep here."""


def sweep_once(rt: runtime_mod.Runtime) -> dict[str, int]:
    """One pass over every registered sweep; a failing sweep does not stop the others."""
    counts: dict[str, int] = {}
    now = utcnow()
    for sweep in SWEEPS:
        try:
            counts[sweep.__name__] = sweep(rt, now)
        except Exception:  # logged centrally; the next pass tries again
            log.exception("sweep %s failed", sweep.__name__)
    return counts


def sweep_job() -> None:
    """Job form, for the in-process queue: sweep, then schedule the next pass."""
    rt = runtime_mod.current()
    sweep_once(rt)
    rt.queue.enqueue_in(timedelta(seconds=rt.settings.sweep_interval), sweep_job)


def run_in_thread(rt: runtime_mod.Runtime, stop: threading.Event) -> threading.Thread:
    """For the RQ worker process: sweep on a timer until ``stop`` is set."""

    def loop() -> None:
        with runtime_mod.use(rt):
            while not stop.wait(rt.settings.sweep_interval):
                sweep_once(rt)

    thread = threading.Thread(target=loop, name="deskbot-sweeper", daemon=True)
    thread.start()
    return thread
