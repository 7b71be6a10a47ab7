"""RasaHttpParser against a throwaway HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nlu.parser import Parser, RasaHttpParser

RASA_ANSWER = {
    "text": "",
    "intent": {"name": "greet", "confidence": 0.99},
    "entities": [],
    "intent_ranking": [{"name": "greet", "confidence": 0.99}],
}


class _Rasa(BaseHTTPRequestHandler):
    delay = 0.0
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, "body": body})
        time.sleep(self.delay)
        answer = dict(RASA_ANSWER, text=body["text"])
        data = json.dumps(answer).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up (slow-server test)

    def log_message(self, *args: object) -> None:
        pass


def _serve(delay: float) -> Iterator[str]:
    handler = type("Handler", (_Rasa,), {"delay": delay, "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def rasa_url() -> Iterator[str]:
    yield from _serve(0.0)


@pytest.fixture
def slow_rasa_url() -> Iterator[str]:
    yield from _serve(2.0)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_uses_rasa_answer_and_adds_language(parser: Parser, rasa_url: str) -> None:
    http = RasaHttpParser(rasa_url + "/", parser)
    out = http.parse("dobry den, nefunguje mi tiskarna")
    assert http.last_source == "rasa"
    assert out["intent"] == {"name": "greet", "confidence": 0.99}  # Rasa's, not ours
    assert out["text"] == "dobry den, nefunguje mi tiskarna"
    assert out["language"] == "cs"


def test_falls_back_when_rasa_is_down(parser: Parser) -> None:
    http = RasaHttpParser(f"http://127.0.0.1:{_closed_port()}", parser)
    out = http.parse("our server is down")
    assert http.last_source == "embedded"
    assert out == parser.parse("our server is down")


def test_falls_back_when_rasa_is_slow(parser: Parser, slow_rasa_url: str) -> None:
    http = RasaHttpParser(slow_rasa_url, parser, timeout=0.3)
    t0 = time.perf_counter()
    out = http.parse("our server is down")
    first = time.perf_counter() - t0
    assert http.last_source == "embedded" and out["intent"]["name"] == "report_problem"
    assert first < 1.5
    t0 = time.perf_counter()
    http.parse("still down")  # within retry_after: Rasa is not asked again
    assert time.perf_counter() - t0 < 0.1


def test_load_parser_with_url_returns_http_parser(rasa_url: str) -> None:
    from nlu.parser import load_parser

    http = load_parser(rasa_url, ["en", "it"])
    assert isinstance(http, RasaHttpParser)
    assert http.languages == ["en", "it"]
    assert http.parse("ciao")["language"] == "it"
