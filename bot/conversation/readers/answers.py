"""The free-form answers that are kept as written when nothing more is read: the problem,
who is affected, why a technician must come on site."""

from __future__ import annotations

import re

from bot.conversation.readers.context import ReadContext, clean_text
from bot.core import vocab


def read_description(text: str, ctx: ReadContext) -> str | None:
    cleaned = clean_text(text)
    return cleaned if len(cleaned) >= 4 and len(cleaned.split()) >= 1 else None


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "twenty": 20,
    "both": 2,
    "couple": 2,
    "jeden": 1,
    "jedna": 1,
    "dva": 2,
    "dve": 2,
    "tri": 3,
    "ctyri": 4,
    "pet": 5,
    "sest": 6,
    "deset": 10,
    "oba": 2,
    "obe": 2,
    "uno": 1,
    "una": 1,
    "due": 2,
    "tre": 3,
    "quattro": 4,
    "cinque": 5,
    "sei": 6,
    "dieci": 10,
    "entrambi": 2,
}


_EVERYONE = re.compile(
    r"\b(?:every ?one|every ?body|all of us|all staff|all (?:the )?(?:users|staff|pcs|computers|"
    r"people|employees)|whole|entire|nobody|no one|noone|company wide|all \d+|"
    r"vsichni|vsech|vsem|cel[aeyou]|nikdo|nikomu|cela firma|cela kancelar|"
    r"tutti|tutto|tutta|intero|intera|nessuno|l ?ufficio intero)\b"
)


_SINGLE = re.compile(
    r"\b(?:just|only|solo|soltanto|jen|jenom|pouze|akorat)\s+(?:me|my|mine|i|her|him|the boss|"
    r"the ceo|the owner|the manager|one|mne|me|ja|mi|sef|sefa|reditel|reditele|jeden|jedna|"
    r"io|me|lei|lui|il capo|il titolare|il direttore|una persona|uno)\b|"
    r"^(?:me|me only|myself|i am|ja|ja sam|jen ja|io|solo io|one|one person|1|jeden|uno)$|"
    r"\b(?:one person|a single|jedna osoba|jeden clovek|una persona|una sola)\b"
)


_SEVERAL = re.compile(
    r"\b(?:several|some|a few|few|couple|team|department|dept|dispatch|reception|warehouse|"
    r"accounts|sales|half|group|people on the road|nekolik|par|par lidi|oddeleni|tym|recepce|"
    r"sklad|ucetni|polovina|pulka|alcuni|alcune|qualche|diversi|diverse|reparto|ufficio|"
    r"magazzino|amministrazione|meta|gruppo)\b"
)


def read_impact(text: str, ctx: ReadContext) -> str | None:
    """single / several / everyone from "two of us in dispatch", "jen mě", "tutti in
    magazzino", "only the boss, but he presents at 3"; None when it says none of these."""
    folded = " ".join(re.findall(r"\w+", vocab.fold(text)))
    if not folded:
        return None
    everyone = re.search(r"\b(?:all|vsichni|tutti) (?:\d+|of the)\b", folded) or _EVERYONE.search(
        folded
    )
    if everyone and not _SINGLE.search(folded):
        return "everyone"
    if _SINGLE.search(folded):
        return "single"
    numbers = [int(n) for n in re.findall(r"\b\d{1,4}\b", folded)]
    numbers += [_NUMBER_WORDS[w] for w in folded.split() if w in _NUMBER_WORDS]
    if numbers:
        count = max(numbers)
        return "single" if count == 1 else "several"
    if _SEVERAL.search(folded):
        return "several"
    return None


def read_reason(text: str, ctx: ReadContext) -> str | None:
    cleaned = clean_text(text)
    return cleaned if len(cleaned) >= 3 else None
