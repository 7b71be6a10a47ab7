"""The intake's own bookkeeping, kept beside the customer's answers.

The conversation row's ``slots`` hold what the customer told us (company, contact, phone,
description, impact ...), which the API shows. How the intake got there — whether the
phone is only the sender's default, which question was asked how often, where each field
came from — is typed here and stored under one private key, so no feature invents its
own ``_something`` key again.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from storage.models import Conversation

PRIVATE_KEY = "_draft"
HEARD_LIMIT = 4000
Source = Literal["directory", "history", "message", "answer", "default", "guess"]


@dataclass
class Draft:
    phone_default: bool = True  # contact_phone is the sender's number; the customer never said
    known: str | None = None  # "directory" or "history" when the number was recognised
    ask_impact: bool = False  # the priority depends on who is affected: ask once
    correcting: bool = False  # after NO at the summary: waiting for the field to change
    media: list[str] = field(default_factory=list)  # photos sent during the intake
    pending_text: str | None = None  # clarify: the new problem awaiting "same ticket or new?"
    pending_ticket: str | None = None  # clarify: the open ticket it may belong to
    asks: dict[str, int] = field(default_factory=dict)  # how often each field was asked
    sources: dict[str, str] = field(default_factory=dict)  # where each field's value came from
    skipped: list[str] = field(default_factory=list)  # required fields given up on
    detours: int = 0  # messages about the problem sent while a field was asked
    detour_text: str | None = None  # the last of them: sent again, it was meant as an answer
    company_is_contact: bool = False  # a sole trader: the business is the contact's name
    heard: str = ""  # the customer's messages in this intake (the last HEARD_LIMIT characters)

    def hear(self, text: str) -> None:
        """Keep what the customer wrote: a surname answered later is completed from it."""
        self.heard = f"{self.heard}\n{text}"[-HEARD_LIMIT:]

    @classmethod
    def of(cls, conversation: Conversation) -> Draft:
        # A deep copy: mutating the loaded JSON in place would also change SQLAlchemy's
        # snapshot of it, and the change would never be written.
        stored = copy.deepcopy((conversation.slots or {}).get(PRIVATE_KEY) or {})
        known = {name for name in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in stored.items() if k in known})

    def save(self, conversation: Conversation, public: dict[str, Any] | None = None) -> None:
        """Write the draft (and, when given, the public slots) back to the row."""
        slots = public if public is not None else public_slots(conversation)
        conversation.slots = {**slots, PRIVATE_KEY: asdict(self)}


def public_slots(conversation: Conversation) -> dict[str, Any]:
    """What the customer told us, without the intake's bookkeeping."""
    return {k: v for k, v in (conversation.slots or {}).items() if not k.startswith("_")}
