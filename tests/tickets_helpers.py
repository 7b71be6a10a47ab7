"""Shared helpers for the ticket life-cycle tests: open a ticket the way the intake
would leave it (customer conversation + ticket + lifecycle hooks), read it back
through the API, and talk as staff over the webhook."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.messaging.inbound import lock_conversation
from bot.runtime import Runtime, use
from bot.tickets.records import NewTicket, create_ticket
from bot.timers.lifecycle import ticket_created
from storage.db import utcnow
from tests.conftest import API_TOKEN, settle

THABO = "+27821234567"  # technician: network, servers
LERATO = "+27827654321"  # technician: desktops, printers, software
PIETER = "+27829990001"  # manager
ESCALATION_ONLY = "+27829990002"  # staff number without a technician entry
JANE = "+27831112222"  # Acme Ltd, contract, 24x7
GIULIA = "+390212345678"  # Bianchi Srl, no contract
PETR = "+420601123456"  # Novák s.r.o., contract
STRANGER = "+27825550999"

CUSTOMERS = {
    JANE: ("Acme Ltd", "Jane Doe"),
    GIULIA: ("Bianchi Srl", "Giulia Bianchi"),
    PETR: ("Novák s.r.o.", "Petr Novák"),
}


def open_ticket(
    rt: Runtime,
    customer: str = JANE,
    *,
    description: str = "The file server is offline since 9am",
    priority: str = "high",
    channel: str = "whatsapp",
    language: str = "en",
    last_inbound_at: datetime | None = None,
    category: str | None = None,
) -> str:
    """A ticket as the intake leaves it; returns its reference."""
    company, contact = CUSTOMERS[customer]
    with use(rt), rt.sessions.begin() as session:
        conversation = lock_conversation(session, customer, channel)
        conversation.language = language
        conversation.channel = channel
        conversation.last_inbound_at = last_inbound_at or utcnow()
        ticket = create_ticket(
            rt,
            session,
            NewTicket(
                company=company,
                contact_name=contact,
                contact_phone=customer,
                customer_phone=customer,
                description=description,
                channel=channel,
                language=language,
                priority=priority,
                category=category,
            ),
            actor=customer,
        )
        conversation.ticket_id = ticket.id
        ticket_created(rt, session, conversation, ticket)
        ref = ticket.ref
    settle(rt)
    return ref


def api(client, path: str) -> Any:  # type: ignore[no-untyped-def]
    response = client.get(path, headers={"Authorization": f"Bearer {API_TOKEN}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def ticket(client, ref: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return api(client, f"/api/tickets/{ref}")


def messages(client, phone: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return api(client, f"/api/messages?phone={phone.replace('+', '%2B')}")


def event_types(data: dict[str, Any]) -> list[str]:
    return [e["type"] for e in data["events"]]


def event_types_of(rt: Runtime, ticket_id: int) -> list[str]:
    """A ticket's event types, oldest first, read straight from the database."""
    from sqlalchemy import select

    from storage.models import TicketEvent

    with rt.sessions() as session:
        return list(
            session.scalars(
                select(TicketEvent.type)
                .where(TicketEvent.ticket_id == ticket_id)
                .order_by(TicketEvent.id)
            )
        )
