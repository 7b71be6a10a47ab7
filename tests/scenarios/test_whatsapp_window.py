"""WhatsApp's 24-hour window for pushes: template when configured, else SMS; Twilio's
63016 (REST error or status callback) queues exactly one SMS copy."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.config import WhatsApp
from bot.messaging import fallback
from bot.messaging.whatsapp_window import template_text, within_window
from bot.runtime import use
from bot.tickets import targets as sla
from storage.db import utcnow
from storage.models import Message
from tests.conftest import PUBLIC_URL, SMS_FROM, Phone, settle, twilio_overrides
from tests.fakes.twilio_api import sign
from tests.tickets_helpers import JANE, THABO, messages, open_ticket

TEMPLATE = "HX" + "0123456789abcdef" * 2
STALE = timedelta(hours=25)


@pytest.fixture(autouse=True)
def office_open(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sla, "is_open", lambda rt, at: True)


def _world(make_runtime, fake_twilio, config, template: str | None = None):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    cfg = config
    if template:
        whatsapp = WhatsApp.model_validate({"template_sid": template, "template_variable": "1"})
        cfg = config.model_copy(update={"whatsapp": whatsapp})
    rt = make_runtime(config_override=cfg, **twilio_overrides(fake_twilio))
    return rt, create_app(rt).test_client()


def _to_jane(fake_twilio) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in fake_twilio.messages if m["to"].endswith(JANE)]


def _ack_stale_ticket(rt, client, fake_twilio) -> str:  # type: ignore[no-untyped-def]
    ref = open_ticket(rt, JANE, last_inbound_at=utcnow() - STALE)
    Phone(client, rt, THABO, "sms").says(f"{ref} ack")
    settle(rt)
    return ref


def test_window_rules() -> None:
    now = utcnow()
    assert within_window(now - timedelta(hours=23, minutes=59), now)
    assert not within_window(now - timedelta(hours=24), now)
    assert not within_window(None, now)
    assert template_text("a\n\nb\tc     d") == "a · b c d"
    assert len(template_text("x" * 5000)) == 1024


def test_inside_the_window_pushes_are_free_form_whatsapp(make_runtime, fake_twilio, config) -> None:
    rt, client = _world(make_runtime, fake_twilio, config, TEMPLATE)
    ref = open_ticket(rt, JANE)
    Phone(client, rt, THABO, "sms").says(f"{ref} ack")
    fake_twilio.wait_for(lambda: len(_to_jane(fake_twilio)) >= 1)
    sent = _to_jane(fake_twilio)[-1]
    assert sent["to"] == f"whatsapp:{JANE}"
    assert "picked up" in sent["body"] and not sent.get("content_sid")


def test_outside_the_window_a_configured_template_carries_the_text(
    make_runtime, fake_twilio, config
) -> None:
    rt, client = _world(make_runtime, fake_twilio, config, TEMPLATE)
    _ack_stale_ticket(rt, client, fake_twilio)
    fake_twilio.wait_for(lambda: len(_to_jane(fake_twilio)) >= 1)
    request = next(r for r in fake_twilio.requests if r["form"].get("To") == f"whatsapp:{JANE}")
    assert request["form"]["ContentSid"] == TEMPLATE
    variables = json.loads(request["form"]["ContentVariables"])
    assert "picked up by Thabo Nkosi" in variables["1"]
    assert "Body" not in request["form"]
    log = [m for m in messages(client, JANE) if m["direction"] == "outbound"]
    assert log[-1]["content_sid"] == TEMPLATE and "picked up" in log[-1]["body"]


def test_outside_the_window_without_template_the_push_goes_by_sms(
    make_runtime, fake_twilio, config
) -> None:
    rt, client = _world(make_runtime, fake_twilio, config)
    _ack_stale_ticket(rt, client, fake_twilio)
    fake_twilio.wait_for(lambda: len(_to_jane(fake_twilio)) >= 1)
    sent = _to_jane(fake_twilio)
    assert [m["to"] for m in sent] == [JANE]
    assert sent[0]["from"] == SMS_FROM and "picked up" in sent[0]["body"]
    assert [m["channel"] for m in messages(client, JANE)] == ["sms"]


def test_63016_from_the_rest_api_queues_exactly_one_sms_copy(
    make_runtime, fake_twilio, config
) -> None:
    rt, client = _world(make_runtime, fake_twilio, config)
    fake_twilio.fail_for(f"whatsapp:{JANE}", status=400, code=63016)
    ref = open_ticket(rt, JANE)  # inside our window, but WhatsApp disagrees
    Phone(client, rt, THABO, "sms").says(f"{ref} reply On my way")
    fake_twilio.wait_for(lambda: len(_to_jane(fake_twilio)) >= 1)
    settle(rt)
    sent = _to_jane(fake_twilio)
    assert [(m["to"], m["body"]) for m in sent] == [
        (JANE, f"Thabo Nkosi about your ticket {ref}:\nOn my way")
    ]
    log = [m for m in messages(client, JANE) if m["direction"] == "outbound"]
    assert [(m["channel"], m["status"], m["error_code"]) for m in log] == [
        ("whatsapp", "failed", 63016),
        ("sms", "queued", None),
    ]
    with use(rt), rt.sessions.begin() as session:  # a second report changes nothing
        failed = session.scalars(
            select(Message).where(Message.channel == "whatsapp", Message.peer == JANE)
        ).one()
        fallback.after_failure(rt.outbox, session, failed)
    settle(rt)
    assert len(messages(client, JANE)) == 2


def test_the_failed_message_names_its_sms_copy(make_runtime, fake_twilio, config) -> None:
    """The idempotency mark says which message is the copy: "... as message 2", not "None"."""
    rt, client = _world(make_runtime, fake_twilio, config)
    fake_twilio.fail_for(f"whatsapp:{JANE}", status=400, code=63016)
    ref = open_ticket(rt, JANE)
    Phone(client, rt, THABO, "sms").says(f"{ref} reply On my way")
    fake_twilio.wait_for(lambda: len(_to_jane(fake_twilio)) >= 1)
    settle(rt)
    failed, copy = [m for m in messages(client, JANE) if m["direction"] == "outbound"]
    assert copy["channel"] == "sms" and isinstance(copy["id"], int)
    assert failed["error_message"].endswith(f"({fallback.SMS_COPY_MARK} {copy['id']})")


def _callback(client, sid: str, status: str, **extra: str):  # type: ignore[no-untyped-def]
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC1", **extra}
    signature = sign("test-auth-token", PUBLIC_URL + "/webhooks/twilio/status", form)
    return client.post(
        "/webhooks/twilio/status", data=form, headers={"X-Twilio-Signature": signature}
    )


def test_63016_from_a_status_callback_queues_exactly_one_sms_copy(
    make_runtime, fake_twilio, config
) -> None:
    rt, client = _world(make_runtime, fake_twilio, config)
    ref = open_ticket(rt, JANE)
    Phone(client, rt, THABO, "sms").says(f"{ref} reply Coming at 3pm")
    fake_twilio.wait_for(lambda: len(_to_jane(fake_twilio)) >= 1)
    settle(rt)
    sid = _to_jane(fake_twilio)[0]["sid"]
    for _ in range(2):  # Twilio may deliver a callback twice
        assert _callback(client, sid, "failed", ErrorCode="63016").status_code == 200
    assert _callback(client, sid, "undelivered", ErrorCode="63016").status_code == 200
    fake_twilio.wait_for(lambda: len(_to_jane(fake_twilio)) >= 2)
    settle(rt)
    sent = _to_jane(fake_twilio)
    assert [m["to"] for m in sent] == [f"whatsapp:{JANE}", JANE]
    assert sent[1]["body"].endswith("Coming at 3pm")
    log = [m for m in messages(client, JANE) if m["direction"] == "outbound"]
    assert [(m["channel"], m["status"]) for m in log] == [("whatsapp", "failed"), ("sms", "queued")]
    assert all(m["ticket"] == ref for m in log)


def test_other_failures_do_not_fall_back(make_runtime, fake_twilio, config) -> None:
    rt, client = _world(make_runtime, fake_twilio, config)
    fake_twilio.fail_for(f"whatsapp:{JANE}", status=400, code=21211)
    ref = open_ticket(rt, JANE)
    Phone(client, rt, THABO, "sms").says(f"{ref} reply hello")
    fake_twilio.wait_for_requests(3)
    settle(rt)
    log = [m for m in messages(client, JANE) if m["direction"] == "outbound"]
    assert [(m["channel"], m["status"]) for m in log] == [("whatsapp", "failed")]
