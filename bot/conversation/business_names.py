"""A company named in running text by the kind of business it is.

Customers introduce their firm the way they would on the phone: "Palestra Fit Zone di
Verona", "vi scrivo dall'Agriturismo Il Poggio", "kavárna Kafe na rohu v Liberci", "The
Hungry Hippo Bistro in Stellenbosch". The kind of business anchors the name: in Czech and
Italian the name follows it, in English it comes before it. Towns after "di", "v", "in" or
a comma are where the business is, not part of its name.
"""

from __future__ import annotations

import re

from bot.conversation import czech_business
from bot.conversation.czech_business import NOMINATIVE_BY_FORM
from bot.conversation.readers.context import SENTENCE_WORDS
from bot.conversation.readers.firm_words import BUSINESS_NOUNS, CZECH_TRADE
from bot.conversation.readers.firms import FIRM_ADJECTIVES, OWNER_TAIL, names_the_kind
from bot.conversation.readers.names import ANY_ROLE, NOT_A_NAME, TITLES
from bot.core import vocab
from bot.core.text import upper_first, upper_firsts
from nlu import places
from nlu.function_words import opens_with_function_word

KINDS = BUSINESS_NOUNS
# Words inside a business name between its capitalised words.
JOINERS = frozenset(
    ["da", "di", "del", "della", "dei", "de", "u", "pod", "na", "by", "&", "e", "a"]
)
ELIDED = re.compile(r"^(?:dall|all|dell|nell|sull|l|d)['’]", re.IGNORECASE)
# A dotted legal form ("S.a.s.", "s.r.o.") is one token, so its dots end no clause.
# So are the Italian contractions "F.lli", "Dott.ssa", "Sig.ra".
TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}(?:[^\W\d_]\.?)?|[^\W\d_]+\.(?:ssa|lli|ra|na)(?![^\W\d_])|[\w&'’-]+|"
    r"[.,;:!?()|\n–—]"
)
# A greeting before a name is not part of it: "Buonasera 💪 ASD Energy Fitness Club".
GREETING_WORDS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "morning",
        "afternoon",
        "evening",
        "buongiorno",
        "buonasera",
        "salve",
        "ciao",
        "ahoj",
        "zdravim",
        "dobry",
        "den",
        "vecer",
    ]
)
CLAUSE_END = frozenset([".", ",", ";", ":", "!", "?", "(", ")", "|", "\n", "–", "—", ""])
# "Trados Studio", "Microsoft Office": programs named like businesses, never read backwards.
SOFTWARE_SUFFIXES = frozenset(["studio", "office", "centre", "center"])
STREET_WORDS = frozenset(["street", "road", "avenue", "drive", "lane", "ulice", "via", "viale"])
# Abbreviations inside a name: "Lékárna U Sv. Anny", "Hotel St. James".
NAME_ABBREVIATIONS = frozenset(["sv", "st", "ss", "ste"])
# Czech prepositions, capitalised at the start of a sentence: never a name's first word.
PREPOSITIONS = frozenset(["v", "ve", "z", "ze", "k", "ke", "do", "od", "pro", "po", "s", "se"])
# After a business name, these introduce the town: "di Verona", "v Liberci", "in Paarl".
PLACE_WORDS = frozenset(["di", "a", "v", "ve", "in", "at", "near", "u", "z", "ze"])


# A Czech adjective in any case: "Zubní", "Jazykové", "Stavební", "Cestovní", "Zubního".
ADJECTIVE_ENDINGS = ("í", "á", "ý", "é", "ou", "ího", "ímu", "ím", "ého", "ému", "ém")


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and vocab.fold(token) not in NOT_A_NAME


