"""One promise: the customer's message, the technician's SMS, ``GET /api/tickets/<ref>``,
the simulator and ``deskbot tickets show`` state the same response time, side by side, for
a business-hours ticket, a 24x7 ticket, an after-hours page and a next-business-day case."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.tickets.notifications import staff_time
from tests.desk import Desk, jnb, make_desk
from tests.tickets_helpers import JANE, PETR, open_ticket

DAY = jnb(2026, 12, 2, 10, 0)
NIGHT = jnb(2026, 12, 2, 20, 0)
OPENING = jnb(2026, 12, 3, 8, 30)


@pytest.fixture
def desk(make_runtime, fake_twilio) -> Desk:  # type: ignore[no-untyped-def]
    return make_desk(make_runtime, fake_twilio, simulator_enabled=True)


def staff_sms(desk: Desk, ref: str) -> str:
    """The technician-side SMS that carries the ticket's promise (assignment, page, digest)."""
    customers = {PETR, f"whatsapp:{PETR}", JANE, f"whatsapp:{JANE}"}
    for message in desk.fake.messages:
        if ref in message["body"] and message["to"] not in customers:
            return message["body"]
    raise AssertionError(f"no staff SMS about {ref}")


def side_by_side(desk: Desk, ref: str, customer: str, now: datetime) -> dict[str, str]:
    """Every place's statement of the response time of ``ref``, as an aware ISO instant."""
    api = desk.ticket(ref)
    with desk.at(now):
        simulator = desk.client.get("/simulator/api/tickets").get_json()
    [row] = [t for t in simulator["tickets"] if t["ref"] == ref]
    cli = CliRunner().invoke(
        main,
        ["tickets", "show", ref],
        env={"DATABASE_URL": desk.rt.settings.database_url, "DESKBOT_TRANSPORT": "console"},
    )
    assert cli.exit_code == 0, cli.output
    due = datetime.fromisoformat(api["response_due"])
    customer_text = "\n".join(desk.delivered(customer))
    technician_text = staff_sms(desk, ref)
    assert desk.customer_time(due, customer) in customer_text, customer_text
    assert f"espond by {staff_time(desk.rt, due)}" in technician_text, technician_text
    assert row["clock"]["due_text"] == staff_time(desk.rt, due)
    return {
        "api": api["response_due"],
        "api_promise": api["promise"]["due"],
        "simulator": row["response_due"],
        "cli": json.loads(cli.output)["response_due"],
        "customer": desk.customer_time(due, customer),
        "technician": staff_time(desk.rt, due),
    }


def assert_one_promise(places: dict[str, str], expected: datetime) -> None:
    instants = {k: v for k, v in places.items() if k in ("api", "api_promise", "simulator", "cli")}
    assert {datetime.fromisoformat(v) for v in instants.values()} == {expected}, places


def test_business_hours_ticket(desk) -> None:
    with desk.at(DAY):
        ref = open_ticket(desk.rt, PETR, description="Printer offline", priority="high")
        desk.phone(PETR).says("status")  # the customer asks; the answer states the promise
    assert_one_promise(side_by_side(desk, ref, PETR, DAY), jnb(2026, 12, 2, 12, 0))


def test_24x7_ticket_at_night(desk) -> None:
    with desk.at(NIGHT):
        ref = open_ticket(desk.rt, JANE, description="VPN is slow", priority="medium")
    assert_one_promise(side_by_side(desk, ref, JANE, NIGHT), jnb(2026, 12, 3, 0, 0))


def test_after_hours_page(desk) -> None:
    with desk.at(NIGHT):
        ref = open_ticket(desk.rt, PETR, description="Mail server down", priority="critical")
    assert_one_promise(side_by_side(desk, ref, PETR, NIGHT), jnb(2026, 12, 2, 21, 0))


def test_next_business_day(desk) -> None:
    with desk.at(NIGHT):
        ref = open_ticket(desk.rt, PETR, description="Printer offline", priority="high")
    desk.sweep(OPENING)  # the technician hears of it in the morning digest
    assert_one_promise(side_by_side(desk, ref, PETR, OPENING), jnb(2026, 12, 3, 10, 30))
