"""What happens when a ticket is opened outside office hours (contract section 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.inbound import Inbound
from storage.models import Conversation, Message, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime


def ticket_created(rt: Runtime, session: Session, conversation: Conversation, ticket: Ticket) -> None:
    """Page on-call or tell the customer when to expect a response (issue 5)."""
    return None


def handle_reply(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """True when the message answered the overtime offer (issue 5)."""
    return False
