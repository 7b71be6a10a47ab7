"""Status callbacks: signed, never backwards, early ones (SID not saved yet) kept and applied
by the sweeper; and where Twilio is told to send them when ``PUBLIC_URL`` is unset."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from bot.channels.status import predecessors
from bot.jobs.sweeper import sweep_once
from storage.models import EarlyStatus, Message
from tests.conftest import PUBLIC_URL, Phone, settle
from tests.fakes.twilio_api import sign

CUSTOMER = "+27825550303"


@pytest.fixture
def app(twilio_runtime):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    return create_app(twilio_runtime)


@pytest.fixture
def sent_sid(twilio_runtime, fake_twilio) -> str:  # type: ignore[no-untyped-def]
    with twilio_runtime.sessions.begin() as session:
        twilio_runtime.outbox.queue(session, channel="sms", to=CUSTOMER, body="hello")
    fake_twilio.wait_for_messages(1)
    settle(twilio_runtime)
    return fake_twilio.messages[0]["sid"]


def _callback(client, runtime, sid: str, status: str, signed: bool = True, **extra: str):  # type: ignore[no-untyped-def]
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC1", **extra}
    headers = {}
    if signed:
        headers["X-Twilio-Signature"] = sign(
            runtime.settings.twilio_auth_token, PUBLIC_URL + "/webhooks/twilio/status", form
        )
    return client.post("/webhooks/twilio/status", data=form, headers=headers)


def _status(runtime, sid: str) -> Message:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return session.scalars(select(Message).where(Message.twilio_sid == sid)).one()


def test_callbacks_move_status_forward(client, twilio_runtime, sent_sid) -> None:
    for status in ("sent", "delivered", "read"):
        assert _callback(client, twilio_runtime, sent_sid, status).status_code == 200
        assert _status(twilio_runtime, sent_sid).status == status


def test_late_callbacks_never_move_backwards(client, twilio_runtime, sent_sid) -> None:
    _callback(client, twilio_runtime, sent_sid, "delivered")
    for late in ("queued", "sending", "sent"):
        assert _callback(client, twilio_runtime, sent_sid, late).status_code == 200
        assert _status(twilio_runtime, sent_sid).status == "delivered"


def test_final_failure_is_kept_with_its_error_code(client, twilio_runtime, sent_sid) -> None:
    _callback(client, twilio_runtime, sent_sid, "undelivered", ErrorCode="30003")
    _callback(client, twilio_runtime, sent_sid, "delivered")
    _callback(client, twilio_runtime, sent_sid, "sent")
    message = _status(twilio_runtime, sent_sid)
    assert (message.status, message.error_code) == ("undelivered", 30003)


def test_unsigned_callback_is_refused(client, twilio_runtime, sent_sid) -> None:
    assert _callback(client, twilio_runtime, sent_sid, "delivered", signed=False).status_code == 403
    assert _status(twilio_runtime, sent_sid).status == "queued"


def test_unknown_status_is_400(client, twilio_runtime, sent_sid) -> None:
    assert _callback(client, twilio_runtime, sent_sid, "exploded").status_code == 400
    assert _status(twilio_runtime, sent_sid).status == "queued"


def _unsent(runtime, channel: str) -> int:  # type: ignore[no-untyped-def]
    """An outbound row whose send is in flight: Twilio has it, our commit has not happened."""
    with runtime.sessions.begin() as session:
        row = Message(
            direction="outbound",
            channel=channel,
            from_number="+15005550006",
            to_number=CUSTOMER,
            peer=CUSTOMER,
            body="Your ticket TKT-1001 is open.",
            status="sending-in-a-worker",
            attempts=1,
        )
        session.add(row)
        session.flush()
        return row.id


def _commit_sid(runtime, row_id: int, sid: str) -> None:  # type: ignore[no-untyped-def]
    """What the worker's delivery transaction finally commits."""
    with runtime.sessions.begin() as session:
        row = session.get(Message, row_id)
        row.twilio_sid, row.status = sid, "queued"


