"""The write API: tokens and scopes, each action with the same effect and customer message
as the technician's SMS command, 404/409/422 that change nothing, opening a ticket on a
customer's behalf, and Idempotency-Key retries that do not act twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.core.integrations import ApiToken, token_digest
from bot.tickets import targets as sla
from bot.tickets.notifications import ONSITE_CONFIRMATION
from storage.db import utcnow
from tests.conftest import API_TOKEN, Phone, settle
from tests.tickets_helpers import JANE, LERATO, THABO, messages, open_ticket, ticket

READ_TOKEN, WRITE_TOKEN = "psa-read-token-0123456789", "psa-write-token-0123456789"
NEW_CUSTOMER = "+27825554321"


@pytest.fixture(autouse=True)
def office_open(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sla, "is_open", lambda rt, at: True)


@pytest.fixture
def rt(make_runtime, config):  # type: ignore[no-untyped-def]
    tokens = [
        ApiToken(name="dashboard", scope="read", sha256=token_digest(READ_TOKEN)),
        ApiToken(name="psa", scope="write", sha256=token_digest(WRITE_TOKEN)),
    ]
    return make_runtime(config_override=config.model_copy(update={"api_tokens": tokens}))


@pytest.fixture
def client(rt):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    return create_app(rt).test_client()


def post(client, path: str, body: Any, token: str = WRITE_TOKEN, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, json=body, headers={"Authorization": f"Bearer {token}", **headers})


def state(client, ref: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data = ticket(client, ref)
    return {k: data[k] for k in ("status", "priority", "assignee", "events", "time_entries")}


def test_tokens_and_scopes(client, rt) -> None:  # type: ignore[no-untyped-def]
    ref = open_ticket(rt, JANE)
    path = f"/api/tickets/{ref}/note"
    missing = client.post(path, json={"text": "x"})
    assert missing.status_code == 401 and "bearer token" in missing.get_json()["error"]
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert post(client, path, {"text": "x"}, token="wrong").status_code == 401
    read = post(client, path, {"text": "x"}, token=READ_TOKEN)
    assert read.status_code == 403 and "'read'" in read.get_json()["error"]
    auth = {"Authorization": f"Bearer {READ_TOKEN}"}
    assert client.get(f"/api/tickets/{ref}", headers=auth).status_code == 200
    assert post(client, path, {"text": "by the psa"}).status_code == 200
    assert post(client, path, {"text": "by the env token"}, token=API_TOKEN).status_code == 200
    notes = [e for e in ticket(client, ref)["events"] if e["type"] == "note"]
    assert [n["text"] for n in notes] == ["by the psa", "by the env token"]


def test_reply_tells_the_customer_exactly_as_the_sms_command(client, rt) -> None:  # type: ignore[no-untyped-def]
    by_sms, by_api = open_ticket(rt, JANE), open_ticket(rt, JANE)
    Phone(client, rt, THABO, "sms").says(f"{by_sms} reply We are on our way")
    answer = post(
        client, f"/api/tickets/{by_api}/reply", {"text": "We are on our way", "actor": "Thabo"}
    )
    assert answer.status_code == 200, answer.get_json()
    settle(rt)
    sms_text, api_text = (m["body"] for m in messages(client, JANE)[-2:])
    assert api_text == sms_text.replace(by_sms, by_api)
    assert api_text.startswith("Thabo Nkosi about your ticket")
    data = answer.get_json()["ticket"]
    assert data == ticket(client, by_api) and data["first_response_at"]
    assert data["events"][-1] == {**data["events"][-1], "type": "reply", "actor": "Thabo Nkosi"}
    assert "sent to Jane Doe" in answer.get_json()["result"]


def test_every_action_as_the_desk(client, rt) -> None:  # type: ignore[no-untyped-def]
    ref = open_ticket(rt, JANE)
    tomorrow = (utcnow() + timedelta(days=1)).replace(microsecond=0)
    steps = [
        ("assign", {"technician": LERATO}, lambda t: t["assignee"] == "Lerato Dlamini"),
        ("status", {"status": "in_progress"}, lambda t: t["status"] == "in_progress"),
        ("priority", {"priority": "critical"}, lambda t: t["priority"] == "critical"),
        (
            "onsite",
            {"start": tomorrow.isoformat(), "duration": "2h", "reason": "replace the switch"},
            lambda t: t["status"] == "scheduled" and t["onsite_reason"] == "replace the switch",
        ),
        ("time", {"minutes": 25, "text": "remote checks"}, lambda t: len(t["time_entries"]) == 1),
        (
            "time",
            {
                "start": "2026-11-02T09:00:00+02:00",
                "end": "2026-11-02T10:30:00+02:00",
                "text": "swapped it",
                "parts": "switch",
            },
            lambda t: t["time_entries"][1]["minutes"] == 90,
        ),
        ("resolve", {"text": "replaced the switch"}, lambda t: t["status"] == "resolved"),
    ]
    for action, body, check in steps:
        answer = post(client, f"/api/tickets/{ref}/{action}", body)
        assert answer.status_code == 200, (action, answer.get_json())
        assert check(answer.get_json()["ticket"]), action
    settle(rt)
    events = ticket(client, ref)["events"]
    assert {e["actor"] for e in events if e["type"] in ("status", "resolved")} == {"Example IT"}
    texts = [m["body"] for m in messages(client, JANE) if m["direction"] == "outbound"]
    assert any("Example IT is now working on your ticket" in t for t in texts)
    visit = ONSITE_CONFIRMATION.split("{ref}")[0]  # "Visit confirmation for ticket "
    assert any(t.startswith(f"{visit}{ref}") for t in texts)
    assert any("Is the problem fixed?" in t for t in texts)
    # the ticket is resolved: changes that need an open ticket are refused, nothing changes
    before = state(client, ref)
    conflict = post(client, f"/api/tickets/{ref}/status", {"status": "waiting"})
    assert conflict.status_code == 409 and "resolved" in conflict.get_json()["error"]
    assert state(client, ref) == before


def test_invalid_requests_name_every_field_and_change_nothing(client, rt) -> None:  # type: ignore[no-untyped-def]
    ref = open_ticket(rt, JANE)
    before = state(client, ref)
    cases = [
        ("note", {}, {"text": "required"}),
        ("note", {"text": "x", "colour": "red"}, {"colour": "unknown field"}),
        ("assign", {"technician": "Nobody Atall"}, {"technician": "No technician"}),
        ("reply", {"text": "hi", "actor": "Nobody Atall"}, {"actor": "No technician"}),
        ("status", {"status": "sleeping"}, {"status": "unknown status"}),
        ("priority", {"priority": "urgentest"}, {"priority": "unknown priority"}),
        (
            "onsite",
            {"start": "2020-01-01T10:00:00+02:00", "duration": "0m"},
            {"start": "in the past", "duration": "longer than zero"},
        ),
        ("onsite", {"start": "tomorrow"}, {"start": ""}),
        ("time", {"text": "x"}, {"minutes": "required"}),
        ("time", {"minutes": 2000, "text": ""}, {"text": ""}),
        ("time", {"start": "2026-11-02T09:00:00+02:00", "text": "x"}, {"end": "required"}),
    ]
    for action, body, expected in cases:
        answer = post(client, f"/api/tickets/{ref}/{action}", body)
        assert answer.status_code == 422, (action, body, answer.get_json())
        fields = answer.get_json()["fields"]
        assert set(fields) == set(expected), (action, fields)
        for name, words in expected.items():
            assert words in fields[name], (action, fields)
    assert post(client, f"/api/tickets/{ref}/status", {"status": "closed"}).status_code == 409
    assert post(client, "/api/tickets/TKT-9999/note", {"text": "x"}).status_code == 404
    not_json = client.post(
        f"/api/tickets/{ref}/note",
        data="text=x",
        headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
    )
    assert not_json.status_code == 400
    assert state(client, ref) == before


def test_open_a_ticket_on_a_customers_behalf(client, rt) -> None:  # type: ignore[no-untyped-def]
    body = {"contact_phone": JANE, "description": "The printer on floor 2 jams", "priority": "low"}
    answer = post(client, "/api/tickets", body)
    assert answer.status_code == 201, answer.get_json()
    data = answer.get_json()["ticket"]
    assert answer.headers["Location"] == f"/api/tickets/{data['ref']}"
    assert (data["company"], data["contact_name"], data["priority"]) == (
        "Acme Ltd",
        "Jane Doe",
        "low",
    )
    assert data["assignee"] and data["events"][0]["actor"] == "api:psa"
    settle(rt)
    assert data["ref"] in messages(client, JANE)[-1]["body"]  # the intake's confirmation

    stranger = {
        "contact_phone": NEW_CUSTOMER,
        "description": "VPN down",
        "channel": "fax",
        "language": "xx",
        "email": "nope",
        "colour": 1,
    }
    invalid = post(client, "/api/tickets", stranger)
    assert invalid.status_code == 422
    assert set(invalid.get_json()["fields"]) == {"channel", "email", "colour"}
    no_company = post(
        client,
        "/api/tickets",
        {"contact_phone": NEW_CUSTOMER, "description": "VPN down", "language": "xx"},
    )
    assert set(no_company.get_json()["fields"]) == {"language"}
    unknown = post(
        client, "/api/tickets", {"contact_phone": NEW_CUSTOMER, "description": "VPN down"}
    )
    assert unknown.status_code == 422 and set(unknown.get_json()["fields"]) == {"company"}
    assert (
        len(
            client.get(
                "/api/tickets", headers={"Authorization": f"Bearer {WRITE_TOKEN}"}
            ).get_json()
        )
        == 1
    )

    # a customer in the middle of an intake is not cut short
    Phone(client, rt, NEW_CUSTOMER, "whatsapp").says("hi")
    busy = post(
        client,
        "/api/tickets",
        {**{"contact_phone": NEW_CUSTOMER}, "company": "New Co", "description": "VPN down"},
    )
    assert busy.status_code == 409 and "conversation" in busy.get_json()["error"]


def test_idempotency_key_retries_act_once(client, rt) -> None:  # type: ignore[no-untyped-def]
    ref = open_ticket(rt, JANE)
    path = f"/api/tickets/{ref}/reply"
    first = post(client, path, {"text": "On our way"}, **{"Idempotency-Key": "k-1"})
    again = post(client, path, {"text": "On our way"}, **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    settle(rt)
    replies = [m for m in messages(client, JANE) if "On our way" in m["body"]]
    assert len(replies) == 1
    other = post(client, path, {"text": "Something else"}, **{"Idempotency-Key": "k-1"})
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["fields"]
    # a refused request does not use up its key
    bad = post(client, path, {}, **{"Idempotency-Key": "k-2"})
    good = post(client, path, {"text": "Fixed body"}, **{"Idempotency-Key": "k-2"})
    assert (bad.status_code, good.status_code) == (422, 200)
