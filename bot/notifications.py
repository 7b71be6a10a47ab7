"""Telling people about ticket changes: customers on their channel, technicians by SMS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from storage.models import Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime


def customer_followup(rt: Runtime, session: Session, ticket: Ticket, text: str) -> None:
    """Relay a customer's follow-up on an open ticket to its assignee (issue 4)."""
    return None
