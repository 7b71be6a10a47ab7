"""WhatsApp's 24-hour customer-service window for messages we push unprompted.

Free-form WhatsApp text is only delivered within 24 hours of the customer's last
message. Outside it a push goes out as the configured approved template (the text
in one template variable), or, without a template, as an SMS to the same number.
Twilio's error 63016 is the same rule caught late; ``bot.messaging.fallback`` handles it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.core.config import WhatsApp
from bot.core.text import shorten
from bot.messaging.outbox import Outbox
from storage.db import utcnow
from storage.models import Message

WINDOW = timedelta(hours=24)
OUTSIDE_WINDOW_ERROR = 63016
# WhatsApp refuses template parameters with new lines, tabs or more than four spaces in a row,
# and longer than 1024 characters.
TEMPLATE_VARIABLE_LIMIT = 1024


def within_window(last_inbound_at: datetime | None, now: datetime | None = None) -> bool:
    """True while free-form WhatsApp text may be sent."""
    if last_inbound_at is None:
        return False
    return (now or utcnow()) - last_inbound_at < WINDOW


def template_text(text: str) -> str:
    """``text`` made acceptable as a template variable: one line, bounded length."""
    return shorten(re.sub(r"\s*\n\s*", " · ", text.strip()), TEMPLATE_VARIABLE_LIMIT)


def queue_push(
    outbox: Outbox,
    whatsapp: WhatsApp,
    session: Session,
    *,
    channel: str,
    to: str,
    body: str,
    ticket_id: int | None,
    last_inbound_at: datetime | None,
) -> list[Message]:
    """Queue a push to a customer on ``channel``, honouring WhatsApp's window.

    The message log keeps the full text in ``body`` even when a template carries it.
    """
    if channel != "whatsapp" or within_window(last_inbound_at):
        return outbox.queue(session, channel=channel, to=to, body=body, ticket_id=ticket_id)
    template = whatsapp.template_sid
    if template:
        variables = {whatsapp.template_variable: template_text(body)}
        return outbox.queue(
            session,
            channel="whatsapp",
            to=to,
            body=body,
            ticket_id=ticket_id,
            content_sid=template,
            content_variables=variables,
        )
    return outbox.queue(session, channel="sms", to=to, body=body, ticket_id=ticket_id)
