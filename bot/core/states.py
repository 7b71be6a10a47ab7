"""Where a customer's conversation stands: one name for every state any feature sets.

The conversation router (``bot.conversation.router``) maps each state to its handlers
and checks at start-up that every state here has one, so a state set by one feature
can never reach a customer unhandled.
"""

from __future__ import annotations

from enum import StrEnum


class ConversationState(StrEnum):
    IDLE = "idle"  # nothing in progress: a message starts an intake or is about a ticket
    INTAKE = "intake"  # collecting fields; ``awaiting`` names the field asked for
    CONFIRM = "confirm"  # the summary was sent; waiting for yes, no or a correction
    CLARIFY = "clarify"  # asked whether a new problem belongs to the open ticket
    HUMAN = "human"  # handed to a person; the bot only passes messages on
    CONFIRM_RESOLUTION = "confirm_resolution"  # asked "is it fixed?" (bot.tickets.resolution)
    OVERTIME_OFFER = "overtime_offer"  # offered paging at overtime rates (bot.timers.after_hours)


INTAKE_STATES = frozenset({ConversationState.INTAKE, ConversationState.CONFIRM})
