"""Sending a customer-facing reply: translate, then queue on the customer's channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.core.i18n import translate
from storage.models import Conversation, Message

if TYPE_CHECKING:
    from bot.runtime import Runtime


def reply(
    rt: Runtime,
    session: Session,
    conversation: Conversation,
    message: str,
    *,
    ticket_id: int | None = None,
    lead: str = "",
    **values: object,
) -> list[Message]:
    """Queue ``message`` (an English source string) in the conversation's language, after
    ``lead`` (already translated, e.g. the greeting) in the same message when given.

    Nothing goes to a number that opted out with STOP (Twilio would refuse it anyway).
    """
    if conversation.opted_out:
        return []
    body = translate(conversation.language, message, **values)
    body = f"{lead}\n{body}" if lead else body
    return rt.outbox.queue(
        session,
        channel=conversation.channel,
        to=conversation.phone,
        body=body,
        ticket_id=ticket_id if ticket_id is not None else conversation.ticket_id,
    )
