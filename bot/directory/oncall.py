"""Who is on call (the ``deskbot oncall`` command shows and overrides it).

The weekly rotation is a pure function of time (``bot.directory.rotation``); dated overrides
live in the ``oncall_overrides`` table so every web and worker process sees the same answer.
Override times are typed in the helpdesk's local zone and stored as UTC instants.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.directory.rotation import OnCallSlot, Override, current_and_next, on_call_at
from storage.db import utcnow
from storage.models import OncallOverride

if TYPE_CHECKING:
    from bot.core.config import Config


# -- queries used by paging and SLA reminders ------------------------------------------------


def overrides(session: Session, *, until_after: datetime | None = None) -> list[Override]:
    """Stored overrides in creation order (the later one wins where they overlap).

    ``until_after`` drops overrides that ended before it; they cannot matter any more.
    """
    query = select(OncallOverride).order_by(OncallOverride.id)
    if until_after is not None:
        query = query.where(OncallOverride.ends_at > until_after)
    return [(o.starts_at, o.ends_at, o.phone) for o in session.scalars(query)]


def on_call(config: Config, session: Session, at: datetime | None = None) -> str | None:
    """The phone on call at ``at`` (default now): an override, else the rotation; None if
    nobody. The one on-call lookup: assignment, paging, SLA reminders and the simulator."""
    at = at or utcnow()
    cfg = config.oncall
    return on_call_at(
        at, cfg.rotation, cfg.handoff, config.zone, overrides(session, until_after=at)
    )


def now_and_next(
    config: Config, session: Session, at: datetime | None = None
) -> tuple[OnCallSlot, OnCallSlot]:
    at = at or utcnow()
    cfg = config.oncall
    return current_and_next(at, cfg.rotation, cfg.handoff, config.zone, overrides(session))
