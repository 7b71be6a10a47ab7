"""deskbot's ``RASA_URL`` path against a real Rasa server trained on ``nlu/``.

Why: the other tests only fake Rasa's answer; these check that deskbot really works with
Rasa 3.6's ``POST /model/parse``. They need a running server, so they are skipped unless
``DESKBOT_RASA_TEST_URL`` names one: ``make test-rasa`` trains (or reuses) the model, serves
it and sets that variable and ``RASA_URL``. Plain ``make test`` reports one skip.

A recording proxy sits between deskbot and Rasa where a test must prove that an answer came
from the server: it passes requests and answers through unchanged and keeps both.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from nlu.parser import Parser, RasaHttpParser, load_parser
from nlu.rasa_data import load_training_data
from tests.conftest import Phone

RASA = os.environ.get("DESKBOT_RASA_TEST_URL", "").strip().rstrip("/")
if not RASA:
    pytest.skip(
        "needs a real Rasa server: `make test-rasa` (sets DESKBOT_RASA_TEST_URL)",
        allow_module_level=True,
    )

INTENTS = {example.intent for example in load_training_data().examples}
MESSAGES = {  # language -> a message in the style of the training data
    "en": "hi this is Jane at Acme, email not syncing on my phone",
    "cs": "dobry den, nefunguje nam tiskarna v kancelari",
    "it": "buongiorno, la stampante non funziona",
}
# Openers with a person's name: the webhook test picks one whose name Rasa reads
# differently from the embedded parser, so the conversation shows whose answer it used.
OPENERS = [
    "hello, its thandiwe here from acme, the printer is broken",
    "hi this is Jane at Acme, email not syncing on my phone",
    "hey its Tebogo from Mokolodi, the server crashed and nobody can work",
    "Good morning, Pieter van Wyk here, the internet is down in the whole office",
    "im lindiwe from Fresh Foods and outlook keeps crashing",
    "hi, Naledi Mokoena from Sunrise Pharmacy here, the till pc wont start",
    "Ann here, our wifi keeps dropping",
    "dobry den, tady Jana Novakova z firmy Novák, nefunguje nam internet",
    "ciao sono Marco della Bianchi, il server non risponde",
]


def rasa_parse(text: str, url: str = RASA) -> dict[str, Any]:
    """Rasa's own answer, asked directly (no deskbot in between)."""
    request = urllib.request.Request(
        f"{url}/model/parse",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode())


@pytest.fixture(scope="module", autouse=True)
def _warm_rasa() -> None:
    """Parse messages of several lengths first: a cold Rasa can exceed deskbot's 1 s timeout
    (then deskbot falls back to embedded, which these tests would misread as a failure)."""
    for text in [*MESSAGES.values(), *OPENERS, "yes", "ok thanks"]:
        rasa_parse(text)


