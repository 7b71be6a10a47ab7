"""Forwarded mail inside a message: its header lines name other people.

A customer who forwards a colleague's e-mail ("---------- Forwarded message ----------",
"From: Lerato Molefe <...>", "Subject: ...") is not Lerato, and "Lerato Molefe" is not their
company. The header lines are blanked (same length, so entity offsets still hold) before the
message is understood, and the forwarded mail's authors are remembered so that their
sign-off is not taken for the customer's name.
"""

from __future__ import annotations

import re

from bot.core import vocab

MARKER = re.compile(
    r"(?im)^[ \t>]*-{2,}\s*(?:forwarded message|original message|begin forwarded message|"
    r"messaggio inoltrato|messaggio originale|přeposlaná zpráva|preposlana zprava|"
    r"původní zpráva|puvodni zprava|weitergeleitete nachricht)\s*:?\s*-*[ \t]*$"
)
HEADER = re.compile(
    r"(?im)^[ \t>]*(?P<key>from|to|cc|date|sent|subject|od|komu|kopie|datum|odesláno|"
    r"odeslano|předmět|predmet|da|a|data|inviato|oggetto)\s*:(?P<value>[^\n]*)$"
)
SEPARATOR = re.compile(r"(?m)^[ \t]*-{5,}[ \t]*$")
AUTHOR_KEYS = frozenset(["from", "od", "da"])


def mask(text: str) -> tuple[str, set[str]]:
    """``text`` with the forwarded headers blanked, and the folded words of their authors'
    names. A message with no forwarded mail comes back unchanged."""
    headers = list(HEADER.finditer(text))
    if not MARKER.search(text) and len(headers) < 2:
        return text, set()
    authors: set[str] = set()
    chars = list(text)
    for match in [*headers, *MARKER.finditer(text), *SEPARATOR.finditer(text)]:
        if "key" in match.groupdict() and match.group("key").casefold() in AUTHOR_KEYS:
            who = re.sub(r"<[^>]*>|\S+@\S+", " ", match.group("value"))
            authors.update(w for w in vocab.words(who) if len(w) > 1)
        for index in range(match.start(), match.end()):
            chars[index] = " "
    return "".join(chars), authors


def by_author(name: str, authors: set[str]) -> bool:
    """True when ``name`` is (part of) a forwarded mail's author's name."""
    return bool(authors) and any(w in authors for w in vocab.words(name))
