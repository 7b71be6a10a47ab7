"""Who an inbound message is for: staff numbers run commands, everyone else is a customer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.inbound import Inbound
from storage.models import Conversation, Message

if TYPE_CHECKING:
    from bot.runtime import Runtime


def route(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> None:
    from bot.conversation import handle_customer

    handle_customer(rt, session, conversation, inbound, record)
