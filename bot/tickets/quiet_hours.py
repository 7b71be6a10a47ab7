"""Quiet hours: outside office hours technicians get only pages.

Every other staff notice (a new assignment, a reminder, a customer's follow-up, a reopened
ticket) is held as a :class:`~storage.models.StaffNotice` by ``notifications.tell_staff``
and sent at opening as one short morning digest per person, each line showing the
ticket as it stands then (a ticket resolved overnight says so). Tickets on a 24x7
contract, and tickets somebody was paged about, follow their own clock and are never held.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.i18n import N_, translate
from bot.core.text import shorten
from bot.tickets.notifications import staff_time
from bot.tickets.records import OPEN_STATUSES
from bot.tickets.targets import promise
from storage.models import StaffNotice, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
MAX_LINES = 12  # a digest stays one readable SMS or two; the rest is counted


DIGEST_HEAD = N_("Good morning. Held overnight ({count}):")
DIGEST_MORE = N_("... and {more} more: send LIST")
DIGEST_FOOT = N_("Reply: REF ack | REF reply TEXT | list")
RESPOND_BY = N_("respond by {due}")


def digest_line(
    rt: Runtime, ticket: Ticket | None, summary: str, now: datetime, language: str = "en"
) -> str:
    """One line: the ticket as it stands now, then what the held notice said."""
    if ticket is None:
        return f"- {shorten(summary, 140)}"
    state = (
        translate(language, RESPOND_BY, due=staff_time(rt, promise(ticket, now).due))
        if ticket.status in OPEN_STATUSES and ticket.first_response_at is None
        else ticket.status
    )
    return (
        f"- {ticket.ref} [{ticket.priority}] {ticket.company_name}, {state}: "
        f"{shorten(summary, 100)}"
    )


def digest_text(rt: Runtime, lines: list[str], language: str = "en") -> str:
    shown = lines[:MAX_LINES]
    more = len(lines) - len(shown)
    parts = [translate(language, DIGEST_HEAD, count=len(lines)), *shown]
    if more:
        parts.append(translate(language, DIGEST_MORE, more=more))
    parts.append(translate(language, DIGEST_FOOT))
    return "\n".join(parts)


def _send_digest(rt: Runtime, session: Session, phone: str, now: datetime) -> int:
    notices = list(
        session.scalars(
            select(StaffNotice)
            .where(StaffNotice.phone == phone, StaffNotice.sent_at.is_(None))
            .order_by(StaffNotice.id)
            .with_for_update(skip_locked=True)
        )
    )
    if not notices:
        return 0
    ids = [n.id for n in notices]
    # A second sweeper that read the same rows finds them taken: exactly one digest.
    taken = session.execute(
        update(StaffNotice)
        .where(StaffNotice.id.in_(ids), StaffNotice.sent_at.is_(None))
        .values(sent_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != len(ids):
        return 0
    tickets = {
        t.id: t
        for t in session.scalars(
            select(Ticket).where(Ticket.id.in_({n.ticket_id for n in notices if n.ticket_id}))
        )
    }
    language = rt.config.staff_language(phone)
    lines = [
        digest_line(rt, tickets.get(n.ticket_id or 0), n.summary, now, language) for n in notices
    ]
    ticket_ids = {n.ticket_id for n in notices}
    thread = next(iter(ticket_ids)) if len(ticket_ids) == 1 else None
    rt.outbox.queue(
        session, channel="sms", to=phone, body=digest_text(rt, lines, language), ticket_id=thread
    )
    return 1


def sweep_morning_digest(rt: Runtime, now: datetime) -> int:
    """At opening (and any time the desk is open) send each person's held notices as one
    SMS; returns how many digests were sent."""
    if not rt.calendar.is_open(now):
        return 0
    with rt.sessions() as session:
        phones = session.scalars(
            select(StaffNotice.phone).where(StaffNotice.sent_at.is_(None)).distinct()
        ).all()
    sent = 0
    for phone in phones:
        with rt.sessions.begin() as session:
            sent += _send_digest(rt, session, phone, now)
    return sent


def held_by_phone(session: Session) -> dict[str, int]:
    """Notices waiting for the digest, per phone (for the CLI and tests)."""
    counts: dict[str, int] = defaultdict(int)
    for phone in session.scalars(select(StaffNotice.phone).where(StaffNotice.sent_at.is_(None))):
        counts[phone] += 1
    return dict(counts)
