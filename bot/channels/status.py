"""The life of a message's status. Twilio's callbacks arrive out of order, so a
status only ever moves forward and never leaves a final one."""

from __future__ import annotations

PENDING = "pending"  # in our outbox, not yet accepted by Twilio
RANK: dict[str, int] = {
    PENDING: 0,
    "accepted": 1,
    "scheduled": 1,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "canceled": 4,
    "read": 5,
    "received": 1,
}
FINAL = frozenset({"undelivered", "failed", "canceled", "read"})


def is_known(status: str) -> bool:
    return status in RANK


def predecessors(status: str) -> list[str]:
    """Statuses from which ``status`` is a forward move; empty for an unknown status."""
    if status not in RANK:
        return []
    return sorted(s for s, r in RANK.items() if s not in FINAL and r < RANK[status])
