"""Outbound webhooks against a real local HTTP endpoint (the PSA, the outside world):
signed bodies in the published shape, order per ticket, retries on 5xx and timeouts with
the same event, permanent failures passed over, the delivery log and the signed ping."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import main
from bot.core import webhook_signature
from bot.core.config import EXAMPLE_CONFIG, load_config
from bot.core.integrations import Webhook
from bot.jobs import tasks
from bot.messaging.webhook_outbox import post
from bot.runtime import Runtime, use
from bot.tickets import targets as sla
from bot.tickets.announcements import encode, event_body
from storage.db import utcnow
from storage.models import Ticket, WebhookDelivery
from tests.conftest import ROOT, Phone, settle
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.services import free_port
from tests.tickets_helpers import JANE, THABO, open_ticket, ticket

SECRET = "whsec_0123456789abcdef0123"


@pytest.fixture(autouse=True)
def office_open(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sla, "is_open", lambda rt, at: True)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as server:
        yield server


def hooked(make_runtime, config, url: str, events=("*",), timeout: float = 5.0) -> Runtime:  # type: ignore[no-untyped-def]
    hook = Webhook(name="psa", url=url, secret=SECRET, events=list(events), timeout=timeout)
    return make_runtime(config_override=config.model_copy(update={"webhooks": [hook]}))


def _client(rt: Runtime):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    return create_app(rt).test_client()


def _deliveries(rt: Runtime) -> list[WebhookDelivery]:
    with rt.sessions() as session:
        return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def _ticket_id(rt: Runtime, ref: str) -> int:
    with rt.sessions() as session:
        return session.scalars(select(Ticket.id).where(Ticket.ref == ref)).one()


def test_a_ticket_life_reaches_the_endpoint_signed_in_order(make_runtime, config, receiver) -> None:
    rt = hooked(make_runtime, config, receiver.url)
    client = _client(rt)
    ref = open_ticket(rt, JANE)
    thabo = Phone(client, rt, THABO, "sms")
    thabo.says(f"{ref} ack")
    thabo.says(f"{ref} note the switch in rack 2 is dead")
    thabo.says(f"{ref} resolve replaced the switch")
    settle(rt)

    about_ticket = [r.json() for r in receiver.requests if r.json()["data"]["ticket"]]
    kinds = [b["type"] for b in about_ticket if b["type"].startswith("ticket.")]
    assert kinds == ["ticket.created"] + ["ticket.updated"] * 3 + ["ticket.resolved"]
    assert {"message.received", "message.sent"} <= set(receiver.types())
    for request in receiver.requests:
        header = request.headers[webhook_signature.HEADER]
        webhook_signature.verify(SECRET, header, request.body)  # raises when wrong
        assert request.headers["X-Deskbot-Event"] == request.json()["type"]
        assert request.headers["Content-Type"] == "application/json"
        body = request.json()
        assert set(body) == {"id", "type", "created_at", "data"} and body["id"].startswith("evt_")
    with pytest.raises(webhook_signature.SignatureError):
        webhook_signature.verify("another-secret-entirely", header, request.body)
    with pytest.raises(webhook_signature.SignatureError):  # replayed an hour later
        t = int(header.split(",")[0][2:])
        webhook_signature.verify(SECRET, header, request.body, now=t + 3600)

    created, assigned, ack, note, resolved = [
        b for b in about_ticket if b["type"].startswith("ticket.")
    ]
    assert created["data"]["ticket"]["ref"] == ref and created["data"]["ticket"]["assignee"]
    assert [c["type"] for c in assigned["data"]["changes"]] == ["assigned"]
    assert [c["type"] for c in ack["data"]["changes"]] == ["acknowledged"]
    assert ack["data"]["ticket"]["status"] == "acknowledged"
    assert note["data"]["changes"][0]["text"] == "the switch in rack 2 is dead"
    # the ticket exactly as GET /api/tickets/<ref> shows it
    assert resolved["data"]["ticket"] == ticket(client, ref)
    assert resolved["data"]["changes"][0]["actor"] == "Thabo Nkosi"
    received = [b for b in about_ticket if b["type"] == "message.received"]
    assert [b["data"]["message"]["body"] for b in received][
        -1
    ] == f"{ref} resolve replaced the switch"
    sent = [b for b in about_ticket if b["type"] == "message.sent"]
    assert any(b["data"]["message"]["to"] == JANE for b in sent)
    assert all(d.status == "delivered" for d in _deliveries(rt))


def test_subscriptions_filter_and_failed_commands_announce_nothing(
    make_runtime, config, receiver
) -> None:
    rt = hooked(make_runtime, config, receiver.url, events=["ticket.resolved", "ticket.updated"])
    client = _client(rt)
    ref = open_ticket(rt, JANE)
    thabo = Phone(client, rt, THABO, "sms")
    thabo.says(f"{ref} priority nonsense")  # refused: nothing changes
    thabo.says(f"{ref} resolve done")
    settle(rt)
    assert receiver.types() == ["ticket.updated", "ticket.resolved"]  # the assignment, then


def test_retries_5xx_and_timeouts_with_the_same_event_in_order(
    make_runtime, config, receiver
) -> None:
    events = ["ticket.created", "ticket.resolved"]
    rt = hooked(make_runtime, config, receiver.url, events=events, timeout=0.5)
    client = _client(rt)
    receiver.answer(503)
    ref = open_ticket(rt, JANE)
    Phone(client, rt, THABO, "sms").says(f"{ref} resolve done")
    settle(rt)
    # the created event failed; the resolved one waits behind it
    assert [r.answered for r in receiver.requests] == [503]
    head, behind = _deliveries(rt)
    assert (head.status, head.attempts, head.response_code) == ("pending", 1, 503)
    assert head.next_attempt_at is not None and behind.attempts == 0

    receiver.hang(1, 1.5)  # the second attempt times out
    key = f"ticket:{_ticket_id(rt, ref)}"
    with time_machine.travel(utcnow() + timedelta(minutes=5)), use(rt):
        tasks.deliver_webhooks("psa", key)
    head = _deliveries(rt)[0]
    assert (head.status, head.attempts, head.error) == ("pending", 2, "timed out")

    with time_machine.travel(utcnow() + timedelta(hours=2)), use(rt):
        tasks.deliver_webhooks("psa", key)
    assert receiver.types() == ["ticket.created", "ticket.resolved"]
    ids = [r.json()["id"] for r in receiver.requests]
    assert ids[0] == ids[1] == ids[2] != ids[3]  # the same event each attempt
    assert [d.status for d in _deliveries(rt)] == ["delivered", "delivered"]


def test_a_4xx_is_a_permanent_failure_and_the_stream_goes_on(
    make_runtime, config, receiver
) -> None:
    rt = hooked(make_runtime, config, receiver.url, events=["ticket.created", "ticket.resolved"])
    client = _client(rt)
    receiver.answer(410)
    ref = open_ticket(rt, JANE)
    Phone(client, rt, THABO, "sms").says(f"{ref} resolve done")
    settle(rt)
    first, second = _deliveries(rt)
    assert (first.status, first.response_code, first.attempts) == ("failed", 410, 1)
    assert second.status == "delivered" and receiver.types() == ["ticket.resolved"]


def test_an_overdue_retry_is_redriven_by_the_sweeper(make_runtime, config, receiver) -> None:
    from bot.jobs.sweeper import sweep_webhooks

    rt = hooked(make_runtime, config, receiver.url, events=["ticket.created"])
    receiver.answer(502)
    open_ticket(rt, JANE)
    assert _deliveries(rt)[0].status == "pending"
    with time_machine.travel(utcnow() + timedelta(minutes=10)), use(rt):
        assert sweep_webhooks(rt, utcnow()) == 1
        settle(rt)
        assert sweep_webhooks(rt, utcnow()) == 0
    assert receiver.types() == ["ticket.created"]


@pytest.fixture
def cli(clean_db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, receiver):  # type: ignore[no-untyped-def]
    for name in ("REDIS_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "deskbot.toml"
    config.write_text(
        EXAMPLE_CONFIG.read_text()
        + f'\n[[webhooks]]\nname = "psa"\nurl = "{receiver.url}"\nsecret = "{SECRET}"\n'
        'events = ["*"]\n'
    )
    monkeypatch.setenv("DATABASE_URL", clean_db)
    monkeypatch.setenv("DESKBOT_CONFIG", str(config))
    monkeypatch.setenv("DESKBOT_TRANSPORT", "console")
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["webhooks", *args], catch_exceptions=False)


def test_cli_ping_and_delivery_log(cli, receiver) -> None:  # type: ignore[no-untyped-def]
    result = cli("test", "psa")
    assert result.exit_code == 0, result.output
    (ping,) = receiver.requests
    webhook_signature.verify(SECRET, ping.headers[webhook_signature.HEADER], ping.body)
    assert ping.json()["type"] == "ping" and ping.json()["id"] in result.output
    receiver.answer(500)
    failed = cli("test", "psa")
    assert failed.exit_code == 1 and "500" in failed.output
    log = cli("log").output.splitlines()
    assert len(log) == 2 and "failed" in log[0] and "delivered" in log[1]
    assert "attempts=1 last=500" in log[0]
    assert cli("test", "nope").exit_code == 1
    resent = cli("resend", "--failed")
    assert resent.exit_code == 0 and "1 deliveries queued again" in resent.output
    assert [r.answered for r in receiver.requests] == [200, 500, 200]
    assert receiver.requests[1].json()["id"] == receiver.requests[2].json()["id"]
    assert "failed" not in cli("log").output
    assert cli("resend").exit_code == 2


def test_the_message_that_files_a_ticket_belongs_to_it(make_runtime, config, receiver) -> None:
    rt = hooked(make_runtime, config, receiver.url, events=["ticket.created", "message.received"])
    customer = Phone(_client(rt), rt, JANE, "whatsapp")
    customer.says("Hi, the file server is down and nobody at Acme can open their documents")
    settle(rt)
    created, received = (r.json() for r in receiver.requests)
    assert (created["type"], received["type"]) == ("ticket.created", "message.received")
    assert received["data"]["ticket"]["ref"] == created["data"]["ticket"]["ref"]
    assert received["data"]["message"]["from"] == JANE


def test_paging_sla_and_the_customers_answers_are_announced(make_runtime, config, receiver) -> None:
    from bot.timers import paging
    from bot.timers.sla import sweep_sla

    rt = hooked(make_runtime, config, receiver.url)
    client = _client(rt)
    paged, late = open_ticket(rt, JANE, priority="critical"), open_ticket(rt, JANE)
    with use(rt), rt.sessions.begin() as session:
        ticket_row = session.scalars(select(Ticket).where(Ticket.ref == paged)).one()
        assert paging.start(rt, session, ticket_row, reason="after hours")
    settle(rt)
    Phone(client, rt, THABO, "sms").says(f"{paged} ack")
    with time_machine.travel(utcnow() + timedelta(days=3)), use(rt):
        assert sweep_sla(rt, utcnow()) == 1  # the unanswered ticket breaches
    settle(rt)
    by_ticket = {}
    for request in receiver.requests:
        body = request.json()
        if body["data"]["ticket"]:
            by_ticket.setdefault(body["data"]["ticket"]["ref"], []).append(body["type"])
    assert {"page.sent", "page.acknowledged"} <= set(by_ticket[paged])
    assert by_ticket[paged].index("page.sent") < by_ticket[paged].index("page.acknowledged")
    assert "sla.breached" in by_ticket[late] and "page.acknowledged" not in by_ticket[late]

    thabo, jane = Phone(client, rt, THABO, "sms"), Phone(client, rt, JANE, "whatsapp")
    thabo.says(f"{paged} resolve rebooted the router")
    jane.says("no")  # not fixed: reopened
    thabo.says(f"{paged} resolve replaced the router")
    jane.says("yes")
    settle(rt)
    tail = [
        r.json()["type"]
        for r in receiver.requests
        if r.json()["type"].startswith("ticket.") and r.json()["data"]["ticket"]["ref"] == paged
    ][-4:]
    assert tail == ["ticket.resolved", "ticket.reopened", "ticket.resolved", "ticket.closed"]


def test_a_real_worker_delivers_over_redis(
    make_runtime, shared_redis, worker_factory, receiver, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "deskbot.toml"
    path.write_text(
        EXAMPLE_CONFIG.read_text()
        + f'\n[[webhooks]]\nname = "psa"\nurl = "{receiver.url}"\nsecret = "{SECRET}"\n'
        'events = ["ticket.created", "ticket.updated"]\n'
    )
    monkeypatch.setenv("DESKBOT_CONFIG", str(path))
    rt = make_runtime(config_override=load_config(path), redis_url=shared_redis)
    worker = worker_factory(rt)
    open_ticket(rt, JANE)  # rings the RQ queue; the worker process posts
    deadline = time.monotonic() + 30
    while len(receiver.types()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert receiver.types() == ["ticket.created", "ticket.updated"], worker.output()
    for request in receiver.requests:
        webhook_signature.verify(SECRET, request.headers[webhook_signature.HEADER], request.body)


def test_the_documented_receiver_accepts_ours_and_refuses_forgeries(tmp_path: Path) -> None:
    """docs/examples/psa_receiver.py, run as the docs say, against real deliveries."""
    port = free_port()
    receiver = subprocess.Popen(
        [sys.executable, str(ROOT / "docs" / "examples" / "psa_receiver.py"), str(port)],
        env={**os.environ, "DESKBOT_WEBHOOK_SECRET": SECRET},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/hooks/deskbot"
        body = event_body("ping", utcnow(), {"ticket": None})
        delivery = WebhookDelivery(
            id=1, event_id=body["id"], event_type="ping", body=encode(body), attempts=0
        )
        genuine = Webhook(name="psa", url=url, secret=SECRET, events=["*"])
        forged = Webhook(name="psa", url=url, secret="not-the-secret-at-all", events=["*"])
        deadline = time.monotonic() + 20
        while (attempt := post(genuine, delivery)).code is None and time.monotonic() < deadline:
            time.sleep(0.1)  # the receiver is starting
        assert attempt.code == 204
        assert post(genuine, delivery).code == 204  # a retry: answered, not printed again
        assert post(forged, delivery).code == 400
    finally:
        receiver.terminate()
        printed, _ = receiver.communicate(timeout=10)
    assert [json.loads(line)["id"] for line in printed.splitlines()] == [body["id"]]


def test_old_deliveries_and_idempotency_keys_are_forgotten(make_runtime, config, receiver) -> None:
    from bot.jobs.sweeper import sweep_integration_records
    from storage.models import ApiIdempotency

    rt = hooked(make_runtime, config, receiver.url, events=["ticket.created"])
    receiver.answer(502)
    open_ticket(rt, JANE)  # pending: kept whatever its age
    with rt.sessions.begin() as session:
        session.add(
            ApiIdempotency(token="psa", key="k", request="x", status_code=200, response="{}")
        )
    assert sweep_integration_records(rt, utcnow()) == 0
    later = utcnow() + config.privacy.keep_messages + timedelta(days=1)
    assert sweep_integration_records(rt, later) == 1  # the idempotency key only
    with time_machine.travel(utcnow() + timedelta(minutes=5)), use(rt):
        tasks.deliver_webhooks("psa", _deliveries(rt)[0].ordering_key)
    assert _deliveries(rt)[0].status == "delivered"
    assert sweep_integration_records(rt, later) == 1 and _deliveries(rt) == []
