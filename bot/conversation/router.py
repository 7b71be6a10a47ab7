"""Who an inbound message is for, and which handler takes it.

Staff numbers (technicians, on-call, escalation) run commands. Every other number is a
customer, whose message goes to the handlers of the conversation's state, in order: the
first that takes it wins. The table is declarative and checked at import (every state has
handlers, and each list ends with the intake handler, which always answers), so a state
one feature sets can never leave a customer without a reply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy.orm import Session

from bot.conversation import handler
from bot.conversation import requests as requests_
from bot.conversation.filing import reset
from bot.core.states import ConversationState as State
from bot.messaging import media
from bot.messaging.inbound import Inbound
from bot.runtime import Runtime
from bot.staff import commands as staff_commands
from bot.timers import after_hours
from storage.models import Conversation, Message

log = logging.getLogger(__name__)
Handler = Callable[[Runtime, Session, Conversation, Inbound, Message], bool]

STATE_HANDLERS: dict[State, tuple[Handler, ...]] = {
    State.IDLE: (handler.handle_customer,),
    State.INTAKE: (handler.handle_customer,),
    State.CONFIRM: (handler.handle_customer,),
    State.CLARIFY: (handler.handle_customer,),
    State.HUMAN: (handler.handle_customer,),
    # A question asked outside the intake; anything that is not its answer goes on.
    State.CONFIRM_RESOLUTION: (after_hours.resolution_reply, handler.handle_customer),
    # "No, cancel it" to the overtime offer withdraws the ticket rather than declining.
    State.OVERTIME_OFFER: (
        handler.handle_withdrawal,
        after_hours.handle_reply,
        handler.handle_customer,
    ),
}


class RoutingTableError(RuntimeError):
    """The state table is incomplete; raised at import, i.e. at boot."""


def check_table(table: dict[State, tuple[Handler, ...]]) -> None:
    missing = [state.value for state in State if not table.get(state)]
    if missing:
        raise RoutingTableError(f"no handler for conversation states {missing}")
    for state, handlers in table.items():
        if handlers[-1] is not handler.handle_customer:
            raise RoutingTableError(f"{state.value}: the last handler must always answer")


check_table(STATE_HANDLERS)


def keep_media(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> Inbound:
    """Download a customer's files into storage before any handler sees the message; the
    handlers then get the kept files' ids, never Twilio URLs. Refused files get a reply."""
    if not inbound.media:
        return inbound
    received = media.keep(session, rt.settings, rt.config.media, record.id, inbound.media)
    if received.refused:
        requests_.refuse_media(rt, session, conversation, len(received.refused))
    record.media = received.log  # what became of each file
    return replace(inbound, media=[k.as_dict() for k in received.kept])  # type: ignore[list-item]


def route(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> None:
    if inbound.sender in rt.config.staff_phones:
        staff_commands.handle(rt, session, conversation, inbound, record)
        return
    sent_files = bool(inbound.media)
    inbound = keep_media(rt, session, conversation, inbound, record)
    if sent_files and not inbound.body.strip() and not inbound.media:
        return  # only refused attachments: the reply said so
    try:
        state = State(conversation.state)
    except ValueError:
        log.error("unknown conversation state %r; starting over", conversation.state)
        reset(conversation)
        state = State.IDLE
    for take in STATE_HANDLERS[state]:
        if take(rt, session, conversation, inbound, record):
            return
