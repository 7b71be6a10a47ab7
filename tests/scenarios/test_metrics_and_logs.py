"""Operations signals: ``GET /metrics`` (counters, live levels, the token), the counters of
several gunicorn workers added up in multiprocess mode, JSON log lines, and customer
message bodies kept out of INFO logs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from bot.core.config import EXAMPLE_CONFIG
from bot.tickets import targets as sla
from tests.conftest import ROOT, Phone, settle
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.mail_server import MailServer
from tests.services import free_port
from tests.tickets_helpers import JANE, THABO, open_ticket
from webhooks import create_app

CUSTOMER = "+27825557777"


@pytest.fixture(autouse=True)
def office_open(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sla, "is_open", lambda rt, at: True)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_what_happens_and_read_levels(client, runtime, phone) -> None:  # type: ignore[no-untyped-def]
    before = client.get("/metrics").get_data(as_text=True)
    ref = open_ticket(runtime, JANE, priority="high")
    phone(THABO, "sms").says(f"{ref} ack")
    settle(runtime)
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    after = response.get_data(as_text=True)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("deskbot_inbound_messages_total", channel="sms", status="received") == 1
    assert grew("deskbot_outbound_messages_total", channel="sms", status="sent") >= 2
    assert grew("deskbot_tickets_created_total", priority="high", channel="whatsapp") == 1
    assert grew("deskbot_intake_outcomes_total", outcome="ticket") == 1
    assert grew("deskbot_ticket_events_total", type="acknowledged") == 1
    assert grew("deskbot_delivery_latency_seconds_count", kind="sms") >= 2
    assert value(after, "deskbot_tickets", priority="high", status="acknowledged") == 1
    assert value(after, "deskbot_tickets", priority="critical", status="open") == 0
    assert value(after, "deskbot_queue_depth", queue="outbox") == 0
    assert ("deskbot_outbox_oldest_pending_seconds", ()) in samples(after)


def test_a_cancelled_intake_is_counted(client, phone) -> None:  # type: ignore[no-untyped-def]
    def cancelled() -> float:
        page = client.get("/metrics").get_data(as_text=True)
        return value(page, "deskbot_intake_outcomes_total", outcome="cancelled")

    before = cancelled()
    customer = phone(CUSTOMER)
    customer.says("hi, the printer is broken")
    customer.says("cancel")
    assert cancelled() == before + 1


def test_metrics_token(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DESKBOT_METRICS_TOKEN", "scrape-me")
    assert client.get("/metrics").status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert ok.status_code == 200


def test_gunicorn_workers_add_up_in_multiprocess_mode(runtime, tmp_path: Path) -> None:
    port = free_port()
    metrics_dir = tmp_path / "prom"
    metrics_dir.mkdir()
    env = dict(
        os.environ,
        DATABASE_URL=runtime.settings.database_url,
        DESKBOT_TRANSPORT="console",
        DESKBOT_INBOUND="inline",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    for name in ("REDIS_URL", "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "DESKBOT_CONFIG"):
        env.pop(name, None)
    command = [
        sys.executable, "-m", "gunicorn", "-c", "python:webhooks.gunicorn_conf",
        "--workers", "3", "--bind", f"127.0.0.1:{port}", "webhooks:create_app()",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/healthz", timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        sent = 12
        with requests.Session() as http:
            for n in range(sent):
                form = {
                    "MessageSid": "SM" + uuid.uuid4().hex,
                    "From": f"+2782555{n:04d}",
                    "To": "+15005550006",
                    "Body": "hi",
                }
                http.headers["Connection"] = "close"  # spread the requests over the workers
                assert http.post(f"{base}/webhooks/twilio/messages", data=form).ok
        page = requests.get(f"{base}/metrics", timeout=5).text
        assert (
            value(page, "deskbot_inbound_messages_total", channel="sms", status="received") == sent
        )
        assert len(list(metrics_dir.iterdir())) >= 2  # more than one process wrote
    finally:
        server.terminate()
        server.wait(15)


def test_json_log_lines(clean_db: str, tmp_path: Path) -> None:
    with WebhookReceiver() as receiver:
        receiver.answer(500)
        config = tmp_path / "deskbot.toml"
        config.write_text(
            EXAMPLE_CONFIG.read_text() + f'\n[[webhooks]]\nname = "psa"\nurl = "{receiver.url}"\n'
            'secret = "0123456789abcdef0123"\nevents = ["*"]\n'
        )
        env = dict(
            os.environ,
            DATABASE_URL=clean_db,
            DESKBOT_CONFIG=str(config),
            DESKBOT_TRANSPORT="console",
            DESKBOT_LOG_FORMAT="json",
        )
        env.pop("REDIS_URL", None)
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "webhooks", "test", "psa"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    failure = next(line for line in lines if line["message"] == "webhook delivery failed for good")
    assert failure["level"] == "ERROR" and failure["logger"] == "bot.messaging.webhook_outbox"
    assert failure["webhook"] == "psa" and "HTTP 500" in failure["error"] and failure["time"]
    assert "0123456789abcdef0123" not in done.stderr  # the secret never reaches a log


def test_customer_words_only_at_debug(runtime, phone, caplog) -> None:  # type: ignore[no-untyped-def]
    words = "our server is down and nobody can work"
    caplog.set_level(logging.INFO)
    phone(CUSTOMER).says(f"hi its Sipho from Mokolodi, {words}")
    assert caplog.records and "Sipho" not in caplog.text and words not in caplog.text
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="bot.channels.transport")
    phone(CUSTOMER).says("yes")
    assert any(r.levelno == logging.DEBUG and "console" in r.getMessage() for r in caplog.records)


def test_e_mails_are_counted_as_an_outbound_channel(make_runtime) -> None:  # type: ignore[no-untyped-def]
    server = MailServer().start()
    try:
        runtime = make_runtime(smtp_url=server.url, mail_from="helpdesk@example-it.test")
        client = create_app(runtime).test_client()
        before = client.get("/metrics").get_data(as_text=True)
        Phone(client, runtime, JANE).says("the wireless keeps dropping in the boardroom")
        settle(runtime)
        deadline = time.monotonic() + 10
        while not server.received and time.monotonic() < deadline:
            time.sleep(0.05)
        settle(runtime)
        after = client.get("/metrics").get_data(as_text=True)
    finally:
        server.stop()

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("deskbot_outbound_messages_total", channel="email", status="pending") == 1
    assert grew("deskbot_outbound_messages_total", channel="email", status="sent") == 1
    assert grew("deskbot_delivery_latency_seconds_count", kind="email") == 1
    assert value(after, "deskbot_queue_depth", queue="mail") == 0