def find_business(text: str) -> str | None:
    """The first business named by its kind in ``text``, or None."""
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    for index, (token, start, _end) in enumerate(tokens):
        bare = ELIDED.sub("", token)
        if vocab.fold(bare) not in KINDS and not CZECH_TRADE.match(vocab.fold(bare)):
            continue
        if bare[:1].isupper():
            software = vocab.fold(bare) in SOFTWARE_SUFFIXES
            elided = bare != token  # "dell'Autoscuola Europa": nothing before belongs to it
            before = None if software or elided else _name_before(tokens, index)
        else:
            before = _adjective_before(tokens, index)
        after = _name_after(tokens, index)
        owner = _owner_before_trade(tokens, index, after)
        if owner is not None:  # "Vondráček pekařství Litomyšl": the baker is Vondráček
            return f"{upper_first(bare)} {owner}"
        if after is None and before is None and text.islower():
            after = _lower_case_owner(tokens, index)  # "… uz tyden. zamecnictvi hubacek"
        if before is None and after is None:
            owner = _owner_of_bare_kind(tokens, index, bare != token)
            if owner:  # "Gallo della carrozzeria a Fossano": the shop bears his name
                return f"{upper_first(bare)} {owner}"
            continue
        if after is None and not tokens[index - 1][0][:1].isupper() and before is not None:
            continue  # "účetní kancelář" with no name after it is no firm's name yet
        first = before if before is not None else start + (len(token) - len(bare))
        if before is None and after is not None and _generic(bare):
            first = tokens[index + 1][1]  # "firmy Teplotechnik Jihlava": the firm's name
        name = text[first : after if after is not None else tokens[index][2]].strip(" ,.")
        if STREET_WORDS & set(vocab.words(name)):
            continue  # "45 Church Street": an address, not a church
        name = OWNER_TAIL.sub("", name)  # "Ottica Marchetti S.a.s. di Marchetti Laura & C."
        words = name.split()
        if len(words) >= 3 and vocab.fold(words[0]) in {vocab.fold(w) for w in words[2:]}:
            name = " ".join(words[1:])  # "tady Šimek Transport Šimek s.r.o.": he, then his firm
        if name.isupper() and len(name.split()) > 1:
            continue  # "THE WHOLE HOTEL" is shouting, not a name
        if name.islower() and text.islower():  # "zamecnictvi hubacek" as typed
            return upper_firsts(name)
        return upper_first(name)  # "ristorante Da Nando"
    return None


OF_THE = frozenset(["del", "della", "dello"])


def _owner_of_bare_kind(tokens: list[tuple[str, int, int]], index: int, elided: bool) -> str | None:
    """Italian "<Surname> della <kind> a <Town>": a kind of business with no name but its
    place, belonging to the person just named; the firm is known by the surname."""
    after = [t for t, _, _ in tokens[index + 1 : index + 3]]
    if len(after) < 2 or after[0] not in ("a", "in") or not _capitalised(after[1]):
        return None
    at = index - (0 if elided else 1)
    if not elided and (at < 0 or vocab.fold(tokens[at][0]) not in OF_THE):
        return None
    if elided and not vocab.fold(tokens[index][0]).startswith("dell"):
        return None
    if at < 1:
        return None
    surname = tokens[at - 1][0]
    if not _capitalised(surname) or vocab.fold(surname) in SENTENCE_WORDS | NOT_A_NAME:
        return None
    return surname


def _owner_before_trade(
    tokens: list[tuple[str, int, int]], index: int, after: int | None
) -> str | None:
    """ "Vondráček pekařství Litomyšl": a Czech trade in lower case between the owner's
    surname and the town, which is no part of the name."""
    token = tokens[index][0]
    if after is None or index == 0 or not token.islower():
        return None
    if not CZECH_TRADE.match(vocab.fold(token)) or tokens[index + 1][2] != after:
        return None
    if not places.is_town(tokens[index + 1][0]):
        return None
    surname = tokens[index - 1][0]
    if not _capitalised(surname) or vocab.fold(surname) in SENTENCE_WORDS:
        return None
    return surname


def _lower_case_owner(tokens: list[tuple[str, int, int]], index: int) -> int | None:
    """A text typed all in lower case: a Czech trade and one plain word closing the clause,
    the owner's name ("zamecnictvi hubacek", "kominictví valenta")."""
    if not CZECH_TRADE.match(vocab.fold(tokens[index][0])) or index + 1 >= len(tokens):
        return None
    word, _, end = tokens[index + 1]
    folded = vocab.fold(word)
    if not word.isalpha() or folded in SENTENCE_WORDS or folded in NOT_A_NAME or len(word) < 3:
        return None
    if opens_with_function_word(word, "cs") or not _closes(tokens, index + 2):
        return None
    return end


def _town_follows(tokens: list[tuple[str, int, int]], position: int) -> bool:
    """A known town of up to three words starts at ``position`` ("Riva del Garda")."""
    words = [t for t, _, _ in tokens[position : position + places.LONGEST]]
    return (
        bool(words)
        and _capitalised(words[0])
        and any(places.is_town(" ".join(words[:size])) for size in range(len(words), 0, -1))
    )


def _second_kind(tokens: list[tuple[str, int, int]], position: int) -> bool:
    """A Czech adjective and a kind of business: "(a) mateřská škola"."""
    pair = [t for t, _, _ in tokens[position : position + 2]]
    return (
        len(pair) == 2
        and pair[0].islower()
        and pair[0].endswith(ADJECTIVE_ENDINGS)
        and vocab.fold(pair[1]) in KINDS
    )


