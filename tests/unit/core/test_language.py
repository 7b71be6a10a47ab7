"""Every message a customer or technician can receive, rendered in every language with
realistic values (issue 14): no placeholder left over, the plural form the count needs, the
greeting of the hour, the Czech vocative, one Italian "Lei", gender-neutral Czech, dates in
the reader's locale.

The messages come from the registry ``N_``/``NP_`` fill at import, so a message added
anywhere is covered the moment it exists; a new placeholder needs a sample in ``SAMPLES``.
"""

from __future__ import annotations

import re
import string
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_dir

import bot.app  # noqa: F401 - imports every feature, so every message is registered
from bot.conversation import intake
from bot.core.address import salutation
from bot.core.i18n import (
    Plural,
    catalogs,
    local_time,
    locale_for,
    missing,
    registered,
    translate,
    translate_plural,
    translations,
)
from bot.tickets.notifications import HOURS, MINUTES, duration_text

LANGUAGES = ("en", "cs", "it")
PRAGUE = ZoneInfo("Europe/Prague")
MORNING = datetime(2026, 12, 1, 9, 30, tzinfo=PRAGUE)
EVENING = datetime(2026, 12, 2, 19, 45, tzinfo=PRAGUE)
LOCALES = {"en": "en_GB", "cs": "cs_CZ", "it": "it_IT"}


def samples(language: str, at: datetime) -> dict[str, object]:
    """Realistic values for every placeholder: names with diacritics, local times."""
    locale = LOCALES[language]
    return {
        "ref": "KIT-1042",
        "example": "KIT-1042",
        "phone": "+420 602 111 222",
        "helpdesk": "Pražská IT",
        "company": "Pekárna U Dvořáků",
        "contact_name": "Veronika Kubíčková",
        "contact_phone": "+420 602 111 222",
        "name": salutation("Pavel Černý", language),
        "technician": "Petra Svobodová",
        "priority": translate(language, "high"),
        "status": translate(language, "in_progress"),
        "summary": "tiskárna v recepci netiskne",
        "description": "tiskárna v recepci netiskne",
        "reason": "výměna zapékací jednotky",
        "text": "Vyměnil jsem toner.",
        "due": local_time(at, PRAGUE, locale),
        "date": local_time(at, PRAGUE, locale),
        "time": "19:45",
        "duration": duration_text(language, 90),
        "total": duration_text(language, 125),
        "hours": translate_plural(language, HOURS, 2),
        "minutes": translate_plural(language, MINUTES, 5),
        "parts": "1x toner HP 305A",
        "limit": "10 MB",
        "why": "potvrzeno (Thabo Nkosi, 20:10)",
        "how": "potvrzeno",
        "at": "20:10",
        "more": 5,
        "valid": "4h",
        "kind": "fotka",
        "type": "image/jpeg",
        "kb": 312,
        "link": "https://deskbot.example/media/7?exp=1&sig=ab",
        "field": translate(language, "company"),
        "value": "Pekárna U Dvořáků",
        "email": "veronika@pekarna.example",
        "email_line": "",
        "onsite_line": "",
        "who": "Veronika Kubíčková (Pekárna U Dvořáků)",
        "usage": "KIT-1042 onsite WHEN [DURATION] [REASON]",
        "number": "+420 602 111 222",
        "names": "Petra Svobodová, Radim Staněk",
        "matches": "Petra Svobodová, Petr Dvořák",
        "channel": "sms",
        "problem": "'blah' is not a day",
        "when": "st 2. 12. v 19:45",
        "count": 3,
        "prefix": "KIT",
        "help": "log work",
        "aliases": "4",
        "word": "zitra",
        "command": "ack",
        "hint": "Send HELP for the commands.",
        "headline": "New ticket",
        "flags": " [review]",
        "first": "KIT-1042 ack",
        "rest": "KIT-1042 resolve",
        "line": "KIT-1042 ack",
        "range": "25:00-26:00",
        "timeout": "10m",
        "level": 2,
        "percent": 75,
        "target": "1h",
        "assignee": "Petra Svobodová",
    }


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def render(message: str | Plural, language: str, at: datetime, n: int = 2) -> str:
    values = samples(language, at)
    if isinstance(message, Plural):
        return translate_plural(language, message, n, **values)
    return translate(language, message, **values)


MESSAGES = registered()


def test_the_registry_holds_every_feature() -> None:
    assert len(MESSAGES) > 80
    assert intake.CREATED in MESSAGES and intake.THANKS in MESSAGES
    assert all(m in MESSAGES for m in intake.MESSAGES)


