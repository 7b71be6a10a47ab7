"""Response targets, and the one promise made about a ticket.

A ticket's first-response time is computed here and nowhere else: the customer's messages,
the technicians' SMS, ``GET /api/tickets/<ref>``, the simulator and ``deskbot tickets show``
all read :func:`promise`. The clock counts office hours for business-hours and non-contract
customers, and wall-clock time for 24x7 contracts and for tickets somebody was paged about
at night (the engineer works now, so office hours do not stretch the promise). It runs from
the ticket's creation, or from its last reopening (``clock_started_at``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from storage.models import Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

ClockState = Literal["running", "met", "met_late", "breached", "stopped", "none"]
CLOSED_STATUSES = ("resolved", "closed")


def is_open(rt: Runtime, at: datetime) -> bool:
    return rt.calendar.is_open(at)


def response_due(rt: Runtime, priority: str, support: str, start: datetime) -> datetime:
    target = rt.config.priorities[priority].response
    return rt.calendar.response_due(start, target, support)


def is_24x7(ticket: Ticket) -> bool:
    return bool(ticket.contract and ticket.support == "24x7")


def counts_wall_clock(ticket: Ticket) -> bool:
    """24x7 contracts, and tickets paged at night, count real elapsed time."""
    return is_24x7(ticket) or bool(ticket.wall_clock)


def clock_start(ticket: Ticket) -> datetime:
    return ticket.clock_started_at or ticket.created_at


def set_clock(
    rt: Runtime,
    ticket: Ticket,
    start: datetime | None = None,
    *,
    wall_clock: bool | None = None,
) -> datetime:
    """(Re)compute ``response_due`` from ``start`` (default: the clock's current start).

    ``wall_clock`` switches the basis (True when somebody is paged at night, False when the
    page stops because the priority no longer pages). A later due date re-arms the 75 %
    reminder and the breach notice; a restart from a new ``start`` always does.
    """
    restarted = start is not None and start != ticket.clock_started_at
    if start is not None:
        ticket.clock_started_at = start
    if wall_clock is not None:
        ticket.wall_clock = wall_clock
    support = "24x7" if counts_wall_clock(ticket) else "business_hours"
    earlier = ticket.response_due
    ticket.response_due = response_due(rt, ticket.priority, support, clock_start(ticket))
    if restarted or earlier is None or ticket.response_due > earlier:
        ticket.reminder_sent_at = None
        ticket.breach_notified_at = None
    return ticket.response_due


@dataclass(frozen=True)
class Promise:
    """When the first response is due, and where the clock stands at ``now``."""

    due: datetime | None
    state: ClockState
    seconds_left: int | None
    basis: Literal["office_hours", "wall_clock"]

    def as_json(self) -> dict[str, object]:
        return {
            "due": self.due.isoformat() if self.due else None,
            "state": self.state,
            "seconds_left": self.seconds_left,
            "basis": self.basis,
        }


def promise(ticket: Ticket, now: datetime) -> Promise:
    """The ticket's response promise: every display of a response time reads this."""
    due = ticket.response_due
    basis: Literal["office_hours", "wall_clock"] = (
        "wall_clock" if counts_wall_clock(ticket) else "office_hours"
    )
    if ticket.first_response_at is not None:
        met = due is None or ticket.first_response_at <= due
        return Promise(due, "met" if met else "met_late", None, basis)
    if due is None:
        return Promise(None, "none", None, basis)
    if ticket.status in CLOSED_STATUSES:
        return Promise(due, "stopped", None, basis)
    left = int((due - now).total_seconds())
    if left <= 0:
        return Promise(due, "breached", 0, basis)
    return Promise(due, "running", left, basis)
