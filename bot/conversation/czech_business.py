"""Czech kinds of business in every case, and back to the nominative.

A Czech customer names the firm in the case the sentence demands: "z Hotelu Pod
Sněžkou", "v Minipivovaru U Kohouta", "ze Stavební firmy Vondráček", "pro Zubní ordinaci
MUDr. Veselé". A ticket needs "Hotel Pod Sněžkou", "Minipivovar U Kohouta", "Stavební
firma Vondráček", "Zubní ordinace MUDr. Veselé". Only the kind of business (and one
adjective before it) is declined; the proper name after it ("Pod Sněžkou", "U Kohouta",
"Vondráček") stays as written, as Czech does with names of firms.

The forms are generated from the nominative by the regular declension of its pattern
(hrad, žena, růže, kost, město, stavení, muzeum), so adding a kind is one word.
"""

from __future__ import annotations

from bot.core import vocab
from bot.core.text import upper_first

KINDS = (
    "agentura",
    "ateliér",
    "autobazar",
    "autodílna",
    "autoopravna",
    "autolakovna",
    "čalounictví",
    "kamenictví",
    "klempířství",
    "malířství",
    "masna",
    "pokrývačství",
    "autodoprava",
    "autoservis",
    "autoškola",
    "bistro",
    "cukrárna",
    "drogerie",
    "družstvo",
    "farma",
    "farnost",
    "firma",
    "gymnázium",
    "hospoda",
    "hostinec",
    "hotel",
    "instalatérství",
    "jídelna",
    "kadeřnictví",
    "kancelář",
    "kavárna",
    "kemp",
    "klinika",
    "knihařství",
    "knihkupectví",
    "kovovýroba",
    "květinářství",
    "lékárna",
    "minipivovar",
    "nadace",
    "obchod",
    "optika",
    "ordinace",
    "papírnictví",
    "pekárna",
    "penzion",
    "pivnice",
    "pivovar",
    "pizzerie",
    "pneuservis",
    "pojišťovna",
    "poliklinika",
    "prodejna",
    "restaurace",
    "řeznictví",
    "salon",
    "servis",
    "sklenářství",
    "sokol",  # Tělocvičná jednota Sokol: "ze Sokola Hranice"
    "spolek",
    "stavby",
    "stavebniny",
    "studio",
    "škola",
    "školka",
    "truhlářství",
    "uzenářství",
    "velkoobchod",
    "vetcentrum",
    "veterina",
    "vinařství",
    "vinotéka",
    "zahrady",
    "zahradnictví",
    "zámečnictví",
    "železářství",
)
VOWELS = frozenset("aeiouy")
# Before a k, h, ch or r the dative and locative of "-a" soften (klinika -> klinice).
_SOFTENED = (("k", "c"), ("ch", "s"), ("h", "z"), ("g", "z"), ("r", "r"))


def _forms(nominative: str) -> set[str]:
    """Every singular form of a folded nominative (no accents, lower case)."""
    word = nominative
    if word.endswith("y"):  # stavebniny: plural only
        stem = word[:-1]
        if stem[-1] not in VOWELS and stem[-2] not in VOWELS:
            stem = stem[:-1] + "e" + stem[-1]  # the genitive of "stavby" is "staveb"
        return {word, stem, word[:-1] + "am", word[:-1] + "ach", word[:-1] + "ami"}
    if word.endswith("i"):  # stavení: truhlářství, kadeřnictví
        return {word, word + "m"}
    if word.endswith("e"):  # růže: ordinace, restaurace, drogerie
        return {word, word[:-1] + "i"}
    if word.endswith("a"):  # žena: pekárna, klinika, firma
        stem = word[:-1]
        soft = stem
        for hard, softened in _SOFTENED:
            if stem.endswith(hard):
                soft = stem[: -len(hard)] + softened
                break
        return {word, stem + "y", soft + "e", stem + "u", stem + "ou", stem + "i"}
    if word.endswith("um"):  # muzeum: vetcentrum, gymnázium
        stem = word[:-2]
        return {word, stem + "a", stem + "u", stem + "em"}
    if word.endswith("o"):  # město: studio, bistro
        stem = word[:-1]
        return {word, stem + "a", stem + "u", stem + "em", stem + "e"}
    if word.endswith("ost"):  # kost: farnost
        return {word, word + "i"}
    if word.endswith("celar"):  # kancelář: soft feminine
        return {word, word + "e", word + "i"}
    if word.endswith("ec"):  # hostinec: the "e" drops
        stem = word[:-2] + "c"
        return {word, stem + "e", stem + "i", stem + "em", stem + "u"}
    if word.endswith("ek"):  # spolek
        stem = word[:-2] + "k"
        return {word, stem + "u", stem + "em", stem + "a"}
    return {word, word + "u", word + "e", word + "em", word + "a"}  # hrad: hotel, obchod


