"""The after-commit facility: actions run once, after the outermost COMMIT, and a
rolled-back savepoint forgets only what it added (real database, real connections)."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.messaging.on_commit import on_commit, pending_keys
from bot.messaging.outbox import Outbox
from storage.models import Message


def _committed_rows(runtime, peer: str) -> int:  # type: ignore[no-untyped-def]
    """What a worker on another connection sees right now."""
    with runtime.sessions() as other:
        return other.scalar(select(func.count()).select_from(Message).where(Message.peer == peer))


def test_a_worker_rung_from_inside_a_savepoint_finds_the_committed_row(runtime) -> None:
    seen: list[int] = []
    outbox = Outbox(runtime.settings, lambda peer: seen.append(_committed_rows(runtime, peer)))
    with runtime.sessions.begin() as session:
        with session.begin_nested():  # as the inbox handles each message
            outbox.queue(session, channel="sms", to="+27820000001", body="hello")
        assert seen == []  # released savepoint: nothing committed yet, nobody rung
        outbox.queue(session, channel="sms", to="+27820000001", body="second, same peer")
    assert seen == [2]  # rung once, after COMMIT, and both rows were visible


def test_a_rolled_back_savepoint_forgets_only_its_own_actions(runtime) -> None:
    ran: list[str] = []
    with runtime.sessions.begin() as session:
        on_commit(session, "outer", lambda: ran.append("outer"))
        try:
            with session.begin_nested():
                on_commit(session, "inner", lambda: ran.append("inner"))
                raise RuntimeError("handler failed")
        except RuntimeError:
            pass
        assert pending_keys(session) == ["outer"]
    assert ran == ["outer"]


def test_nothing_runs_when_the_transaction_rolls_back(runtime) -> None:
    ran: list[str] = []
    session = runtime.sessions()
    session.begin()
    with session.begin_nested():
        on_commit(session, "x", lambda: ran.append("x"))
    session.rollback()
    session.close()
    assert ran == []
