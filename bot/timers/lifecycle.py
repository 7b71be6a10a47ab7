"""What follows from a new ticket, in one place so the order is explicit:
assignment first (in office hours; after hours it waits for the opening or for whoever
takes the page), then the after-hours handling that may page on-call or talk to the
customer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.tickets import assignment
from bot.timers import after_hours
from storage.models import Conversation, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime


def ticket_created(
    rt: Runtime, session: Session, conversation: Conversation, ticket: Ticket
) -> None:
    if ticket.after_hours:
        assignment.defer_to_opening(session, ticket)
    else:
        assignment.assign_new_ticket(rt, session, ticket)
    after_hours.ticket_created(rt, session, conversation, ticket)