@dataclass
class RecordingProxy:
    """Where deskbot is pointed instead of Rasa; ``calls`` holds (request, answer) pairs."""

    url: str
    calls: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [request["text"] for request, _ in self.calls]

    def answer_for(self, text: str) -> dict[str, Any]:
        return next(answer for request, answer in self.calls if request["text"] == text)


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    calls: list[tuple[dict[str, Any], dict[str, Any]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            forward = urllib.request.Request(
                RASA + self.path,
                data=body,
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(forward, timeout=30) as response:
                    status, data = response.status, response.read()
            except urllib.error.HTTPError as error:
                status, data = error.code, error.read()
            calls.append((json.loads(body), json.loads(data)))
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # deskbot gave up waiting; the test will say so

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RecordingProxy(f"http://127.0.0.1:{server.server_address[1]}", calls)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def embedded() -> Parser:
    parser = load_parser()
    assert isinstance(parser, Parser)
    return parser


@pytest.fixture
def rasa_url_from_env(base_settings: Any) -> str:
    """``RASA_URL`` as deskbot's settings read it (the settings class comes from the
    fixture, so this test does not depend on where the module lives)."""
    raw = os.environ.get("RASA_URL") or RASA
    url = type(base_settings).from_env({"RASA_URL": raw + "/"}).rasa_url
    assert url == RASA
    return url


def _dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _person(parse: dict[str, Any]) -> str | None:
    return next((str(e["value"]) for e in parse["entities"] if e["entity"] == "person"), None)


def test_settings_rasa_url_gives_the_runtime_a_rasa_parser(
    make_runtime: Callable[..., Any], rasa_url_from_env: str
) -> None:
    runtime = make_runtime(rasa_url=rasa_url_from_env)
    assert isinstance(runtime.nlu, RasaHttpParser)
    out = runtime.nlu.parse(MESSAGES["en"])
    assert runtime.nlu.last_source == "rasa"
    assert out["intent"] == rasa_parse(MESSAGES["en"])["intent"]


@pytest.mark.parametrize("language", sorted(MESSAGES))
def test_http_parser_returns_rasas_answer_in_deskbots_shape(
    language: str, embedded: Parser
) -> None:
    text = MESSAGES[language]
    http = load_parser(RASA)
    assert isinstance(http, RasaHttpParser)
    out = http.parse(text)
    assert http.last_source == "rasa"

    raw = rasa_parse(text)
    assert {k: out[k] for k in ("intent", "entities", "intent_ranking")} == {
        k: raw[k] for k in ("intent", "entities", "intent_ranking")
    }
    assert set(out) >= {"text", "intent", "entities", "intent_ranking", "language"}
    assert out["text"] == text and out["language"] == language
    assert out["intent"]["name"] in INTENTS
    assert 0.0 <= float(out["intent"]["confidence"]) <= 1.0
    assert {r["name"] for r in out["intent_ranking"]} <= INTENTS
    for entity in out["entities"]:
        assert {"entity", "value", "start", "end"} <= set(entity)
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert entity["extractor"] == "DIETClassifier"  # Rasa's model, not deskbot's cues
    # Rasa's own answer, not the embedded one: Rasa's tokens and unrounded confidences.
    assert out != embedded.parse(text)
    assert "text_tokens" in out and "text_tokens" not in embedded.parse(text)


def test_api_nlu_parse_answers_from_rasa(
    make_runtime: Callable[..., Any], api_headers: dict[str, str], proxy: RecordingProxy
) -> None:
    from webhooks import create_app

    runtime = make_runtime(rasa_url=proxy.url)
    client = create_app(runtime).test_client()
    text = MESSAGES["it"]
    response = client.post("/api/nlu/parse", json={"text": text}, headers=api_headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert proxy.texts() == [text]
    answer = proxy.answer_for(text)
    assert body["intent"] == answer["intent"] and body["entities"] == answer["entities"]
    assert body["intent_ranking"] == answer["intent_ranking"]
    assert body["language"] == "it"


def test_customer_message_is_understood_by_rasa(
    make_runtime: Callable[..., Any], proxy: RecordingProxy
) -> None:
    from webhooks import create_app

    runtime = make_runtime(rasa_url=proxy.url)
    embedded = runtime.nlu.fallback  # what this runtime would have used without Rasa
    # An opener whose person Rasa reads differently from the embedded parser, if any; Rasa is
    # asked directly here, so the proxy sees only what the webhook sends.
    differing = [
        text
        for text in OPENERS
        if _person(rasa_parse(text)) and _person(rasa_parse(text)) != _person(embedded.parse(text))
    ]
    text = differing[0] if differing else OPENERS[0]

    customer = Phone(create_app(runtime).test_client(), runtime, "+27715550123")
    customer.says(text)

    assert text in proxy.texts(), "the webhook's message never reached Rasa"
    assert runtime.nlu.last_source == "rasa"
    state = customer.conversation()
    assert state["state"] and customer.inbox(), "no conversation was opened"
    rasa_person = _person(proxy.answer_for(text))
    if rasa_person:
        assert state["slots"].get("contact_name") == rasa_person.strip()
    if differing:  # e.g. Rasa "Pieter", embedded "Pieter van Wyk"
        assert state["slots"].get("contact_name") != _person(embedded.parse(text))


def test_dead_rasa_falls_back_to_embedded(
    make_runtime: Callable[..., Any], api_headers: dict[str, str], embedded: Parser
) -> None:
    from webhooks import create_app

    dead = _dead_url()
    http = load_parser(dead)
    assert isinstance(http, RasaHttpParser)
    text = MESSAGES["en"]
    assert http.parse(text) == embedded.parse(text)
    assert http.last_source == "embedded"

    runtime = make_runtime(rasa_url=dead)
    client = create_app(runtime).test_client()
    response = client.post("/api/nlu/parse", json={"text": text}, headers=api_headers)
    assert response.status_code == 200
    assert response.get_json() == runtime.nlu.fallback.parse(text)
    assert runtime.nlu.last_source == "embedded"

    customer = Phone(client, runtime, "+27715550124")
    customer.says("our server is down and nobody can work")
    assert customer.conversation()["state"] and customer.inbox()
