"""Data subject requests end to end: a customer who went through intake, sent a photo and
got a technician's time and reply is exported, erased and exported again; the monthly
statement keeps its totals; nothing of theirs is left in any column of any table; the
retention periods apply over time."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from click.testing import CliRunner
from sqlalchemy import JSON, MetaData, String, Text, select

from bot.cli import main
from bot.jobs.sweeper import SWEEPS, sweep_once
from bot.privacy.retention import sweep_retention
from bot.runtime import Runtime
from storage.db import utcnow
from storage.models import Message, PrivacyErasure, Ticket
from tests.conftest import Phone

ZONE = ZoneInfo("Africa/Johannesburg")
MOMENT = datetime(2026, 12, 2, 10, 0, tzinfo=ZONE)  # Wednesday, office hours
MARIA = "+27825550444"
MARIA_NAME = "Maria Rossi"
MARIA_EMAIL = "maria.rossi@fresh.example"
MARIA_WORDS = "the label printer is jammed"
MARIA_DETAIL = "it shows error 42 since the toner change"
PHOTO = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
JANE = "+27831112222"
LERATO = "+27827654321"


def cli(runtime: Runtime, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": runtime.settings.database_url, "DESKBOT_CONFIG": ""}
    return CliRunner().invoke(main, list(args), env=env, input=input)


def export(runtime: Runtime, who: str = MARIA) -> dict:  # type: ignore[type-arg]
    result = cli(runtime, "privacy", "export", who)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def totals(runtime: Runtime) -> list[list[str]]:
    """Acme's December statement: each item but its description, then the totals."""
    result = cli(runtime, "report", "--company", "Acme Ltd", "--month", "2026-12")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    blank = rows.index([])
    return [row[:6] for row in rows[1:blank]] + rows[blank + 1 :]


@pytest.fixture
def maria(phone) -> Iterator[Phone]:  # type: ignore[no-untyped-def]
    """Maria (not in the directory) opens TKT-1001 for Acme, adds a detail and a photo;
    Lerato logs time and replies; Jane, another customer, mentions Maria in her own ticket."""
    with time_machine.travel(MOMENT, tick=False):
        customer = phone(MARIA)
        customer.says(
            f"Hi, this is {MARIA_NAME} from Acme, {MARIA_WORDS}. My email is {MARIA_EMAIL}"
        )
        customer.says("yes")
        customer.says(MARIA_DETAIL)
        customer.says("", NumMedia="1", MediaUrl0=PHOTO, MediaContentType0="image/jpeg")
        lerato = phone(LERATO)
        lerato.says("TKT-1001 time 45m 09:00-09:45 replaced the roller for Maria Rossi")
        lerato.says("TKT-1001 reply Hi Maria, it prints again. Call 082 555 0444 if not.")
        jane = phone(JANE)
        jane.says(f"the printer {MARIA_NAME} uses is broken again, {MARIA_EMAIL} knows")
        jane.says("yes")
        yield customer


def _texts(runtime: Runtime) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text or JSON value of every table in the database,
    read from the database's own schema, so tables added by any feature are included."""
    found = []
    metadata = MetaData()
    metadata.reflect(bind=runtime.engine)
    with runtime.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text | JSON):
                    continue
                for (value,) in conn.execute(select(column)):
                    if value is None:
                        continue
                    text = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
                    found.append((table.name, column.name, text))
    return found


def _traces(runtime: Runtime) -> list[tuple[str, str, str]]:
    """Values that still carry Maria's name, number (in any form) or e-mail address."""
    needles = (MARIA_NAME.lower(), MARIA[1:], "825550444", "082 555 0444", MARIA_EMAIL)
    return [
        (table, column, value)
        for table, column, value in _texts(runtime)
        if any(needle in value.lower() for needle in needles)
    ]


