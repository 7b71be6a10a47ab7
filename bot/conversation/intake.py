"""The intake conversation as a declarative table: which field the bot waits for,
when it needs to ask at all, how it asks and how it reads a direct answer.
``check_flow`` validates the table at start-up (every ``awaiting`` value is one
the contract allows, every message is translated), so a broken flow fails at
boot, not at 2 a.m."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.core.i18n import N_, missing
from bot.core.phones import PhoneError, to_e164
from bot.core.phones import region_of as _region_of
from bot.core.vocab import is_no, is_yes  # noqa: F401  re-exported for the flow

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
Reader = Callable[[str, "ReadContext"], str | None]


@dataclass(frozen=True)
class ReadContext:
    """What a reader may need besides the text: the customer's number and the WhatsApp
    profile name (a hint the customer can accept with YES, never taken as a fact)."""

    sender: str
    profile_name: str | None = None

    @property
    def region(self) -> str | None:
        return _region_of(self.sender)


@dataclass(frozen=True)
class Step:
    awaiting: str
    question: str
    retry: str
    read: Reader
    needed: Callable[[Slots], bool] = lambda slots: True


def clean_text(text: str) -> str:
    """Collapse spaces and drop trailing punctuation, but keep the dot of an abbreviation
    ("Novák s.r.o.", "Acme Inc.")."""
    text = re.sub(r"\s+", " ", text).strip().strip(",;!").strip()
    abbreviation = re.search(r"(\b\w\.(\w\.)+|\b(inc|ltd|co|corp|spa|srl)\.)$", text, re.I)
    if text.endswith(".") and not abbreviation:
        text = text.rstrip(".").strip()
    return text


def read_company(text: str, ctx: ReadContext) -> str | None:
    name = clean_text(text)
    short = 2 <= len(name) <= 120 and len(name.split()) <= 8
    return name if short and re.search(r"[^\W\d_]", name) else None


def read_name(text: str, ctx: ReadContext) -> str | None:
    if ctx.profile_name and is_yes(text):
        return ctx.profile_name
    name = clean_text(
        re.sub(
            r"(?i)^(?:my name is|i am|i'm|it's|its|this is|jsem|jmenuji se|sono|"
            r"mi chiamo)\s+",
            "",
            text.strip(),
        )
    )
    words = name.split()
    ok = 1 <= len(words) <= 5 and all(re.fullmatch(r"[^\W\d_][\w.'’-]*", w) for w in words)
    if not ok:
        return None
    return name.title() if name.islower() else name


def read_phone(text: str, ctx: ReadContext) -> str | None:
    if is_yes(text):
        return ctx.sender
    candidate = re.sub(r"[^\d+]", "", text)
    if len(candidate) < 6:
        return None
    try:
        return to_e164(candidate, ctx.region)
    except PhoneError:
        return None


def read_description(text: str, ctx: ReadContext) -> str | None:
    cleaned = clean_text(text)
    return cleaned if len(cleaned) >= 8 and len(cleaned.split()) >= 2 else None


IMPACT_WORDS = {
    "everyone": (
        "everyone",
        "everybody",
        "all of us",
        "whole",
        "entire",
        "all staff",
        "nobody",
        "všichni",
        "vsichni",
        "celá",
        "cela",
        "celý",
        "cely",
        "nikdo",
        "tutti",
        "tutto",
        "nessuno",
        "intero",
        "intera",
        "all",
    ),
    "several": (
        "several",
        "some",
        "few",
        "team",
        "department",
        "many",
        "několik",
        "nekolik",
        "pár",
        "par",
        "oddělení",
        "oddeleni",
        "alcuni",
        "diversi",
        "qualche",
        "ufficio",
        "reparto",
        "half",
        "polovina",
        "metà",
        "meta",
    ),
    "single": (
        "just me",
        "only me",
        "me",
        "myself",
        "one",
        "jen já",
        "jen ja",
        "jenom já",
        "já",
        "ja",
        "jeden",
        "solo io",
        "io",
        "uno",
        "solo me",
    ),
}


def read_impact(text: str, ctx: ReadContext) -> str | None:
    folded = f" {clean_text(text).casefold()} "
    for level in ("everyone", "several", "single"):
        if any(f" {word} " in folded or folded.strip() == word for word in IMPACT_WORDS[level]):
            return level
    return None


def read_reason(text: str, ctx: ReadContext) -> str | None:
    cleaned = clean_text(text)
    return cleaned if len(cleaned) >= 4 and len(cleaned.split()) >= 2 else None


STEPS: tuple[Step, ...] = (
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
        "description",
        N_("Please describe the problem: what is happening, since when, and who is affected?"),
        N_("Could you describe the problem in a few more words?"),
        read_description,
    ),
    Step(
        "impact",
        N_("How many people are affected: just you, several people, or the whole office?"),
        N_("Please tell me who is affected: just you, several people, or everyone?"),
        read_impact,
        needed=lambda slots: bool(slots.get("_ask_impact")),
    ),
    Step(
        "onsite_reason",
        N_("We solve most problems remotely first. Why do you need a technician on site?"),
        N_("Please tell me briefly why the visit is needed on site."),
        read_reason,
        needed=lambda slots: bool(slots.get("onsite_requested")),
    ),
)
STEP_BY_AWAITING = {step.awaiting: step for step in STEPS}

ASK_NAME_WITH_PROFILE = N_(
    "Who should our technician ask for? Reply YES if it is {name}, or send your name."
)
GREETING = N_("Hello, this is the {helpdesk} service desk.")
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
CREATED = N_(
    "Thank you, {contact_name}. Your ticket is {ref} ({priority} priority). "
    "A technician will respond by {due}. You can send more details or photos here, "
    "ask STATUS at any time, or write ESCALATE {ref} if it gets worse."
)
CREATED_AFTER_HOURS = N_(
    "Thank you, {contact_name}. Your ticket is {ref} ({priority} priority). "
    "You can send more details or photos here, ask STATUS at any time, or write "
    "ESCALATE {ref} if it gets worse."
)
CANCELLED = N_("OK, I have cancelled this request. Write to us any time to start again.")
NOTHING_TO_CANCEL = N_("There is no request in progress to cancel.")
RESTARTED = N_("OK, let's start again.")
HANDOFF = N_("I am having trouble understanding. A member of our team will contact you shortly.")
CANNOT_ANSWER = N_(
    "I can't answer that here, but a technician will be able to help. Let's finish your request "
    "first."
)

PRIORITY_NAMES = (N_("critical"), N_("high"), N_("medium"), N_("low"))

MESSAGES: tuple[str, ...] = (
    *(s.question for s in STEPS),
    *(s.retry for s in STEPS),
    GREETING,
    SUMMARY,
    SUMMARY_EMAIL,
    SUMMARY_ONSITE,
    CONFIRM_RETRY,
    WHICH_FIELD,
    CREATED,
    CREATED_AFTER_HOURS,
    CANCELLED,
    NOTHING_TO_CANCEL,
    RESTARTED,
    HANDOFF,
    CANNOT_ANSWER,
    *PRIORITY_NAMES,
    ASK_NAME_WITH_PROFILE,
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
