"""Checks run before a process serves anything: the conversation table is
consistent and every customer-facing message is translated into every configured
language. A broken deploy fails at boot, not on the first customer."""

from __future__ import annotations

from bot.config import Config


def customer_messages() -> tuple[str, ...]:
    """Every English source string a customer can receive, from every feature."""
    from bot import after_hours, customer_requests, notifications

    return (*customer_requests.MESSAGES, *notifications.MESSAGES, *after_hours.MESSAGES)


def check(config: Config) -> None:
    """Raise ``bot.intake.FlowError`` when the flow or a translation is incomplete."""
    from bot import intake, staff_commands  # noqa: F401  the command table checks itself on import

    intake.check_flow(list(config.helpdesk.languages), customer_messages())