# The partners or family a firm is named with: "Hájek a syn", "Soukup a partneři".
PARTNERS_WORDS = frozenset(
    [
        "syn",
        "synove",
        "partneri",
        "partner",
        "spol",
        "spolecnici",
        "dcera",
        "dcery",
        "figli",
        "figlio",
        "associati",
        "soci",
        "sons",
        "son",
        "partners",
        "daughters",
    ]
)


def _partners_word(token: str) -> bool:
    return vocab.fold(token) in PARTNERS_WORDS


def _known_by_its_town(tokens: list[tuple[str, int, int]], index: int, position: int) -> bool:
    """ "Cantina Sociale di Castelvetro": a name of kind words only, then "di" and a town,
    is a body known by its town, which stays in the name (not "Studio Rossi & Associati di
    Bologna")."""
    named = [t for t, _, _ in tokens[index:position]]
    kind_words = KINDS | FIRM_ADJECTIVES
    only_kind = all(vocab.fold(ELIDED.sub("", t)) in kind_words for t in named)
    return vocab.fold(tokens[position][0]) == "di" and only_kind and names_the_kind(named)


def _name_after(tokens: list[tuple[str, int, int]], index: int) -> int | None:
    """Czech and Italian: the kind of business, then its name ("Palestra Fit Zone")."""
    end = None
    position = index + 1
    while position < len(tokens):
        token = ELIDED.sub("", tokens[position][0])  # "dell'Infanzia"
        folded = vocab.fold(token)
        following = tokens[position + 1][0] if position + 1 < len(tokens) else ""
        if end is None and token.islower() and folded in FIRM_ADJECTIVES:
            position += 1  # "officina meccanica Gatti", "studio legale Greco": the kind's word
            continue
        abbreviated = folded in TITLES or folded in NAME_ABBREVIATIONS or len(token) == 1
        if abbreviated and following == "." and token[:1].isupper():
            end = tokens[position + 1][2]  # "Ordinace MUDr. Kratochvílová", "Dott. Ferraro"
            position += 2
            continue
        if folded in ANY_ROLE and folded not in ("mio", "mia"):
            break  # "Practice Manager": a job, not the practice's name ("Casa Mia" is one)
        if (
            end is not None
            and folded in PLACE_WORDS
            and _town_follows(tokens, position + 1)
            and not _known_by_its_town(tokens, index, position)
        ):
            break  # "Hotel Bellavista a Riva del Garda": the town
        if token == "a" and _second_kind(tokens, position + 1):
            position += 3  # "Základní škola a mateřská škola Dolní Lhota": one school
            continue
        if end is not None and folded in ("a", "e", "&", "and") and _partners_word(following):
            end = tokens[position + 1][2]  # "Hájek a syn", "Soukup a partneři", "Rossi e figli"
            if position + 2 < len(tokens) and tokens[position + 2][0] == ".":
                end = tokens[position + 2][2]  # "a spol."
            break
        if token == "na" or (token == "a" and end is None):
            break  # "kanceláři na Smíchově", "carrozzeria a Fossano": a place
        if token in CZECH_NAME_OPENERS and following[:1].islower() and end is None:
            end = _lower_case_name(tokens, position)  # "U zlatého jelena", "Na staré poště"
            break
        mid_capital = (  # "Agenzia Immobiliare Casa Più di Rovigo": capitalised mid-sentence
            end is not None and token[:1].isupper() and not token.isupper() and len(token) > 1
        )
        number = (
            end is not None
            and token.isdigit()
            and len(token) <= 3
            and _closes(tokens, position + 1)
        )  # "Farmacia Comunale 5 di Cesena"
        if (_capitalised(token) and folded not in SENTENCE_WORDS) or mid_capital or number:
            end = tokens[position][2]
        elif folded in JOINERS and _capitalised(following):
            if (
                end is not None
                and folded in PLACE_WORDS
                and _ends_name(tokens, position + 1)
                and not _known_by_its_town(tokens, index, position)
            ):
                break  # "Fit Zone di Verona": the town
        elif folded in ("da", "il", "la", "lo", "u", "na", "the") and _capitalised(following):
            pass  # "Ristorante Da Nando", "Agriturismo Il Poggio", "Hospoda U Lípy"
        elif end is not None and _plain_word(folded) and _closes(tokens, position + 1):
            end = tokens[position][2]  # "Cukrárna Sladká tečka,": the name's last word
            break
        else:
            break
        position += 1
    return end


