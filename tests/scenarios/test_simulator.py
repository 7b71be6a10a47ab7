"""The simulator's server side: its JSON endpoints post real (signed) webhooks, read the
message log and the ticket clocks, and none of it exists unless the simulator is enabled."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.settings import Settings
from bot.directory.rotation import on_call_at
from bot.runtime import use
from storage.db import utcnow
from storage.models import Conversation, Message, OncallOverride, Ticket
from tests.conftest import API_TOKEN, PUBLIC_URL, Phone, settle, twilio_overrides
from webhooks import create_app
from webhooks.simulator import response_clock

CUSTOMER = "+27825551234"
THABO, LERATO = "+27821234567", "+27827654321"


def send(client, phone: str, body: str, channel: str = "whatsapp"):  # type: ignore[no-untyped-def]
    return client.post(
        "/simulator/api/send", json={"phone": phone, "channel": channel, "body": body}
    )


def api_messages(client, phone: str) -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get(
        f"/api/messages?phone={phone.replace('+', '%2B')}",
        headers={"Authorization": f"Bearer {API_TOKEN}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def sim_messages(client, phone: str, after: int = 0) -> dict:  # type: ignore[no-untyped-def]
    response = client.get(
        f"/simulator/api/messages?phone={phone.replace('+', '%2B')}&after={after}"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# -- the page ------------------------------------------------------------------------------


def test_page_offers_the_directory_the_team_and_who_is_on_call(client, runtime) -> None:  # type: ignore[no-untyped-def]
    config = runtime.config
    on_call = on_call_at(utcnow(), config.oncall.rotation, config.oncall.handoff, config.zone)
    on_call_name = config.technician_by_phone(on_call).name

    page = client.get("/simulator")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Jane Doe · Acme Ltd" in html and 'value="new"' in html
    assert "Pieter van Wyk · manager" in html
    assert f'data-testid="oncall-name">{on_call_name}<' in html
    assert 'role="log" aria-live="polite"' in html
    for asset, mimetype in (("simulator.js", "javascript"), ("simulator.css", "text/css")):
        response = client.get(f"/simulator/static/{asset}")
        assert response.status_code == 200 and mimetype in response.mimetype
        response.close()

    people = client.get("/simulator/api/people").get_json()
    assert people["oncall"]["phone"] == on_call
    assert people["default_technician"] != on_call  # three phones, three people
    assert {"+27829990002", "+27829990003"} <= {p["phone"] for p in people["staff"]}


def test_on_call_phone_follows_an_override(client, runtime) -> None:  # type: ignore[no-untyped-def]
    config = runtime.config
    now = utcnow()
    rotation_pick = on_call_at(now, config.oncall.rotation, config.oncall.handoff, config.zone)
    other = LERATO if rotation_pick == THABO else THABO
    with runtime.sessions.begin() as session:
        session.add(
            OncallOverride(
                phone=other, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
            )
        )

    assert client.get("/simulator/api/people").get_json()["oncall"]["phone"] == other


# -- sending -------------------------------------------------------------------------------


def test_send_goes_through_the_webhook_and_the_reply_is_readable(client, runtime) -> None:  # type: ignore[no-untyped-def]
    response = send(client, CUSTOMER, "Hello, my printer is broken")

    assert response.status_code == 201, response.get_data(as_text=True)
    sid = response.get_json()["sid"]
    assert sid.startswith("SM") and len(sid) == 34
    settle(runtime)
    logged = api_messages(client, CUSTOMER)
    inbound = [m for m in logged if m["direction"] == "inbound"]
    assert [(m["twilio_sid"], m["body"], m["channel"]) for m in inbound] == [
        (sid, "Hello, my printer is broken", "whatsapp")
    ]
    assert any(m["direction"] == "outbound" for m in logged), "the bot did not answer"

    data = sim_messages(client, CUSTOMER)
    assert [m["id"] for m in data["messages"]] == [m["id"] for m in logged]
    assert data["conversation"]["phone"] == CUSTOMER
    assert data["conversation"]["awaiting"] is not None  # the intake has started
    newest = data["messages"][-1]["id"]
    assert sim_messages(client, CUSTOMER, after=newest)["messages"] == []


def test_sms_channel_and_a_national_number_are_normalised(client, runtime) -> None:  # type: ignore[no-untyped-def]
    response = send(client, "+27 82 555 1234", "Hello there", channel="sms")

    assert response.get_json()["phone"] == CUSTOMER
    settle(runtime)
    inbound = [m for m in api_messages(client, CUSTOMER) if m["direction"] == "inbound"]
    assert [(m["channel"], m["from"]) for m in inbound] == [("sms", CUSTOMER)]


def test_the_same_text_twice_is_two_messages(client, runtime) -> None:  # type: ignore[no-untyped-def]
    """Each send is a new MessageSid: typing "yes" twice must not be taken for a redelivery."""
    first, second = send(client, CUSTOMER, "hello"), send(client, CUSTOMER, "hello")

    assert first.get_json()["sid"] != second.get_json()["sid"]
    settle(runtime)
    assert len([m for m in api_messages(client, CUSTOMER) if m["direction"] == "inbound"]) == 2


@pytest.mark.parametrize(
    ("payload", "status", "says"),
    [
        ({"channel": "whatsapp", "body": "hi"}, 400, "phone is required"),
        ({"phone": "12", "body": "hi"}, 400, "E.164"),
        ({"phone": CUSTOMER, "channel": "telegram", "body": "hi"}, 400, "channel"),
        ({"phone": CUSTOMER, "body": "   "}, 400, "non-empty"),
        ({"phone": CUSTOMER, "body": "x" * 1601}, 400, "longer"),
        (["not", "an", "object"], 400, "JSON object"),
    ],
)
def test_send_refuses_bad_input_and_changes_nothing(client, runtime, payload, status, says) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/simulator/api/send", json=payload)

    assert response.status_code == status
    assert says in response.get_json()["error"]
    with runtime.sessions() as session:
        assert session.query(Message).count() == 0


def test_send_wants_json_so_other_sites_cannot_post_forms(client, runtime) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/simulator/api/send", data={"phone": CUSTOMER, "body": "hi"})

    assert response.status_code == 415
    with runtime.sessions() as session:
        assert session.query(Message).count() == 0


def test_messages_endpoint_checks_its_arguments(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/simulator/api/messages").status_code == 400
    assert client.get("/simulator/api/messages?phone=%2B27825551234&after=x").status_code == 400
    empty = sim_messages(client, CUSTOMER)
    assert empty == {"phone": CUSTOMER, "messages": [], "conversation": None}


# -- signed webhooks when a token is configured ---------------------------------------------


@pytest.mark.parametrize("public_url", [PUBLIC_URL, None], ids=["public-url", "request-host"])
def test_send_is_signed_when_twilio_is_configured(make_runtime, fake_twilio, public_url) -> None:  # type: ignore[no-untyped-def]
    rt = make_runtime(
        **{**twilio_overrides(fake_twilio), "public_url": public_url}, simulator_enabled=True
    )
    client = create_app(rt).test_client()
    unsigned = client.post(
        "/webhooks/twilio/messages",
        data=Phone(client, rt, CUSTOMER).form("forged"),
    )
    assert unsigned.status_code == 403  # the signature check is really on

    response = send(client, CUSTOMER, "Hello, my printer is broken")

    assert response.status_code == 201, response.get_data(as_text=True)
    settle(rt)
    with rt.sessions() as session:
        inbound = session.query(Message).filter_by(direction="inbound").all()
        assert [m.twilio_sid for m in inbound] == [response.get_json()["sid"]]
    replies = fake_twilio.wait_for_messages(1)  # the reply went out through the real SDK
    assert replies[0]["to"] == f"whatsapp:{CUSTOMER}"


def test_a_rejected_webhook_is_reported_not_hidden(make_runtime, fake_twilio, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    class WrongKey:
        def __init__(self, token: str) -> None:
            pass

        def compute_signature(self, url: str, params: dict[str, str]) -> str:
            return "forged"

    rt = make_runtime(**twilio_overrides(fake_twilio), simulator_enabled=True)
    client = create_app(rt).test_client()
    monkeypatch.setattr("webhooks.simulator.RequestValidator", WrongKey)

    response = send(client, CUSTOMER, "hello")

    assert response.status_code == 502
    assert "403" in response.get_json()["error"]
    with rt.sessions() as session:
        assert session.query(Message).count() == 0


# -- only when enabled -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/simulator",
        "/simulator/api/messages?phone=%2B27825551234",
        "/simulator/api/tickets",
        "/simulator/api/people",
        "/simulator/static/simulator.js",
    ],
)
def test_not_served_in_twilio_mode_unless_enabled(make_runtime, fake_twilio, path) -> None:  # type: ignore[no-untyped-def]
    rt = make_runtime(**twilio_overrides(fake_twilio))
    assert rt.settings.transport == "twilio" and not rt.settings.simulator_enabled
    client = create_app(rt).test_client()

    assert client.get(path).status_code == 404
    assert send(client, CUSTOMER, "hello").status_code == 404


def test_environment_switch_enables_it() -> None:
    twilio_env = {"TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "t"}
    assert Settings.from_env(twilio_env).simulator_enabled is False
    assert Settings.from_env({**twilio_env, "DESKBOT_SIMULATOR": "1"}).simulator_enabled is True
    assert Settings.from_env({}).transport == "console"  # where the simulator is on by default


# -- the ticket list -----------------------------------------------------------------------


def test_ticket_list_shows_a_new_ticket_with_a_running_clock(client, runtime) -> None:  # type: ignore[no-untyped-def]
    from bot.tickets.records import NewTicket, create_ticket
    from bot.timers import lifecycle

    with use(runtime), runtime.sessions.begin() as session:
        conversation = Conversation(phone="+27831112222", channel="whatsapp")
        session.add(conversation)
        ticket = create_ticket(
            runtime,
            session,
            NewTicket(
                company="Acme Ltd",
                contact_name="Jane Doe",
                contact_phone="+27831112222",
                customer_phone="+27831112222",
                description="The VPN is down for everyone",
                channel="whatsapp",
                language="en",
                priority=runtime.config.highest_priority,
            ),
            actor="test",
        )
        lifecycle.ticket_created(runtime, session, conversation, ticket)
        ref = ticket.ref
    settle(runtime)

    data = client.get("/simulator/api/tickets").get_json()

    [row] = [t for t in data["tickets"] if t["ref"] == ref]
    assert row["status"] == "open" and row["company"] == "Acme Ltd"
    assert row["priority"] == runtime.config.highest_priority
    assert row["clock"]["state"] == "running"
    assert 0 < row["clock"]["seconds_left"] <= 365 * 86400
    assert row["response_due"] and row["first_response_at"] is None
    assert "assignee" in row and row["contact_name"] == "Jane Doe"


def _ticket(**fields) -> Ticket:  # type: ignore[no-untyped-def]
    return Ticket(status=fields.pop("status", "open"), **fields)


def test_response_clock_states() -> None:
    now = utcnow()
    due = now + timedelta(minutes=30)

    assert response_clock(_ticket(response_due=due), now) == {
        "due": due.isoformat(),
        "state": "running",
        "seconds_left": 1800,
        "basis": "office_hours",
    }
    assert (
        response_clock(_ticket(response_due=now - timedelta(seconds=1)), now)["state"] == "breached"
    )
    met = _ticket(response_due=due, first_response_at=now - timedelta(minutes=5))
    assert response_clock(met, now)["state"] == "met"
    assert response_clock(met, now)["seconds_left"] is None
    late = _ticket(response_due=now - timedelta(hours=1), first_response_at=now)
    assert response_clock(late, now)["state"] == "met_late"
    assert response_clock(_ticket(response_due=due, status="closed"), now)["state"] == "stopped"
    assert response_clock(_ticket(), now)["state"] == "none"
