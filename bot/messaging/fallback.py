"""What happens after a message fails for good, so that no failure goes unseen:

- a WhatsApp message refused because the customer's 24-hour window had closed (Twilio
  error 63016, from the REST call or a status callback) is sent again as an SMS to the
  same number, exactly once;
- a number that unsubscribed (Twilio error 21610) is marked opted out, so staff are told
  the truth instead of "sent";
- any other failure is written on the ticket and the help desk manager gets an SMS
  (unless the failed message was for the manager: it would fail the same way)."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.text import shorten
from bot.messaging.outbox import Outbox
from bot.messaging.whatsapp_window import OUTSIDE_WINDOW_ERROR
from storage.db import utcnow
from storage.models import Conversation, Message, Ticket, TicketEvent

log = logging.getLogger(__name__)
# Written on the failed message once its SMS copy is queued: the idempotency mark.
SMS_COPY_MARK = "SMS copy queued as message"
OPTED_OUT_MARK = "no SMS copy: the customer opted out of SMS"
UNSUBSCRIBED_ERROR = 21610


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
    if message.error_code == UNSUBSCRIBED_ERROR:
        _mark_opted_out(session, message)
    if not needs_sms_copy(message):
        _announce(outbox, session, message)
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


def _mark_opted_out(session: Session, message: Message) -> None:
    conversation = session.scalars(
        select(Conversation).where(Conversation.phone == message.peer)
    ).first()
    if conversation is not None and not conversation.opted_out:
        conversation.opted_out = True
        log.info("twilio says the number unsubscribed", extra={"message_id": message.id})


def _announce(outbox: Outbox, session: Session, message: Message) -> None:
    """Record the failure on the ticket and tell the help desk manager once."""
    reason = message.error_message or "no reason given"
    code = f" (error {message.error_code})" if message.error_code else ""
    ticket = session.get(Ticket, message.ticket_id) if message.ticket_id else None
    about = f" about {ticket.ref}" if ticket is not None else ""
    if ticket is not None:
        session.add(
            TicketEvent(
                ticket_id=ticket.id,
                type="delivery_failed",
                actor="system",
                text=f"to {message.peer} by {message.channel}: {reason}{code}",
                at=utcnow(),
            )
        )
    log.error(
        "message failed for good",
        extra={"message_id": message.id, "code": message.error_code},
    )
    recipients = [phone for phone in outbox.announce_to if phone != message.peer]
    for phone in recipients:
        outbox.queue(
            session,
            channel="sms",
            to=phone,
            body=(
                f"Not delivered{about}: message {message.id} to {message.peer} by "
                f"{message.channel}{code}: {shorten(reason, 160)}\n"
                f"Text: {shorten(message.body or '', 200)}"
            ),
            ticket_id=message.ticket_id,
        )
