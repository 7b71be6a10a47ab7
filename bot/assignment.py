"""Who works a new ticket, and telling them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from storage.models import Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime


def assign_new_ticket(rt: Runtime, session: Session, ticket: Ticket) -> None:
    """Pick the technician and text them the ticket (issue 4)."""
    return None
