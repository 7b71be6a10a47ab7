"""Smaller promises of issue 12: people are told the truth and not spammed. A technician
learns that an opted-out customer heard nothing; a stranger asking for a person reaches
the manager once per ten minutes; a language the desk does not speak gets the desk's
first language and its "yes" is never a company; a misconfigured transport shows."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from bot.directory import people
from bot.runtime import use
from bot.tickets.records import ticket_json
from storage.models import Conversation
from tests.conftest import Phone
from tests.tickets_helpers import JANE, THABO, open_ticket

JNB = ZoneInfo("Africa/Johannesburg")
MORNING = datetime(2026, 12, 2, 10, 0, tzinfo=JNB)  # Wed 2 Dec 2026, the desk is open


def test_a_technician_is_told_when_the_customer_opted_out(runtime, client) -> None:
    with time_machine.travel(MORNING, tick=False):
        ref = open_ticket(runtime, JANE, channel="sms")
        jane, thabo = Phone(client, runtime, JANE, "sms"), Phone(client, runtime, THABO, "sms")
        jane.says("STOP")
        thabo.says(f"{ref} reply we are on our way")
        assert thabo.last().startswith(f"{ref}: NOT sent")
        assert "opted out" in thabo.last() and "call them" in thabo.last()
        thabo.says(f"{ref} status in_progress")
        assert "NOT told" in thabo.last()
        assert not any("on our way" in body for body in jane.inbox())
        jane.says("START")
        thabo.says(f"{ref} reply back again")
        assert thabo.last() == f"{ref}: sent to Jane Doe by sms."


def test_a_stranger_asking_for_a_person_reaches_the_manager_once_per_ten_minutes(
    runtime, client
) -> None:
    manager = Phone(client, runtime, people.managers(runtime.config)[0], "sms")
    stranger = Phone(client, runtime, "+27825550777")
    with time_machine.travel(MORNING, tick=False) as clock:
        for n in range(11):
            stranger.says(f"I want to talk to a person now {n}")
        texts = manager.inbox()
        assert len(texts) <= 3, texts  # the hand-over, then one relay: not eleven SMS
        clock.shift(timedelta(minutes=11))
        stranger.says("hello??")
    relays = [b for b in manager.inbox() if "writes:" in b]
    assert "hello??" in relays[-1] and "more since" in relays[-1]
    assert len(stranger.inbox()) >= 11  # the stranger still gets an answer each time


def test_french_gets_the_desks_first_language_and_oui_is_not_a_company(runtime, client) -> None:
    first = runtime.config.helpdesk.languages[0]
    customer = Phone(client, runtime, "+33612345678")
    with time_machine.travel(MORNING, tick=False):
        customer.says("Bonjour, mon imprimante ne marche pas depuis ce matin")
        assert customer.conversation()["language"] == first
        asked = customer.conversation()["awaiting"]
        customer.says("oui")
    slots = customer.conversation()["slots"]
    assert slots.get("company") != "Oui" and slots.get("company") != "oui", (asked, slots)


def test_healthz_shows_a_transport_that_cannot_send(make_runtime, fake_twilio) -> None:
    from tests.conftest import twilio_overrides
    from webhooks import create_app

    runtime = make_runtime(
        **{**twilio_overrides(fake_twilio), "twilio_sms_from": None, "twilio_whatsapp_from": None}
    )
    body = create_app(runtime).test_client().get("/healthz").get_json()
    assert body["status"] == "degraded" and body["database"] == "ok"
    assert "no sender number" in body["transport_status"]


def test_a_technician_number_listed_as_a_contact_is_warned_about(tmp_path) -> None:
    from click.testing import CliRunner

    from bot.cli import main
    from bot.core.config import EXAMPLE_CONFIG

    text = EXAMPLE_CONFIG.read_text().replace('phone = "+27831112222"', f'phone = "{THABO}"', 1)
    path = tmp_path / "desk.toml"
    path.write_text(text)
    result = CliRunner().invoke(main, ["check-config", str(path)])
    assert result.exit_code == 0
    assert f"warning: companies[0].contacts[0].phone: {THABO} is also a staff number" in (
        result.output
    )


def test_an_unsubscribed_error_marks_the_customer_opted_out(twilio_runtime, fake_twilio) -> None:
    from sqlalchemy import select

    from bot.messaging.delivery import deliver_due
    from bot.tickets.records import find_ticket

    fake_twilio.fail_for(to=JANE, status=400, code=21610)
    ref = open_ticket(twilio_runtime, JANE, channel="sms")
    # A reply about the ticket (whether opening it also sent a notice depends on the hour:
    # the after-hours offer goes out only when the office is closed).
    with use(twilio_runtime), twilio_runtime.sessions.begin() as session:
        ticket_id = find_ticket(session, "TKT", ref).id
        twilio_runtime.outbox.queue(
            session, channel="sms", to=JANE, body="Any news?", ticket_id=ticket_id
        )
    deliver_due(twilio_runtime.sessions, twilio_runtime.transport, twilio_runtime.outbox, JANE)
    with twilio_runtime.sessions() as session:
        assert session.scalars(
            select(Conversation.opted_out).where(Conversation.phone == JANE)
        ).one()
        events = [e["type"] for e in ticket_json(find_ticket(session, "TKT", ref))["events"]]
    assert "delivery_failed" in events