@pytest.mark.parametrize("language", ("cs", "it"))
def test_every_message_is_translated(language: str) -> None:
    assert missing(language, MESSAGES) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("at", (MORNING, EVENING), ids=("morning", "evening"))
def test_every_message_renders_without_leftovers(language: str, at: datetime) -> None:
    known = set(samples(language, at)) | {"n"}
    for message in MESSAGES:
        source = message.singular if isinstance(message, Plural) else message
        unknown = placeholders(source) - known
        assert not unknown, f"add a sample value for {unknown} ({source!r})"
        for n in (1, 2, 5):
            text = render(message, language, at, n)
            assert not re.search(r"[{}]", text), f"{language}: leftover in {text!r}"
            assert text.strip(), source


@pytest.mark.parametrize("language", ("cs", "it"))
def test_translations_keep_the_placeholders_of_the_source(language: str) -> None:
    """A translation may not drop, add or misspell a ``{placeholder}``."""
    gnu = translations(language)
    for message in MESSAGES:
        if isinstance(message, Plural):
            for n in (1, 2, 5):
                text = gnu.ngettext(message.singular, message.plural, n)
                assert placeholders(text) == placeholders(message.singular), text
        else:
            assert placeholders(gnu.gettext(message)) == placeholders(message), message


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("en", ["1 hour", "2 hours", "5 hours", "21 hours", "22 hours"]),
        ("cs", ["1 hodina", "2 hodiny", "5 hodin", "21 hodin", "22 hodin"]),
        ("it", ["1 ora", "2 ore", "5 ore", "21 ore", "22 ore"]),
    ],
)
def test_plural_forms_follow_the_catalogs(language: str, forms: list[str]) -> None:
    assert [translate_plural(language, HOURS, n) for n in (1, 2, 5, 21, 22)] == forms


def test_czech_counts_decline_the_whole_phrase() -> None:
    header = next(m for m in MESSAGES if isinstance(m, Plural) and "open ticket" in m.singular)
    assert [translate_plural("cs", header, n) for n in (1, 2, 5)] == [
        "Máte 1 otevřený požadavek:",
        "Máte 2 otevřené požadavky:",
        "Máte 5 otevřených požadavků:",
    ]
    assert translate_plural("it", header, 1) == "Ha 1 richiesta aperta:"
    assert translate_plural("it", header, 5) == "Ha 5 richieste aperte:"


@pytest.mark.parametrize(
    ("language", "minutes", "text"),
    [
        ("en", 90, "1 hour 30 minutes"),
        ("en", 60, "1 hour"),
        ("en", 1, "1 minute"),
        ("cs", 125, "2 hodiny 5 minut"),
        ("cs", 62, "1 hodina 2 minuty"),
        ("cs", 300, "5 hodin"),
        ("it", 90, "1 ora e 30 minuti"),
        ("it", 1, "1 minuto"),
    ],
)
def test_durations_in_words(language: str, minutes: int, text: str) -> None:
    assert duration_text(language, minutes) == text


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        (3, ("Good evening", "Dobrý večer", "Buonasera")),
        (8, ("Good morning", "Dobrý den", "Buongiorno")),
        (14, ("Good afternoon", "Dobrý den", "Buon pomeriggio")),
        (19, ("Good evening", "Dobrý večer", "Buonasera")),
    ],
)
def test_the_greeting_matches_the_hour(hour: int, expected: tuple[str, str, str]) -> None:
    for language, opening in zip(LANGUAGES, expected, strict=True):
        text = translate(language, intake.greeting_for(hour), helpdesk="Pražská IT")
        assert text.startswith(opening + ","), text


@pytest.mark.parametrize(
    ("name", "vocative"),
    [
        ("Pavel Černý", "pane Černý"),
        ("Jan Novák", "pane Nováku"),
        ("Radim Staněk", "pane Staňku"),
        ("Jiří Procházka", "pane Procházko"),
        ("Petra Svobodová", "paní Svobodová"),
        ("Veronika Kubíčková", "paní Kubíčková"),
        ("Jana Černá", "paní Černá"),
        ("Ing. Tomáš Dvořák", "pane Dvořáku"),
        ("Pavel", "Pavle"),
        ("Jitka", "Jitko"),
        ("Lukáš", "Lukáši"),
    ],
)
def test_czech_names_take_the_vocative(name: str, vocative: str) -> None:
    assert salutation(name, "cs") == vocative
    thanks = translate("cs", intake.THANKS, name=salutation(name, "cs"))
    assert thanks == f"Děkujeme, {vocative}."


