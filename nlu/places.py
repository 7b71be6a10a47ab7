"""Towns of the desk's countries, to tell a firm's name from the town written beside it.

The list (``nlu/gazetteer/towns.txt``) is generated from GeoNames by ``nlu/gen_towns.py`` and
kept folded, so a lookup is one set membership per candidate.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nlu.linear import fold

TOWNS_FILE = Path(__file__).resolve().parent / "gazetteer" / "towns.txt"
LONGEST = 3  # words in the longest town we look for ("Polignano a Mare")


def folded_lines(path: Path) -> frozenset[str]:
    """A generated gazetteer list: one folded entry per line, "#" lines are comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def towns() -> frozenset[str]:
    return folded_lines(TOWNS_FILE)


def is_town(text: str) -> bool:
    """ "Pardubice", "kromeriz", "Castel Mella": a town of the desk's countries."""
    return fold(text.strip(" ,.")) in towns()


def trailing_town(words: list[str]) -> int:
    """How many of the last ``words`` name a town (0 when they do not)."""
    for size in range(min(LONGEST, len(words) - 1), 0, -1):
        if is_town(" ".join(words[-size:])):
            return size
    return 0


# Czech case endings a town's words take after "z", "v", "ve", "u" (folded), and the
# nominative endings they may come from: "z Velkého Meziříčí" is Velké Meziříčí, "v Karlíně"
# Karlín, "ve Zlíně" Zlín, "z Brna" Brno.
_CZECH_ENDINGS = (
    ("eho", ("e", "y")),
    ("em", ("e", "y", "")),
    ("ich", ("e", "y")),
    ("ach", ("y", "e")),
    ("ou", ("a",)),
    ("ne", ("n", "no", "na")),
    ("e", ("", "a", "o")),
    ("i", ("", "e", "a")),
    ("y", ("e", "a")),
    ("a", ("", "o")),
    ("u", ("", "o")),
)


def _czech_stems(word: str) -> set[str]:
    forms = {word}
    for ending, nominatives in _CZECH_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            forms |= {word[: -len(ending)] + n for n in nominatives}
    return forms


def is_declined_town(text: str) -> bool:
    """ "Velkého Meziříčí", "Karlíně", "Plzni": a town of the desk's countries in another
    Czech case (the regular endings only)."""
    words = fold(text.strip(" ,.")).split()
    if not 1 <= len(words) <= LONGEST:
        return False
    candidates = [""]
    for word in words:
        candidates = [f"{c} {s}".strip() for c in candidates for s in _czech_stems(word)]
    return any(c in towns() for c in candidates)
