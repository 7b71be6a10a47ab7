"""Inbound webhook: signatures, idempotency, malformed input, concurrency."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select

from storage.models import Conversation, Message
from tests.conftest import PUBLIC_URL, Phone, settle
from tests.fakes.twilio_api import sign

FORM = "application/x-www-form-urlencoded"

CUSTOMER = "+27825550101"


@pytest.fixture
def signed_app(twilio_runtime):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    return create_app(twilio_runtime)


@pytest.fixture
def signed_client(signed_app):  # type: ignore[no-untyped-def]
    return signed_app.test_client()


def _counts(runtime) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        messages = session.scalar(select(func.count()).select_from(Message))
        conversations = session.scalar(select(func.count()).select_from(Conversation))
    return messages, conversations


def test_valid_signature_is_accepted_with_empty_twiml(signed_client, twilio_runtime) -> None:
    customer = Phone(signed_client, twilio_runtime, CUSTOMER)
    response = customer.says("hello")
    assert response.mimetype == "text/xml"
    assert response.get_data(as_text=True).endswith("<Response/>")
    assert customer.conversation()["awaiting"] == "description"


@pytest.mark.parametrize(
    "signature",
    [None, "wrong", "signed-for-another-url"],
)
def test_bad_signature_is_403_and_changes_nothing(signed_client, twilio_runtime, signature) -> None:
    customer = Phone(signed_client, twilio_runtime, CUSTOMER)
    form = customer.form("hello")
    headers = {}
    if signature == "wrong":
        headers["X-Twilio-Signature"] = "bm90IGEgc2lnbmF0dXJl"
    elif signature == "signed-for-another-url":
        headers["X-Twilio-Signature"] = sign(
            twilio_runtime.settings.twilio_auth_token, PUBLIC_URL + "/webhooks/twilio/status", form
        )
    response = signed_client.post("/webhooks/twilio/messages", data=form, headers=headers)
    assert response.status_code == 403
    assert _counts(twilio_runtime) == (0, 0)


def test_tampered_body_fails_signature(signed_client, twilio_runtime) -> None:
    customer = Phone(signed_client, twilio_runtime, CUSTOMER)
    form = customer.form("hello")
    signature = sign(
        twilio_runtime.settings.twilio_auth_token, PUBLIC_URL + "/webhooks/twilio/messages", form
    )
    form["Body"] = "hello, changed"
    response = signed_client.post(
        "/webhooks/twilio/messages", data=form, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 403
    assert _counts(twilio_runtime) == (0, 0)


def test_same_message_sid_twice_has_one_effect(client, runtime, phone) -> None:
    customer = phone(CUSTOMER)
    form = customer.form("hello", sid="SM" + "a" * 32)
    assert customer.post(form).status_code == 200
    assert customer.post(form).status_code == 200
    settle(runtime)
    with runtime.sessions() as session:
        inbound = session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "inbound")
        )
    assert inbound == 1
    assert len(customer.inbox()) == 1  # the greeting with the first question, once


def test_concurrent_duplicates_and_threads(make_runtime) -> None:
    """Four threads: the same MessageSid twice and two different messages at the same moment."""
    from webhooks import create_app

    runtime = make_runtime()
    app = create_app(runtime)
    customer = Phone(app.test_client(), runtime, CUSTOMER)
    duplicate = customer.form("hello", sid="SM" + "b" * 32)
    forms = [duplicate, dict(duplicate), customer.form("Acme Ltd"), customer.form("Jane")]
    barrier = threading.Barrier(len(forms))
    statuses: list[int] = []

    def send(form: dict[str, str]) -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post("/webhooks/twilio/messages", data=form).status_code)

    threads = [threading.Thread(target=send, args=(f,)) for f in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    settle(runtime)
    assert statuses == [200, 200, 200, 200]
    with runtime.sessions() as session:
        inbound = session.scalars(
            select(Message.twilio_sid).where(Message.direction == "inbound")
        ).all()
        conversations = session.scalar(select(func.count()).select_from(Conversation))
    assert len(inbound) == 3 and len(set(inbound)) == 3
    assert conversations == 1
    # three messages handled one after another, one reply each
    assert len(customer.inbox()) == 3


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"To=%2B1&Body=hi&MessageSid=SM1", "application/x-www-form-urlencoded", 400),  # no From
        (
            b"From=%2B27825550101&Body=hi&MessageSid=SM1&x=" + b"a" * (1024 * 1024),
            "application/x-www-form-urlencoded",
            413,
        ),
        (
            b"From=%2B27825550101&Body=%ff%fe&MessageSid=SM1",
            "application/x-www-form-urlencoded",
            400,
        ),
        (
            b"From=%2B27825550101&Body=a%00b&MessageSid=SM1",
            "application/x-www-form-urlencoded",
            400,
        ),
        (b'{"From": "+27825550101"}', "application/json", 415),
        (b"From=not-a-number&Body=hi&MessageSid=SM1", "application/x-www-form-urlencoded", 400),
        (b"From=%2B27825550101&Body=hi", "application/x-www-form-urlencoded", 400),  # no sid
        # A technician's number dressed up: with an extension, with a trunk 0, national.
        (b"From=%2B27821234567;ext=9&Body=list&MessageSid=SM1", FORM, 400),
        (b"From=%2B270821234567&Body=list&MessageSid=SM1", FORM, 400),
        (b"From=0821234567&Body=list&MessageSid=SM1", FORM, 400),
    ],
)
def test_malformed_forms_get_clear_4xx_and_no_effect(
    client, runtime, body, content_type, status
) -> None:
    response = client.post("/webhooks/twilio/messages", data=body, content_type=content_type)
    assert response.status_code == status
    assert response.get_json()["error"]
    assert _counts(runtime) == (0, 0)


def test_a_possible_but_unassigned_number_is_still_a_customer(client, runtime) -> None:
    """+44 7700 900xxx is a real format that is not assigned: its message is not lost."""
    body = b"From=%2B447700900871&Body=hello%2C+my+printer+is+broken&MessageSid=SM9"
    response = client.post("/webhooks/twilio/messages", data=body, content_type=FORM)
    assert response.status_code == 200
    assert _counts(runtime)[1] == 1  # a conversation: the intake started


def test_media_only_message_is_accepted(client, runtime, phone) -> None:
    customer = phone(CUSTOMER)
    response = customer.post(
        customer.form(
            "",
            NumMedia="1",
            MediaUrl0="http://127.0.0.1:9/ME1",  # unreachable: the file cannot be fetched
            MediaContentType0="image/jpeg",
        )
    )
    assert response.status_code == 200
    with runtime.sessions() as session:
        media = session.scalars(select(Message.media).where(Message.direction == "inbound")).one()
    # Stored and handled: the log says what became of the file, the customer is told.
    assert media == [
        {
            "url": "http://127.0.0.1:9/ME1",
            "content_type": "image/jpeg",
            "refused": "download failed: ConnectionError",
        }
    ]
    assert "could not accept 1 of your attachments" in customer.last()


def test_public_url_with_query_string_is_validated(signed_client, twilio_runtime) -> None:
    form = Phone(signed_client, twilio_runtime, CUSTOMER).form("hi")
    path = "/webhooks/twilio/messages?source=fallback"
    good = sign(twilio_runtime.settings.twilio_auth_token, PUBLIC_URL + path, form)
    assert (
        signed_client.post(path, data=form, headers={"X-Twilio-Signature": good}).status_code == 200
    )
    form2 = dict(form, MessageSid="SM" + uuid.uuid4().hex)
    unsigned_query = sign(
        twilio_runtime.settings.twilio_auth_token, PUBLIC_URL + "/webhooks/twilio/messages", form2
    )
    assert (
        signed_client.post(
            path, data=form2, headers={"X-Twilio-Signature": unsigned_query}
        ).status_code
        == 403
    )


def test_unencoded_plus_in_from_is_read_as_plus(client, runtime) -> None:
    """``curl -d From=+27…`` sends a literal "+", which form decoding turns into a space."""
    body = b"MessageSid=SM123&From=whatsapp:+27825550101&To=whatsapp:+14155238886&Body=hello"
    response = client.post(
        "/webhooks/twilio/messages", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    with runtime.sessions() as session:
        assert session.scalars(select(Message.from_number)).first() == "+27825550101"


def test_whatsapp_location_and_button_messages_are_kept(client, runtime, phone) -> None:
    customer = phone(CUSTOMER)
    assert (
        customer.post(
            customer.form("", Latitude="-26.2041", Longitude="28.0473", Address="Main Rd 1")
        ).status_code
        == 200
    )
    assert (
        customer.post(customer.form("", ButtonText="Yes", ButtonPayload="yes")).status_code == 200
    )
    assert customer.post(customer.form("")).status_code == 200  # an empty message is kept too
    with runtime.sessions() as session:
        bodies = session.scalars(
            select(Message.body).where(Message.direction == "inbound").order_by(Message.id)
        ).all()
    assert bodies == ["Location: -26.2041, 28.0473 (Main Rd 1)", "Yes", ""]


def test_a_huge_body_is_stored_whole_and_understood_in_its_first_1600_characters(
    client, runtime, phone
) -> None:
    body = "Our server is down and nobody can work. " + "x" * 60_000
    phone("+27825550111").says(body)
    with runtime.sessions() as session:
        stored = session.scalars(select(Message.body).where(Message.direction == "inbound")).one()
        description = session.scalars(select(Conversation.slots)).one().get("description", "")
    assert stored == body  # the message log keeps every character
    assert len(description) <= 1600  # what the intake took from it was capped
