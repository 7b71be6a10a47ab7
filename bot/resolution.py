"""The customer's answer to "is it fixed?" after a ticket is resolved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.inbound import Inbound
from storage.models import Conversation, Message

if TYPE_CHECKING:
    from bot.runtime import Runtime


def handle_reply(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """True when the message answered a pending resolution confirmation (issue 4)."""
    return False
