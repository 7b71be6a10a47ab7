"""Outbound delivery through the real twilio SDK to a local fake of Twilio's REST API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.directory import people
from bot.messaging.delivery import MAX_BACKOFF_SECONDS, backoff, deliver_due
from bot.messaging.outbox import split_body
from storage.models import Message
from tests.conftest import (
    PUBLIC_URL,
    SMS_FROM,
    WHATSAPP_FROM,
    Phone,
    settle,
    twilio_overrides,
)

CUSTOMER = "+27825550202"
T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # Wed 2 Dec 2026 10:00 in Johannesburg


@pytest.fixture
def app(twilio_runtime):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    return create_app(twilio_runtime)


def _two_replies(customer: Phone) -> None:
    """Two inbound messages, two replies (a greeting with the first question, the next one)."""
    customer.says("hello")
    customer.says("Brand New Co")


def _outbound(runtime) -> list[Message]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Message).where(Message.direction == "outbound").order_by(Message.id)
            )
        )


def _wait_delivered(runtime, fake, count: int, timeout: float = 15.0) -> list[dict]:  # type: ignore[no-untyped-def]
    messages = fake.wait_for_messages(count, timeout=timeout)
    settle(runtime, timeout=timeout)
    return messages


def test_replies_reach_twilio_with_channel_addresses_and_callback(
    client, twilio_runtime, fake_twilio
) -> None:
    _two_replies(Phone(client, twilio_runtime, CUSTOMER, "whatsapp"))
    sent = _wait_delivered(twilio_runtime, fake_twilio, 2)
    assert [m["to"] for m in sent] == [f"whatsapp:{CUSTOMER}"] * 2
    assert {m["from"] for m in sent} == {WHATSAPP_FROM}
    assert {m["status_callback"] for m in sent} == {PUBLIC_URL + "/webhooks/twilio/status"}
    rows = _outbound(twilio_runtime)
    assert [r.twilio_sid for r in rows] == [m["sid"] for m in sent]  # in order, sids recorded
    assert [r.body for r in rows] == [m["body"] for m in sent]
    assert {r.status for r in rows} == {"queued"}


def test_sms_customer_is_answered_by_sms(client, twilio_runtime, fake_twilio) -> None:
    _two_replies(Phone(client, twilio_runtime, CUSTOMER, "sms"))
    sent = _wait_delivered(twilio_runtime, fake_twilio, 2)
    assert {(m["to"], m["from"]) for m in sent} == {(CUSTOMER, SMS_FROM)}


@pytest.mark.parametrize(("status", "code"), [(500, None), (503, None), (429, 20429)])
def test_transient_errors_are_retried(client, twilio_runtime, fake_twilio, status, code) -> None:
    fake_twilio.fail_next(2, status=status, code=code)
    _two_replies(Phone(client, twilio_runtime, CUSTOMER))
    sent = _wait_delivered(twilio_runtime, fake_twilio, 2, timeout=20)
    assert len(sent) == 2
    rows = _outbound(twilio_runtime)
    assert rows[0].attempts == 3 and rows[0].status == "queued"
    assert [r.twilio_sid for r in rows] == [m["sid"] for m in sent]  # order kept despite retries


def test_permanent_error_is_recorded_and_not_retried(client, twilio_runtime, fake_twilio) -> None:
    fake_twilio.fail_next(1, status=400, code=21211)
    _two_replies(Phone(client, twilio_runtime, CUSTOMER))
    sent = _wait_delivered(twilio_runtime, fake_twilio, 1)
    settle(twilio_runtime)
    rows = _outbound(twilio_runtime)
    assert rows[0].status == "failed" and rows[0].error_code == 21211 and rows[0].attempts == 1
    assert rows[1].twilio_sid == sent[0]["sid"]  # the next message still went out
    creates = [r for r in fake_twilio.requests if r.get("path", "").endswith("Messages.json")]
    to_customer = [r for r in creates if CUSTOMER in r["form"]["To"]]
    assert len(to_customer) == 2  # not retried
    told = [r["form"] for r in creates if CUSTOMER not in r["form"]["To"]]
    manager = people.managers(twilio_runtime.config)[0]
    assert len(told) == 1 and told[0]["To"] == manager and "error 21211" in told[0]["Body"]


def test_retries_go_on_until_the_horizon_then_the_manager_is_told(
    make_runtime, fake_twilio, shared_redis
) -> None:
    """Driven directly (no worker: the Redis queue only collects doorbells) at fixed moments."""
    runtime = make_runtime(
        redis_url=shared_redis, retry_horizon=timedelta(hours=1), **twilio_overrides(fake_twilio)
    )
    manager = people.managers(runtime.config)[0]
    fake_twilio.fail_for(to=CUSTOMER, status=503, code=20503)  # Twilio down for this number

    def drive(at: datetime, peer: str = CUSTOMER) -> None:
        with time_machine.travel(at, tick=False):
            deliver_due(runtime.sessions, runtime.transport, runtime.outbox, peer)

    with time_machine.travel(T0, tick=False), runtime.sessions.begin() as session:
        runtime.outbox.queue(session, channel="sms", to=CUSTOMER, body="first")
        runtime.outbox.queue(session, channel="sms", to=CUSTOMER, body="second")
    for minutes in (0, 1, 10, 40, 59):
        drive(T0 + timedelta(minutes=minutes, seconds=31))
    rows = _outbound(runtime)
    assert [r.status for r in rows] == ["pending", "pending"]  # still trying, order kept
    assert rows[0].attempts == 5 and rows[1].attempts == 0  # the second waits behind the first

    drive(T0 + timedelta(minutes=61))  # past the horizon: both fail, visibly
    rows = _outbound(runtime)
    assert [r.status for r in rows[:2]] == ["failed", "failed"]
    assert "gave up after" in (rows[0].error_message or "")
    notices = [r for r in rows if r.peer == manager]
    assert len(notices) == 2 and all("Not delivered" in r.body for r in notices)
    assert "first" in notices[0].body and CUSTOMER in notices[0].body

    drive(T0 + timedelta(minutes=62), manager)  # the manager's SMS goes out
    assert [m["to"] for m in fake_twilio.messages] == [manager, manager]


def test_an_outage_of_minutes_loses_nothing(make_runtime, fake_twilio, shared_redis) -> None:
    runtime = make_runtime(redis_url=shared_redis, **twilio_overrides(fake_twilio))
    fake_twilio.fail_during(3600, status=503)  # an hour-long outage, whatever the count
    with time_machine.travel(T0, tick=False), runtime.sessions.begin() as session:
        for n in range(3):
            runtime.outbox.queue(session, channel="sms", to=CUSTOMER, body=f"part {n}")
    for seconds in range(0, 1800, 20):  # half an hour of retries
        with time_machine.travel(T0 + timedelta(seconds=seconds), tick=False):
            deliver_due(runtime.sessions, runtime.transport, runtime.outbox, CUSTOMER)
    assert {r.status for r in _outbound(runtime)} == {"pending"}
    fake_twilio.clear_failures()  # Twilio is back
    with time_machine.travel(T0 + timedelta(seconds=1830), tick=False):
        deliver_due(runtime.sessions, runtime.transport, runtime.outbox, CUSTOMER)
    assert [m["body"] for m in fake_twilio.messages] == ["part 0", "part 1", "part 2"]
    assert {r.status for r in _outbound(runtime)} == {"queued"}


def test_backoff_is_capped_with_jitter() -> None:
    delays = [backoff(attempt).total_seconds() for attempt in range(1, 40)]
    assert 0.8 <= delays[0] <= 1.2
    assert max(delays) <= MAX_BACKOFF_SECONDS * 1.2
    assert len({round(d, 3) for d in delays[10:]}) > 1  # jittered, not in lock step


def test_long_bodies_are_split_cleanly(twilio_runtime, fake_twilio) -> None:
    paragraph = "The printer on the second floor jams on every page. " * 20
    body = "\n\n".join([paragraph.strip()] * 4)
    with twilio_runtime.sessions.begin() as session:
        twilio_runtime.outbox.queue(session, channel="sms", to=CUSTOMER, body=body)
    sent = _wait_delivered(twilio_runtime, fake_twilio, len(split_body(body)))
    assert len(sent) >= 3
    assert all(len(m["body"]) <= 1600 for m in sent)
    assert " ".join(m["body"] for m in sent).split() == body.split()


def test_split_body_prefers_sentence_ends() -> None:
    text = ("Sentence number one is here. " * 80).strip()
    parts = split_body(text, limit=200)
    assert all(len(p) <= 200 for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == text


def test_console_transport_records_without_sending(runtime) -> None:
    from webhooks import create_app

    _two_replies(Phone(create_app(runtime).test_client(), runtime, CUSTOMER))
    rows = _outbound(runtime)
    assert len(rows) == 2 and {r.status for r in rows} == {"sent"}
    assert {r.twilio_sid for r in rows} == {None}
