"""A PSA's webhook endpoint, as the outside world: a real HTTP server on 127.0.0.1 that
records every POST (headers and raw body) and answers what the test scripts.

    with WebhookReceiver() as receiver:
        receiver.answer(500, 500, 200)      # the next three answers; then 200
        receiver.hang(2)                    # the next two requests wait past the timeout
        ...
        receiver.requests[0].json()["type"]
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int

    def json(self) -> Any:
        return json.loads(self.body)


class WebhookReceiver:
    def __init__(self, path: str = "/hooks/deskbot") -> None:
        self.path = path
        self.requests: list[Received] = []
        self._answers: deque[int] = deque()
        self._hangs = 0
        self._hang_seconds = 0.0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._lock:
                    hang = receiver._hangs > 0
                    if hang:
                        receiver._hangs -= 1
                    code = receiver._answers.popleft() if receiver._answers else 200
                    answered = 0 if hang else code  # 0: the caller gave up waiting
                    receiver.requests.append(
                        Received(self.path, dict(self.headers.items()), body, answered)
                    )
                if hang:
                    time.sleep(receiver._hang_seconds)
                payload = b'{"ok": true}' if code < 300 else b'{"error": "scripted"}'
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.path}"

    def answer(self, *codes: int) -> None:
        with self._lock:
            self._answers.extend(codes)

    def hang(self, count: int, seconds: float) -> None:
        with self._lock:
            self._hangs, self._hang_seconds = count, seconds

    def types(self) -> list[str]:
        """Event types the endpoint accepted (a 2xx), in arrival order."""
        return [r.json()["type"] for r in self.requests if 200 <= r.answered < 300]

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