def test_export_then_forget_then_export_shows_nothing_personal(
    runtime, maria, client, api_headers
) -> None:
    before = export(runtime)
    assert before["identifiers"] == {
        "phones": [MARIA],
        "emails": [MARIA_EMAIL],
        "names": [MARIA_NAME],
    }
    bodies = [m["body"] for m in before["messages"]]
    assert any(MARIA_DETAIL in body for body in bodies)
    assert any("it prints again" in body for body in bodies)  # what the desk sent her
    assert [m["url"] for m in before["media"]] == [PHOTO]
    (ticket,) = before["tickets"]
    assert ticket["ref"] == "TKT-1001" and ticket["email"] == MARIA_EMAIL
    assert ticket["opened_by_them"] and ticket["they_are_the_contact"]
    assert [e["minutes"] for e in ticket["time_entries"]] == [45]
    # Jane's ticket names her: listed with where it is.
    assert {(m["table"], m["column"]) for m in before["mentions"]} >= {("tickets", "description")}
    assert before["retention"] == {"keep_messages": "365d", "keep_closed_tickets": "1095d"}
    assert LERATO not in json.dumps(before)  # staff numbers are not part of her copy

    response = client.get(
        "/api/privacy/export?email=" + MARIA_EMAIL.upper(),
        headers=api_headers,
    )
    assert response.status_code == 200
    assert response.get_json()["tickets"][0]["ref"] == "TKT-1001"
    assert client.get(f"/api/privacy/export?phone=%2B{MARIA[1:]}").status_code == 401
    for query in ("", f"?phone={MARIA[1:]}&email={MARIA_EMAIL}", "?email=maria@", "?phone=12"):
        bad = client.get("/api/privacy/export" + query, headers=api_headers)
        assert bad.status_code == 400, query

    with time_machine.travel(MOMENT + timedelta(days=2), tick=False):
        result = cli(runtime, "privacy", "forget", MARIA, "--yes")
    assert result.exit_code == 0, result.output
    assert "recorded as erasure #1" in result.output

    again = export(runtime)
    assert again["identifiers"] == {"phones": [MARIA], "emails": [], "names": []}  # asked
    held = {k: v for k, v in again.items() if k not in ("request", "identifiers")}
    text = json.dumps(held, ensure_ascii=False).lower()
    for personal in (MARIA_NAME, MARIA[1:], MARIA_EMAIL, MARIA_WORDS, MARIA_DETAIL, PHOTO):
        assert personal.lower() not in text
    assert held["tickets"] == held["messages"] == held["mentions"] == held["conversations"] == []
    # The ticket itself stays, with its facts.
    with runtime.sessions() as session:
        kept = session.scalars(select(Ticket).where(Ticket.ref == "TKT-1001")).one()
        assert (kept.priority, kept.company_name, kept.channel) == ("high", "Acme Ltd", "whatsapp")
        assert kept.contact_name.startswith("anon-") and kept.email is None
        assert [e.minutes for e in kept.time_entries] == [45]
        jane = session.scalars(select(Ticket).where(Ticket.ref == "TKT-1002")).one()
        assert jane.contact_name == "Jane Doe" and "printer anon-" in jane.description


def test_no_trace_of_the_person_in_any_column_of_any_table(runtime, maria) -> None:
    assert _traces(runtime), "the scan must see the person before the erasure"
    assert cli(runtime, "privacy", "forget", MARIA_EMAIL, "--yes").exit_code == 0
    assert _traces(runtime) == []
    # The other customer's data is untouched.
    assert any(value == "Jane Doe" for _, column, value in _texts(runtime))


def test_statement_totals_are_the_same_after_an_erasure(runtime, maria) -> None:
    before = totals(runtime)
    assert ["total_minutes", "45"] in before
    assert cli(runtime, "privacy", "forget", MARIA, "--yes").exit_code == 0
    assert totals(runtime) == before


def test_the_erasure_is_recorded_without_personal_data_and_is_idempotent(runtime, maria) -> None:
    first = cli(runtime, "privacy", "forget", MARIA, "--yes")
    assert first.exit_code == 0, first.output
    snapshot = sorted(_texts(runtime))
    again = cli(runtime, "privacy", "forget", MARIA, "--yes")
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert sorted(_texts(runtime)) == snapshot
    with runtime.sessions() as session:
        (record,) = session.scalars(select(PrivacyErasure)).all()
    assert record.identified_by == "phone" and record.counts["tickets"] == 1
    recorded = json.dumps([record.pseudonym, record.counts]).lower()
    assert all(p.lower() not in recorded for p in (MARIA[1:], MARIA_NAME, MARIA_EMAIL))


def test_a_later_message_from_the_same_number_starts_afresh(runtime, maria, phone) -> None:
    assert cli(runtime, "privacy", "forget", MARIA, "--yes").exit_code == 0
    with time_machine.travel(MOMENT + timedelta(days=1), tick=False):
        phone(LERATO).says("TKT-1001 reply are you still there?")  # nobody to send it to
    with runtime.sessions() as session:
        bodies = session.scalars(select(Message.body).where(Message.direction == "outbound"))
        assert not any("are you still there?" in body for body in bodies)
        assert session.scalars(select(Message).where(Message.status == "pending")).all() == []
    with time_machine.travel(MOMENT + timedelta(days=2), tick=False):
        maria.says("hello, my screen is flickering")
    state = maria.conversation()
    assert state["ticket"] is None and "contact_name" not in state["slots"]
    assert "Maria" not in maria.last() and "TKT-1001" not in maria.last()


def test_forget_asks_first_and_says_what_it_erases(runtime, maria) -> None:
    result = cli(runtime, "privacy", "forget", MARIA, input="n\n")
    assert result.exit_code == 1
    assert "TKT-1001" in result.output and MARIA_EMAIL in result.output
    assert export(runtime)["tickets"]  # nothing changed


