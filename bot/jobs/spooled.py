"""Forms a webhook spooled while the database was down (``bot.messaging.spool``), taken
into the database in arrival order once it is back: inbound messages exactly as the
webhook would have taken them, status callbacks as the status webhook applies them."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.datastructures import MultiDict

from bot import runtime as runtime_mod
from bot.jobs.inbox import take
from bot.messaging.callbacks import apply_status
from bot.messaging.inbound import BadInbound, accept, parse_form
from storage.db import utcnow

log = logging.getLogger(__name__)
# What "the database cannot take it now" looks like; anything else is a bug, not an outage.
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout)
MESSAGE, STATUS = "message", "status"


def entry(kind: str, form: MultiDict[str, str], arrived_on: str | None) -> dict[str, Any]:
    """A spool entry: the validated form as ordered pairs, where it arrived, and when."""
    return {
        "kind": kind,
        "form": [[key, value] for key, value in form.items(multi=True)],
        "arrived_on": arrived_on,
        "spooled_at": utcnow().isoformat(),
    }


def take_entry(rt: runtime_mod.Runtime, item: dict[str, Any]) -> None:
    """Take one spooled form into the database; raises while the database is still down."""
    form: MultiDict[str, str] = MultiDict([tuple(pair) for pair in item["form"]])
    if item["kind"] == STATUS:
        code = (form.get("ErrorCode") or "").strip()
        try:
            with runtime_mod.use(rt), rt.sessions.begin() as session:
                apply_status(
                    rt.outbox,
                    session,
                    (form.get("MessageSid") or form.get("SmsSid") or "").strip(),
                    (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower(),
                    int(code) if code.isdigit() else None,
                )
        except DATABASE_DOWN:
            raise
        except Exception:  # a bug must not block the spool; the callback is in the log
            log.exception("spooled status callback failed; dropped", extra={"form": item})
        return
    try:
        inbound = replace(parse_form(form), arrived_on=item.get("arrived_on"))
    except BadInbound:  # refused before spooling; only a changed parser gets here
        log.error("spooled form no longer parses; dropped", extra={"sid": form.get("MessageSid")})
        return
    try:
        take(rt, inbound)
    except DATABASE_DOWN:
        raise
    except Exception:  # a bug in handling must not block the spool: store it for the inbox
        log.exception("spooled message failed; stored for the inbox to retry")
        with runtime_mod.use(rt), rt.sessions.begin() as session:
            accept(session, inbound, rt.queue.ring_inbox)


def sweep_spool(rt: runtime_mod.Runtime, now: datetime) -> int:
    """Drain the spool into the database (a no-op while it is empty or still down)."""
    if not rt.spool.pending():
        return 0
    try:
        taken = rt.spool.drain(lambda item: take_entry(rt, item))
    except DATABASE_DOWN as exc:
        log.warning("database still unavailable, spool kept: %s", type(exc).__name__)
        return 0
    if taken:
        log.info("spooled forms taken into the database", extra={"count": taken})
    return taken
