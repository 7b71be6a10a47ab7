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
