"""Yes and no, in the three desk languages: one vocabulary for every question the bot asks.

Customers answer in many forms ("jj", "sì grazie", "ok go ahead", "👍", "no that's wrong").
Words are compared without case or diacritics, so "ano"/"áno" and "si"/"sì" read the same.
Features that need a stricter or a wider reading (an overtime "yes" costs money; "fixed"
accepts "it works") build on these sets instead of keeping their own copies.
"""

from __future__ import annotations

import re
import unicodedata

YES_WORDS = frozenset(
    [
        "yes",
        "ys",
        "yess",
        "yeh",
        "yez",
        "ofc",
        "oki",
        "y",
        "ye",
        "yep",
        "yeah",
        "yea",
        "ya",
        "yup",
        "yip",
        "yas",
        "ok",
        "okay",
        "okey",
        "k",
        "kk",
        "sure",
        "correct",
        "right",
        "confirm",
        "confirmed",
        "fine",
        "good",
        "perfect",
        "absolutely",
        "definitely",
        "certainly",
        "affirmative",
        "proceed",
        "ano",
        "yebo",
        "ewe",
        "jo",
        "jj",
        "joo",
        "jop",
        "jasne",
        "dobre",
        "spravne",
        "souhlasi",
        "souhlasim",
        "potvrzuji",
        "potvrzuju",
        "presne",
        "klidne",
        "urcite",
        "samozrejme",
        "muze",
        "mozno",
        "beru",
        "si",
        "certo",
        "esatto",
        "va",
        "bene",
        "confermo",
        "giusto",
        "perfetto",
        "ok",
        "daccordo",
        "certamente",
        "sicuro",
        "procedi",
        "assolutamente",
        "vai",
    ]
)
"""Words that say yes when they open an answer."""

STRICT_YES_WORDS = frozenset(
    [
        "yes",
        "y",
        "yep",
        "yeah",
        "yup",
        "sure",
        "ano",
        "jo",
        "jj",
        "jasne",
        "urcite",
        "si",
        "certo",
        "confermo",
        "certamente",
    ]
)
"""An unmistakable yes, for answers that cost the customer money ("ok thanks" is not one)."""

NO_WORDS = frozenset(
    [
        "no",
        "nee",
        "aikona",
        "n",
        "nope",
        "nah",
        "nay",
        "wrong",
        "incorrect",
        "change",
        "not",
        "negative",
        "never",
        "ne",
        "nee",
        "nn",
        "neni",
        "nesouhlasi",
        "nesouhlasim",
        "spatne",
        "nechci",
        "nikoliv",
        "non",
        "sbagliato",
        "niente",
        "nessuno",
        "nemmeno",
    ]
)
"""Words that say no when they open an answer."""

YES_PHRASES = (
    "go ahead",
    "thats right",
    "that is right",
    "thats fine",
    "va bene",
    "to sedi",
    "je to tak",
    "to je ono",
    "in ordine",
    "tutto giusto",
    "all correct",
)
NO_PHRASES = (
    "not right",
    "not correct",
    "thats wrong",
    "that is wrong",
    "to nesedi",
    "to neni",
    "non e giusto",
    "non va bene",
    "non e corretto",
)
YES_EMOJI = ("👍", "✅", "👌", "🆗", "✔")
NO_EMOJI = ("👎", "❌", "✖", "🚫")


def fold(text: str) -> str:
    """Lower case without diacritics or apostrophes: the form every vocabulary is kept in."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("'", "").replace("’", ""))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return re.findall(r"[^\W\d_]+", fold(text))


def flat(text: str) -> str:
    """Folded words separated by single spaces and padded, for phrase search."""
    return " " + " ".join(words(text)) + " "


def first_word(text: str) -> str:
    found = words(text)
    return found[0] if found else ""


def has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    folded = flat(text)
    return any(flat(phrase) in folded for phrase in phrases)


# South African "ja" is a yes only on its own ("ja", "ja thanks"): "Já jsem v Praze" is I.
SHORT_YES = frozenset(["ja", "jaa"])


def is_yes(text: str) -> bool:
    """A yes: a yes word first, a yes phrase, or a thumbs-up, and no no-word first."""
    if is_no(text):
        return False
    stripped = text.strip()
    return (
        first_word(text) in YES_WORDS
        or (first_word(text) in SHORT_YES and len(words(text)) <= 2 and "á" not in text.lower())
        or has_phrase(text, YES_PHRASES)
        or stripped.startswith(YES_EMOJI)
    )


def is_no(text: str) -> bool:
    stripped = text.strip()
    return (
        first_word(text) in NO_WORDS
        or has_phrase(text, NO_PHRASES)
        or stripped.startswith(NO_EMOJI)
    )


def is_clear_yes(text: str) -> bool:
    """Only an unmistakable yes (see :data:`STRICT_YES_WORDS`)."""
    return first_word(text) in STRICT_YES_WORDS or text.strip().startswith(YES_EMOJI[:2])
