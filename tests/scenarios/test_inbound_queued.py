"""Queued inbound (production with Redis): webhooks only store, workers handle each
sender's messages in arrival order, exactly once."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from bot.conversation import router as routing
from bot.jobs.inbox import process_pending
from bot.runtime import use
from storage.models import Conversation, Message
from tests.conftest import Phone

CUSTOMER = "+27825552020"
OTHER = "+27825552121"


def wait_until(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def _handled(runtime) -> bool:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        waiting = session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.direction == "inbound", Message.processed_at.is_(None))
        )
    return waiting == 0


@pytest.fixture
def queued(make_runtime, shared_redis):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    runtime = make_runtime(redis_url=shared_redis, inbound_mode="queued")
    assert runtime.queued_inbound
    return runtime, create_app(runtime).test_client()


def test_webhook_only_stores_and_a_worker_handles_in_order(queued, worker_factory) -> None:
    runtime, client = queued
    customer, other = Phone(client, runtime, CUSTOMER), Phone(client, runtime, OTHER)
    burst = [
        "hello",
        "the main printer is jammed and the whole office cannot print",
        "Brand New Co",
        "Lindiwe Khumalo",
        "yes",
    ]
    for text in burst:
        customer.says(text)
        other.says(text)
    with runtime.sessions() as session:  # nothing handled yet: no worker runs
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0
    worker_factory(runtime)
    worker_factory(runtime)  # two workers race for the same senders
    wait_until(lambda: _handled(runtime))
    for phone in (customer, other):
        state = phone.conversation()
        assert state["ticket"] is not None, state
    assert customer.conversation()["ticket"] != other.conversation()["ticket"]
    with runtime.sessions() as session:
        inbound = session.scalars(
            select(Message)
            .where(Message.direction == "inbound", Message.peer == CUSTOMER)
            .order_by(Message.id)
        ).all()
    assert [m.body for m in inbound] == burst
    handled_at = [m.processed_at for m in inbound]
    assert handled_at == sorted(handled_at)  # one after the other, in arrival order
    replies = customer.inbox()
    assert len(replies) == len(set(replies))  # nothing handled twice
    assert sum("Which company" in r for r in replies) == 1


def test_duplicate_sid_is_stored_and_handled_once(queued, worker_factory) -> None:
    runtime, client = queued
    customer = Phone(client, runtime, CUSTOMER)
    form = customer.form("hello", sid="SM" + "c" * 32)
    assert customer.post(form).status_code == 200
    assert customer.post(form).status_code == 200
    worker_factory(runtime)
    wait_until(lambda: _handled(runtime) and len(customer.inbox()) == 1)
    time.sleep(0.5)
    assert len(customer.inbox()) == 1
    with runtime.sessions() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Message).where(Message.direction == "inbound")
            )
            == 1
        )


def test_a_poison_message_is_marked_and_does_not_block_the_sender(queued, monkeypatch) -> None:
    runtime, client = queued
    customer = Phone(client, runtime, CUSTOMER)
    customer.says("explode")
    customer.says("hello")
    original = routing.route

    def route(rt, session, conversation, inbound, record):  # type: ignore[no-untyped-def]
        if inbound.body == "explode":
            raise RuntimeError("bug")
        original(rt, session, conversation, inbound, record)

    monkeypatch.setattr(routing, "route", route)
    with use(runtime):
        process_pending(CUSTOMER)  # fails: left for another try, the sender rung again
        with runtime.sessions() as session:
            first = session.scalars(select(Message).order_by(Message.id)).first()
            assert first.processed_at is None and first.attempts == 1
        rings = runtime.queue.connection.lrange(runtime.queue.inbox_list, 0, -1)
        assert rings == [CUSTOMER.encode()] * 3  # two webhooks, then the retry
        process_pending(CUSTOMER)
        process_pending(CUSTOMER)  # the third failure sets it aside
    with runtime.sessions() as session:
        rows = session.scalars(
            select(Message).where(Message.direction == "inbound").order_by(Message.id)
        ).all()
    assert [(m.body, m.status) for m in rows] == [("explode", "error"), ("hello", "received")]
    assert all(m.processed_at is not None for m in rows)
    assert customer.conversation()["awaiting"] == "description"


def test_inline_mode_can_be_forced_with_redis(make_runtime, shared_redis) -> None:
    from webhooks import create_app

    runtime = make_runtime(redis_url=shared_redis, inbound_mode="inline")
    customer = Phone(create_app(runtime).test_client(), runtime, CUSTOMER)
    customer.says("hello")
    assert customer.conversation()["awaiting"] == "description"  # handled in the request
