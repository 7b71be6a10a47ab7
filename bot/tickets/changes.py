"""What one transaction changed, read at its outermost commit: the ticket events it
recorded, the inbound messages it handled, the outbound messages it queued, handed to the
provider or saw fail.

Modules that change tickets and messages only record what they always recorded (a ticket
event through ``records.add_event``, ``processed_at`` on a handled message, ``sent_at``
and ``status`` on a sent one); the listeners here collect it, so announcing and counting
(``announcements``, ``change_metrics``) live in one place each and never in the modules
that make the changes. A savepoint that rolled back (a failed command) leaves nothing:
its objects are gone from the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import event, exists, inspect, select
from sqlalchemy.orm import Session, SessionTransaction

from storage.db import utcnow
from storage.models import Email, Message, TicketEvent

_STARTED = "deskbot.changes.started"
_EVENTS = "deskbot.changes.ticket_events"
_STATUSES = "deskbot.changes.outbound_statuses"
_SEEN = "deskbot.changes.seen_messages"
_MESSAGES = "deskbot.changes.messages"  # strong references: the identity map is weak
_RESULT = "deskbot.changes.result"


@dataclass
class Changes:
    ticket_events: list[TicketEvent] = field(default_factory=list)
    handled_inbound: list[Message] = field(default_factory=list)
    sent_outbound: list[Message] = field(default_factory=list)
    # (message or e-mail, status) for every status an outbound one got: pending when queued.
    outbound_statuses: list[tuple[Message | Email, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.ticket_events
            or self.handled_inbound
            or self.sent_outbound
            or self.outbound_statuses
        )


@event.listens_for(Session, "after_transaction_create")
def _started(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info[_STARTED] = utcnow()
        session.info[_EVENTS] = []
        session.info[_STATUSES] = []
        session.info[_MESSAGES] = []
        session.info.pop(_RESULT, None)


@event.listens_for(Session, "loaded_as_persistent")
@event.listens_for(Session, "pending_to_persistent")
def _keep_message(session: Session, instance: object) -> None:
    """Messages read or written in the transaction, kept until its commit: a handled
    message nobody references any more would otherwise leave the identity map unseen."""
    kept = session.info.get(_MESSAGES)
    if kept is not None and isinstance(instance, Message):
        kept.append(instance)


@event.listens_for(Session, "before_flush")
def _outbound_statuses(session: Session, flush_context: object, instances: object) -> None:
    statuses = session.info.get(_STATUSES)
    if statuses is None:
        return
    for obj in session.new:
        if _outbound(obj):
            statuses.append((obj, obj.status or "pending"))
    for obj in session.dirty:
        if _outbound(obj):
            added = inspect(obj).attrs.status.history.added
            if added:
                statuses.append((obj, added[-1]))


def _outbound(obj: object) -> bool:
    return isinstance(obj, Email) or (isinstance(obj, Message) and obj.direction == "outbound")


@event.listens_for(Session, "after_flush")
def _ticket_events(session: Session, flush_context: object) -> None:
    collected = session.info.get(_EVENTS)
    if collected is not None:
        collected.extend(o for o in session.new if isinstance(o, TicketEvent))


def of_transaction(session: Session) -> Changes:
    """The changes of the transaction being committed (computed once per transaction);
    call from a ``before_commit`` listener, which may still write in the transaction."""
    if session.in_nested_transaction():
        return Changes()
    cached = session.info.get(_RESULT)
    if cached is not None:
        return cached
    session.flush()
    changes = Changes(
        ticket_events=[e for e in session.info.get(_EVENTS, []) if inspect(e).persistent],
        outbound_statuses=[
            (m, s) for m, s in session.info.get(_STATUSES, []) if inspect(m).persistent
        ],
    )
    started = session.info.get(_STARTED)
    seen: set[int] = session.info.setdefault(_SEEN, set())
    if started is not None:
        messages = {id(m): m for m in session.info.get(_MESSAGES, []) if inspect(m).persistent}
        for message in sorted(messages.values(), key=lambda m: m.id):
            if message.id in seen:
                continue
            if message.direction == "inbound" and _since(message.processed_at, started):
                changes.handled_inbound.append(message)
            elif message.direction == "outbound" and _since(message.sent_at, started):
                changes.sent_outbound.append(message)
            else:
                continue
            seen.add(message.id)
    session.info[_RESULT] = changes
    return changes


def _since(value: object, started: object) -> bool:
    return value is not None and value >= started  # type: ignore[operator]


def changes_status(ticket_event: TicketEvent) -> bool:
    """``ack`` on an already acknowledged ticket records "again" and changes nothing."""
    return not (ticket_event.type == "acknowledged" and ticket_event.text == "again")


def answers_page(session: Session, ticket_event: TicketEvent) -> bool:
    """An acknowledgement that answers a page: the ticket was paged before it."""
    return changes_status(ticket_event) and bool(
        session.scalar(
            select(
                exists().where(
                    TicketEvent.ticket_id == ticket_event.ticket_id,
                    TicketEvent.type == "page",
                    TicketEvent.id < ticket_event.id,
                )
            )
        )
    )
