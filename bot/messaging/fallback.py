"""What happens after a message fails for good. A WhatsApp message refused because
the customer's 24-hour window had closed (Twilio error 63016, from the REST call or
a status callback) is sent again as an SMS to the same number, exactly once."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messaging.outbox import Outbox
from bot.messaging.whatsapp_window import OUTSIDE_WINDOW_ERROR
from storage.models import Conversation, Message

log = logging.getLogger(__name__)
# Written on the failed message once its SMS copy is queued: the idempotency mark.
SMS_COPY_MARK = "SMS copy queued as message"
OPTED_OUT_MARK = "no SMS copy: the customer opted out of SMS"


def needs_sms_copy(message: Message) -> bool:
    return (
        message.direction == "outbound"
        and message.channel == "whatsapp"
        and message.error_code == OUTSIDE_WINDOW_ERROR
        and SMS_COPY_MARK not in (message.error_message or "")
        and OPTED_OUT_MARK not in (message.error_message or "")
    )


def after_failure(outbox: Outbox, session: Session, message: Message) -> None:
    """Called inside the delivery (or status callback) transaction once ``message`` is
    marked failed; both callers hold the message's row lock, so checking the mark and
    writing it cannot interleave with a second call for the same message."""
    if not needs_sms_copy(message):
        return
    opted_out = session.scalar(
        select(Conversation.opted_out).where(Conversation.phone == message.peer)
    )
    if opted_out:
        message.error_message = f"{message.error_message or ''} ({OPTED_OUT_MARK})".strip()
        return
    copy = outbox.queue(
        session, channel="sms", to=message.peer, body=message.body, ticket_id=message.ticket_id
    )
    session.flush()  # the copy's id exists only once its row is inserted
    reason = message.error_message or "outside the WhatsApp 24-hour window"
    message.error_message = f"{reason} ({SMS_COPY_MARK} {copy[0].id})"
    log.info(
        "whatsapp window closed, SMS copy queued",
        extra={"message_id": message.id, "copy_id": copy[0].id},
    )
