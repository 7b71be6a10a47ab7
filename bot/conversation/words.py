"""The customer's command words, as one declarative table (like the technicians' table).

A customer can write STATUS, ESCALATE REF, CANCEL, RESTART, HELP, STOP/START (SMS) or a
language name, in any of the desk's languages. The table is checked when it is built (no
word belongs to two commands), and the HELP reply is generated from it, so the help text
and what the bot understands cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import vocab
from bot.core.i18n import N_, translate


@dataclass(frozen=True)
class CustomerWord:
    command: str
    words: tuple[str, ...]  # folded (lower case, no diacritics)
    help: str | None  # an English help line (translated in the catalogs); None: not listed
    takes_argument: bool = False  # "ESCALATE TKT-1042": the word leads, a reference follows
    value: str | None = None  # for language words: the language code


class WordTableError(RuntimeError):
    """The customer word table is inconsistent; raised at import, i.e. at boot."""


HELP_HEADER = N_(
    "Describe your IT problem here and I will open a ticket. You can send details or photos "
    "for your open ticket, or ask for a person. You can also write:"
)
WORDS: tuple[CustomerWord, ...] = (
    CustomerWord("status", ("status", "stav", "stato"), N_("STATUS: your open tickets"), True),
    CustomerWord(
        "escalate",
        ("escalate", "escalation", "eskalovat", "eskalace", "eskaluj", "escalare", "escala"),
        N_("ESCALATE and the reference: if it gets worse"),
        True,
    ),
    CustomerWord(
        "cancel",
        (
            "cancel",
            "zrusit",
            "zrus",
            "zruste",
            "storno",
            "stornujte",
            "annulla",
            "annulli",
            "annullare",
            "annullate",
            "cancellate",
            "anule",  # Venetian "anulé"
            "anulate",
        ),
        N_("CANCEL: stop a request in progress"),
    ),
    CustomerWord(
        "restart",
        (
            "start over",
            "restart",
            "reset",
            "znovu",
            "zacit znovu",
            "ricomincia",
            "ricominciare",
            "da capo",
        ),
        N_("RESTART: start the request again"),
    ),
    CustomerWord("new", ("new", "novy", "nova", "nove", "nuovo", "nuova"), None),
    CustomerWord(
        "opt_out",
        ("stop", "stopall", "unsubscribe", "end", "quit", "revoke", "optout"),
        N_("STOP: no more text messages (START to resume)"),
    ),
    CustomerWord("opt_in", ("start", "unstop", "subscribe", "yes start"), None),
    CustomerWord("help", ("help", "pomoc", "napoveda", "aiuto", "menu", "info"), None),
    *(
        CustomerWord("language", words, None, value=code)
        for code, words in (
            ("en", ("english", "in english", "anglicky", "inglese")),
            ("cs", ("cesky", "cestina", "czech", "ceco", "po cesky")),
            ("it", ("italiano", "italian", "italsky", "in italiano")),
        )
    ),
)
LANGUAGE_HELP = N_("ENGLISH, ČESKY, ITALIANO: change the language")
HELP_LINES = (*(w.help for w in WORDS if w.help), LANGUAGE_HELP)
MESSAGES = (HELP_HEADER, *HELP_LINES)


def _check(table: tuple[CustomerWord, ...]) -> dict[str, CustomerWord]:
    index: dict[str, CustomerWord] = {}
    for entry in table:
        if not entry.words:
            raise WordTableError(f"{entry.command}: no words")
        for word in entry.words:
            if word != vocab.fold(word):
                raise WordTableError(f"{entry.command}: {word!r} is not folded")
            if word in index:
                raise WordTableError(
                    f"{word!r} means both {index[word].command} and {entry.command}"
                )
            index[word] = entry
    return index


_INDEX = _check(WORDS)


@dataclass(frozen=True)
class Said:
    command: str
    argument: str  # what follows a leading word ("TKT-1042"), else ""
    value: str | None = None


def command_of(text: str) -> Said | None:
    """The command a whole message says ("cancel", "stav", "ESCALATE TKT-1042"), or None."""
    folded = " ".join(re.findall(r"[\w-]+", vocab.fold(text)))
    entry = _INDEX.get(folded)
    if entry is not None:
        return Said(entry.command, "", entry.value)
    first, _, rest = folded.partition(" ")
    entry = _INDEX.get(first)
    if entry is not None and entry.takes_argument:
        return Said(entry.command, text.strip().split(None, 1)[1] if rest else "", entry.value)
    return None


def help_text(language: str) -> str:
    """The HELP reply, built from the table in the customer's language."""
    lines = [translate(language, HELP_HEADER)]
    lines += [translate(language, line) for line in HELP_LINES]
    return "\n".join(lines)
