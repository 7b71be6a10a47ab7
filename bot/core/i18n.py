"""Customer- and staff-facing text: gettext catalogs (``bot/core/locales/<lang>/LC_MESSAGES/
*.po``), compiled in memory with Babel and read with :mod:`gettext`, so plurals follow each
catalog's ``Plural-Forms`` (cs: 1 hodina, 2 hodiny, 5 hodin).

Code names English source strings with ``N_`` (and plural pairs with ``NP_``) so that
``pybabel extract -k N_ -k NP_:1,2`` finds them; every marked message is also registered here,
so the start-up check and the tests cover a message the moment it is written.
:func:`translate` and :func:`translate_plural` pick the reader's language; dates and times go
through Babel in the reader's locale (:func:`locale_for`: the language plus the phone
number's country).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.core.phones import region_of

LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE_LANGUAGE = "en"
# The country whose conventions a language's readers expect when their number says nothing
# better (English falls back to the desk's own country, see :func:`locale_for`).
REGION_BY_LANGUAGE: dict[str, str | None] = {"en": None, "cs": "CZ", "it": "IT"}


@dataclass(frozen=True)
class Plural:
    """A message with a count: English singular and plural; the catalog holds every form
    the language needs. ``{n}`` in the text is the count."""

    singular: str
    plural: str


Message = str | Plural
_REGISTERED: dict[Message, None] = {}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark (and register) a source string for extraction without translating it yet."""
    _REGISTERED.setdefault(message)
    return message


def NP_(singular: str, plural: str) -> Plural:  # noqa: N802 - the gettext convention
    """Mark (and register) a message with a count: ``NP_("{n} hour", "{n} hours")``."""
    message = Plural(singular, plural)
    _REGISTERED.setdefault(message)
    return message


def registered() -> tuple[Message, ...]:
    """Every message marked with ``N_``/``NP_`` by the modules imported so far."""
    return tuple(_REGISTERED)


@cache
def catalogs(language: str) -> tuple[Catalog, ...]:
    """Every catalog of ``language``: one ``.po`` file per feature (intake, tickets, paging ...)."""
    folder = LOCALES / language / "LC_MESSAGES"
    found = []
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            found.append(read_po(handle, locale=language))
    return tuple(found)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogs as one :mod:`gettext` object (the source language needs none:
    ``NullTranslations`` answers with the English text and English plural rule)."""
    chain: gettext.NullTranslations = gettext.NullTranslations()
    if language == SOURCE_LANGUAGE:
        return chain
    for catalog in reversed(catalogs(language)):
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        compiled = gettext.GNUTranslations(buffer)
        compiled.add_fallback(chain)
        chain = compiled
    return chain


def translate(language: str, message: str, **values: object) -> str:
    """The message in ``language`` with ``{placeholders}`` filled; English when untranslated."""
    text = translations(language).gettext(message)
    return text.format(**values) if values else text


def translate_plural(language: str, message: Plural, n: int, **values: object) -> str:
    """The form of ``message`` the count ``n`` needs in ``language``, ``{n}`` filled in."""
    text = translations(language).ngettext(message.singular, message.plural, n)
    return text.format(n=n, **values)


@cache
def _complete(language: str) -> frozenset[object]:
    """The ids the language's catalogs translate completely (every plural form written)."""
    found: set[object] = set()
    for catalog in catalogs(language):
        for m in catalog:
            if not m.id or m.fuzzy:
                continue
            if isinstance(m.id, tuple | list):
                forms = list(m.string) if isinstance(m.string, tuple | list) else [m.string]
                if len(forms) == catalog.num_plurals and all(forms):
                    found.add(Plural(str(m.id[0]), str(m.id[1])))
            elif m.string:
                found.add(str(m.id))
    return frozenset(found)


def missing(language: str, messages: list[Message] | tuple[Message, ...]) -> list[Message]:
    """Source messages with no (complete) translation in ``language``; checked at start-up."""
    if language == SOURCE_LANGUAGE:
        return []
    table = _complete(language)
    return [m for m in messages if m not in table]


# -- locales, dates and times ------------------------------------------------------------------


