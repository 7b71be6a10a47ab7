"""The paging chain follows the ticket: a priority below the page threshold, a status
change, resolve, close or the customer's cancel stop it and everyone already paged is told
why; ``ack`` tells the others who took it; pages and outcomes are ticket events."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.desk import Desk, jnb, make_desk
from tests.tickets_helpers import PETR, PIETER, open_ticket

NIGHT = jnb(2026, 12, 2, 21, 0)
TIMEOUT = timedelta(minutes=10)  # the example's ack_timeout
WAITING_WORDS = "We need more information"


@pytest.fixture
def desk(make_runtime, fake_twilio) -> Desk:  # type: ignore[no-untyped-def]
    return make_desk(make_runtime, fake_twilio)


def escalated_once(desk: Desk) -> tuple[str, str]:
    """A critical contract ticket at night, paged to on-call, then to the manager."""
    with desk.at(NIGHT):
        ref = open_ticket(desk.rt, PETR, description="The mail server is down", priority="critical")
    desk.sweep(NIGHT + TIMEOUT + timedelta(seconds=1))
    on_call = desk.on_call(NIGHT)
    assert desk.delivered(on_call)[0].startswith(f"PAGE {ref}")
    assert desk.delivered(PIETER)[0].startswith(f"PAGE {ref}")
    assert "Escalated to you (level 1)" in desk.delivered(PIETER)[0]
    return ref, on_call


def pages_sent(desk: Desk) -> int:
    return sum(1 for m in desk.fake.messages if m["body"].startswith("PAGE "))


def test_priority_below_the_page_threshold_stops_the_chain(desk) -> None:
    ref, on_call = escalated_once(desk)
    with desk.at(NIGHT + timedelta(minutes=12)):
        desk.phone(on_call, "sms").says(f"{ref} priority high")
    assert "now high" in desk.delivered(on_call)[-1]
    stopped = desk.delivered(PIETER)[-1]
    assert stopped.startswith(f"PAGING STOPPED {ref}")
    assert "priority lowered to high" in stopped and "next business day" in stopped
    pages = pages_sent(desk)
    for minutes in (25, 40, 60, 120):  # no level 2, no managing director, no repeat page
        desk.sweep(NIGHT + timedelta(minutes=minutes))
    assert pages_sent(desk) == pages
    customer = desk.delivered(PETR)
    assert WAITING_WORDS not in "\n".join(customer)
    # The customer holds the new promise: high, next business day (Thu 08:30 + 2 h).
    due = desk.customer_time(jnb(2026, 12, 3, 10, 30), PETR)
    assert "now has high priority" in customer[-1] and due in customer[-1]
    data = desk.ticket(ref)
    assert data["promise"]["basis"] == "office_hours" and data["paging"] is False
    events = desk.events(ref)
    assert events.count("page") == 2 and "paging_stopped" in events
    # Nobody took it at night: it is assigned at opening like any other overnight ticket.
    desk.sweep(jnb(2026, 12, 3, 8, 30))
    assert desk.ticket(ref)["assignee"] is not None


def test_ack_tells_the_others_who_took_it(desk) -> None:
    ref, on_call = escalated_once(desk)
    with desk.at(NIGHT + timedelta(minutes=11)):
        desk.phone(PIETER, "sms").says("ack")
    told = desk.delivered(on_call)[-1]
    assert told.startswith(f"PAGING STOPPED {ref}")
    assert "acknowledged by Pieter van Wyk at Wed 02 Dec 21:11; no need to act" in told
    assert desk.ticket(ref)["assignee"] == "Pieter van Wyk"
    [stop] = [e for e in desk.ticket(ref)["events"] if e["type"] == "paging_stopped"]
    assert stop["actor"] == "Pieter van Wyk"
    assert not any(m.startswith("PAGING STOPPED") for m in desk.delivered(PIETER))


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("status in_progress", "status set to in_progress by"),
        ("resolve restarted the mail service", "resolved by"),
    ],
)
def test_status_change_or_resolve_stops_the_chain(desk, command: str, why: str) -> None:
    ref, on_call = escalated_once(desk)
    with desk.at(NIGHT + timedelta(minutes=11)):
        desk.phone(on_call, "sms").says(f"{ref} {command}")
    assert why in desk.delivered(PIETER)[-1]
    pages = pages_sent(desk)
    desk.sweep(NIGHT + timedelta(minutes=45))
    assert pages_sent(desk) == pages
    # The customer hears the truth about the new status, never a false question.
    assert WAITING_WORDS not in "\n".join(desk.delivered(PETR))


def test_customer_cancel_stops_the_chain(desk) -> None:
    ref, on_call = escalated_once(desk)
    with desk.at(NIGHT + timedelta(minutes=11)):
        desk.phone(PETR).says("cancel")
    assert desk.ticket(ref)["status"] == "closed"
    assert "zrušen" in desk.delivered(PETR)[-1] or "cancelled" in desk.delivered(PETR)[-1]
    for person in (on_call, PIETER):
        assert "cancelled by the customer" in desk.delivered(person)[-1]
    pages = pages_sent(desk)
    desk.sweep(NIGHT + timedelta(minutes=45))
    assert pages_sent(desk) == pages
