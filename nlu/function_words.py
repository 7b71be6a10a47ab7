"""Function words (prepositions, pronouns, adverbs, conjunctions) of the desk's languages.

A firm's name never opens with one, so an answer to "which company?" that does ("nelle
camere del secondo piano", "tak co s tym", "for the two drafting PCs upstairs") is the
customer saying something else. The lists come from the ``stop-words`` package; the few
words that do open firm names ("U Kohouta", "Na Růžku", "La Genzianella", "Al Ponte",
"The Salty Anchor", "St Mary's", "De Villiers Transport") are taken out. The English list
also holds ordinary words ("home", "value"), so in English only a word typed in lower
case counts: "Home Comforts" is a firm, "for the two PCs" is not.
"""

from __future__ import annotations

import re
from functools import cache

from stop_words import get_stop_words

from nlu.linear import fold

LANGUAGES = {"en": "english", "cs": "czech", "it": "italian"}
OPEN_FIRM_NAMES = frozenset(
    ["u", "na", "pod", "nad", "v", "za", "k", "la", "il", "lo", "le", "l", "i", "gli"]
    + ["al", "alla", "allo", "da", "dal", "dalla", "un", "una", "uno", "ai", "alle"]
    + ["the", "a", "an", "st", "de", "du", "van", "von", "little", "new", "old", "first"]
)
CASE_SENSITIVE = frozenset(["en"])


@cache
def function_words(language: str) -> frozenset[str]:
    """The folded function words of ``language`` (empty for languages not covered)."""
    name = LANGUAGES.get(language)
    if name is None:
        return frozenset()
    return frozenset(fold(w) for w in get_stop_words(name)) - OPEN_FIRM_NAMES


def opens_with_function_word(text: str, language: str | None) -> bool:
    """The first word of ``text`` is a function word of ``language`` (in English, typed in
    lower case)."""
    first = re.search(r"[^\W\d_]+", text)
    if first is None:
        return False
    if language in CASE_SENSITIVE and not first.group().islower():
        return False
    return fold(first.group()) in function_words(language or "")
