"""The workers' inbox: in queued mode every webhook rings the sender's number on a
Redis list, and this loop (a thread of ``deskbot worker``) pops numbers and handles
their stored messages with :func:`bot.inbound.process_pending`. A list pop costs a
fraction of an RQ job on both sides, and inbound traffic is the hot path. Nothing
is lost if Redis drops the list: the messages are in the database and the sweeper
rings again for anything left unhandled."""

from __future__ import annotations

import logging
import threading

import redis

from bot import runtime as runtime_mod
from bot.inbound import process_pending
from bot.jobqueue import RedisJobQueue

log = logging.getLogger(__name__)
POP_TIMEOUT_SECONDS = 1.0


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
