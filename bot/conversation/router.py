"""Who an inbound message is for. Staff numbers (contract section 6) run commands;
everyone else is a customer, whose message goes through an ordered table of
handlers: the first that takes it wins, the intake conversation comes last."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.messaging.inbound import Inbound
from storage.models import Conversation, Message

if TYPE_CHECKING:
    from bot.runtime import Runtime

Handler = Callable[["Runtime", Session, Conversation, Inbound, Message], bool]


def customer_handlers() -> tuple[Handler, ...]:
    """In order: answers to questions asked outside the intake, then the intake itself."""
    from bot.conversation import handler as conversation
    from bot.tickets import resolution
    from bot.timers import after_hours

    return (resolution.handle_reply, after_hours.handle_reply, conversation.handle_customer)


def route(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> None:
    if inbound.sender in rt.config.staff_phones:
        from bot.staff import commands as staff_commands

        staff_commands.handle(rt, session, conversation, inbound, record)
        return
    for handler in customer_handlers():
        if handler(rt, session, conversation, inbound, record):
            return
