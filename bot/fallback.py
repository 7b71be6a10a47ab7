"""What happens after a message fails for good. Channel fallbacks (WhatsApp's
24-hour window) hook in here; by default a failure stays on the message log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from storage.models import Message

if TYPE_CHECKING:
    from bot.runtime import Runtime


def after_failure(rt: Runtime, session: Session, message: Message) -> None:
    """Called inside the delivery transaction once ``message`` is marked failed."""
    return None
