"""The intake conversation as a declarative table: which field the bot waits for,
how it asks, how it reads the answer. ``check_flow`` validates the table at
start-up (every ``awaiting`` value is one the contract allows, every question is
translated), so a broken flow fails at boot, not at 2 a.m."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.i18n import N_, missing
from bot.phones import PhoneError, to_e164

AWAITING_VALUES = (
    "company", "contact_name", "contact_phone", "email", "description", "impact",
    "onsite_reason", "confirm",
)
Reader = Callable[[str, "ReadContext"], str | None]


@dataclass(frozen=True)
class ReadContext:
    """What a reader may need besides the text: the customer's number and region."""

    sender: str
    region: str | None


@dataclass(frozen=True)
class Step:
    awaiting: str
    question: str
    retry: str
    read: Reader


def read_company(text: str, ctx: ReadContext) -> str | None:
    name = _clean(text)
    return name if 2 <= len(name) <= 120 and re.search(r"[^\W\d_]", name) else None


def read_name(text: str, ctx: ReadContext) -> str | None:
    name = _clean(text)
    words = name.split()
    ok = 1 <= len(words) <= 5 and all(re.fullmatch(r"[^\W\d_][\w.'’-]*", w) for w in words)
    return name.title() if ok and name.islower() else (name if ok else None)


YES_WORDS = frozenset(
    "yes y yep yeah ya ok okay sure correct right confirm ano jo jj jasne jasně ok "
    "si sì certo esatto va bene confermo".split()
)
NO_WORDS = frozenset("no n nope nah wrong ne nein non sbagliato".split())


def is_yes(text: str) -> bool:
    words = re.findall(r"[\wěščřžýáíéůúňťď]+", text.casefold())
    return bool(words) and words[0] in YES_WORDS or text.strip() in ("👍", "✅")


def is_no(text: str) -> bool:
    words = re.findall(r"[\wěščřžýáíéůúňťď]+", text.casefold())
    return bool(words) and words[0] in NO_WORDS or text.strip() in ("👎", "❌")


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
    cleaned = _clean(text)
    return cleaned if len(cleaned) >= 8 and len(cleaned.split()) >= 2 else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(".,;!")


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
)
STEP_BY_AWAITING = {step.awaiting: step for step in STEPS}

GREETING = N_("Hello, this is the {helpdesk} service desk. I will open a support ticket for you.")
SUMMARY = N_(
    "Please check your request:\n"
    "Company: {company}\nContact: {contact_name}, {contact_phone}\n"
    "Problem: {description}\nPriority: {priority}\n"
    "Reply YES to open the ticket, or NO to change something."
)
CONFIRM_RETRY = N_("Please reply YES to open the ticket, or NO to change something.")
WHICH_FIELD = N_(
    "What should I change? Reply COMPANY, NAME, PHONE or PROBLEM."
)
CREATED = N_(
    "Thank you, {contact_name}. Your ticket is {ref} ({priority} priority). "
    "A technician will respond by {due}."
)
CANCELLED = N_("OK, I have cancelled this request. Write to us any time to start again.")
HANDOFF = N_(
    "I am having trouble understanding. A member of our team will contact you shortly."
)
ADDED_TO_TICKET = N_("Thank you, I have added this to your ticket {ref}.")

FIELD_WORDS = {
    "company": ("company", "firma", "společnost", "spolecnost", "azienda", "societa", "società"),
    "contact_name": ("name", "jméno", "jmeno", "nome"),
    "contact_phone": ("phone", "number", "telefon", "číslo", "cislo", "telefono", "numero"),
    "description": ("problem", "description", "popis", "problém", "problema", "descrizione"),
}

MESSAGES: tuple[str, ...] = (
    *(s.question for s in STEPS),
    *(s.retry for s in STEPS),
    GREETING, SUMMARY, CONFIRM_RETRY, WHICH_FIELD, CREATED, CANCELLED, HANDOFF, ADDED_TO_TICKET,
)


class FlowError(RuntimeError):
    """The flow table is inconsistent; raised at start-up."""


def check_flow(languages: list[str]) -> None:
    """Validate the table: known ``awaiting`` values, no duplicates, complete translations."""
    names = [step.awaiting for step in STEPS]
    bad = [n for n in names if n not in AWAITING_VALUES]
    if bad:
        raise FlowError(f"steps wait for unknown fields: {bad}")
    if len(set(names)) != len(names):
        raise FlowError("two steps wait for the same field")
    for language in languages:
        untranslated = missing(language, list(MESSAGES))
        if untranslated:
            raise FlowError(f"{len(untranslated)} intake messages lack a {language} translation: "
                            f"{untranslated[0]!r} ...")
