"""No message is lost when Redis goes away or a worker dies mid-job (real Redis, real worker)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from storage.models import Message
from tests.conftest import Phone, twilio_overrides

CUSTOMER = "+27825550404"


def _pending(runtime) -> list[str]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Message.status).where(Message.direction == "outbound").order_by(Message.id)
            )
        )


def _unhandled_inbound(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return len(
            session.scalars(
                select(Message.id).where(
                    Message.direction == "inbound", Message.processed_at.is_(None)
                )
            ).all()
        )


@pytest.mark.parametrize("inbound_mode", ["queued", "inline"])
def test_redis_down_when_message_arrives(
    make_runtime, fake_twilio, private_redis, worker_factory, inbound_mode
) -> None:
    from webhooks import create_app

    runtime = make_runtime(
        redis_url=private_redis.url, inbound_mode=inbound_mode, **twilio_overrides(fake_twilio)
    )
    worker_factory(runtime)
    customer = Phone(create_app(runtime).test_client(), runtime, CUSTOMER)

    private_redis.stop()
    started = time.monotonic()
    customer.says("hello")  # asserts 200
    customer.says("the printer is broken")
    assert time.monotonic() - started < 2.0
    if inbound_mode == "queued":  # stored, waiting for a worker
        assert _unhandled_inbound(runtime) == 2 and _pending(runtime) == []
    else:  # handled in the request, replies waiting in the outbox
        assert _unhandled_inbound(runtime) == 0 and _pending(runtime) == ["pending", "pending"]
    assert fake_twilio.messages == []

    private_redis.start()  # empty: the enqueued job is gone with the old server
    sent = fake_twilio.wait_for_messages(2, timeout=30)
    time.sleep(1.5)  # a few more sweeps: nothing is handled or sent twice
    assert len(fake_twilio.messages) == 2
    assert [m["to"] for m in sent] == [f"whatsapp:{CUSTOMER}"] * 2
    assert "describe" in sent[0]["body"] and "company" in sent[1]["body"]  # handled in order
    assert _pending(runtime) == ["queued", "queued"]
    assert _unhandled_inbound(runtime) == 0


def test_worker_killed_mid_job_delivers_once(
    make_runtime, fake_twilio, shared_redis, worker_factory
) -> None:
    from webhooks import create_app

    runtime = make_runtime(redis_url=shared_redis, **twilio_overrides(fake_twilio))
    first = worker_factory(runtime)
    customer = Phone(create_app(runtime).test_client(), runtime, CUSTOMER)

    fake_twilio.hold()
    customer.says("hello")
    customer.says("Brand New Co")
    fake_twilio.wait_for_held(1, timeout=20)  # the worker is inside the Twilio call
    first.kill()
    fake_twilio.release()
    time.sleep(0.2)
    assert fake_twilio.messages == []  # the killed request was never accepted

    worker_factory(runtime)
    fake_twilio.wait_for_messages(2, timeout=30)
    time.sleep(1.5)
    bodies = [m["body"] for m in fake_twilio.messages]
    assert len(bodies) == 2 and len(set(bodies)) == 2
    assert _pending(runtime) == ["queued", "queued"]


def _queue_sms(runtime, body: str) -> None:  # type: ignore[no-untyped-def]
    with runtime.sessions.begin() as session:
        runtime.outbox.queue(session, channel="sms", to=CUSTOMER, body=body)


def test_queued_delivery_job_absorbs_later_doorbells(
    make_runtime, fake_twilio, shared_redis, worker_factory
) -> None:
    runtime = make_runtime(redis_url=shared_redis, **twilio_overrides(fake_twilio))
    for n in range(3):
        _queue_sms(runtime, f"part {n}")
    assert runtime.queue.queue.count == 1  # type: ignore[attr-defined]  # one job drains all three

    worker_factory(runtime)
    fake_twilio.wait_for_messages(3, timeout=20)
    _queue_sms(runtime, "after the drain")  # the job cleared its marker: a new job is needed
    fake_twilio.wait_for_messages(4, timeout=20)
    time.sleep(1.0)
    assert [m["body"] for m in fake_twilio.messages] == [
        "part 0",
        "part 1",
        "part 2",
        "after the drain",
    ]


def test_marker_without_a_job_is_repaired_by_the_sweeper(
    make_runtime, fake_twilio, shared_redis, worker_factory
) -> None:
    from bot.messaging.delivery import delivery_key

    runtime = make_runtime(redis_url=shared_redis, **twilio_overrides(fake_twilio))
    queue = runtime.queue
    queue.connection.set(queue._marker(delivery_key(CUSTOMER)), b"1", ex=60)  # type: ignore[attr-defined]  # its job was lost
    _queue_sms(runtime, "still delivered")
    assert queue.queue.count == 0  # type: ignore[attr-defined]

    worker_factory(runtime)
    fake_twilio.wait_for_messages(1, timeout=20)
    time.sleep(1.0)
    assert [m["body"] for m in fake_twilio.messages] == ["still delivered"]


def test_delivery_resumes_within_a_sweep_after_redis_returns(
    make_runtime, fake_twilio, private_redis, worker_factory
) -> None:
    """RQ would back off 1, 2, 4, 8 … 60 s while Redis is away; the worker caps that at the
    sweep interval, and its supervised scheduler and sweeper pick up where they were."""
    runtime = make_runtime(
        redis_url=private_redis.url, sweep_interval=1.0, **twilio_overrides(fake_twilio)
    )
    worker = worker_factory(runtime)
    _queue_sms(runtime, "before")
    fake_twilio.wait_for_messages(1, timeout=20)

    private_redis.stop()
    _queue_sms(runtime, "during")  # its doorbell is lost with Redis
    time.sleep(10)  # long enough for RQ's own backoff to reach 8 s
    private_redis.start()
    back = time.monotonic()
    try:
        fake_twilio.wait_for_messages(2, timeout=30)
    except TimeoutError as exc:
        raise AssertionError(worker.output()) from exc
    recovery = time.monotonic() - back
    assert recovery < 4.0, f"{recovery:.1f} s after Redis returned\n{worker.output()}"
    assert [m["body"] for m in fake_twilio.messages] == ["before", "during"]
    assert "restarting" in worker.output()  # the scheduler died with Redis and was restarted


def test_an_idle_worker_answers_at_once(
    make_runtime, fake_twilio, shared_redis, worker_factory
) -> None:
    """Blocking reads have no socket timeout: an idle worker is not in a reconnect backoff
    when work arrives (with a 2-s timeout it stalled for up to a minute)."""
    runtime = make_runtime(redis_url=shared_redis, **twilio_overrides(fake_twilio))
    worker = worker_factory(runtime)
    time.sleep(7)  # idle: several of the old 2-s timeouts would have fired by now
    started = time.monotonic()
    _queue_sms(runtime, "ping")
    fake_twilio.wait_for_messages(1, timeout=30)
    took = time.monotonic() - started
    assert took < 1.5, f"{took:.1f} s\n{worker.output()}"
    assert "could not connect to Redis" not in worker.output()