def test_bad_identifiers_and_staff_numbers_are_refused(runtime, maria) -> None:
    assert cli(runtime, "privacy", "forget", "not-a-number", "--yes").exit_code == 2
    staff = cli(runtime, "privacy", "forget", LERATO, "--yes")
    assert staff.exit_code == 1 and "staff number" in staff.output
    assert export(runtime)["tickets"]


def test_config_contacts_are_erased_and_the_operator_is_warned(runtime, phone) -> None:
    with time_machine.travel(MOMENT, tick=False):
        phone(JANE).says("the VPN is down for everyone")
    result = cli(runtime, "privacy", "forget", JANE, "--yes")
    assert result.exit_code == 0, result.output
    assert "still a contact in the configuration file" in result.stderr
    assert "Jane Doe" not in json.dumps(export(runtime, JANE))


def test_retention_over_time(runtime, maria) -> None:
    with runtime.sessions.begin() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.ref == "TKT-1001")).one()
        ticket.status, ticket.closed_at = "closed", MOMENT + timedelta(days=1)
    before = totals(runtime)
    assert sweep_retention in SWEEPS

    with time_machine.travel(MOMENT + timedelta(days=300), tick=False):
        assert sweep_retention(runtime, utcnow()) == 0  # nothing is old enough yet

    with time_machine.travel(MOMENT + timedelta(days=366), tick=False):
        maria.says("hello again, new problem")  # recent: kept
        # The app's own sweeper may get there first: the effect is what counts.
        assert "sweep_retention" in sweep_once(runtime)
    with runtime.sessions() as session:
        messages = session.scalars(select(Message).order_by(Message.id)).all()
        old = [m for m in messages if m.created_at < MOMENT + timedelta(days=300)]
        assert old and all(m.body == "" and m.media == [] for m in old)
        assert any(m.body == "hello again, new problem" for m in messages)
        ticket = session.scalars(select(Ticket).where(Ticket.ref == "TKT-1001")).one()
        assert ticket.contact_name == MARIA_NAME  # contacts stay until keep_closed_tickets

    with time_machine.travel(MOMENT + timedelta(days=1097), tick=False):
        sweep_retention(runtime, utcnow())
        assert sweep_retention(runtime, utcnow()) == 0  # done once, not again
    with runtime.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.ref == "TKT-1001")).one()
        assert ticket.contact_name.startswith("anon-") and ticket.email is None
        assert ticket.customer_phone == ticket.contact_phone == ticket.contact_name
        assert "Maria" not in ticket.time_entries[0].description
        assert ticket.time_entries[0].minutes == 45 and ticket.priority == "high"
        assert MARIA_WORDS in ticket.description  # the problem stays, the person goes
    assert totals(runtime) == before


def test_logs_carry_no_bodies_or_addresses_above_debug(phone, caplog) -> None:
    """The console transport, the webhook, the intake and the jobs, at INFO."""
    caplog.set_level(logging.INFO)
    with time_machine.travel(MOMENT, tick=False):
        customer = phone(MARIA)
        customer.says(f"Hi, this is {MARIA_NAME} from Acme, {MARIA_WORDS}. {MARIA_EMAIL}")
        customer.says("yes")
    text = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "console whatsapp to +********444" in text  # the transport did log, masked
    for private in (MARIA[1:], MARIA_EMAIL, MARIA_WORDS, "Your ticket is"):
        assert private not in text
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    with time_machine.travel(MOMENT, tick=False):
        customer.says(MARIA_DETAIL)
    debug = "\n".join(r.getMessage() for r in caplog.records)
    assert "added this to your ticket" in debug and MARIA[1:] not in debug


def test_as_a_colleague_s_contact_only_their_own_fields_go(runtime, phone) -> None:
    """Jane reported a problem for Maria: Maria's name, number and address leave Jane's
    ticket, Jane's own data and words stay."""
    with time_machine.travel(MOMENT, tick=False):
        jane = phone(JANE)
        jane.says("the VPN is down for everyone")
        jane.says("yes")
    with runtime.sessions.begin() as session:
        ticket = session.scalars(select(Ticket)).one()
        ticket.contact_name, ticket.contact_phone, ticket.email = MARIA_NAME, MARIA, MARIA_EMAIL
        ticket.description += f", {MARIA_NAME} cannot work"
    assert export(runtime, MARIA_EMAIL)["tickets"][0]["they_are_the_contact"]
    assert cli(runtime, "privacy", "forget", MARIA_EMAIL, "--yes").exit_code == 0
    assert _traces(runtime) == []
    with runtime.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert ticket.customer_phone == JANE and ticket.contact_name.startswith("anon-")
        assert ticket.description.startswith("the VPN is down for everyone")
    assert jane.conversation()["phone"] == JANE
