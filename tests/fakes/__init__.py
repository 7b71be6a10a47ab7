"""Test doubles for deskbot's external services (see ``twilio_api`` for the Twilio REST fake).

Names are imported lazily so ``python -m tests.fakes.twilio_api`` runs without a runpy warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .twilio_api import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, FakeTwilio, sign

__all__ = ["DEFAULT_ACCOUNT_SID", "DEFAULT_AUTH_TOKEN", "FakeTwilio", "sign"]


def __getattr__(name: str) -> Any:
    """Lazily re-export the public names of ``twilio_api``."""
    if name in __all__:
        from . import twilio_api

        return getattr(twilio_api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