@pytest.mark.parametrize("status", ["delivered", "read"])
def test_a_callback_that_overtakes_the_sid_is_applied_by_the_sweeper(
    client, twilio_runtime, status
) -> None:
    sid = "SM" + "e" * 32
    row_id = _unsent(twilio_runtime, "sms")
    assert _callback(client, twilio_runtime, sid, "sent").status_code == 200
    assert _callback(client, twilio_runtime, sid, status).status_code == 200
    sweep_once(twilio_runtime)  # nothing to apply yet: kept
    with twilio_runtime.sessions() as session:
        assert session.scalar(select(func.count(EarlyStatus.id))) == 2
    _commit_sid(twilio_runtime, row_id, sid)
    sweep_once(twilio_runtime)
    assert _status(twilio_runtime, sid).status == status
    with twilio_runtime.sessions() as session:
        assert session.scalar(select(func.count(EarlyStatus.id))) == 0


def test_an_early_63016_still_gets_its_sms_copy(client, twilio_runtime, fake_twilio) -> None:
    sid = "SM" + "d" * 32
    row_id = _unsent(twilio_runtime, "whatsapp")
    response = _callback(client, twilio_runtime, sid, "failed", ErrorCode="63016")
    assert response.status_code == 200
    _commit_sid(twilio_runtime, row_id, sid)
    sweep_once(twilio_runtime)
    sweep_once(twilio_runtime)  # a second pass changes nothing
    fake_twilio.wait_for_messages(1)
    settle(twilio_runtime)
    assert [(m["to"], m["body"]) for m in fake_twilio.messages] == [
        (CUSTOMER, "Your ticket TKT-1001 is open.")
    ]
    assert _status(twilio_runtime, sid).status == "failed"


def test_status_ranking_table() -> None:
    assert "delivered" in predecessors("read")
    assert "read" not in predecessors("delivered")
    assert "failed" not in predecessors("delivered") and "delivered" not in predecessors("failed")
    assert predecessors("bogus") == []


# -- where the callbacks go without PUBLIC_URL ------------------------------------------------

REQUEST_HOST = "https://desk.example.org"  # the base URL Twilio called the webhook on


def _reply_callbacks(runtime, number: str) -> list[str | None]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Message.status_callback)
                .where(Message.direction == "outbound", Message.peer == number)
                .order_by(Message.id)
            )
        )


def _post_hello(runtime) -> None:  # type: ignore[no-untyped-def]
    from webhooks import create_app

    client = create_app(runtime).test_client()
    form = Phone(client, runtime, CUSTOMER).form("hello")
    response = client.post("/webhooks/twilio/messages", data=form, base_url=REQUEST_HOST)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_a_reply_queued_by_a_worker_calls_back_on_the_request_host(
    make_runtime, shared_redis, worker_factory
) -> None:
    """Queued mode: the webhook only stores the message; a ``deskbot worker`` process, far
    from any HTTP request, handles it and queues the reply."""
    runtime = make_runtime(redis_url=shared_redis, inbound_mode="queued")
    assert runtime.queued_inbound and runtime.settings.public_url is None
    _post_hello(runtime)
    assert _reply_callbacks(runtime, CUSTOMER) == []  # nothing handled in the request
    worker = worker_factory(runtime)
    deadline = time.monotonic() + 30
    while not _reply_callbacks(runtime, CUSTOMER):
        assert time.monotonic() < deadline, worker.output()
        time.sleep(0.05)
    assert _reply_callbacks(runtime, CUSTOMER) == [f"{REQUEST_HOST}/webhooks/twilio/status"]


def test_a_reply_queued_with_the_in_process_queue_calls_back_on_the_request_host(
    runtime,
) -> None:  # type: ignore[no-untyped-def]
    assert runtime.settings.public_url is None and not runtime.queued_inbound
    _post_hello(runtime)
    settle(runtime)
    assert _reply_callbacks(runtime, CUSTOMER) == [f"{REQUEST_HOST}/webhooks/twilio/status"]
