"""The workers' inbox: in queued mode every webhook rings the sender's number on a
Redis list, and this loop (a thread of ``deskbot worker``) pops numbers and handles
their stored messages with :func:`process_pending`. A list pop costs a
fraction of an RQ job on both sides, and inbound traffic is the hot path. Nothing
is lost if Redis drops the list: the messages are in the database and the sweeper
rings again for anything left unhandled."""

from __future__ import annotations

import logging
import threading

import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import runtime as runtime_mod
from bot.conversation import router
from bot.jobs.queue import RedisJobQueue
from bot.messaging.inbound import (
    Inbound,
    accept,
    as_inbound,
    lock_conversation,
    oldest_waiting,
    store_handled,
)
from bot.messaging.outbox import replies_via
from bot.runtime import Runtime, current
from storage.db import utcnow
from storage.models import Message

log = logging.getLogger(__name__)
POP_TIMEOUT_SECONDS = 1.0
MAX_HANDLING_ATTEMPTS = 3


def receive(rt: Runtime, session: Session, inbound: Inbound) -> bool:
    """Record and handle ``inbound`` now; False when its MessageSid was handled before."""
    conversation = lock_conversation(session, inbound.sender, inbound.channel)
    record = store_handled(session, inbound)
    if record is None:
        return False  # the same MessageSid was handled before: no second effect
    router.route(rt, session, conversation, inbound, record)
    return True


def take(rt: Runtime, inbound: Inbound) -> bool:
    """Store ``inbound`` for the workers (queued mode) or handle it now (inline mode), in
    one transaction; False when its MessageSid was seen before. Database errors propagate:
    the caller spools the form (``bot.messaging.spool``)."""
    with runtime_mod.use(rt), replies_via(inbound.arrived_on), rt.sessions.begin() as session:
        if rt.queued_inbound:
            return accept(session, inbound, rt.queue.ring_inbox)
        return receive(rt, session, inbound)


def process_pending(peer: str) -> None:
    """Job: handle ``peer``'s waiting messages oldest first, one transaction each.

    The conversation row lock serialises workers on one sender, so messages are
    handled in the order they arrived and each exactly once.
    """
    rt = current()
    while True:
        with rt.sessions.begin() as session:
            waiting = oldest_waiting(session, peer)
            if waiting is None:
                return
            conversation = lock_conversation(session, peer, waiting.channel)
            record = session.scalars(
                select(Message)
                .where(Message.id == waiting.id, Message.processed_at.is_(None))
                .execution_options(populate_existing=True)
            ).first()
            if record is None:
                continue  # another worker handled it while we waited for the lock
            record.processed_at = utcnow()
            retry = False
            try:
                with session.begin_nested(), replies_via(record.arrived_on):
                    router.route(rt, session, conversation, as_inbound(record), record)
            except Exception:  # logged; retried, then set aside so it cannot block the sender
                log.exception("inbound message failed", extra={"message_id": record.id})
                record.attempts += 1
                if record.attempts >= MAX_HANDLING_ATTEMPTS:
                    record.status = "error"
                else:
                    record.processed_at = None  # a race (deadlock, duplicate key) may pass
                    retry = True
        if retry:
            rt.queue.ring_inbox(peer)  # try again once this transaction is gone
            return


def serve(rt: runtime_mod.Runtime, queue: RedisJobQueue, stop: threading.Event) -> None:
    """Handle rung senders until ``stop`` is set."""
    with runtime_mod.use(rt):
        while not stop.is_set():
            try:
                peer = queue.next_inbox(POP_TIMEOUT_SECONDS)
            except redis.RedisError as exc:
                log.warning("inbox unreachable, retrying: %s", exc)
                stop.wait(1.0)
                continue
            if peer is None:
                continue
            try:
                process_pending(peer)
            except Exception:  # the rows stay unhandled; the sweeper rings again
                log.exception("handling a sender's inbox failed")


def run_in_thread(
    rt: runtime_mod.Runtime, queue: RedisJobQueue, stop: threading.Event
) -> threading.Thread:
    thread = threading.Thread(target=serve, args=(rt, queue, stop), name="deskbot-inbox")
    thread.start()
    return thread