# Czech names of pubs, inns and shops open with a capitalised preposition and go on in
# lower case: "Restaurace U zlatého jelena", "Penzion Na staré poště", "Hospoda Pod lípou".
CZECH_NAME_OPENERS = frozenset(["U", "Na", "Pod", "Nad", "Za", "V"])


def _lower_case_name(tokens: list[tuple[str, int, int]], position: int) -> int | None:
    """The end of a name that opens with ``tokens[position]`` and goes on in lower case, up
    to three words, stopping at punctuation or a function word ("U zlatého jelena v …")."""
    end = None
    for token, _start, stop in tokens[position + 1 : position + 4]:
        if token in CLAUSE_END or not token[:1].isalpha():
            break
        folded = vocab.fold(token)
        if folded in PLACE_WORDS or folded in SENTENCE_WORDS or folded in ("na", "do", "od"):
            break  # "… v Táboře", "… na náměstí"
        if opens_with_function_word(token, "cs"):
            break
        end = stop
    return end


def _generic(kind: str) -> bool:
    """ "firma", "ditta": a word for any business, not part of its name (but "Stavební
    firma Vondráček" keeps its adjective and the noun)."""
    folded = vocab.fold(kind)
    return NOMINATIVE_BY_FORM.get(folded, folded) in ("firma", "ditta", "azienda")


def _closes(tokens: list[tuple[str, int, int]], position: int) -> bool:
    """The name ends before ``position``: the clause ends, or a town follows ("hotelu
    Zlatý klas v Třeboni")."""
    following = tokens[position][0] if position < len(tokens) else ""
    if following in CLAUSE_END:
        return True
    after = tokens[position + 1][0] if position + 1 < len(tokens) else ""
    return vocab.fold(following) in ("v", "ve", "na", "u", "in", "a", "di") and _capitalised(after)


def _plain_word(folded: str) -> bool:
    """A lower-case last word of a name ("Sladká tečka"), not a filler ("here", "qui")."""
    return (
        len(folded) >= 3
        and folded.isalpha()
        and folded not in NOT_A_NAME
        and folded not in SENTENCE_WORDS
        and folded not in ("here", "there", "qui", "tady", "speaking")
    )


def _ends_name(tokens: list[tuple[str, int, int]], position: int) -> bool:
    """A single capitalised word closes the text or its clause: a town, not more name."""
    after = tokens[position + 1][0] if position + 1 < len(tokens) else ","
    return not _capitalised(after)


def _adjective_before(tokens: list[tuple[str, int, int]], index: int) -> int | None:
    """ "Zubní ordinace", "Jazyková škola": one capitalised Czech adjective before the kind;
    in lower case, one that names a trade ("ucetni kancelar", "mysliveckého spolku")."""
    if index == 0:
        return None
    token = tokens[index - 1][0]
    surname = token.endswith(("ová", "ova")) and tokens[index][0].islower()
    if _capitalised(token) and token.endswith(ADJECTIVE_ENDINGS) and not surname:
        return tokens[index - 1][1]  # but "Jelínková penzion Pod Skalou": she runs it
    two = index >= 2 and _adjective_first(tokens[index - 2][0])
    if czech_business.is_trade_adjective(token) or (two and token.endswith(ADJECTIVE_ENDINGS)):
        # "Stavební bytové družstvo": two adjectives, the first naming the trade
        return tokens[index - 2 if two else index - 1][1]
    return None


def _adjective_first(token: str) -> bool:
    """A Czech adjective opening a two-adjective kind ("Stavební bytové družstvo")."""
    capital_adjective = _capitalised(token) and token.endswith(ADJECTIVE_ENDINGS)
    return capital_adjective or czech_business.is_trade_adjective(token)


def _name_before(tokens: list[tuple[str, int, int]], index: int) -> int | None:
    """English: the name, then the kind of business ("The Hungry Hippo Bistro")."""
    start = None
    position = index - 1
    while position >= 0:
        token = tokens[position][0]
        folded = vocab.fold(token)
        if folded in PREPOSITIONS or folded in GREETING_WORDS:
            break  # "V Autodopravě Zelenka": the sentence's first word, not the firm's
        inner = (  # "Bake My Day Bakery": a capitalised small word inside the name
            start is not None
            and token[:1].isupper()
            and position > 0
            and _capitalised(tokens[position - 1][0])
            and vocab.fold(tokens[position - 1][0]) not in SENTENCE_WORDS
        )
        if (_capitalised(token) and folded not in SENTENCE_WORDS) or inner:
            start = tokens[position][1]
        elif folded in ("&", "and", "of") and start is not None:
            pass
        elif folded == "the" and start is not None:
            start = tokens[position][1]
            break
        else:
            break
        position -= 1
    return start
