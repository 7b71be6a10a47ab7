"""Who is on call (the ``deskbot oncall`` command shows and overrides it).

The weekly rotation is a pure function of time (``bot.directory.rotation``); dated overrides
live in the ``oncall_overrides`` table so every web and worker process sees the same answer.
Override times are typed in the helpdesk's local zone and stored as UTC instants.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.phones import PhoneError, to_e164
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


# -- overrides, as the command line and the staff board set them -----------------------------


def parse_local(config: Config, text: str, *, end_of_day: bool) -> datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` in the helpdesk zone to an aware instant.

    A bare date means the start of that day, or for ``--to`` the end of it (the range
    ``--from 2026-03-10 --to 2026-03-12`` covers three whole days).
    """
    text = text.strip()
    try:
        if "T" in text or " " in text:
            naive = datetime.strptime(text.replace(" ", "T"), "%Y-%m-%dT%H:%M")
        else:
            day = date.fromisoformat(text)
            naive = datetime.combine(day + timedelta(days=1) if end_of_day else day, time())
    except ValueError as exc:
        raise ValueError(f"{text!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM") from exc
    return naive.replace(tzinfo=config.zone)


def staff_number(config: Config, text: str) -> str:
    """A configured staff number (technician, rotation or escalation), normalised to E.164."""
    try:
        phone = to_e164(text)
    except PhoneError as exc:
        raise ValueError(f"{text!r} is not a phone number in E.164 form") from exc
    if phone not in config.staff_phones:
        known = ", ".join(sorted(config.staff_phones)) or "none configured"
        raise ValueError(
            f"{phone} is not a staff number (technicians, on-call rotation or escalation: {known})"
        )
    return phone


def add_override(
    session: Session, phone: str, starts_at: datetime, ends_at: datetime
) -> OncallOverride:
    """Put ``phone`` on call from ``starts_at`` to ``ends_at`` (checked by the caller)."""
    row = OncallOverride(phone=phone, starts_at=starts_at, ends_at=ends_at)
    session.add(row)
    session.flush()
    return row