def test_other_languages_keep_the_name_as_given() -> None:
    assert salutation("Giulia Bianchi", "it") == "Giulia Bianchi"
    assert salutation("Andrea Rossi", "it") == "Andrea Rossi"  # no guessed signora
    assert salutation("Jane Doe", "en") == "Jane Doe"
    assert salutation("  ", "cs") == ""


def test_italian_uses_one_form_of_the_formal_lei() -> None:
    """The courtesy pronouns are capitalised everywhere: Lei, La, Le, Sua, Suo, aiutarLa."""
    lowercase = re.compile(
        r"\b(?:lei|sua|suo|sue|suoi)\b"  # possessives and the subject pronoun
        r"|\b(?:la|le) (?:contatter|ringrazi|addebit|scriver|confermer)\w*"  # clitic + verb
        r"|\w(?:ar|er|ir)(?:la|le)\b"  # enclitic: chiamarla, risponderle
    )
    for message in MESSAGES:
        for n in (1, 2, 5):
            text = render(message, "it", MORNING, n)
            assert not lowercase.search(text), text


def test_czech_is_gender_neutral_where_the_gender_is_unknown() -> None:
    """The bot speaks as "we" (no "jsem" + a gendered participle), and no sentence assumes
    a technician's or the manager's gender ("vedoucímu ..., který", "technik vyřešil")."""
    gendered = re.compile(r"\bjsem\b|vedoucí\w*\b|\b(?:vyřešil|převzal|zavolal|předal)\b")
    for message in MESSAGES:
        if isinstance(message, Plural):
            continue
        text = translate("cs", message, **samples("cs", MORNING))
        # the sample technician's own words ("Vyměnil jsem toner.") are hers, not ours
        text = text.replace(str(samples("cs", MORNING)["text"]), "")
        assert not gendered.search(text), text


@pytest.mark.parametrize(
    ("phone", "language", "locale"),
    [
        ("+447400123456", "en", "en_GB"),
        ("+27821234567", "en", "en_ZA"),
        ("+12025550123", "en", "en_US"),
        ("+420602111222", "cs", "cs_CZ"),
        ("+27821234567", "cs", "cs_CZ"),  # no cs_ZA: the language's own country
        ("+390212345678", "it", "it_IT"),
        ("+41441234567", "it", "it_CH"),
    ],
)
def test_the_locale_is_the_language_plus_the_numbers_country(
    phone: str, language: str, locale: str
) -> None:
    assert locale_for(language, phone, "ZA") == locale


@pytest.mark.parametrize(
    ("at", "locale", "text"),
    [
        (datetime(2026, 12, 1, 12, 0), "cs_CZ", "út 1. 12. ve 12:00"),
        (datetime(2026, 12, 1, 9, 30), "cs_CZ", "út 1. 12. v 9:30"),
        (datetime(2026, 12, 2, 19, 45), "cs_CZ", "st 2. 12. v 19:45"),
        (datetime(2026, 12, 2, 20, 0), "cs_CZ", "st 2. 12. ve 20:00"),
        (datetime(2026, 12, 1, 12, 0), "it_IT", "mar 1 dic alle 12:00"),
        (datetime(2026, 12, 1, 1, 0), "it_IT", "mar 1 dic all'01:00"),
        (datetime(2026, 12, 1, 12, 0), "en_GB", "Tue 1 Dec at 12:00"),
        (datetime(2026, 12, 1, 19, 45), "en_US", "Tue, Dec 1 at 7:45\u202fPM"),
    ],
)
def test_moments_read_the_way_the_locale_writes_them(at: datetime, locale: str, text: str) -> None:
    assert local_time(at.replace(tzinfo=PRAGUE), PRAGUE, locale) == text


def test_the_catalogs_hold_exactly_what_the_code_marks() -> None:
    """``pybabel extract -k N_ -k NP_:1,2`` finds every message, and no catalog keeps an
    entry the code no longer sends (a stale translation would hide a changed source)."""
    root = Path(bot.app.__file__).resolve().parent
    keywords = {"N_": None, "NP_": (1, 2)}
    marked = {
        message if isinstance(message, str) else tuple(message)
        for _, _, message, *_ in extract_from_dir(str(root), keywords=keywords)
    }
    assert {m if isinstance(m, str) else (m.singular, m.plural) for m in MESSAGES} <= marked
    for language in ("en", "cs", "it"):
        held = {
            m.id if isinstance(m.id, str) else tuple(m.id)
            for catalog in catalogs(language)
            for m in catalog
            if m.id
        }
        assert held == marked, (language, held ^ marked)
