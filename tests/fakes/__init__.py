"""Test doubles for deskbot's external services (see ``twilio_api`` for the Twilio REST fake)."""

from .twilio_api import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, FakeTwilio, sign

__all__ = ["DEFAULT_ACCOUNT_SID", "DEFAULT_AUTH_TOKEN", "FakeTwilio", "sign"]
