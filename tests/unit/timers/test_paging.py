"""Paging's jobs (the voice call, the ack-timeout check) are enqueued through the one
after-commit facility: after the outermost COMMIT, never when the savepoint the inbox
handles a message in is released, never after a rollback."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.runtime import Runtime, use
from bot.tickets.records import NewTicket, create_ticket
from bot.timers import paging
from storage.models import Ticket

JANE = "+27831112222"


class RecordingQueue:
    """A job queue that only notes what was enqueued, and whether its row was committed."""

    in_workers = False

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.calls: list[tuple[str, bool]] = []

    def _note(self, func: Any, ticket_id: int) -> bool:
        with self.runtime.sessions() as other:  # what a worker would see right now
            paging_now = other.scalar(select(Ticket.paging).where(Ticket.id == ticket_id))
        self.calls.append((func.__name__, bool(paging_now)))
        return True

    def enqueue(self, func: Any, *args: Any) -> bool:
        return self._note(func, args[0])

    def enqueue_in(self, delay: timedelta, func: Any, *args: Any) -> bool:
        return self._note(func, args[0])

    def enqueue_once(self, key: str, func: Any, *args: Any) -> bool:
        return True

    def started(self, key: str) -> None:
        pass

    def ring_inbox(self, peer: str) -> bool:
        return True

    def healthy(self) -> bool:
        return True


@pytest.fixture
def paged(make_runtime, config) -> tuple[Runtime, RecordingQueue]:  # type: ignore[no-untyped-def]
    voice = config.paging.model_copy(update={"voice": True})
    runtime = make_runtime(config_override=config.model_copy(update={"paging": voice}))
    queue = RecordingQueue(runtime)
    return replace(runtime, queue=queue), queue


def _ticket(rt: Runtime, session) -> Ticket:  # type: ignore[no-untyped-def]
    new = NewTicket("Acme Ltd", "Jane Doe", JANE, JANE, "Server down", "sms", "en", "critical")
    return create_ticket(rt, session, new, actor=JANE)


def test_page_jobs_wait_for_the_outermost_commit(paged) -> None:  # type: ignore[no-untyped-def]
    rt, queue = paged
    with use(rt), rt.sessions.begin() as session:
        ticket = _ticket(rt, session)
        with session.begin_nested():  # as the inbox handles every message
            assert paging.start(rt, session, ticket, reason="after hours") is not None
        assert queue.calls == []  # savepoint released, nothing committed: no job yet
    # Each job was enqueued once, and a worker taking it at once finds the page committed.
    assert queue.calls == [("call_job", True), ("page_due_job", True)]


def test_a_rolled_back_page_enqueues_nothing(paged) -> None:  # type: ignore[no-untyped-def]
    rt, queue = paged
    with use(rt), rt.sessions.begin() as session:
        ticket = _ticket(rt, session)
        with pytest.raises(RuntimeError), session.begin_nested():
            paging.start(rt, session, ticket, reason="after hours")
            raise RuntimeError("the handler failed after paging")
    assert queue.calls == []
