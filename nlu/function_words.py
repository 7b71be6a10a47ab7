"""Function words (prepositions, pronouns, adverbs, conjunctions) of Czech and Italian.

A firm's name never opens with one, so an answer to "which company?" that does ("nelle
camere del secondo piano", "tak co s tym") is the customer saying something else. The
lists come from the ``stop-words`` package; the few words that do open Czech and Italian
firm names ("U Kohouta", "Na Růžku", "La Genzianella", "Da Gino", "Al Ponte") are taken
out. English is left to the sentence checks: its list holds ordinary words ("able",
"information") and "The" and "De" open many names.
"""

from __future__ import annotations

import re
from functools import cache

from stop_words import get_stop_words

from nlu.linear import fold

LANGUAGES = {"cs": "czech", "it": "italian"}
OPEN_FIRM_NAMES = frozenset(
    ["u", "na", "pod", "nad", "v", "za", "k", "la", "il", "lo", "le", "l", "i", "gli"]
    + ["al", "alla", "allo", "da", "dal", "dalla", "un", "una", "uno", "ai", "alle"]
)


@cache
def function_words(language: str) -> frozenset[str]:
    """The folded function words of ``language`` (empty for languages not covered)."""
    name = LANGUAGES.get(language)
    if name is None:
        return frozenset()
    return frozenset(fold(w) for w in get_stop_words(name)) - OPEN_FIRM_NAMES


def opens_with_function_word(text: str, language: str | None) -> bool:
    """The first word of ``text`` is a function word of ``language``."""
    words = re.findall(r"[^\W\d_]+", fold(text))
    return bool(words) and words[0] in function_words(language or "")
