"""Czech names back to the nominative, the form a ticket and a technician need.

Asked whom to ask for, Czech customers answer in the case the sentence demands: "ptejte
se na paní Moravcovou, Jitku" (accusative), "volejte vrchní sestře Renatě Novotné"
(dative), "na mě, Radima Staňka". The ticket should say "Jitka Moravcová", "Renata
Novotná", "Radim Staněk". Only the regular patterns are undone, and only after words that
govern those cases, so a name already in the nominative is never touched. (The
``vokativ`` package goes the other way, nominative to vocative, for greetings.)
"""

from __future__ import annotations

import re

from nlu import given_names

# Words after which a name stands in the accusative or dative.
GOVERNING = re.compile(
    r"(?i)(?:^|\b)(?:ptejte se na|zeptejte se na|ptát se na|ptat se na|volejte|zavolejte|"
    r"hledejte|chtějte|chtejte|pro|na|panu|paní|pani|pana|slečnu|slecnu|kolegyni|kolegovi|"
    r"sestře|sestre|sestru|vedoucí|vedouci|mě|me|mně|mne|po|se po|bratrovi|bráchovi|brachovi|"
    r"tátovi|tatovi|synovi|manželovi|manzelovi|šéfovi|sefovi|mistrovi|mamince|dceři|dceri|"
    r"manželce|manzelce|šéfové|sefove|se mnou|mnou|s|se)\s*,?\s*$"
)
_FEMININE_SURNAME = (
    ("ovou", "ová"),
    ("ové", "ová"),
    ("ove", "ova"),  # typed without diacritics: "Jane Sedlackove"
    ("skou", "ská"),
    ("ckou", "cká"),
    ("ou", "á"),
    ("é", "á"),
)
_FEMININE_FIRST = (("ii", "ie"), ("ě", "a"), ("e", "a"), ("ou", "a"), ("u", "a"), ("y", "a"))
_MASCULINE = (
    ("ího", "í"),
    ("ímu", "í"),
    ("ému", "ý"),  # dative of an adjectival surname: Malému -> Malý
    ("ém", "ý"),  # locative: "po Černém" -> Černý
    ("še", "š"),  # genitive and accusative of a soft stem: "Ing. Beneše" -> Beneš
    ("že", "ž"),
    ("če", "č"),
    ("ře", "ř"),
    ("ši", "š"),  # locative of a soft stem: "po Lukáši" -> Lukáš
    ("či", "č"),
    ("ři", "ř"),
    ("ovi", ""),
    ("em", ""),  # instrumental: "s Martinem Šustrem" -> Martin Šustr
    ("ňka", "něk"),
    ("ka", "ek"),
    ("la", "el"),
    ("a", ""),
    ("u", ""),
)
# Dative of a name whose nominative has a mobile "e" before l or k (Karel, Pavel, Marek).
_MOBILE_E = re.compile(r"(?i)([^aeiouyáéěíóúůý])([lk])ovi$")
# A surname of the "-a" pattern (Bláha, Svoboda, Kučera) in the accusative: "Bláhu".
_A_STEM_ACCUSATIVE = re.compile(r"(?i)(?<![éí]m)[^aeiouyáéěíóúůý]u$")  # not "Malému"
# Masculine stems that keep their vowel: "Horáka" is Horák, not Horáek.
_KEEPS_VOWEL = re.compile(r"(?i)(?:[aeiouyáéěíóúůý][kl]a|ska|cka)$")


def _undo(word: str, endings: tuple[tuple[str, str], ...]) -> str:
    for ending, nominative in endings:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: len(word) - len(ending)] + nominative
    return word


def _feminine_first(word: str) -> str:
    """ "Radce" is Radka and "Jitce" Jitka (k softened to c before -e); "Renatě" is Renata."""
    if word.lower().endswith("ce") and given_names.is_given_name(word[:-2] + "ka"):
        return word[:-2] + "ka"
    return _undo(word, _FEMININE_FIRST)


def _is_feminine(words: list[str]) -> bool:
    last = words[-1].lower()
    return last.endswith(("ovou", "ové", "ove", "ou", "é", "ě")) or (
        len(words) == 1 and last.endswith(("u", "ii"))
    )


