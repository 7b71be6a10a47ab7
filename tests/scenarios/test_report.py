"""``deskbot report``: the monthly statement's rows and totals, local-month
boundaries, contract vs chargeable, and clear errors with exit code 2."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.directory.sync import sync_directory
from bot.runtime import Runtime, use
from bot.tickets.records import NewTicket, create_ticket
from storage.models import TimeEntry


def _ticket(rt: Runtime, session, company: str, contact: str, phone: str):  # type: ignore[no-untyped-def]
    return create_ticket(
        rt,
        session,
        NewTicket(
            company=company,
            contact_name=contact,
            contact_phone=phone,
            customer_phone=phone,
            description="Work",
            channel="sms",
            language="en",
            priority="medium",
        ),
        actor=phone,
    )


@pytest.fixture
def work(runtime: Runtime) -> dict[str, str]:
    """Time entries around November 2026 (local time, Africa/Johannesburg = UTC+2)."""
    zone = runtime.config.zone

    def local(day: int, month: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2026, month, day, hour, minute, tzinfo=zone)

    with use(runtime), runtime.sessions.begin() as session:
        sync_directory(session, runtime.config)
        acme = _ticket(runtime, session, "Acme Ltd", "Jane Doe", "+27831112222")
        bianchi = _ticket(runtime, session, "Bianchi Srl", "Giulia Bianchi", "+390212345678")
        rows = [
            (acme, local(1, 11, 0, 30), 45, "Lerato Dlamini", "night restore", None),
            (acme, local(3, 11, 9), 90, "Thabo Nkosi", "replaced switch", "1x switch"),
            (acme, local(30, 11, 23, 0), 61, "Thabo Nkosi", "late patching", None),
            (acme, local(31, 10, 23, 59), 30, "Thabo Nkosi", "October work", None),
            (acme, local(1, 12, 0, 0), 15, "Thabo Nkosi", "December work", None),
            (bianchi, local(10, 11, 14), 50, "Lerato Dlamini", "toner, drum", "drum unit"),
        ]
        for ticket, start, minutes, technician, text, parts in rows:
            session.add(
                TimeEntry(
                    ticket_id=ticket.id,
                    technician=technician,
                    started_at=start,
                    ended_at=start + timedelta(minutes=minutes),
                    minutes=minutes,
                    description=text,
                    parts=parts,
                )
            )
        refs = {"acme": acme.ref, "bianchi": bianchi.ref}
    return refs


def _run(runtime: Runtime, *args: str):  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": runtime.settings.database_url, "DESKBOT_CONFIG": ""}
    return CliRunner().invoke(main, ["report", *args], env=env)


def _parse(output: str) -> tuple[list[dict[str, str]], dict[str, str]]:
    rows = list(csv.reader(io.StringIO(output)))
    blank = rows.index([])
    header, items, totals = rows[0], rows[1:blank], rows[blank + 1 :]
    return [dict(zip(header, r, strict=True)) for r in items], dict(totals)


def test_contract_customer_statement(runtime: Runtime, work: dict[str, str]) -> None:
    result = _run(runtime, "--company", "acme ltd", "--month", "2026-11")
    assert result.exit_code == 0, result.output
    items, totals = _parse(result.output)
    assert [(i["date"], i["start"], i["end"], i["minutes"]) for i in items] == [
        ("2026-11-01", "00:30", "01:15", "45"),
        ("2026-11-03", "09:00", "10:30", "90"),
        ("2026-11-30", "23:00", "00:01", "61"),
    ]
    assert items[1]["technician"] == "Thabo Nkosi"
    assert items[1]["ticket"] == work["acme"]
    assert items[1]["description"] == "replaced switch" and items[1]["parts"] == "1x switch"
    assert totals["company"] == "Acme Ltd" and totals["contract"] == "yes"
    assert totals["items"] == "3"
    assert totals["total_minutes"] == str(45 + 90 + 61) == "196"
    assert totals["total_hours"] == "3.27"
    assert totals["amount"] == "0"


def test_non_contract_customer_is_chargeable(runtime: Runtime, work: dict[str, str]) -> None:
    result = _run(runtime, "--company", "Bianchi Srl", "--month", "2026-11")
    assert result.exit_code == 0, result.output
    items, totals = _parse(result.output)
    assert [i["description"] for i in items] == ["toner, drum"]  # the comma survives CSV
    assert (totals["contract"], totals["total_minutes"], totals["amount"]) == (
        "no",
        "50",
        "chargeable",
    )


def test_month_without_work_and_text_format(runtime: Runtime, work: dict[str, str]) -> None:
    result = _run(runtime, "--company", "Mokolodi Lodge", "--month", "2026-11")
    assert result.exit_code == 0, result.output
    items, totals = _parse(result.output)
    assert items == [] and totals["total_minutes"] == "0" and totals["amount"] == "0"
    text = _run(runtime, "--company", "Acme Ltd", "--month", "2026-11", "--format", "text")
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Statement Acme Ltd, 2026-11")
    assert (
        "total_minutes: 196" in text.output and "replaced switch (parts: 1x switch)" in text.output
    )


@pytest.mark.parametrize(
    ("company", "month", "message"),
    [
        ("Nobody Inc", "2026-11", "no company 'Nobody Inc'"),
        ("Acme Ltd", "2026-13", "is not YYYY-MM"),
        ("Acme Ltd", "November", "is not YYYY-MM"),
    ],
)
def test_bad_company_or_month_exits_2(
    runtime: Runtime, work: dict[str, str], company: str, month: str, message: str
) -> None:
    result = _run(runtime, "--company", company, "--month", month)
    assert result.exit_code == 2
    assert message in result.output


def test_non_contract_amount_uses_the_hourly_rate(runtime: Runtime, work: dict[str, str]) -> None:
    from bot.tickets.report import Statement, monthly_statement

    config = runtime.config.model_copy(
        update={"billing": runtime.config.billing.model_copy(update={"hourly_rate": 600.0})}
    )
    with runtime.sessions() as session:
        bianchi = monthly_statement(session, config, "Bianchi Srl", "2026-11")
        acme = monthly_statement(session, config, "Acme Ltd", "2026-11")
    assert isinstance(bianchi, Statement)
    assert bianchi.total_minutes == 50 and bianchi.amount == "500.00 ZAR"
    assert acme.amount == "0"  # covered by the contract whatever the rate