def locale_for(language: str, phone: str | None, fallback_region: str | None = None) -> str:
    """The Babel locale a reader's dates follow: their language and their number's country
    (``en_GB`` for +44, ``en_ZA`` for +27), else the language's home country (``cs_CZ``,
    ``it_IT``), else ``fallback_region`` (the desk's country), else the bare language."""
    regions = [region_of(phone) if phone else None, REGION_BY_LANGUAGE.get(language)]
    regions.append(fallback_region)
    for region in regions:
        if not region:
            continue
        try:
            return str(Locale.parse(f"{language}_{region.upper()}"))
        except (UnknownLocaleError, ValueError):
            continue
    return language


def _at_hour(language: str, hour: int) -> str:
    """The preposition before a clock time. Czech says "ve" before the hours whose spoken
    numeral starts with a consonant cluster (dvě, tři, čtyři, dvanáct, třináct, čtrnáct,
    dvacet ...), Italian "all'" before una."""
    if language == "cs":
        return "ve" if hour in (2, 3, 4, 12, 13, 14, 20, 21, 22, 23) else "v"
    if language == "it":
        return "all'" if hour == 1 else "alle "
    return "at "


def local_time(at: datetime, zone: tzinfo, locale: str) -> str:
    """A moment the reader reads in a sentence ("by ..."): short weekday, day and month in
    their locale's order, and the clock time: ``Tue 1 Dec at 12:00`` (en_GB), ``Tue, Dec 1
    at 12:00 PM`` (en_US), ``út 1. 12. ve 12:00`` (cs_CZ), ``mar 1 dic alle 12:00`` (it_IT)."""
    local = at.astimezone(zone)
    language = Locale.parse(locale).language
    day = format_skeleton("MMMEd", local, locale=locale)
    clock = format_time(local, "short", locale=locale)
    joiner = _at_hour(language, local.hour)
    space = "" if joiner.endswith(("'", " ")) else " "
    return f"{day} {joiner}{space}{clock}"


# -- messages rendered per reader ------------------------------------------------------------


@dataclass(frozen=True)
class When:
    """A moment in a message to staff, written the way each reader's language writes it:
    English readers keep the compact ``Tue 01 Dec 09:30``, others their locale's form."""

    at: datetime
    zone: tzinfo

    def render(self, language: str) -> str:
        if language == SOURCE_LANGUAGE:
            return self.at.astimezone(self.zone).strftime("%a %d %b %H:%M")
        return local_time(self.at, self.zone, locale_for(language, None))


@dataclass(frozen=True)
class Text:
    """A message not translated yet, because its readers differ (each technician reads
    their own ``language``): the source message, its values, and the count of a plural.
    Values may be ``Text`` or ``When`` themselves; they are rendered in the same language."""

    message: Message
    values: tuple[tuple[str, object], ...] = ()
    n: int | None = None

    def render(self, language: str) -> str:
        values = {key: _render_value(value, language) for key, value in self.values}
        if isinstance(self.message, Plural):
            return translate_plural(language, self.message, self.n or 0, **values)
        return (
            translate(language, self.message, **values)
            if values
            else translate(language, self.message)
        )

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)


def lazy(message: Message, n: int | None = None, **values: object) -> Text:
    """``lazy(N_("{ref} acknowledged."), ref=...)``: a message rendered later, per reader."""
    return Text(message, tuple(values.items()), n)


LINES = N_("{first}\n{rest}")


def lazy_lines(*lines: str | Text) -> Text:
    """Several lines as one message: each :class:`Text` in the reader's language, plain
    strings (a customer's words, a description) as they are."""
    joined: str | Text = lines[-1]
    for line in reversed(lines[:-1]):
        joined = lazy(LINES, first=line, rest=joined)
    return joined if isinstance(joined, Text) else lazy(LINES_ONE, line=joined)


LINES_ONE = N_("{line}")


def _render_value(value: object, language: str) -> object:
    if isinstance(value, Text | When):
        return value.render(language)
    return value


def render(message: str | Text, language: str) -> str:
    """A plain string as it is (already written), a :class:`Text` in ``language``."""
    return message.render(language) if isinstance(message, Text) else message
