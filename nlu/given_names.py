"""People's first names, to tell a person from a firm or a stray word.

The list (``nlu/gazetteer/given_names.txt``) is generated from Faker's locales by
``nlu/gen_given_names.py`` and kept folded, so a lookup is one set membership. It is a hint
that a word is a first name, never proof that another word is not one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nlu.linear import fold
from nlu.places import folded_lines

GIVEN_NAMES_FILE = Path(__file__).resolve().parent / "gazetteer" / "given_names.txt"


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    return folded_lines(GIVEN_NAMES_FILE)


def is_given_name(word: str) -> bool:
    """ "Ivan", "jana", "Giuseppe": a known first name."""
    return fold(word.strip(" ,.")) in given_names()