def nominative(words: list[str]) -> list[str]:
    """A declined Czech name ("Renatě Novotné") in the nominative ("Renata Novotná")."""
    if not words or words[-1].lower().endswith("á"):  # "paní Jana Nováková" already is
        return words
    if _is_feminine(words):
        if len(words) == 1 and given_names.is_given_name(_feminine_first(words[0])):
            return [_feminine_first(words[0])]  # "na sestru Lenku": Lenka
        *first, last = words
        return [_feminine_first(w) for w in first] + [_undo(last, _FEMININE_SURNAME)]
    if (
        len(words) >= 2
        and given_names.is_given_name(words[0])
        and _NOMINATIVE_MALE.search(words[0])
    ):
        return words  # "Mně, Miroslav Kuča": a man's first name as written is a nominative
    out = []
    for index, word in enumerate(words):
        declined_first = bool(out) and out[0] != words[0] and given_names.is_given_name(out[0])
        if index == len(words) - 1 and declined_first and _A_STEM_ACCUSATIVE.search(word):
            out.append(word[:-1] + "a")  # "Antonína Bláhu" is Antonín Bláha, not Bláh
            continue
        mobile_e = _MOBILE_E.search(word)
        if mobile_e:  # Karlovi -> Karel, Markovi -> Marek: the stem's "e" comes back
            stem = word[: mobile_e.start()]
            out.append(f"{stem}{mobile_e.group(1)}e{mobile_e.group(2)}")
            continue
        if _KEEPS_VOWEL.search(word) and not word.lower().endswith("ňka"):
            out.append(word[:-1])  # Horáka -> Horák, Nováka -> Novák
        elif re.search(r"(?i)[aeiouyáéěíóúůý]\w*[^aeiouyáéěíóúůý][kl]em$", word):
            out.append(_LOST_E.sub(r"\1e\2", word[:-2]))  # Kocourkem -> Kocourek
        else:
            out.append(_known_first_name(_undo(word, _MASCULINE)))
    return out


# A man's first name in the nominative ends in a consonant (Miroslav, Petr, Aleš); in
# another case it ends in a vowel (Miroslava, Petrovi, Alešovi).
_NOMINATIVE_MALE = re.compile(r"(?i)[^aeiouyáéěíóúůý]$")
_LOST_E = re.compile(r"(?i)([^aeiouyáéěíóúůý])([lk])$")


def _known_first_name(word: str) -> str:
    """ "Pavlu" undone is "Pavl": a first name that lost its mobile "e" gets it back when
    that makes a known first name (Pavel); surnames and known names stay as they are."""
    if given_names.is_given_name(word):
        return word
    restored = _LOST_E.sub(r"\1e\2", word)
    if given_names.is_given_name(restored):
        return restored
    return word + "a" if given_names.is_given_name(word + "a") else word  # "Lenk" is Lenka


def plainly_declined(words: list[str]) -> bool:
    """A name in a case no nominative name has, whatever word governs it: a woman's
    "Procházkové", "Novákovou", a man's "Pavlovi Dvořáčkovi", "Martinem Šustrem"."""
    folded = [w.lower() for w in words]
    if len(folded) < 2:
        return False
    return (
        folded[-1].endswith(("ové", "ove", "ovou"))
        or all(w.endswith("ovi") for w in folded)
        or all(w.endswith("em") and len(w) > 4 for w in folded)
        # "Pavlu Horákovi": a first name that undoes to a known one beside a dative surname
        or (
            folded[-1].endswith("ovi")
            and not given_names.is_given_name(words[0])
            and given_names.is_given_name(nominative(words)[0])
        )
    )


def after_governing_word(prefix: str) -> bool:
    """True when ``prefix`` (the text before a name) puts the name in another case."""
    return bool(GOVERNING.search(prefix))


# Endings that only a declined name has (a nominative never ends so): "Tiché", "Novákové",
# "Evy", "Beneše".
_DECLINED_ENDINGS = ("é", "ové", "ove", "y", "še", "že", "če", "ře")


def owner_nominative(words: list[str]) -> list[str]:
    """The owner named after a title in a firm's name, in the nominative: "Ordinace MUDr.
    Šťastné" is Dr Šťastná's practice, "Geodetická kancelář Ing. Beneše" Ing. Beneš's. Only
    unambiguous endings are undone ("Procházka" may be a nominative; "Karla" is undone only
    to a known first name, Karel), unless a first name in another case says the surname
    after it is in that case too ("Mgr. Tomáše Řezníčka" is Mgr. Tomáš Řezníček)."""
    out = nominative(words)
    if len(words) == 2 and all(u != w for u, w in zip(out, words, strict=True)):
        first, undone = words[0], out[0]
        if given_names.is_given_name(undone) and not given_names.is_given_name(first):
            return out
    for word, undone in zip(words, out, strict=True):
        declined = word.lower().endswith(_DECLINED_ENDINGS) or _KEEPS_VOWEL.search(word)
        if undone != word and not declined and not given_names.is_given_name(undone):
            return words
    return out