NOMINATIVE_BY_FORM: dict[str, str] = {}
for _kind in KINDS:
    for _form in _forms(vocab.fold(_kind)):
        NOMINATIVE_BY_FORM.setdefault(_form, _kind)
FORMS = frozenset(NOMINATIVE_BY_FORM)

# Adjective endings back to the nominative, by the gender of the noun they go with.
_ADJECTIVE = {
    "feminine": (("ou", "á"), ("é", "á"), ("ý", "á"), ("í", "í")),  # "z geodetický kanceláře"
    "masculine": (("ého", "ý"), ("ému", "ý"), ("ém", "ý"), ("ím", "í"), ("ího", "í"), ("ímu", "í")),
    "neuter": (("ého", "é"), ("ému", "é"), ("ém", "é"), ("ím", "í"), ("ího", "í"), ("ímu", "í")),
}


def _gender(kind: str) -> str:
    folded = vocab.fold(kind)
    if folded.endswith(("a", "e", "ost", "celar")):
        return "feminine"
    if folded.endswith(("i", "o", "um")):
        return "neuter"
    return "masculine"


def _like(word: str, model: str) -> str:
    """``word`` written as ``model`` is: capitalised, upper case or without accents."""
    if model.casefold() == vocab.fold(model):  # typed without accents: keep it so
        word = vocab.fold(word)
    if model.isupper() and len(model) > 1:
        return word.upper()
    return upper_first(word) if model[:1].isupper() else word


def _adjective_nominative(word: str, gender: str) -> str:
    lower = word.casefold()
    for ending, nominative in _ADJECTIVE[gender]:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            return word[: len(word) - len(ending)] + nominative  # written with accents
    plain = vocab.fold(lower)
    for ending, nominative in _ADJECTIVE[gender]:  # written without accents
        bare = vocab.fold(ending)
        if plain.endswith(bare) and len(plain) > len(bare) + 2:
            return word[: len(word) - len(bare)] + vocab.fold(nominative)
    return word


def business_nominative(name: str) -> str:
    """ "Hotelu Pod Sněžkou" -> "Hotel Pod Sněžkou", "Stavební firmy Vondráček" ->
    "Stavební firma Vondráček"; anything else comes back unchanged."""
    words = name.split(" ")
    for index in (0, 1):
        if index >= len(words):
            break
        form = vocab.fold(words[index]).strip(".,")
        kind = NOMINATIVE_BY_FORM.get(form)
        if kind is None or form == vocab.fold(kind):
            continue
        words[index] = _like(kind, words[index])
        if index == 1:
            words[0] = _adjective_nominative(words[0], _gender(kind))
        return " ".join(words)
    return name


# Adjectives that name a trade before its kind of business ("účetní kancelář", "stavební
# firma", "myslivecký spolek"), as folded stems: the ending varies with the case.
TRADE_ADJECTIVE_STEMS = (
    "ucetn",
    "stavebn",
    "advokatn",
    "zubn",
    "cestovn",
    "jazykov",
    "zakladn",
    "matersk",
    "stredn",
    "mestsk",
    "obecn",
    "mysliveck",
    "sportovn",
    "financn",
    "realitn",
    "veterinarn",
    "detsk",
    "pohrebn",
    "projekcn",
    "danov",
    "notarsk",
    "reklamn",
    "prekladatelsk",
    "uklidov",
    "zahradnick",
    "kadernick",
    "kosmetick",
    "geodetick",
    "projektov",
    "pravn",
)
_TRADE_ENDINGS = ("i", "iho", "imu", "im", "y", "eho", "emu", "em", "ym", "a", "e", "ou", "ych")


def is_trade_adjective(word: str) -> bool:
    """ "účetní", "stavebni", "mysliveckého": an adjective that names a trade."""
    folded = vocab.fold(word)
    return any(
        folded.startswith(stem) and folded[len(stem) :] in _TRADE_ENDINGS
        for stem in TRADE_ADJECTIVE_STEMS
    )
