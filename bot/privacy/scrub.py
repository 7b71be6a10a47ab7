"""Cleaning a person's identifiers out of text we keep, and out of every table.

A number is found however it was written (``+27 83 111 2222``, ``0831112222``,
``whatsapp:+27831112222``), an address and a full name in any case. Inside the person's
own tickets their first and last names alone go too ("Thanks, Jane").

:func:`scrub_every_table` reads the schema from the database itself, so tables that
other features add later are covered without being listed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import phonenumbers
from sqlalchemy import JSON, MetaData, String, Table, Text, cast, or_, select, update
from sqlalchemy.orm import Session

from bot.privacy.subject import Subject

_SEPARATOR = r"[\s\-.()/]*"
# Tables whose text never holds personal data and must not be rewritten.
SKIPPED_TABLES = frozenset({"alembic_version", "privacy_erasures"})


def _phone_pattern(e164: str) -> str | None:
    try:
        parsed = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    national = phonenumbers.national_significant_number(parsed)
    country = str(parsed.country_code)
    prefix = rf"(?:whatsapp:)?(?:(?:\+|00)?{_SEPARATOR.join(country)}|0)?{_SEPARATOR}"
    return rf"(?<![\w+]){prefix}{_SEPARATOR.join(national)}(?!\d)"


class Scrubber:
    """Replaces the subject's identifiers with ``replacement`` in strings and JSON."""

    def __init__(self, subject: Subject, replacement: str, *, name_parts: bool = False):
        self.replacement = replacement
        patterns = [p for p in (_phone_pattern(phone) for phone in subject.phones) if p]
        patterns += [re.escape(email) for email in subject.emails]
        names = sorted(subject.names, key=len, reverse=True)
        patterns += [r"\b" + r"\s+".join(map(re.escape, n.split())) + r"\b" for n in names]
        if name_parts:
            parts = {part for n in names for part in n.split() if len(part) >= 3}
            patterns += [rf"\b{re.escape(part)}\b" for part in sorted(parts, key=len)[::-1]]
        self.pattern = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    def text(self, value: str) -> str:
        return self.pattern.sub(self.replacement, value) if self.pattern and value else value

    def value(self, value: Any) -> Any:
        """Strings, and strings inside JSON lists and objects (keys included)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {self.text(str(k)): self.value(v) for k, v in value.items()}
        return value


def _texty(table: Table) -> list[Any]:
    return [
        column
        for column in table.columns
        if isinstance(column.type, String | Text | JSON) and not column.primary_key
    ]


def reflect_tables(session: Session) -> list[Table]:
    """Every table of the live database, as it is now (other features' tables too)."""
    metadata = MetaData()
    metadata.reflect(bind=session.connection())
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def _terms_matching(column: Any, terms: Iterable[str]) -> Any:
    as_text = cast(column, Text)
    return or_(*(as_text.icontains(term, autoescape=True) for term in terms))


@dataclass(frozen=True)
class Mention:
    """One value, somewhere in the database, that names the subject."""

    table: Table
    key: dict[str, Any]  # primary key column -> value
    column: str
    value: Any


def find_mentions(session: Session, subject: Subject, scrubber: Scrubber) -> Iterator[Mention]:
    """Every text or JSON value, in every table, that names the subject. The database
    pre-filters by plain substrings; the scrubber's patterns decide."""
    terms = subject.search_terms()
    # JSON is stored with non-ASCII escaped (Novák -> Nov\\u00e1k): look for that form too.
    terms += [t.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00") for t in terms]
    terms = sorted({t for t in terms if t})
    if not terms or scrubber.pattern is None:
        return
    session.flush()
    for table in reflect_tables(session):
        keys = list(table.primary_key.columns)
        if not keys:
            continue
        for column in _texty(table):
            rows = session.execute(select(*keys, column).where(_terms_matching(column, terms)))
            for *key_values, value in rows.all():
                if scrubber.value(value) != value:
                    key = {k.name: v for k, v in zip(keys, key_values, strict=True)}
                    yield Mention(table, key, column.name, value)


def scrub_every_table(session: Session, subject: Subject, scrubber: Scrubber) -> int:
    """Rewrite every value, in every table, that names the subject; returns how many."""
    mentions = list(find_mentions(session, subject, scrubber))
    for found in mentions:
        where = [found.table.c[name] == value for name, value in found.key.items()]
        session.execute(
            update(found.table).where(*where).values({found.column: scrubber.value(found.value)})
        )
    return len(mentions)
