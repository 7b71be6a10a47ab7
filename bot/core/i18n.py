"""Customer-facing text: gettext catalogs (``bot/core/locales/<lang>/LC_MESSAGES/*.po``)
read with Babel. Code names English source strings with ``N_`` so that
``pybabel extract`` finds them; :func:`translate` picks the customer's language."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cache
from pathlib import Path

from babel.dates import format_datetime
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a source string for extraction without translating it yet."""
    return message


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
def _table(language: str) -> dict[str, str]:
    if language == SOURCE_LANGUAGE:
        return {}
    return {
        str(m.id): str(m.string)
        for catalog in catalogs(language)
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }


def translate(language: str, message: str, **values: object) -> str:
    """The message in ``language`` with ``{placeholders}`` filled; English when untranslated."""
    text = _table(language).get(message, message) if language != SOURCE_LANGUAGE else message
    return text.format(**values) if values else text


def missing(language: str, messages: list[str]) -> list[str]:
    """Source strings with no translation in ``language`` (checked at start-up and in tests)."""
    if language == SOURCE_LANGUAGE:
        return []
    table = _table(language)
    return [m for m in messages if m not in table]


def local_time(at: datetime, zone: tzinfo, language: str) -> str:
    """A time the customer reads: the helpdesk's zone, their language's conventions."""
    return format_datetime(at.astimezone(zone), "EEE d MMM HH:mm", locale=language)
