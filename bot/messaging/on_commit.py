"""Work that must wait until the database has really committed: enqueueing a delivery
job, ringing a sender's inbox, placing a page call.

One facility for the whole program. SQLAlchemy fires ``after_commit`` when a savepoint
is released as well as at the real COMMIT, so an action registered inside
``begin_nested()`` must not run there: a fast worker would look for a row that is not
committed yet. Actions are kept per transaction: a released savepoint hands its actions
to its parent, a rolled-back savepoint forgets only its own, and the outermost commit
runs them once, in the order they were registered (the first registration of a key wins).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)
_PENDING = "on_commit.pending"
_OUTCOME = "on_commit.outcome"
Action = Callable[[], object]


def on_commit(session: Session, key: Hashable, action: Action) -> None:
    """Run ``action`` once after the outermost COMMIT of ``session``'s current transaction;
    never if the work it belongs to is rolled back. A second action with the same key in
    the same transaction is ignored (one delivery job per recipient is enough)."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is None:  # no transaction: nothing to wait for
        action()
        return
    pending: dict[SessionTransaction, dict[Hashable, Action]] = session.info.setdefault(
        _PENDING, {}
    )
    pending.setdefault(transaction, {}).setdefault(key, action)


def pending_keys(session: Session) -> list[Hashable]:
    """Keys waiting for a commit (for tests and debugging)."""
    return [key for actions in session.info.get(_PENDING, {}).values() for key in actions]


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info[_OUTCOME] = "commit"


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info[_OUTCOME] = "rollback"


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    pending: dict[SessionTransaction, dict[Hashable, Action]] = session.info.get(_PENDING, {})
    actions = pending.pop(transaction, None)
    outcome = session.info.pop(_OUTCOME, None)
    if not actions or outcome != "commit":
        return
    parent = transaction.parent
    if parent is not None:  # a released savepoint: the work is not committed yet
        merged = pending.setdefault(parent, {})
        for key, action in actions.items():
            merged.setdefault(key, action)
        return
    for action in actions.values():
        try:
            action()
        except Exception:  # the data is committed; the sweeper re-drives what was not rung
            log.exception("after-commit action failed")
