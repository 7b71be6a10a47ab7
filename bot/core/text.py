"""Small text helpers shared by every message the bot writes."""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """``text`` on one line (runs of white space folded to one space), cut to at most
    ``limit`` characters with an ellipsis when it is longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def upper_first(text: str) -> str:
    """``text`` with its first letter in capitals and the rest as written ("ristorante Da
    Nando" -> "Ristorante Da Nando"; ``str.capitalize`` would lower "Da Nando")."""
    return text[:1].upper() + text[1:]


def upper_firsts(text: str) -> str:
    """Every word of ``text`` with its first letter in capitals ("de villiers transport" as
    typed on a phone -> "De Villiers Transport")."""
    return " ".join(upper_first(word) for word in text.split())


# The capital and the small letters of the desk's languages. A range such as "À-Ž" would
# mix them: Latin Extended-A interleaves cases ("Č" sits between "à" and "ž").
CAPITALS = "A-ZÀ-ÖØ-ÞČĎĚĹĽŇŔŘŠŤŮŽ"
SMALLS = "a-zß-öø-ÿčďěĺľňŕřšťůž"


def cased(pattern: str) -> str:
    """``pattern`` with "[A-ZÀ-Ž]" meaning a capital letter and "[a-zà-ž]" a small one."""
    return pattern.replace("A-ZÀ-Ž", CAPITALS).replace("a-zà-ž", SMALLS)
