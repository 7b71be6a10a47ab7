"""Outbound delivery through the real twilio SDK to a local fake of Twilio's REST API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.messaging.delivery import MAX_ATTEMPTS
from bot.messaging.outbox import split_body
from storage.models import Message
from tests.conftest import PUBLIC_URL, SMS_FROM, WHATSAPP_FROM, Phone, settle

CUSTOMER = "+27825550202"


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
    assert len(creates) == 2


def test_retries_stop_after_max_attempts(twilio_runtime, fake_twilio, monkeypatch) -> None:
    from datetime import timedelta

    from bot.messaging import delivery

    monkeypatch.setattr(delivery, "backoff", lambda attempt: timedelta(milliseconds=10))
    fake_twilio.fail_next(MAX_ATTEMPTS + 5, status=500)
    with twilio_runtime.sessions.begin() as session:
        twilio_runtime.outbox.queue(session, channel="sms", to=CUSTOMER, body="ping")
    deadline_rows = None
    for _ in range(200):
        settle(twilio_runtime)
        deadline_rows = _outbound(twilio_runtime)
        if deadline_rows[0].status == "failed":
            break
        import time

        time.sleep(0.02)
    assert deadline_rows is not None
    assert deadline_rows[0].status == "failed" and deadline_rows[0].attempts == MAX_ATTEMPTS
    assert fake_twilio.messages == []


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
