"""Tests for the fake Twilio REST API, driven through the real twilio SDK."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from .twilio_api import FakeTwilio, sign

SID = "AC" + "0" * 32
TOKEN = "test-token"
REPO = Path(__file__).resolve().parents[2]
WA_TO, WA_FROM = "whatsapp:+27820000001", "whatsapp:+15550000000"


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(account_sid=SID, auth_token=TOKEN) as f:
        yield f


def make_client(url: str, token: str = TOKEN, timeout: float | None = None) -> Client:
    """A real SDK client pointed at the fake (the way deskbot does it)."""
    client = Client(SID, token, http_client=TwilioHttpClient(timeout=timeout))
    client.api.base_url = url
    return client


@pytest.fixture
def client(fake: FakeTwilio) -> Client:
    return make_client(fake.url)


class Receiver:
    """Tiny webhook receiver on 127.0.0.1 that checks X-Twilio-Signature."""

    def __init__(self) -> None:
        self.hits: list[dict[str, Any]] = []
        self.cond = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                params = dict(parse_qsl(raw.decode(), keep_blank_values=True))
                url = f"{outer.url}{self.path}"
                valid = RequestValidator(TOKEN).validate(
                    url, params, self.headers.get("X-Twilio-Signature", "")
                )
                with outer.cond:
                    outer.hits.append({"path": self.path, "params": params, "valid": valid})
                    outer.cond.notify_all()
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def wait(self, n: int, timeout: float = 3.0) -> list[dict[str, Any]]:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.hits) >= n, timeout), self.hits
            return list(self.hits)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


# -- happy path ---------------------------------------------------------------------------


def test_create_message_returns_sid_and_records_fields(fake: FakeTwilio, client: Client) -> None:
    msg = client.messages.create(
        to=WA_TO,
        from_=WA_FROM,
        body="hello",
        status_callback="http://127.0.0.1:9/cb",
        media_url=["https://x.test/a.png", "https://x.test/b.png"],
    )
    assert msg.sid.startswith("SM") and len(msg.sid) == 34
    assert msg.status == "queued" and msg.to == WA_TO and msg.from_ == WA_FROM
    assert msg.date_created is not None and msg.num_segments == "1"
    [rec] = fake.messages
    assert rec["sid"] == msg.sid and rec["body"] == "hello"
    assert rec["media_urls"] == ["https://x.test/a.png", "https://x.test/b.png"]
    assert rec["form"]["StatusCallback"] == "http://127.0.0.1:9/cb"
    assert client.messages(msg.sid).fetch().body == "hello"
    assert fake.requests[0]["outcome"] == "ok" and fake.requests[0]["status"] == 201


def test_content_template_without_body_and_messaging_service(
    fake: FakeTwilio, client: Client
) -> None:
    msg = client.messages.create(
        to=WA_TO,
        messaging_service_sid="MG" + "1" * 32,
        content_sid="HX" + "2" * 32,
        content_variables=json.dumps({"1": "Ann"}),
    )
    rec = fake.message(msg.sid)
    assert rec["content_sid"] == "HX" + "2" * 32 and json.loads(rec["content_variables"])
    assert msg.status == "accepted"


def test_create_call(fake: FakeTwilio, client: Client) -> None:
    call = client.calls.create(to="+27820000001", from_="+15550000000", twiml="<Response/>")
    assert call.sid.startswith("CA") and call.status == "queued"
    assert fake.calls[0]["twiml"] == "<Response/>"
    with pytest.raises(TwilioRestException) as exc:
        client.calls.create(to="+27820000001", from_="+15550000000")
    assert exc.value.code == 21205


def test_concurrent_requests_all_recorded(fake: FakeTwilio) -> None:
    sids: list[str] = []

    def worker() -> None:
        c = make_client(fake.url)
        for i in range(10):
            sids.append(c.messages.create(to="+27820000001", from_="+1555000", body=str(i)).sid)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(sids)) == 80
    assert {m["sid"] for m in fake.wait_for_messages(80, timeout=1)} == set(sids)


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "code"), [(500, 20500), (429, 20429), (400, 21211)])
def test_scripted_failures(fake: FakeTwilio, client: Client, status: int, code: int) -> None:
    fake.fail_next(1, status=status, code=code)
    with pytest.raises(TwilioRestException) as exc:
        client.messages.create(to="+27820000001", from_="+15550000000", body="x")
    assert (exc.value.status, exc.value.code) == (status, code)
    assert fake.messages == []
    client.messages.create(to="+27820000001", from_="+15550000000", body="x")  # next one ok
    assert len(fake.messages) == 1
    assert [r["status"] for r in fake.requests] == [status, 201]


def test_fail_next_counts(fake: FakeTwilio, client: Client) -> None:
    fake.fail_next(2, status=503)
    for _ in range(2):
        with pytest.raises(TwilioRestException):
            client.messages.create(to="+27820000001", from_="+15550000000", body="x")
    client.messages.create(to="+27820000001", from_="+15550000000", body="x")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"to": "+27820000001", "body": "x" * 1601}, 21617),
        ({"to": "", "body": "x"}, 21604),
        ({"to": "+27820000001"}, 21602),
        ({"to": "0820000001", "body": "x"}, 21211),
    ],
)
def test_validation(fake: FakeTwilio, client: Client, kwargs: dict, code: int) -> None:
    with pytest.raises(TwilioRestException) as exc:
        client.messages.create(from_="+15550000000", **kwargs)
    assert (exc.value.status, exc.value.code) == (400, code)
    assert fake.messages == []


def test_body_of_exactly_1600_is_accepted(client: Client) -> None:
    assert client.messages.create(to="+27820000001", from_="+15550000000", body="x" * 1600)


def test_bad_auth_is_401(fake: FakeTwilio) -> None:
    with pytest.raises(TwilioRestException) as exc:
        make_client(fake.url, token="wrong").messages.create(
            to="+27820000001", from_="+15550000000", body="x"
        )
    assert (exc.value.status, exc.value.code) == (401, 20003)
    assert fake.messages == [] and fake.requests[0]["outcome"] == "error"


def test_fail_for_recipient_prefix(fake: FakeTwilio, client: Client) -> None:
    fake.fail_for(to_prefix="whatsapp:", status=400, code=63016)
    with pytest.raises(TwilioRestException) as exc:
        client.messages.create(to=WA_TO, from_=WA_FROM, body="x")
    assert exc.value.code == 63016
    client.messages.create(to="+27820000001", from_="+15550000000", body="sms is fine")
    assert [m["to"] for m in fake.messages] == ["+27820000001"]


def test_drop_after_accept_records_but_client_errors(fake: FakeTwilio, client: Client) -> None:
    fake.drop_next(1, after_accept=True)
    with pytest.raises(requests.ConnectionError):
        client.messages.create(to="+27820000001", from_="+15550000000", body="x")
    assert len(fake.messages) == 1


# -- hold / delay / disconnect ------------------------------------------------------------


def test_held_request_is_sent_after_release(fake: FakeTwilio, client: Client) -> None:
    fake.hold()
    result: list[str] = []
    t = threading.Thread(
        target=lambda: result.append(
            client.messages.create(to="+27820000001", from_="+15550000000", body="x").sid
        )
    )
    t.start()
    fake.wait_for_held(1)
    assert fake.messages == [] and result == []
    fake.release()
    t.join(2)
    assert [m["sid"] for m in fake.messages] == result


def test_client_timeout_while_held_is_not_recorded(fake: FakeTwilio) -> None:
    fake.hold()
    impatient = make_client(fake.url, timeout=0.2)
    with pytest.raises(requests.exceptions.ReadTimeout):
        impatient.messages.create(to="+27820000001", from_="+15550000000", body="x")
    fake.release()
    reqs = fake.wait_for_requests(1)
    assert reqs[0]["outcome"] == "client_disconnected"
    assert fake.messages == []


def test_client_timeout_while_delayed_is_not_recorded(fake: FakeTwilio) -> None:
    fake.delay(1.0, count=1)
    with pytest.raises(requests.exceptions.ReadTimeout):
        make_client(fake.url, timeout=0.2).messages.create(
            to="+27820000001", from_="+15550000000", body="x"
        )
    assert fake.wait_for_requests(1)[0]["outcome"] == "client_disconnected"
    assert fake.messages == []
    make_client(fake.url).messages.create(to="+27820000001", from_="+15550000000", body="y")
    assert [m["body"] for m in fake.messages] == ["y"]


KILLED_WORKER = """
import sys
from twilio.rest import Client
c = Client(sys.argv[2], sys.argv[3]); c.api.base_url = sys.argv[1]
c.messages.create(to="+27820000001", from_="+15550000000", body="from doomed worker")
"""


def test_killed_worker_mid_request_is_not_recorded(fake: FakeTwilio) -> None:
    fake.hold()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WORKER, fake.url, SID, TOKEN])
    try:
        fake.wait_for_held(1, timeout=5)
        proc.kill()
        proc.wait(5)
    finally:
        proc.kill()
    fake.release()
    assert fake.wait_for_requests(1)[0]["outcome"] == "client_disconnected"
    assert fake.messages == []


# -- status callbacks ---------------------------------------------------------------------


def test_auto_callbacks_are_signed(fake: FakeTwilio, client: Client, receiver: Receiver) -> None:
    fake.auto_callbacks(statuses=["sent", "delivered"], delay=0.01)
    msg = client.messages.create(
        to=WA_TO, from_=WA_FROM, body="x", status_callback=f"{receiver.url}/status?t=1"
    )
    hits = receiver.wait(2)
    assert [h["params"]["MessageStatus"] for h in hits] == ["sent", "delivered"]
    assert all(h["valid"] for h in hits)
    p = hits[0]["params"]
    assert p["MessageSid"] == p["SmsSid"] == msg.sid and p["AccountSid"] == SID
    assert (p["To"], p["From"], p["ApiVersion"]) == (WA_TO, WA_FROM, "2010-04-01")
    assert "ErrorCode" not in p and hits[0]["path"] == "/status?t=1"
    fake.wait_for_callbacks(2)
    assert fake.message(msg.sid)["status"] == "delivered"


def test_send_status_on_demand(fake: FakeTwilio, client: Client, receiver: Receiver) -> None:
    msg = client.messages.create(
        to=WA_TO, from_=WA_FROM, body="x", status_callback=f"{receiver.url}/status"
    )
    assert fake.send_status(msg.sid, "undelivered", error_code=30003) == 204
    [hit] = receiver.wait(1)
    assert hit["valid"] and hit["params"]["ErrorCode"] == "30003"
    assert hit["params"]["MessageStatus"] == "undelivered"


def test_fail_for_via_callback(fake: FakeTwilio, client: Client, receiver: Receiver) -> None:
    fake.fail_for(to=WA_TO, code=63016, via_callback=True)
    client.messages.create(to=WA_TO, from_=WA_FROM, body="x", status_callback=f"{receiver.url}/s")
    [hit] = receiver.wait(1)
    assert hit["valid"]
    assert (hit["params"]["MessageStatus"], hit["params"]["ErrorCode"]) == ("failed", "63016")


def test_sign_helper_matches_validator() -> None:
    params = {"From": "whatsapp:+27820000001", "Body": "hi"}
    url = "https://deskbot.test/webhooks/twilio"
    assert RequestValidator(TOKEN).validate(url, params, sign(TOKEN, url, params))


# -- standalone process -------------------------------------------------------------------


def test_cli_process(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fakes.twilio_api",
            "--port",
            "0",
            "--account-sid",
            SID,
            "--auth-token",
            TOKEN,
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        requests.post(f"{url}/_fake/fail_next", json={"n": 1, "status": 500}, timeout=2)
        client = make_client(url)
        with pytest.raises(TwilioRestException):
            client.messages.create(to="+27820000001", from_="+15550000000", body="x")
        sid = client.messages.create(to="+27820000001", from_="+15550000000", body="x").sid
        dump = requests.get(f"{url}/_fake/messages", timeout=2).json()
        assert dump["count"] == 1 and dump["messages"][0]["sid"] == sid
        assert requests.get(f"{url}/_fake/stats", timeout=2).json()["requests"] == 2
    finally:
        proc.terminate()
        assert proc.wait(5) == 0


def test_stop_is_clean_with_idle_keepalive_connections() -> None:
    fake = FakeTwilio(SID, TOKEN).start()
    make_client(fake.url).messages.create(to="+27820000001", from_="+15550000000", body="x")
    started = time.monotonic()
    fake.stop()
    assert time.monotonic() - started < 1
    with pytest.raises(RuntimeError):
        _ = fake.url
