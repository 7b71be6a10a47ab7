"""The read API: bearer token, tickets, conversations, messages; health."""

from __future__ import annotations

from tests.conftest import API_TOKEN

JANE = "+27831112222"  # Jane Doe, Acme Ltd, a known contact
STRANGER = "+27825550505"


def _intake(phone, number: str, company: str | None = None) -> None:  # type: ignore[no-untyped-def]
    customer = phone(number)
    customer.says("hi")
    for _ in range(8):
        awaiting = customer.conversation()["awaiting"]
        if awaiting is None:
            return
        answer = {
            "company": company or "Acme Ltd",
            "contact_name": "Sam Stranger",
            "contact_phone": "yes",
            "description": "The main printer on floor two is jammed and prints nothing",
            "confirm": "yes",
        }.get(awaiting, "yes")
        customer.says(answer)
    raise AssertionError("intake did not finish")


def test_api_requires_the_bearer_token(client) -> None:
    assert client.get("/api/tickets").status_code == 401
    assert client.get("/api/tickets", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert (
        client.get("/api/tickets", headers={"Authorization": f"Bearer {API_TOKEN}"}).status_code
        == 200
    )


def test_api_closed_without_configured_token(make_runtime) -> None:
    from webhooks import create_app

    client = create_app(make_runtime(api_token=None)).test_client()
    assert client.get("/api/tickets", headers={"Authorization": "Bearer "}).status_code == 401


def test_ticket_json_and_filters(client, phone, api_headers) -> None:
    _intake(phone, JANE)
    _intake(phone, STRANGER, company="Brand New Co")
    tickets = client.get("/api/tickets", headers=api_headers).get_json()
    assert [t["company"] for t in tickets] == ["Acme Ltd", "Brand New Co"]
    acme, new = tickets
    assert acme["ref"] == "TKT-1001" and new["ref"] == "TKT-1002"
    assert acme["contract"] is True and new["contract"] is False
    assert acme["contact_name"] == "Jane Doe" and acme["channel"] == "whatsapp"
    assert acme["status"] == "open" and acme["events"][0]["type"] == "created"
    for key in (
        "priority",
        "email",
        "description",
        "language",
        "onsite_requested",
        "onsite_reason",
        "assignee",
        "after_hours",
        "created_at",
        "response_due",
        "first_response_at",
        "resolved_at",
        "escalation_level",
        "time_entries",
    ):
        assert key in acme
    assert acme["created_at"].endswith("+00:00")
    by_phone = client.get("/api/tickets?phone=%2B27825550505", headers=api_headers).get_json()
    assert [t["ref"] for t in by_phone] == ["TKT-1002"]
    unencoded_plus = client.get("/api/tickets?phone=+27825550505", headers=api_headers).get_json()
    assert [t["ref"] for t in unencoded_plus] == ["TKT-1002"]
    by_company = client.get("/api/tickets?company=acme ltd", headers=api_headers).get_json()
    assert [t["ref"] for t in by_company] == ["TKT-1001"]
    assert client.get("/api/tickets?status=open", headers=api_headers).get_json() == tickets
    assert client.get("/api/tickets?status=bogus", headers=api_headers).status_code == 400
    one = client.get("/api/tickets/TKT-1002", headers=api_headers).get_json()
    assert one == new
    assert client.get("/api/tickets/%231001", headers=api_headers).get_json()["ref"] == "TKT-1001"
    assert client.get("/api/tickets/TKT-9999", headers=api_headers).status_code == 404
    assert client.get("/api/tickets/banana", headers=api_headers).status_code == 400


def test_conversation_state_and_messages(client, phone, api_headers) -> None:
    customer = phone(STRANGER)
    customer.says("hello there")
    state = customer.conversation()
    assert state == {
        "phone": STRANGER,
        "channel": "whatsapp",
        "language": "en",
        "state": "intake",
        "awaiting": "description",
        "slots": {"contact_phone": STRANGER},
        "ticket": None,
    }
    customer.says("the printer is jammed")
    customer.says("Brand New Co")
    assert customer.conversation()["slots"]["company"] == "Brand New Co"
    log = client.get("/api/messages?phone=%2B27825550505", headers=api_headers).get_json()
    assert [m["direction"] for m in log][:2] == ["inbound", "outbound"]
    assert log[0]["from"] == STRANGER and log[0]["body"] == "hello there"
    assert log[1]["to"] == STRANGER and log[1]["status"] == "sent"
    assert all(key in log[0] for key in ("channel", "status", "ticket", "created_at", "twilio_sid"))
    assert (
        client.get("/api/conversations?phone=%2B27000000000", headers=api_headers).status_code
        == 404
    )
    assert client.get("/api/conversations", headers=api_headers).status_code == 400
    assert client.get("/api/conversations?phone=abc", headers=api_headers).status_code == 400
    assert client.get("/api/messages", headers=api_headers).status_code == 400


def test_messages_by_ticket(client, phone, api_headers) -> None:
    _intake(phone, JANE)
    log = client.get("/api/messages?ticket=TKT-1001", headers=api_headers).get_json()
    assert log and all(m["ticket"] == "TKT-1001" for m in log)


def test_healthz(client) -> None:
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["queue"] == "ok"


def test_healthz_reports_unreachable_redis(make_runtime) -> None:
    from webhooks import create_app

    client = create_app(make_runtime(redis_url="redis://127.0.0.1:1/0")).test_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["queue"] == "unreachable"


def test_nlu_parse_has_rasas_shape(client, api_headers) -> None:
    response = client.post(
        "/api/nlu/parse",
        json={"text": "hi its Sipho from Mokolodi, the server is down"},
        headers=api_headers,
    )
    body = response.get_json()
    assert response.status_code == 200
    assert set(body) >= {"text", "intent", "entities", "intent_ranking", "language"}
    assert set(body["intent"]) == {"name", "confidence"}
    assert body["language"] == "en"
    entity = next(e for e in body["entities"] if e["entity"] == "person")
    assert entity["value"] == "Sipho"
    assert body["text"][entity["start"] : entity["end"]] == "Sipho"
    assert {"confidence"} <= set(entity)
    assert client.post("/api/nlu/parse", json={"txt": 1}, headers=api_headers).status_code == 400
    assert client.post("/api/nlu/parse", json={"text": "x"}).status_code == 401


def test_nlu_parse_uses_a_rasa_server_when_configured(make_runtime, api_headers) -> None:
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from webhooks import create_app

    asked: list[dict] = []

    class Rasa(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            asked.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            answer = {
                "text": asked[-1]["text"],
                "intent": {"name": "greet", "confidence": 0.99},
                "entities": [],
                "intent_ranking": [{"name": "greet", "confidence": 0.99}],
            }
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Rasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        runtime = make_runtime(rasa_url=f"http://127.0.0.1:{server.server_port}")
        client = create_app(runtime).test_client()
        body = client.post(
            "/api/nlu/parse", json={"text": "ahoj, nefunguje mi tiskárna"}, headers=api_headers
        ).get_json()
        assert asked == [{"text": "ahoj, nefunguje mi tiskárna"}]
        assert body["intent"]["name"] == "greet" and body["language"] == "cs"
    finally:
        server.shutdown()
