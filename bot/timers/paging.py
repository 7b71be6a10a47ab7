"""Paging the on-call engineer, and escalating until somebody acknowledges.

The escalation chain is level 0 = whoever is on call at the moment of the page, then
level 1.. = ``[oncall] escalation`` (help desk manager, infrastructure manager, managing
director); without an escalation list the technicians with role ``manager`` stand in. A page
not acknowledged within ``oncall.ack_timeout`` pages the next level; once the chain is
exhausted the last level is paged again at every timeout until somebody answers.

The database is the truth: ``ticket.paging``, ``escalation_level`` and ``next_page_at``
say what is due, so a restart of web, worker or Redis loses nothing. Two things drive it:
``sweep_paging`` (every sweep interval, in every worker) and a ``page_due_job`` scheduled
for the exact timeout. Either may run late, twice or concurrently: a page happens only
under a row lock and through an UPDATE conditioned on the level and due time it read, so
each timeout produces exactly one page.

Paging stops as soon as the ticket state says somebody responded (the ``ack`` command
sets ``paging`` false, ``first_response_at`` and status ``acknowledged``); paging reads
that state and never calls into the command code.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.channels.transport import SendError
from bot.core.i18n import lazy
from bot.directory import oncall, people
from bot.messaging.on_commit import on_commit
from bot.runtime import current
from bot.tickets import pager
from bot.tickets import targets as clock
from bot.tickets.records import add_event
from storage.db import utcnow
from storage.models import Ticket

if TYPE_CHECKING:
    from bot.core.config import Config
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
ACTOR = "deskbot"
PAGE_EVENT = pager.PAGE_EVENT
Outcome = Literal["paged", "stopped", "not_due", "skipped"]


# -- the chain ------------------------------------------------------------------------------


def last_level(config: Config) -> int:
    return len(people.escalation_chain(config))


def phone_at_level(rt: Runtime, session: Session, level: int, at: datetime) -> str | None:
    if level == 0:
        return oncall.on_call(rt.config, session, at)
    chain = people.escalation_chain(rt.config)
    return chain[level - 1] if 0 < level <= len(chain) else None


def _first_reachable(
    rt: Runtime, session: Session, level: int, at: datetime
) -> tuple[int, str] | None:
    """The first level at or after ``level`` with somebody to page (nobody on call: skip 0)."""
    for candidate in range(level, last_level(rt.config) + 1):
        phone = phone_at_level(rt, session, candidate, at)
        if phone is not None:
            return candidate, phone
    return None


def awaiting_ack(ticket: Ticket) -> bool:
    """Paging goes on only while nobody has responded and the ticket is still open."""
    return ticket.paging and ticket.first_response_at is None and ticket.status == "open"


# -- texts ----------------------------------------------------------------------------------

summary = pager.summary
page_text = pager.page_text


def call_twiml(ticket: Ticket) -> str:
    """What the voice call says; the acknowledgement itself is an SMS ``ack``."""
    ref = " ".join(ch for ch in ticket.ref if ch.isalnum())  # spelled out: "T K T 1 0 4 2"
    words = (
        f"This is the helpdesk pager. Ticket {ref}, {ticket.priority} priority, "
        f"for {ticket.company_name}. {summary(ticket, 200)}. "
        "Check your text messages and reply ACK to acknowledge."
    )
    say = f'<Say voice="alice">{escape(words)}</Say>'
    return f'<Response>{say}<Pause length="1"/>{say}</Response>'


# -- paging -----------------------------------------------------------------------------------


def _page(
    rt: Runtime,
    session: Session,
    ticket: Ticket,
    phone: str,
    level: int,
    due: datetime,
    repeat: bool,
) -> None:
    """Queue the page (SMS, optional call) and schedule the timeout check, after commit."""
    pager.send_page(rt, session, ticket, phone, level, repeat)
    ticket_id, queue, when = ticket.id, rt.queue, due.isoformat()
    if rt.config.paging.voice:
        on_commit(
            session,
            ("page-call", ticket_id, level, when),
            lambda: queue.enqueue(call_job, ticket_id, phone, level, when),
        )
    delay = max(due - utcnow(), timedelta(0))
    on_commit(
        session,
        ("page-due", ticket_id, level, when),
        lambda: queue.enqueue_in(delay, page_due_job, ticket_id, level, when),
    )


def start(rt: Runtime, session: Session, ticket: Ticket, *, reason: str) -> str | None:
    """Page the chain from level 0 for ``ticket`` (in the caller's transaction).

    Returns the paged phone, or None when nothing was paged: already paging, already
    answered, or nobody configured to page (logged and recorded as ``page_failed``).
    """
    if ticket.paging or ticket.first_response_at is not None or ticket.status != "open":
        return None
    now = utcnow()
    target = _first_reachable(rt, session, 0, now)
    if target is None:
        log.error("%s: nobody to page (no rotation, escalation or manager configured)", ticket.ref)
        add_event(session, ticket, "page_failed", ACTOR, "nobody is configured to be paged")
        return None
    level, phone = target
    due = now + rt.config.oncall.ack_timeout
    # Somebody works on it now: the promise counts wall-clock time from the page.
    clock.set_clock(rt, ticket, now, wall_clock=True)
    ticket.paged_phones = []  # this chain's people (a reopened ticket may page again)
    ticket.paging = True
    ticket.escalation_level = level
    ticket.next_page_at = due
    session.flush()
    add_event(session, ticket, "paging", ACTOR, reason)
    _page(rt, session, ticket, phone, level, due, repeat=False)
    return phone


def advance(
    rt: Runtime, ticket_id: int, expected: tuple[int, datetime] | None = None
) -> tuple[Outcome, datetime | None]:
    """Escalate ``ticket_id`` if its page timed out without an answer; idempotent.

    ``expected`` (level, due) comes from a scheduled job: when the ticket moved on since it
    was scheduled the job is stale and does nothing. Returns the outcome and, for
    ``not_due``, when it will be due.
    """
    now = utcnow()
    with rt.sessions.begin() as session:
        ticket = session.scalars(
            select(Ticket)
            .where(Ticket.id == ticket_id, Ticket.paging.is_(True))
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        ).first()
        if ticket is None:
            return "skipped", None
        level, due = ticket.escalation_level, ticket.next_page_at
        if expected is not None and expected != (level, due):
            return "skipped", None
        if not awaiting_ack(ticket):
            why = (
                lazy(pager.ANSWERED)
                if ticket.first_response_at
                else lazy(pager.TICKET_IS, status=ticket.status)
            )
            pager.stop(rt, session, ticket, why)
            return "stopped", None
        if due is not None and due > now:
            return "not_due", due
        top = last_level(rt.config)
        target = _first_reachable(rt, session, min(level + 1, top), now)
        if target is None:  # chain shrank under us (config change): page whoever is on call
            target = _first_reachable(rt, session, 0, now)
        if target is None:
            pager.stop(rt, session, ticket, lazy(pager.NOBODY))
            return "stopped", None
        new_level, phone = target
        new_due = now + rt.config.oncall.ack_timeout
        # The row is locked; the condition makes a second writer (another worker, a job
        # racing the sweep on a backend without row locks) a no-op instead of a second page.
        changed = session.execute(
            update(Ticket)
            .where(
                Ticket.id == ticket_id,
                Ticket.paging.is_(True),
                Ticket.escalation_level == level,
                Ticket.next_page_at == due,
            )
            .values(escalation_level=new_level, next_page_at=new_due)
            .execution_options(synchronize_session="fetch")
        ).rowcount
        if changed != 1:
            return "skipped", None
        _page(rt, session, ticket, phone, new_level, new_due, repeat=new_level <= level)
        return "paged", None


def page_due_job(ticket_id: int, level: int | None = None, due: str | None = None) -> None:
    """Scheduled at the ack timeout for precision; the sweep is the safety net."""
    rt = current()
    expected = (level, datetime.fromisoformat(due)) if level is not None and due else None
    outcome, when = advance(rt, ticket_id, expected)
    if outcome == "not_due" and when is not None and expected is not None:
        rt.queue.enqueue_in(max(when - utcnow(), timedelta(0)), page_due_job, ticket_id, level, due)


def call_job(ticket_id: int, phone: str, level: int, due: str) -> None:
    """Voice call for one page, only while that page is still the current, unanswered one."""
    rt = current()
    with rt.sessions() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or not awaiting_ack(ticket):
            return
        if (ticket.escalation_level, ticket.next_page_at) != (level, datetime.fromisoformat(due)):
            return
        twiml = call_twiml(ticket)
    try:
        sid = rt.transport.call(phone, twiml)
    except SendError as exc:
        log.warning("page call to %s for ticket %s failed: %s", phone, ticket_id, exc)
        kind, text = "page_call_failed", f"{phone}: {exc}"
    else:
        kind, text = "page_call", f"{phone}" + (f" ({sid})" if sid else "")
    with rt.sessions.begin() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is not None:
            add_event(session, ticket, kind, ACTOR, text)


def sweep_paging(rt: Runtime, now: datetime) -> int:
    """Page what timed out, and end paging of tickets answered meanwhile; returns pages sent."""
    with rt.sessions() as session:
        ids = session.scalars(
            select(Ticket.id)
            .where(
                Ticket.paging.is_(True),
                or_(
                    Ticket.next_page_at.is_(None),
                    Ticket.next_page_at <= now,
                    Ticket.first_response_at.is_not(None),
                    Ticket.status != "open",
                ),
            )
            .order_by(Ticket.next_page_at)
        ).all()
    return sum(1 for ticket_id in ids if advance(rt, ticket_id)[0] == "paged")
