"""Naming a contracted company is a claim: its benefits (24x7, no overtime charge, paging
at night) go only to a verified contact (directory contact, a number or e-mail domain the
company lists, or a manager's ``REF verify``)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.runtime import use
from bot.tickets.records import NewTicket, create_ticket
from tests.conftest import Phone
from tests.tickets_helpers import PIETER, STRANGER, THABO, api, event_types, ticket

JNB = ZoneInfo("Africa/Johannesburg")
NIGHT = datetime(2026, 12, 2, 21, 0, tzinfo=JNB)  # Wednesday evening: the desk is closed
MORNING = datetime(2026, 12, 2, 10, 0, tzinfo=JNB)  # Wednesday 10:00: the desk is open


@pytest.fixture
def night():  # type: ignore[no-untyped-def]
    with time_machine.travel(NIGHT, tick=False):
        yield


def _intake(customer: Phone, first: str) -> str:
    """Answer whatever the bot asks until the ticket exists; returns its reference."""
    customer.says(first)
    for answer in ("Bob Smith", "yes", "yes", "yes"):
        reference = customer.conversation()["ticket"]
        if reference:
            return reference
        customer.says(answer)
    reference = customer.conversation()["ticket"]
    assert reference, customer.inbox()
    return reference


def test_a_stranger_naming_acme_at_night_is_not_given_its_contract(night, runtime, client) -> None:
    stranger = Phone(client, runtime, STRANGER)
    ref = _intake(stranger, "Bob from Acme Ltd, my printer is broken")
    data = ticket(client, ref)
    assert data["company"] == "Acme Ltd"
    assert data["verified"] is False and data["contract"] is False
    assert data["support"] == "business_hours"
    assert "page" not in event_types(data)  # nobody woken for an unproven claim
    assert any("overtime" in body for body in stranger.inbox())  # the non-contract offer


def test_the_technician_sees_that_the_contact_is_unverified(runtime, client) -> None:
    with time_machine.travel(MORNING, tick=False):  # office hours: the notice goes at once
        ref = _intake(Phone(client, runtime, STRANGER), "Bob from Acme Ltd, my printer jams")
    assert ticket(client, ref)["verified"] is False
    staff = [m for m in api(client, f"/api/messages?ticket={ref}") if m["to"] != STRANGER]
    assert any("UNVERIFIED" in m["body"] and f"{ref} verify" in m["body"] for m in staff)
    assert any("[unverified]" in m["body"] for m in staff)


def test_a_manager_verifies_and_the_contract_applies_at_once(night, runtime, client) -> None:
    ref = _intake(Phone(client, runtime, STRANGER), "Bob from Acme Ltd, the printer jams")
    assert "page" not in event_types(ticket(client, ref))  # not 24x7 while unverified
    technician = Phone(client, runtime, THABO, "sms")
    technician.says(f"{ref} verify")
    assert technician.last().startswith("Only a manager can verify")
    assert ticket(client, ref)["verified"] is False

    manager = Phone(client, runtime, PIETER, "sms")
    manager.says(f"{ref} verify")
    assert "verified for Acme Ltd; the contract applies" in manager.last()
    assert "On-call paged." in manager.last()
    data = ticket(client, ref)
    assert data["verified"] is True and data["contract"] is True and data["support"] == "24x7"
    assert "verified" in event_types(data) and "page" in event_types(data)
    manager.says(f"{ref} verify")
    assert "already verified" in manager.last()


def _ticket_for(runtime, phone: str, email: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    from bot.tickets.records import ticket_json

    with use(runtime), runtime.sessions.begin() as session:
        new = NewTicket("Acme Ltd", "Bob", phone, phone, "VPN down", "sms", "en", "high", email)
        return ticket_json(create_ticket(runtime, session, new, actor=phone))


def test_listed_numbers_and_domains_are_verified(make_runtime, config) -> None:
    companies = [
        company.model_copy(update={"phones": [STRANGER], "domains": ["acme.example"]})
        if company.name == "Acme Ltd"
        else company
        for company in config.companies
    ]
    runtime = make_runtime(config_override=config.model_copy(update={"companies": companies}))
    from bot.app import mirror_directory

    mirror_directory(runtime)
    listed = _ticket_for(runtime, STRANGER)
    assert listed["verified"] and listed["contract"] and listed["support"] == "24x7"
    by_domain = _ticket_for(runtime, "+27825550998", email="bob@acme.example")
    assert by_domain["verified"] and by_domain["contract"]
    other = _ticket_for(runtime, "+27825550997", email="bob@gmail.example")
    assert not other["verified"] and not other["contract"]
    directory_contact = _ticket_for(runtime, "+27831112222")  # Jane Doe, Acme's contact
    assert directory_contact["verified"] and directory_contact["contract"]


def test_a_ticket_staff_open_for_a_customer_is_vouched_for(runtime) -> None:
    """The write API (an authenticated client of the desk) opens it: its word verifies."""
    from bot.app import mirror_directory
    from bot.conversation import on_behalf
    from bot.tickets.records import ticket_json

    mirror_directory(runtime)
    request = on_behalf.Request(
        contact_phone=STRANGER, description="VPN down for the sales team", company="Acme Ltd"
    )
    with use(runtime), runtime.sessions.begin() as session:
        opened = ticket_json(on_behalf.open_ticket(runtime, session, request, actor="api:psa"))
    assert opened["verified"] and opened["contract"] and opened["support"] == "24x7"
