"""A local fake of Twilio's REST API (Messages, Calls, status callbacks).

Real HTTP on 127.0.0.1, so the real ``twilio`` SDK can talk to it::

    with FakeTwilio(account_sid="AC" + "0" * 32, auth_token="test-token") as fake:
        client = Client(fake.account_sid, fake.auth_token)
        client.api.base_url = fake.url          # e.g. "http://127.0.0.1:54321"
        msg = client.messages.create(to="+27820000001", from_="+15550000000", body="hi")
        assert fake.messages[0]["sid"] == msg.sid

Standalone (for benchmarks, the worker under test running in another process)::

    python -m tests.fakes.twilio_api --port 0 --account-sid AC... --auth-token test-token

prints ``http://127.0.0.1:PORT`` as the first stdout line and serves until SIGTERM/SIGINT.
Inspect/control it over HTTP (no auth; JSON):

    GET  /_fake/stats            {"messages": n, "calls": n, "requests": n, "callbacks": n}
    GET  /_fake/messages         {"count": n, "messages": [...]}   (also /calls, /requests,
                                                                    /callbacks)
    POST /_fake/reset | /_fake/hold | /_fake/release
    POST /_fake/fail_next        {"n": 1, "status": 500, "code": 20500}
    POST /_fake/fail_for         {"to": "+27...", "status": 400, "code": 63016}
    POST /_fake/drop_next        {"n": 1, "after_accept": false}
    POST /_fake/delay            {"seconds": 0.2}
    POST /_fake/auto_callbacks   {"statuses": ["sent", "delivered"], "delay": 0.05}
    POST /_fake/send_status      {"sid": "SM...", "status": "delivered"}

Inbound media, as Twilio serves it (``fake.add_media(data, "image/jpeg")`` returns the
``MediaUrl0`` to put in a webhook): ``GET /2010-04-01/Accounts/AC…/Messages/MM…/Media/ME…``
needs the account's Basic auth and answers 307 to a short-lived content URL
(``/_fake/media-content/ME…``, no auth), like Twilio's redirect to its CDN.

A message is recorded in ``fake.messages`` only if its 201 response was written to a client
that was still connected: a client that disconnects while its request is held/delayed (e.g. a
worker killed mid-job) leaves no message behind.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import copy
import heapq
import itertools
import json
import re
import select
import signal
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from twilio.request_validator import RequestValidator

__all__ = ["FakeTwilio", "sign", "DEFAULT_ACCOUNT_SID", "DEFAULT_AUTH_TOKEN"]

DEFAULT_ACCOUNT_SID = "AC" + "0" * 32
DEFAULT_AUTH_TOKEN = "test-token"
API_VERSION = "2010-04-01"
MAX_BODY_CHARS = 1600

ERROR_MESSAGES: dict[int, str] = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    20503: "Service Unavailable",
    21201: "No 'To' number is specified",
    21205: "Url parameter is required.",
    21211: "The 'To' number is not a valid phone number.",
    21213: "No 'From' number is specified",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21617: "The concatenated message body exceeds the 1600 character limit.",
    30003: "Unreachable destination handset",
    30008: "Unknown error",
    63016: "Failed to send freeform message because you are outside the allowed window. "
    "If you are using WhatsApp, please use a Message Template.",
}

_MESSAGES_RE = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Messages\.json$")
_MESSAGE_RE = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\.json$")
_CALLS_RE = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Calls\.json$")
_MEDIA_RE = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)/Media/([^/.]+)$")
_MEDIA_CONTENT = "/_fake/media-content/"
_ADDRESS_RE = re.compile(r"^(?:whatsapp:|messenger:)?\+[1-9]\d{6,14}$")
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f"
)
_POLL = 0.01  # seconds between disconnect checks while a request is held/delayed


def sign(auth_token: str, url: str, params: dict[str, Any] | None = None) -> str:
    """Return the ``X-Twilio-Signature`` Twilio would send for a POST of ``params`` to ``url``."""
    return RequestValidator(auth_token).compute_signature(url, params or {})


def twilio_error(status: int, code: int | None = None, message: str | None = None) -> dict:
    """Build Twilio's legacy error JSON (what the SDK turns into ``TwilioRestException``)."""
    code = code if code is not None else 20000 + status
    return {
        "code": code,
        "message": message or ERROR_MESSAGES.get(code, f"Error {code}"),
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def num_segments(body: str) -> int:
    """Approximate SMS segment count (GSM-7: 160/153 chars, otherwise UCS-2: 70/67)."""
    if not body:
        return 1
    single, multi = (160, 153) if set(body) <= _GSM7 else (70, 67)
    return 1 if len(body) <= single else -(-len(body) // multi)


def _now_rfc2822() -> str:
    return format_datetime(datetime.now(UTC).replace(microsecond=0))


def _sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


@dataclass
class _Failure:
    """A scripted error response."""

    status: int
    code: int | None = None
    message: str | None = None
    endpoint: str | None = None  # "messages" | "calls" | None (any)
    via_callback: bool = False  # accept (201), then report failure via status callback

    def applies(self, endpoint: str) -> bool:
        return self.endpoint in (None, endpoint)


@dataclass
class _RecipientRule:
    """A persistent per-recipient failure rule (see ``FakeTwilio.fail_for``)."""

    failure: _Failure
    to: str | None = None
    to_prefix: str | None = None

    def matches(self, to: str) -> bool:
        if self.to is not None and to != self.to:
            return False
        return self.to_prefix is None or to.startswith(self.to_prefix)


class _Disconnected(Exception):
    """The client went away before we answered."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, addr: tuple[str, int], fake: FakeTwilio) -> None:
        self.fake = fake
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(addr, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeTwilio/1.0"
    disable_nagle_algorithm = True
    timeout = 60  # idle keep-alive connections are dropped after this
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.sockets_lock:
            self.server.open_sockets.add(self.connection)

    def finish(self) -> None:
        with self.server.sockets_lock:
            self.server.open_sockets.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence per-request logging."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("POST")

    def do_DELETE(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("DELETE")

    # -- plumbing ---------------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        fake = self.server.fake
        if path.startswith(_MEDIA_CONTENT) and method == "GET":
            found = fake._media.get(path[len(_MEDIA_CONTENT) :])
            if found is None:
                self._write_json(404, twilio_error(404, 20404))
                return
            self._write_bytes(200, *found)
            return
        if path.startswith("/_fake/"):
            status, payload = fake._control(method, path, raw)
            self._write_json(status, payload)
            return
        fake._handle_api(self, method, path, raw)

    def peer_closed(self) -> bool:
        """True if the client has closed (or reset) its end of the connection."""
        sock = self.connection
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable:
                return False
            return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True

    def basic_auth(self) -> tuple[str, str] | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return None
        return user, password

    def _write_bytes(self, status: int, body: bytes, content_type: str) -> None:
        head = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}"]
        head += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        self.wfile.flush()

    def _write_json(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        head = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}"]
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        head += [f"Twilio-Request-Id: RQ{uuid.uuid4().hex}"]
        head += [f"{k}: {v}" for k, v in (extra or {}).items()]
        # One sendall for head+body: fast, and a failure means "not delivered".
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        self.wfile.flush()


class FakeTwilio:
    """In-process fake Twilio REST API server. Use as a context manager or call start()/stop()."""

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
        strict_numbers: bool = True,
    ) -> None:
        """``strict_numbers``: reject To values that aren't E.164 (optionally ``whatsapp:``)."""
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.strict_numbers = strict_numbers
        self._host, self._port = host, port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._hold_open = threading.Event()
        self._hold_open.set()
        self._held = 0
        self._callback_heap: list[tuple[float, int, Callable[[], None]]] = []
        self._callback_seq = itertools.count()
        self._callback_pool: ThreadPoolExecutor | None = None
        self._callback_thread: threading.Thread | None = None
        self._local = threading.local()
        self._init_state()

    def _init_state(self) -> None:
        self._messages: list[dict[str, Any]] = []
        self._calls: list[dict[str, Any]] = []
        self._requests: list[dict[str, Any]] = []
        self._callbacks: list[dict[str, Any]] = []
        self._queued: list[_Failure | str] = []  # _Failure, "drop" or "drop_after_accept"
        self._rules: list[_RecipientRule] = []
        self._delay = 0.0
        self._delay_count: int | None = None
        self._auto_statuses: list[str] | None = None
        self._auto_delay = 0.05
        self._auto_error_code: int | None = None
        self._media: dict[str, tuple[bytes, str]] = {}
        self._outage: tuple[float, _Failure] | None = None  # (until, monotonic clock)

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> FakeTwilio:
        """Bind the port and start serving in a background thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server((self._host, self._port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-twilio",
            daemon=True,
        )
        self._thread.start()
        self._callback_pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="fake-cb")
        self._callback_thread = threading.Thread(
            target=self._callback_loop, name="fake-twilio-cb", daemon=True
        )
        self._callback_thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down, release held requests and close open connections."""
        if self._server is None:
            return
        self._stopping.set()
        self._hold_open.set()
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        with self._server.sockets_lock:
            for sock in list(self._server.open_sockets):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        if self._callback_thread:
            self._callback_thread.join(timeout=5)
        if self._callback_pool:
            self._callback_pool.shutdown(wait=False, cancel_futures=True)
        self._server = self._thread = self._callback_thread = self._callback_pool = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321`` — assign to ``client.api.base_url``."""
        if self._server is None:
            raise RuntimeError("FakeTwilio is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        """The bound TCP port."""
        return int(self.url.rsplit(":", 1)[1])

    def client(self, **http_kwargs: Any) -> Any:
        """A real ``twilio.rest.Client`` pointed at this fake (kwargs go to TwilioHttpClient)."""
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        client = Client(
            self.account_sid, self.auth_token, http_client=TwilioHttpClient(**http_kwargs)
        )
        client.api.base_url = self.url
        return client

    # -- inspection -------------------------------------------------------------------------

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Accepted messages (snapshot copies), oldest first."""
        with self._cond:
            return copy.deepcopy(self._messages)

    @property
    def calls(self) -> list[dict[str, Any]]:
        """Accepted calls (snapshot copies), oldest first."""
        with self._cond:
            return copy.deepcopy(self._calls)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every API request incl. failed/disconnected ones (``outcome``, ``status`` set)."""
        with self._cond:
            return copy.deepcopy(self._requests)

    @property
    def callbacks(self) -> list[dict[str, Any]]:
        """Status callbacks sent: url, params, signature, response_status / error."""
        with self._cond:
            return copy.deepcopy(self._callbacks)

    @property
    def held(self) -> int:
        """Number of requests currently blocked by ``hold()``."""
        with self._cond:
            return self._held

    def message(self, sid: str) -> dict[str, Any]:
        """One accepted message by sid (KeyError if unknown)."""
        with self._cond:
            for msg in self._messages:
                if msg["sid"] == sid:
                    return copy.deepcopy(msg)
        raise KeyError(sid)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Block until ``predicate()`` is true (re-checked on every state change)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("FakeTwilio.wait_for: condition not met in time")
                self._cond.wait(min(remaining, 0.05))

    def wait_for_messages(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until at least ``n`` messages were accepted; return them (TimeoutError if not)."""
        try:
            self.wait_for(lambda: len(self._messages) >= n, timeout)
        except TimeoutError:
            raise TimeoutError(f"expected {n} messages, got {len(self._messages)}") from None
        return self.messages

    def wait_for_calls(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until at least ``n`` calls were accepted; return them."""
        self.wait_for(lambda: len(self._calls) >= n, timeout)
        return self.calls

    def wait_for_requests(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until at least ``n`` API requests have *finished* (have an outcome)."""
        self.wait_for(lambda: sum(r["outcome"] is not None for r in self._requests) >= n, timeout)
        return self.requests

    def wait_for_callbacks(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until at least ``n`` status callbacks were attempted; return them."""
        self.wait_for(lambda: len(self._callbacks) >= n, timeout)
        return self.callbacks

    def wait_for_held(self, n: int = 1, timeout: float = 5.0) -> None:
        """Wait until at least ``n`` requests are blocked by ``hold()``."""
        self.wait_for(lambda: self._held >= n, timeout)

    # -- scripting --------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget everything and clear all scripted behaviour (also releases a hold)."""
        with self._cond:
            self._init_state()
            self._callback_heap.clear()
            self._cond.notify_all()
        self._hold_open.set()

    def fail_next(
        self,
        n: int = 1,
        status: int = 500,
        code: int | None = None,
        message: str | None = None,
        endpoint: str | None = None,
    ) -> None:
        """Answer the next ``n`` API requests with a Twilio error (code defaults to 20000+status).

        ``endpoint``: restrict to "messages" or "calls" (default: any create request).
        """
        with self._cond:
            self._queued.extend(_Failure(status, code, message, endpoint) for _ in range(n))

    def drop_next(self, n: int = 1, after_accept: bool = False) -> None:
        """Close the connection without answering the next ``n`` create requests.

        With ``after_accept=True`` the message/call IS recorded first (the "Twilio accepted
        it but the response got lost" case), otherwise it is not.
        """
        with self._cond:
            self._queued.extend(["drop_after_accept" if after_accept else "drop"] * n)

    def fail_for(
        self,
        to: str | None = None,
        *,
        to_prefix: str | None = None,
        status: int = 400,
        code: int = 63016,
        message: str | None = None,
        via_callback: bool = False,
    ) -> None:
        """Persistently fail messages to recipient ``to`` (or any To starting with ``to_prefix``).

        By default the create request itself gets the error. With ``via_callback=True`` the
        message is accepted (201) and then reported ``failed`` with ``ErrorCode=code`` through
        its StatusCallback — which is how Twilio actually reports e.g. WhatsApp 63016.
        """
        if to is None and to_prefix is None:
            raise ValueError("fail_for needs to= or to_prefix=")
        rule = _RecipientRule(
            _Failure(status, code, message, "messages", via_callback), to, to_prefix
        )
        with self._cond:
            self._rules.append(rule)

    def fail_during(
        self, seconds: float, status: int = 503, code: int | None = None, message: str | None = None
    ) -> None:
        """An outage: every create request gets this error for the next ``seconds`` (wall
        time, however many requests arrive), then Twilio is back."""
        with self._cond:
            self._outage = (time.monotonic() + seconds, _Failure(status, code, message))

    @property
    def outage_over(self) -> bool:
        with self._cond:
            return self._outage is None or time.monotonic() >= self._outage[0]

    def clear_failures(self) -> None:
        """Drop queued failures, per-recipient rules and any outage."""
        with self._cond:
            self._queued.clear()
            self._rules.clear()
            self._outage = None

    def delay(self, seconds: float, count: int | None = None) -> None:
        """Respond ``seconds`` late to API requests (all of them, or only the next ``count``)."""
        with self._cond:
            self._delay, self._delay_count = float(seconds), count

    def hold(self) -> None:
        """Block all API responses until ``release()``."""
        self._hold_open.clear()

    def release(self) -> None:
        """Let held responses go out."""
        self._hold_open.set()
        with self._cond:
            self._cond.notify_all()

    def auto_callbacks(
        self,
        statuses: Sequence[str] | None = ("sent", "delivered"),
        delay: float = 0.05,
        error_code: int | None = None,
    ) -> None:
        """After accepting a message with a StatusCallback, POST these statuses to it in order,
        ``delay`` seconds apart. ``statuses=None`` turns it off. ``error_code`` is sent with
        ``failed``/``undelivered`` (default 30008)."""
        with self._cond:
            self._auto_statuses = list(statuses) if statuses else None
            self._auto_delay = delay
            self._auto_error_code = error_code

    def send_status(
        self,
        sid: str,
        status: str,
        error_code: int | None = None,
        url: str | None = None,
    ) -> int:
        """Synchronously POST one signed status callback for message ``sid``; return HTTP status.

        ``url`` defaults to the message's StatusCallback.
        """
        with self._cond:
            msg = next((m for m in self._messages if m["sid"] == sid), None)
        if msg is None and url is None:
            raise KeyError(f"unknown message sid {sid} (pass url=)")
        target = url or (msg or {}).get("status_callback")
        if not target:
            raise ValueError(f"message {sid} has no StatusCallback (pass url=)")
        return self._post_callback(target, sid, status, error_code, msg)

    # -- request handling -------------------------------------------------------------------

    def _handle_api(self, h: _Handler, method: str, path: str, raw: bytes) -> None:
        pairs = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
        form: dict[str, Any] = {}
        for key, value in pairs:
            if key == "MediaUrl":
                form.setdefault(key, []).append(value)
            elif key in form:
                prev = form[key]
                form[key] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                form[key] = value
        record: dict[str, Any] = {
            "method": method,
            "path": path,
            "form": form,
            "headers": dict(h.headers),
            "time": time.time(),
            "status": None,
            "outcome": None,
            "error_code": None,
            "sid": None,
        }
        with self._cond:
            self._requests.append(record)
            self._cond.notify_all()
        try:
            self._wait_before_response(h)
            self._respond(h, method, path, form, record)
        except _Disconnected:
            self._finish(record, outcome="client_disconnected")
            h.close_connection = True
        except OSError:  # broken pipe / reset while writing
            self._finish(record, outcome="client_disconnected")
            h.close_connection = True

    def _finish(self, record: dict[str, Any], **fields: Any) -> None:
        with self._cond:
            record.update(fields)
            self._cond.notify_all()

    def _wait_before_response(self, h: _Handler) -> None:
        with self._cond:
            delay = self._delay
            if self._delay_count is not None:
                if self._delay_count <= 0:
                    delay = 0.0
                else:
                    self._delay_count -= 1
        if not self._hold_open.is_set():
            with self._cond:
                self._held += 1
                self._cond.notify_all()
            try:
                while not self._hold_open.wait(_POLL):
                    if h.peer_closed():
                        raise _Disconnected
            finally:
                with self._cond:
                    self._held -= 1
                    self._cond.notify_all()
        deadline = time.monotonic() + delay
        while (left := deadline - time.monotonic()) > 0 and not self._stopping.is_set():
            if h.peer_closed():
                raise _Disconnected
            time.sleep(min(left, _POLL))
        if self._stopping.is_set() or h.peer_closed():
            raise _Disconnected

    def _error(
        self,
        h: _Handler,
        record: dict,
        status: int,
        code: int | None = None,
        message: str | None = None,
    ) -> None:
        payload = twilio_error(status, code, message)
        extra = {"WWW-Authenticate": 'Basic realm="Twilio API"'} if status == 401 else None
        # Record first so a client that has seen the response always finds it recorded;
        # a failed write flips the outcome to "client_disconnected" (see _handle_api).
        self._finish(record, status=status, outcome="error", error_code=payload["code"])
        h._write_json(status, payload, extra)

    def add_media(self, data: bytes, content_type: str) -> str:
        """Store a file a customer "sent"; returns its ``MediaUrl`` for the webhook form."""
        media_sid = _sid("ME")
        with self._cond:
            self._media[media_sid] = (data, content_type)
        message = f"{self.url}/{API_VERSION}/Accounts/{self.account_sid}/Messages/{_sid('MM')}"
        return f"{message}/Media/{media_sid}"

    def _respond(
        self, h: _Handler, method: str, path: str, form: dict[str, Any], record: dict[str, Any]
    ) -> None:
        m_media = _MEDIA_RE.match(path)
        if m_media and method == "GET":
            if h.basic_auth() != (self.account_sid, self.auth_token):
                return self._error(h, record, 401, 20003, "Authentication Error")
            if m_media.group(1) != self.account_sid or m_media.group(3) not in self._media:
                return self._error(h, record, 404, 20404)
            self._finish(record, status=307, outcome="ok")
            return h._write_json(307, {}, {"Location": _MEDIA_CONTENT + m_media.group(3)})
        m_create, m_fetch, m_calls = (
            _MESSAGES_RE.match(path),
            _MESSAGE_RE.match(path),
            _CALLS_RE.match(path),
        )
        match = m_create or m_fetch or m_calls
        if match is None:
            return self._error(
                h, record, 404, 20404, f"The requested resource {path} was not found"
            )
        if h.basic_auth() != (self.account_sid, self.auth_token):
            return self._error(h, record, 401, 20003, "Authentication Error - invalid username")
        if match.group(1) != self.account_sid:
            return self._error(
                h, record, 404, 20404, f"The requested resource {path} was not found"
            )
        if m_fetch and method == "GET":
            try:
                msg = self.message(m_fetch.group(2))
            except KeyError:
                return self._error(h, record, 404, 20404)
            self._finish(record, status=200, outcome="ok", sid=msg["sid"])
            return h._write_json(200, self._message_json(msg))
        if method != "POST" or m_fetch:
            return self._error(h, record, 405, 20004, "Method not allowed")

        endpoint = "messages" if m_create else "calls"
        with self._cond:
            outage = self._outage
        if outage is not None and time.monotonic() < outage[0]:
            failure = outage[1]
            return self._error(h, record, failure.status, failure.code, failure.message)
        scripted = self._next_scripted(endpoint)
        if isinstance(scripted, _Failure):
            return self._error(h, record, scripted.status, scripted.code, scripted.message)
        if endpoint == "calls":
            return self._create_call(h, form, record, scripted)
        return self._create_message(h, form, record, scripted)

    def _next_scripted(self, endpoint: str) -> _Failure | str | None:
        with self._cond:
            for i, item in enumerate(self._queued):
                if isinstance(item, str) or item.applies(endpoint):
                    return self._queued.pop(i)
        return None

    def _validate_message(self, form: dict[str, Any]) -> tuple[int, str | None] | None:
        to, body = _first(form.get("To")), _first(form.get("Body"))
        if not to:
            return 21604, None
        if self.strict_numbers and not _ADDRESS_RE.match(to):
            return 21211, f"The 'To' number {to} is not a valid phone number."
        if not _first(form.get("From")) and not _first(form.get("MessagingServiceSid")):
            return 21603, None
        if not body and not form.get("MediaUrl") and not _first(form.get("ContentSid")):
            return 21602, None
        if body and len(body) > MAX_BODY_CHARS:
            return 21617, None
        return None

    def _create_message(
        self,
        h: _Handler,
        form: dict[str, Any],
        record: dict[str, Any],
        scripted: _Failure | str | None,
    ) -> None:
        invalid = self._validate_message(form)
        if invalid:
            return self._error(h, record, 400, invalid[0], invalid[1])
        to = _first(form["To"])
        with self._cond:
            rule = next((r for r in self._rules if r.matches(to)), None)
        if rule and not rule.failure.via_callback:
            f = rule.failure
            return self._error(h, record, f.status, f.code, f.message)

        body = _first(form.get("Body")) or ""
        sender = _first(form.get("From"))
        msg = {
            "sid": _sid("SM"),
            "account_sid": self.account_sid,
            "to": to,
            "from": sender,
            "body": body,
            "media_urls": list(form.get("MediaUrl", [])),
            "content_sid": _first(form.get("ContentSid")),
            "content_variables": _first(form.get("ContentVariables")),
            "status_callback": _first(form.get("StatusCallback")),
            "messaging_service_sid": _first(form.get("MessagingServiceSid")),
            "status": "queued" if sender else "accepted",
            "status_history": [],
            "error_code": None,
            "date_created": _now_rfc2822(),
            "num_segments": num_segments(body),
            "form": form,
        }
        self._accept(h, record, msg, self._messages, self._message_json(msg), scripted)
        url = msg["status_callback"]
        if rule is not None and not url:  # via_callback rule, but nobody to tell
            with self._cond:
                msg.update(status="failed", error_code=rule.failure.code)
                msg["status_history"].append("failed")
        if url and record["outcome"] == "ok":
            with self._cond:
                statuses, delay, code = (
                    self._auto_statuses,
                    self._auto_delay,
                    self._auto_error_code,
                )
            if rule is not None:  # via_callback failure rule
                statuses, code = ["failed"], rule.failure.code
            if statuses:
                self._schedule_chain(msg["sid"], url, list(statuses), delay, code)

    def _create_call(
        self,
        h: _Handler,
        form: dict[str, Any],
        record: dict[str, Any],
        scripted: _Failure | str | None,
    ) -> None:
        to, sender = _first(form.get("To")), _first(form.get("From"))
        if not to:
            return self._error(h, record, 400, 21201)
        if self.strict_numbers and not _ADDRESS_RE.match(to):
            return self._error(
                h, record, 400, 21211, f"The 'To' number {to} is not a valid phone number."
            )
        if not sender:
            return self._error(h, record, 400, 21213)
        if not any(_first(form.get(k)) for k in ("Url", "Twiml", "ApplicationSid")):
            return self._error(h, record, 400, 21205)
        call = {
            "sid": _sid("CA"),
            "account_sid": self.account_sid,
            "to": to,
            "from": sender,
            "twiml": _first(form.get("Twiml")),
            "url": _first(form.get("Url")),
            "status_callback": _first(form.get("StatusCallback")),
            "status": "queued",
            "date_created": _now_rfc2822(),
            "form": form,
        }
        self._accept(h, record, call, self._calls, self._call_json(call), scripted)

    def _accept(
        self,
        h: _Handler,
        record: dict[str, Any],
        item: dict[str, Any],
        store: list[dict[str, Any]],
        payload: dict[str, Any],
        scripted: _Failure | str | None,
    ) -> None:
        """Record ``item`` and write the 201; un-record it if the client is gone."""
        if scripted == "drop" or h.peer_closed():
            h.close_connection = True
            outcome = "dropped" if scripted == "drop" else "client_disconnected"
            return self._finish(record, outcome=outcome)
        # Record *before* writing so a client that got its 201 always finds the message,
        # then roll back if the write fails.
        if scripted == "drop_after_accept":
            h.close_connection = True
            with self._cond:
                store.append(item)
            return self._finish(record, outcome="dropped", sid=item["sid"])
        with self._cond:
            store.append(item)
            record.update(status=201, outcome="ok", sid=item["sid"])
            self._cond.notify_all()
        try:
            h._write_json(201, payload)
        except OSError:
            with self._cond:
                store.remove(item)
            raise

    def _message_json(self, msg: dict[str, Any]) -> dict[str, Any]:
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{msg['sid']}.json"
        return {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": msg["body"],
            "date_created": msg["date_created"],
            "date_sent": None,
            "date_updated": msg["date_created"],
            "direction": "outbound-api",
            "error_code": msg["error_code"],
            "error_message": None,
            "from": msg["from"],
            "messaging_service_sid": msg["messaging_service_sid"],
            "num_media": str(len(msg["media_urls"])),
            "num_segments": str(msg["num_segments"]),
            "price": None,
            "price_unit": "USD",
            "sid": msg["sid"],
            "status": msg["status"],
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": msg["to"],
            "uri": uri,
        }

    def _call_json(self, call: dict[str, Any]) -> dict[str, Any]:
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Calls/{call['sid']}.json"
        return {
            "account_sid": self.account_sid,
            "annotation": None,
            "answered_by": None,
            "api_version": API_VERSION,
            "caller_name": None,
            "date_created": call["date_created"],
            "date_updated": call["date_created"],
            "direction": "outbound-api",
            "duration": None,
            "end_time": None,
            "forwarded_from": None,
            "from": call["from"],
            "from_formatted": call["from"],
            "group_sid": None,
            "parent_call_sid": None,
            "phone_number_sid": None,
            "price": None,
            "price_unit": "USD",
            "queue_time": "0",
            "sid": call["sid"],
            "start_time": None,
            "status": call["status"],
            "subresource_uris": {},
            "to": call["to"],
            "to_formatted": call["to"],
            "trunk_sid": None,
            "uri": uri,
        }

    # -- status callbacks -------------------------------------------------------------------

    def _schedule(self, when: float, job: Callable[[], None]) -> None:
        with self._cond:
            heapq.heappush(self._callback_heap, (when, next(self._callback_seq), job))
            self._cond.notify_all()

    def _schedule_chain(
        self, sid: str, url: str, statuses: list[str], delay: float, error_code: int | None
    ) -> None:
        """Send ``statuses`` one after another (each after the previous POST finished)."""

        def job() -> None:
            status = statuses[0]
            code = (error_code or 30008) if status in ("failed", "undelivered") else None
            self._post_callback(url, sid, status, code, None)
            if len(statuses) > 1:
                self._schedule_chain(sid, url, statuses[1:], delay, error_code)

        self._schedule(time.monotonic() + delay, job)

    def _callback_loop(self) -> None:
        while not self._stopping.is_set():
            with self._cond:
                now = time.monotonic()
                if self._callback_heap and self._callback_heap[0][0] <= now:
                    _, _, job = heapq.heappop(self._callback_heap)
                else:
                    wait = self._callback_heap[0][0] - now if self._callback_heap else 0.1
                    self._cond.wait(min(wait, 0.1))
                    continue
            pool = self._callback_pool
            if pool is not None:
                try:
                    pool.submit(job)
                except RuntimeError:  # pool shut down
                    return

    def _post_callback(
        self, url: str, sid: str, status: str, error_code: int | None, msg: dict[str, Any] | None
    ) -> int:
        with self._cond:
            if msg is None:
                msg = next((m for m in self._messages if m["sid"] == sid), None)
            if msg is not None:
                msg["status"] = status
                msg["status_history"].append(status)
                msg["error_code"] = error_code
            info = dict(msg or {})
        params = {
            "MessageSid": sid,
            "SmsSid": sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "To": info.get("to") or "",
            "From": info.get("from") or "",
            "AccountSid": self.account_sid,
            "ApiVersion": API_VERSION,
        }
        if info.get("messaging_service_sid"):
            params["MessagingServiceSid"] = info["messaging_service_sid"]
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
            if error_code in ERROR_MESSAGES:
                params["ErrorMessage"] = ERROR_MESSAGES[error_code]
        signature = sign(self.auth_token, url, params)
        entry: dict[str, Any] = {
            "url": url,
            "sid": sid,
            "status": status,
            "params": params,
            "signature": signature,
            "response_status": None,
            "error": None,
        }
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        try:
            resp = session.post(
                url,
                data=params,
                timeout=5,
                headers={
                    "X-Twilio-Signature": signature,
                    "User-Agent": "TwilioProxy/1.1",
                    "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
                },
            )
            entry["response_status"] = resp.status_code
        except requests.RequestException as exc:
            entry["error"] = repr(exc)
        with self._cond:
            self._callbacks.append(entry)
            self._cond.notify_all()
        return entry["response_status"] or 0

    # -- HTTP control plane (for the standalone process) ------------------------------------

    def _control(self, method: str, path: str, raw: bytes) -> tuple[int, Any]:
        name = path[len("/_fake/") :].strip("/")
        try:
            args = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            return 400, {"error": f"bad JSON: {exc}"}
        getters = {
            "messages": "messages",
            "calls": "calls",
            "requests": "requests",
            "callbacks": "callbacks",
        }
        if method == "GET" and name in getters:
            items = getattr(self, getters[name])
            return 200, {"count": len(items), name: items}
        if method == "GET" and name == "stats":
            with self._cond:
                return 200, {
                    "messages": len(self._messages),
                    "calls": len(self._calls),
                    "requests": len(self._requests),
                    "callbacks": len(self._callbacks),
                    "held": self._held,
                }
        actions: dict[str, Callable[..., Any]] = {
            "reset": self.reset,
            "hold": self.hold,
            "release": self.release,
            "fail_next": self.fail_next,
            "fail_for": self.fail_for,
            "fail_during": self.fail_during,
            "drop_next": self.drop_next,
            "delay": self.delay,
            "auto_callbacks": self.auto_callbacks,
            "send_status": self.send_status,
            "clear_failures": self.clear_failures,
        }
        if method == "POST" and name in actions:
            try:
                result = actions[name](**args)
            except (TypeError, ValueError, KeyError) as exc:
                return 400, {"error": repr(exc)}
            return 200, {"ok": True, "result": result}
        return 404, {"error": f"unknown control endpoint {method} {path}"}


def _first(value: str | list[str] | None) -> str | None:
    """First value of a (possibly repeated) form field."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def main(argv: Iterable[str] | None = None) -> None:
    """CLI: serve a FakeTwilio until SIGINT/SIGTERM; first stdout line is the base URL."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--account-sid", default=DEFAULT_ACCOUNT_SID)
    parser.add_argument("--auth-token", default=DEFAULT_AUTH_TOKEN)
    parser.add_argument(
        "--auto-callbacks", default="", help="comma-separated statuses, e.g. sent,delivered"
    )
    parser.add_argument("--callback-delay", type=float, default=0.05)
    parser.add_argument(
        "--lenient-numbers", action="store_true", help="accept To values that are not E.164"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)

    fake = FakeTwilio(
        args.account_sid,
        args.auth_token,
        args.host,
        args.port,
        strict_numbers=not args.lenient_numbers,
    )
    if args.auto_callbacks:
        fake.auto_callbacks(args.auto_callbacks.split(","), delay=args.callback_delay)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with fake:
        print(fake.url, flush=True)
        while not stop.wait(0.5):
            pass
    sys.exit(0)


if __name__ == "__main__":
    main()
