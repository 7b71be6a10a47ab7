"""Technicians' SMS commands (contract section 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.inbound import Inbound
from storage.models import Conversation, Message

if TYPE_CHECKING:
    from bot.runtime import Runtime


def handle(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> None:
    """Run one staff command. Placeholder until the command table lands (issue 4)."""
    from bot.conversation import handle_customer

    handle_customer(rt, session, conversation, inbound, record)
