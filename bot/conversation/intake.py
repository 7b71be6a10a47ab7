"""The intake conversation as a declarative table: which field the bot waits for,
when it needs to ask at all, how it asks and how it reads a direct answer.
``check_flow`` validates the table at start-up (every ``awaiting`` value is one
the contract allows, every message is translated), so a broken flow fails at
boot, not at 2 a.m."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.conversation.readers.answers import read_description, read_impact, read_reason
from bot.conversation.readers.context import ReadContext
from bot.conversation.readers.firms import read_company
from bot.conversation.readers.names import read_name
from bot.conversation.readers.phones import read_phone
from bot.core.i18n import N_, missing

AWAITING_VALUES = (
    "company",
    "contact_name",
    "contact_phone",
    "email",
    "description",
    "impact",
    "onsite_reason",
    "confirm",
)
Slots = dict[str, Any]
Reader = Callable[[str, ReadContext], str | None]


@dataclass(frozen=True)
class Step:
    """One question of the intake. A required field is asked at most ``max_asks`` times
    and then left empty (the ticket is flagged); an optional one is asked once and an
    unreadable answer is kept as written."""

    awaiting: str
    question: str
    retry: str
    read: Reader
    required: bool = True
    needed: Callable[[Slots], bool] = lambda slots: True


STEPS: tuple[Step, ...] = (
    Step(
        "description",
        N_("Please describe the problem: what is happening, since when, and who is affected?"),
        N_("Could you describe the problem in a few more words?"),
        read_description,
    ),
    Step(
        "company",
        N_("Which company are you contacting us from?"),
        N_("Sorry, I did not catch the company name. Which company are you with?"),
        read_company,
    ),
    Step(
        "contact_name",
        N_("Who should our technician ask for? Please send your name."),
        N_("Sorry, I did not catch your name. What is your name?"),
        read_name,
    ),
    Step(
        "contact_phone",
        N_("Which number can we call you on? Reply YES to use {phone}, or send another number."),
        N_("That does not look like a phone number. Reply YES to use {phone}, or send a number."),
        read_phone,
    ),
    Step(
        "impact",
        N_("How many people are affected: just you, several people, or the whole office?"),
        N_("Please tell me who is affected: just you, several people, or everyone?"),
        read_impact,
        required=False,
        needed=lambda slots: bool(slots.get("ask_impact")),
    ),
    Step(
        "onsite_reason",
        N_("We solve most problems remotely first. Why do you need a technician on site?"),
        N_("Please tell me briefly why the visit is needed on site."),
        read_reason,
        required=False,
        needed=lambda slots: bool(slots.get("onsite_requested")),
    ),
)
STEP_BY_AWAITING = {step.awaiting: step for step in STEPS}

ASK_PHONE_FOR = N_(
    "I will open the ticket for {contact_name} ({company}). Which number should the technician "
    "call? Reply YES for {phone}, or send another number."
)
ASK_NAME_WITH_PROFILE = N_(
    "Who should our technician ask for? Reply YES if it is {name}, or send your name."
)
# The greeting follows the helpdesk's local time of day: (from hour, greeting).
GREETINGS = (
    (0, N_("Good evening, this is the {helpdesk} service desk.")),
    (5, N_("Good morning, this is the {helpdesk} service desk.")),
    (12, N_("Good afternoon, this is the {helpdesk} service desk.")),
    (17, N_("Good evening, this is the {helpdesk} service desk.")),
)


def greeting_for(hour: int) -> str:
    """The greeting for a local ``hour`` (0-23)."""
    return [text for start, text in GREETINGS if start <= hour][-1]


SUMMARY = N_(
    "Please check your request:\n"
    "Company: {company}\nContact: {contact_name}, {contact_phone}{email_line}\n"
    "Problem: {description}{onsite_line}\nPriority: {priority}\n"
    "Reply YES to open the ticket, or NO to change something."
)
SUMMARY_EMAIL = N_("\nE-mail: {email}")
SUMMARY_ONSITE = N_("\nOn site: {reason}")
CONFIRM_RETRY = N_("Please reply YES to open the ticket, or NO to change something.")
WHICH_FIELD = N_(
    'What should I change? You can write e.g. "the company is Acme", or reply COMPANY, NAME, '
    "PHONE or PROBLEM."
)
# The thanks before CREATED names the customer as their language addresses a person
# (bot.core.address: the Czech vocative, "pane Černý").
THANKS = N_("Thank you, {name}.")
THANKS_NO_NAME = N_("Thank you.")
CREATED = N_(
    "Your ticket is {ref} ({priority} priority). "
    "A technician will respond by {due}. You can send more details or photos here, "
    "ask STATUS at any time, or write ESCALATE {ref} if it gets worse."
)
CREATED_AFTER_HOURS = N_(
    "Your ticket is {ref} ({priority} priority). "
    "You can send more details or photos here, ask STATUS at any time, or write "
    "ESCALATE {ref} if it gets worse."
)
CANCELLED = N_("OK, I have cancelled this request. Write to us any time to start again.")
NOTHING_TO_CANCEL = N_("There is no request in progress to cancel.")
RESTARTED = N_("OK, let's start again.")
HANDED_OVER = N_(
    "I have passed your request to a colleague as ticket {ref}. They will contact you on "
    "{phone} as soon as possible."
)
FILED_INCOMPLETE = N_(
    "We have not heard back from you, so I have opened ticket {ref} with what you told us. "
    "Reply here to add anything; a technician will contact you on {phone}."
)
CORRECTED = N_("Thank you, I have updated ticket {ref}: {field} is now {value}.")
FIELD_NAMES = (
    N_("company"),
    N_("contact"),
    N_("phone number"),
    N_("e-mail"),
    N_("problem description"),
)
CANNOT_ANSWER = N_(
    "I can't answer that here, but a technician will be able to help. Let's finish your request "
    "first."
)

PRIORITY_NAMES = (N_("critical"), N_("high"), N_("medium"), N_("low"))

MESSAGES: tuple[str, ...] = (
    *(s.question for s in STEPS),
    *(s.retry for s in STEPS),
    *dict.fromkeys(text for _, text in GREETINGS),
    SUMMARY,
    SUMMARY_EMAIL,
    SUMMARY_ONSITE,
    CONFIRM_RETRY,
    WHICH_FIELD,
    THANKS,
    THANKS_NO_NAME,
    CREATED,
    CREATED_AFTER_HOURS,
    CANCELLED,
    NOTHING_TO_CANCEL,
    RESTARTED,
    HANDED_OVER,
    FILED_INCOMPLETE,
    CORRECTED,
    *FIELD_NAMES,
    CANNOT_ANSWER,
    *PRIORITY_NAMES,
    ASK_NAME_WITH_PROFILE,
    ASK_PHONE_FOR,
)


class FlowError(RuntimeError):
    """The flow table is inconsistent; raised at start-up."""


def check_flow(languages: list[str], extra_messages: tuple[str, ...] = ()) -> None:
    """Validate the table: known ``awaiting`` values, no duplicates, complete translations."""
    names = [step.awaiting for step in STEPS]
    bad = [n for n in names if n not in AWAITING_VALUES]
    if bad:
        raise FlowError(f"steps wait for unknown fields: {bad}")
    if len(set(names)) != len(names):
        raise FlowError("two steps wait for the same field")
    for language in languages:
        untranslated = missing(language, [*MESSAGES, *extra_messages])
        if untranslated:
            raise FlowError(
                f"{len(untranslated)} customer messages lack a {language} translation: "
                f"{untranslated[0]!r} ..."
            )
