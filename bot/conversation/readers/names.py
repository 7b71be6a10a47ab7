"""A person's name in an answer: "Veronika Kubíčková, recepce", "ptejte se na pana
Dvořáka", "sono io mirco gozzi"; titles, roles and the Czech cases set aside."""

from __future__ import annotations

import re

from bot.conversation import czech_names
from bot.conversation.readers.context import (
    EMOJI,
    PROBLEM_WORDS,
    ReadContext,
    cased_re,
    looks_like_problem,
)
from bot.conversation.readers.firm_words import has_company_form
from bot.core import vocab
from bot.core.text import cased
from nlu import places
from nlu.foreign import FOREIGN_YES_NO
from nlu.function_words import opens_with_function_word
from nlu.given_names import is_given_name

TITLES = frozenset(
    [
        "mme",
        "ntate",
        "oom",
        "tannie",
        "auntie",
        "aunty",
        "uncle",
        "mister",
        "missus",
        "mnr",
        "mev",
        "meneer",
        "mevrou",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dr",
        "doc",
        "prof",
        "profssa",
        "professoressa",
        "ing",
        "mgr",
        "bc",
        "mudr",
        "mvdr",
        "judr",
        "phdr",
        "rndr",
        "pharmdr",
        "paeddr",
        "doc",
        "dott",
        "dottssa",
        "dottsa",
        "dottore",
        "dottoressa",
        "sig",
        "sigra",
        "signor",
        "signora",
        "signorina",
        "geom",
        "geometra",
        "avv",
        "avvocato",
        "arch",
        "architetto",
        "rag",
        "ragioniere",
        "pan",
        "pani",
        "panu",
        "pana",
        "slecnu",
        "slecne",
        "slecna",
        # nursing, forces, church and bar titles said before a name ("Sr Reshma Patel")
        "sr",
        "sister",
        "doctor",
        "doktor",
        "doktorka",
        "professor",
        "reverend",
        "otec",
        "captain",
        "capt",
        "rev",
        "pastor",
        "adv",
        "cav",
        "suor",
        "fr",
        "father",
        "padre",
    ]
)


ROLE_WORDS = frozenset(
    [
        "ict",  # "ICT metodik": a school's ICT coordinator
        "metodik",
        "metodicka",
        # family and workplace relations said instead of a role ("volejte bratrovi, Karlovi")
        "bratr",
        "bratrovi",
        "brachovi",
        "maminka",
        "mamince",
        "tata",
        "tatovi",
        "syn",
        "synovi",
        "dcera",
        "dceri",
        "manzel",
        "manzelovi",
        "manzelka",
        "manzelce",
        "sef",
        "sefovi",
        "sefova",
        "sefove",
        "mistr",
        "mistrovi",
        "sladek",
        "fratello",
        "sorella",
        "mio",
        "mia",
        "marito",
        "moglie",
        "titolare",
        "capo",
        "collega",
        "boss",
        "colleague",
        "husband",
        "wife",
        "son",
        "daughter",
        "mum",
        "mom",
        "dad",
        # adverbs after a name: "Call Ruth directly"
        "directly",
        "instead",
        "rather",
        "reception",
        "receptionist",
        "manager",
        "office",
        "admin",
        "administrator",
        "accountant",
        "bookkeeper",
        "owner",
        "director",
        "ceo",
        "cfo",
        "it",
        "secretary",
        "assistant",
        "pa",
        "sales",
        "dispatch",
        "warehouse",
        "nurse",
        "teacher",
        "principal",
        "deputy",
        "managing",
        "recepce",
        "recepcni",
        "vedouci",
        "vedouca",
        "sekretarka",
        "asistentka",
        "ucetni",
        "majitel",
        "majitelka",
        "reditel",
        "reditelka",
        "sestra",
        "sestre",
        "sestru",
        "sestrou",
        "sestricku",
        "sestry",
        "vrchni",
        "skladnik",
        "obchod",
        "provozni",
        "jednatel",
        "jednatelka",
        "reception",
        "responsabile",
        "titolare",
        "segretaria",
        "segreteria",
        "amministrazione",
        "contabile",
        "magazzino",
        "ufficio",
        "tecnico",
        "direttore",
        "direttrice",
        "infermiera",
        "assistente",
        "maestra",
    ]
)


# Job titles said in a signature, beyond the roles a customer names when asked whom to call.
JOB_WORDS = frozenset(
    [
        "senior",
        "junior",
        "head",
        "lead",
        "chief",
        "partner",
        "associate",
        "officer",
        "coordinator",
        "consultant",
        "supervisor",
        "clerk",
        "engineer",
        "technician",
        "surveyor",
        "pharmacist",
        "founder",
        "attorney",
        "advocate",
        "financial",
        "finance",
        "operations",
        "hr",
        "marketing",
        "procurement",
        "payroll",
        "front",
        "desk",
        "coo",
        "md",
        "gm",
        "pracovnik",
        "pracovnice",
        "referent",
        "referentka",
        "technik",
        "spravce",
        "obchodni",
        "vyroby",
        "provozu",
        "kancelare",
        "skladu",
        "pobocky",
        "recepcni",
        "impiegata",
        "impiegato",
        "amministratore",
        "amministratrice",
        "socio",
        "socia",
        "farmacista",
        "ufficio",
        "acquisti",
        "commerciale",
        "personale",
        "reditele",
        "rector",
        "priest",
        "smeny",
        "parroco",
        "zastupce",
        "zastupkyne",
    ]
)


ANY_ROLE = ROLE_WORDS | JOB_WORDS


# Czech for "turn to", "deal with": whom the technician should talk to.
TURN_TO = (
    r"obra[tť]te se (?:prosím |prosim )?na|domluvte se (?:prosím |prosim )?s|"
    r"mluvte (?:prosím |prosim )?s|spojte se (?:prosím |prosim )?s|kontaktujte"
)


INTRO = re.compile(
    r"(?i)^\s*(?:(?:hi|hello|hey|ahoj|dobr[yý] den|ciao|salve|buongiorno|buonasera)[\s,!.]+)?"
    r"(?:my name is|my name's|name is|name:|it'?s me|it is me|i am|i'm|im|it's|its|this is|"
    r"here is|call me|"
    r"ask for|speak to|jmenuji se|jmenuju se|jsem|volám se|volam se|tady je|tady|u telefonu je|"
    r"mi chiamo|sono io|sono sempre io|sono|sn|io sono|jsem to já|jsem to ja|to jsem já|"
    r"to jsem ja|qui è|qui e|chiedete di|cercate|il mio nome è|il mio nome e|"
    r"ptejte se na|zeptejte se na|ptejte se po|zeptejte se po|volejte|zavolejte|hledejte|"
    rf"{TURN_TO}|"
    r"píšu (?:vám )?(?:z|ze|za)|pisu (?:vam )?(?:z|ze|za)|"
    r"ask for|deal with|talk to|call|chiedere di|chiedete (?:di|a|della|del)|chiedete|"
    r"chieda (?:di|a|della|del)|chieda|"
    r"sentite|parlate con|rivolgetevi a|chiamate)\s+"
    r"(?:(?:prosím|prosim|please|pls)\s+)?"
)


# "Whom to call" said outright: the name that follows is meant, whatever else is said.
CALL_CUE = re.compile(
    r"(?i)\b(?:volejte|zavolejte|ptejte se|zeptejte se|hledejte|call|ring|ask for|speak to|"
    rf"{TURN_TO}|"
    r"(?:se )?(?:ptá|pta|zeptá|zepta) (?=po\b|na\b)|"
    r"deal with|talk to|chiamate|cercate|chiedete|chieda|chiedere|sentite|parlate con|"
    r"rivolgetevi a)\b"
)


# "call me back", "volejte mi": the writer is the one to call.
CALLED_SELF = re.compile(
    r"(?i)\s+(?:(?:pure|please|pls|prosím|prosim|anche)\s+)?(?:(?:di|a|na|po|for)\s+)?"
    r"(?:me|us|him|her|them|mi|mě|mne|nám|nás|ho|ji|je)\b"
)


CALLED_SELF_NAMED = cased_re(
    r"(?i)\s+(?:(?:di|a|na|po|for)\s+)?(?:me|mě|mne|mi)\s*[,:–-]\s*"
    r"(?=(?:[a-z]+\.\s*)?[A-ZÀ-Ž])"
)


# "… chiedete di Beppe, tutti mi chiamano così": the writer's own short name.
NICKNAME = re.compile(
    r"(?i)\b(?:mi chiamano|everyone calls me|they call me|call me|říkají mi|rikaji mi|"
    r"říkaj mi|rikaj mi)\b"
)


# A name after a word that addresses a person, inside a longer sentence: "ať volá panu
# Dvořákovi, našemu sládkovi", "please ask for Mr Botha at reception".
ADDRESSED = cased_re(
    r"(?i:\b(?:panu|pana|paní|pani|slečně|slecne|slečnu|slecnu|ask for|speak to|"
    r"chiedete di|chiedere di|cercate|del signor|della signora))\s+"
    r"(?P<name>[A-ZÀ-Ž][\w'’-]+(?:\s+[A-ZÀ-Ž][\w'’-]+){0,2})"
)


NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


NOT_A_NAME = (
    PROBLEM_WORDS
    | vocab.YES_WORDS
    | vocab.NO_WORDS
    | FOREIGN_YES_NO
    | frozenset(
        [
            "ucim",  # "učím v Jazykové škole …": I teach, at …
            # "Pieterse here", "Ngiyabonga. It's Mandla Zwane": who is writing, and thanks
            "here",
            "speaking",
            "calling",
            "ngiyabonga",
            "enkosi",
            "dankie",
            "sawubona",
            "dumela",
            "howzit",
            "scusate",
            "scusi",
            # urgency said where a name was asked for: "pls hurry", "rychle prosím"
            "hurry",
            "urgent",
            "urgently",
            "asap",
            "emergency",
            "quickly",
            "rychle",
            "urgentne",
            "specha",
            "urgente",
            "subito",
            "help",
            "pomoc",
            "aiuto",
            "the",
            "a",
            "an",
            "and",
            "or",
            "of",
            "for",
            "from",
            "at",
            "in",
            "on",
            "to",
            "with",
            "my",
            "our",
            "we",
            "us",
            "me",
            "you",
            "it",
            "is",
            "are",
            "was",
            "be",
            "call",
            "phone",
            "number",
            "tel",
            "mob",
            "cell",
            "email",
            "mail",
            "firma",
            "company",
            "ditta",
            "azienda",
            "spol",
            "sro",
            "srl",
            "ltd",
            "hello",
            "hi",
            "thanks",
            "thank",
            "thx",
            "please",
            "pls",
            "dobry",
            "den",
            "dekuji",
            "diky",
            "prosim",
            "grazie",
            "ciao",
            "buongiorno",
            "already",
            "said",
            "told",
            "said",
            "what",
            "who",
            "why",
            "how",
            "when",
            "where",
            "which",
            "today",
            "tomorrow",
            "yesterday",
            "ja",
            "jsem",
            "my",
            "nas",
            "vas",
            "je",
            "to",
            "ten",
            "ta",
            "tu",
            "io",
            "sono",
            "noi",
            "voi",
            "il",
            "la",
            "lo",
            "le",
            "gli",
            "di",
            "da",
            "del",
            "della",
            "same",
            "me",
            "myself",
            "cela",
            "cely",
            "cele",
            "celou",
            "vsichni",
            "tutti",
            "tutto",
            "tutta",
            "everyone",
            "everybody",
            "tel",
            "mob",
            "mobile",
            "cell",
            "fax",
            "mobil",
            "cellulare",
            "scared",
            "worried",
            "sorry",
            # possessives: "našemu sládkovi" is a role, "mia moglie" a relation
            "nase",
            "naseho",
            "nasemu",
            "nasi",
            "nasim",
            "nasich",
            "muj",
            "moje",
            "meho",
            "memu",
            "mym",
            "vase",
            "vaseho",
            "vasemu",
            "your",
            "osvc",  # "jsem OSVČ": self-employed, not a name
            "jsme",
            "mne",  # "Volejte mně": me, not a name
            "jste",
            "jsou",
            "uz",  # "už hodinu", "since like 10": when, not who or which firm
            "hodinu",
            "hodiny",
            "rana",
            "rano",
            "ieri",
            "oggi",
            "stamattina",
            "hour",
            "hours",
            "minutes",
            "since",
            "like",
            "around",
            # mail prefixes: "FW: from our bookkeeper"
            "fw",
            "fwd",
            "re",
            # prepositions, never a one-word name: "na 737 221 904"
            "na",
            "po",
            "do",
            "od",
            "ve",
            "ke",
            "se",
            "za",
            "pro",
            "pri",
        ]
    )
)


# Said before a lone surname, these stay: a technician asks for "Sister van Rooyen".
KEPT_BEFORE_SURNAME = frozenset(["mr", "mrs", "ms", "miss", "sister", "sr"])


def strip_titles(words: list[str]) -> list[str]:
    """The name without the titles before it ("Ing. Pavel Sedláček" is Pavel Sedláček),
    except a form of address before a surname alone ("Mrs Venter")."""
    while words and (title := vocab.fold(words[0]).replace(".", "")) in TITLES:
        rest = [w for w in words[1:] if vocab.fold(w) not in SURNAME_PARTICLES]
        if len(rest) == 1 and title in KEPT_BEFORE_SURNAME:
            return ["Sister" if title == "sr" else words[0].strip(".").title(), *words[1:]]
        words = words[1:]
    return words


NAME_CLAUSES = re.compile(
    r"\s*(?:[,;:(\[/|–—]| - | from | frm | z | ze | della | dello | di | dal )\s*"
)


# Particles inside surnames, capitalised between a first name and the rest of the surname.
SURNAME_PARTICLES = frozenset(
    ["lo", "la", "li", "le", "de", "di", "da", "del", "della", "dal", "van", "von", "der", "du"]
)


ELIDED_ARTICLE = re.compile(r"^(?:(?i:l|un|dell|all)|d)['’](?=\w)")  # not "D'Angelo"


def name_words(clause: str) -> tuple[list[str], bool]:
    """The name in one clause, titles, intro words and roles stripped ([] when none), and
    whether the clause named a role ("Duty manager")."""
    words = NAME_WORD.findall(INTRO.sub("", clause.strip()))
    titled = len(words) > 1 and vocab.fold(words[1]).replace(".", "") in TITLES
    if titled and vocab.fold(words[0]) in ("il", "la", "lo", "the"):
        words = words[1:]  # "il geom. Valli": the article of the title
    words = strip_titles(words)
    words = [ELIDED_ARTICLE.sub("", w) for w in words]  # "l'infermiera": the nurse
    count = len(words)
    while words and vocab.fold(words[-1]).strip(".") in ANY_ROLE:
        words = words[:-1]
    while words and vocab.fold(words[0]).strip(".") in ANY_ROLE:
        words = strip_titles(words[1:])  # "vrchní sestra Mgr. Renata Novotná"
    role = len(words) < count
    words = [re.sub(r"['’]s$", "", w) for w in words]  # "Naidoo's" is not a name
    folded = [vocab.fold(w).strip(".") for w in words]
    if not 1 <= len(words) <= 4:
        return [], role
    inner_particle = [
        i < len(words) - 1
        and f in SURNAME_PARTICLES
        and (i > 0 or (words[i][:1].isupper() and words[i + 1][:1].isupper()))
        and (words[i][:1].isupper() or any(w[:1].isupper() for w in words[i + 1 :]))
        for i, f in enumerate(folded)
    ]  # "Turi Lo Presti", "Lo Presti Salvatore", "Pieter van der Merwe", "Karin le Roux"
    if any(
        not inner
        and (w in NOT_A_NAME or w in ROLE_WORDS or len(w) < 2)
        and not (i == len(words) - 1 and _surname_after_given_name(words))
        for i, (w, inner) in enumerate(zip(folded, inner_particle, strict=True))
    ):
        return [], role
    return [w.strip(".") for w in words], role


def _surname_after_given_name(words: list[str]) -> bool:
    """ "Sibusiso Cele", "Anna Tutti": a capitalised surname after a known first name, though
    the surname is a small word in another of the desk's languages ("celé": whole)."""
    last = words[-1]
    return (
        len(words) in (2, 3)
        and last[:1].isupper()
        and len(last) >= 4
        and is_given_name(words[0])
        and vocab.fold(last) not in PROBLEM_WORDS | vocab.YES_WORDS | vocab.NO_WORDS | ANY_ROLE
    )


# "Sizwe Ndlovu no sorry Sizwe Khoza", "Gino... cioè Luigi Ferrario": the name after the
# customer corrects themselves.
SELF_CORRECTION = cased_re(
    r"(?i)\b(?:no,? sorry|sorry|i mean|actually|cioè|cioe|anzi|teda|vlastně|vlastne)\b[\s,.:]*"
    r"(?=[A-ZÀ-Ž])"
)


# The name first, then words about the person without punctuation: "Nokuthula Dlamini but
# everyone calls me Nox", "Marco Bertoli sono il geometra".
LEADING_NAME = cased_re(
    r"^((?:[A-ZÀ-Ž][\w'’-]+\.?)(?:\s+(?:(?!I\b)[A-ZÀ-Ž][\w'’-]+|de|di|da|van|der|le|la|du|von))"
    r"{1,3})\s+(?=(?!(?:de|di|da|van|der|le|la|du|von)\b)[a-zà-ž]|I\b)"
)


LANGS = ("en", "cs", "it")


# Lower-case words before a capitalised full name are about the person, not the name.
LOWER_CASE_BEFORE_NAME = cased_re(
    r"^(?:[a-zà-ž][a-zà-ž.'’-]*\s+){1,3}(?=[A-ZÀ-Ž]\w+\.?\s+[A-ZÀ-Ž]\w+)"
)


LEADING_TITLES = cased_re(
    r"(?i)^(?:(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+)+(?=[A-ZÀ-Ž])"
)


def _leading_name(text: str) -> str | None:
    """The full name a sentence opens with, before words about the person ("Lerato Molefe
    im the owner"); typed all in lower case, the first two plain words ("johan steyn i am
    the manager")."""
    leading = LEADING_NAME.match(text)
    if leading:  # not ending on a particle: "Monica Bartolini la titolare"
        candidate = re.sub(r"(?:\s+(?:de|di|da|van|der|le|la|du|von))+$", "", leading.group(1))
    elif text.islower() and len(text.split()) >= 3:
        plain = text.split()
        last = 1
        while last < len(plain) - 1 and vocab.fold(plain[last]) in SURNAME_PARTICLES:
            last += 1  # "werner du plessis i'm the night manager"
        candidate = " ".join(plain[: last + 1])
        if not all(w.isalpha() and vocab.fold(w) not in NOT_A_NAME for w in candidate.split()):
            return None
        if any(opens_with_function_word(w, lang) for w in candidate.split() for lang in LANGS):
            return None  # "devo manda le planimetrie", "faccio agenda e fatture": a sentence
    else:
        return None
    words, role = name_words(candidate)
    if len(words) >= 2 and not role and not has_company_form(candidate):
        if not candidate.islower():
            return " ".join(words)
        return " ".join(  # "Werner du Plessis": the particle stays small
            w if i and vocab.fold(w) in SURNAME_PARTICLES else w.title()
            for i, w in enumerate(words)
        )
    return None


# "Mr Zulu (Sibusiso)", "paní Nováková (Jana)": a titled surname, the given name beside it.
TITLED_WITH_GIVEN = cased_re(
    r"\b(?P<title>[^\W\d_]+)\.?\s+(?P<surname>[A-ZÀ-Ž][\w'’-]+)\s*\((?P<given>[A-ZÀ-Ž][\w'’-]+)\)"
)


def complete_name(name: str, text: str, company: str = "") -> str:
    """A one-word name made whole from what the customer wrote before: "Hošek" answers
    the name question, and the message was signed "Ing. Radek Hošek" (but "Geodezie Brož"
    is the firm's name)."""
    words = strip_titles(name.split())
    if len(words) != 1:
        return name
    one = re.escape(words[0])
    other = cased(r"([A-ZÀ-Ž][^\W\d_]+(?:-[A-ZÀ-Ž][^\W\d_]+)?)")
    pairs = ((rf"\b{other}[ \t]+{one}\b", True), (rf"\b{one}[ \t]+{other}\b", False))
    for pattern, given_first in pairs:
        for found in re.finditer(pattern, text):
            word = found.group(1)
            folded = vocab.fold(word)
            if folded == vocab.fold(words[0]) or folded in TITLES or places.is_town(word):
                continue
            full = [word, words[0]] if given_first else [words[0], word]
            named, role = name_words(" ".join(full))
            whole = " ".join(full)
            owner = not given_first and is_given_name(words[0])  # "Craig Ferreira Photography"
            in_firm = vocab.fold(whole) in vocab.fold(company) and not owner
            if in_firm or has_company_form(whole):
                continue
            if len(named) == 2 and not role:
                return whole
    return name


SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2})[.!?]\s+")


ANY_STOP = re.compile(r"[.!?]\s+")  # after an initial too: "P. Novák"


def split_sentences(text: str, stop: re.Pattern[str] = SENTENCE_END) -> list[str]:
    """The sentences of a text, not cut after a title's dot ("optometristka Bc. Petra
    Kalinová" is one)."""
    pieces: list[str] = []
    start = 0
    for end in stop.finditer(text):
        before = text[start : end.start()].split()
        last = ELIDED_ARTICLE.sub("", before[-1]) if before else ""  # "dell'avv. Ricci"
        if last and vocab.fold(last) in TITLES and text[end.start()] == ".":
            continue
        pieces.append(text[start : end.start()])
        start = end.end()
    return [*pieces, text[start:]]


QUESTION = re.compile(r"[^.!?\n]*\?+")


TWO_CAPITALISED = cased_re(r"[A-ZÀ-Ž]\w+\s+[A-ZÀ-Ž]")  # a full name written before


def read_name(text: str, ctx: ReadContext) -> str | None:
    """A person's name; where none is read, or a word typed in lower case was, a capitalised
    full name that opens with a known first name ("plnej hotel, vikend!! ... recepce, Jana
    Hruba")."""
    text = ROLE_ASIDE.sub(" ", text)  # "Sibusiso Cele (branch manager)"
    text = EMOJI.sub(", ", text).strip(" ,")  # "Luca aka coach Luca 😄 Luca Brambilla"
    text = ALREADY_SAID.sub(" ", text).strip(" ,.;!") or text  # "Pokorná, už jsem to psala"
    asked = [q for q in QUESTION.findall(text) if not CALL_CUE.search(q)]
    statements = text
    for question in asked:  # "A jakou máte vlastně hodinovou sazbu?" names nobody
        statements = statements.replace(question, " ")
    text = statements if statements.strip() else text
    name = _name_in(text, ctx)
    if name is None and not text.islower() and not _turns_to_someone_else(text):
        return _capitalised_full_name(text)  # "A kolik by to stálo? ... Jinak Tomáš Jelínek."
    if name and not text.islower() and _typed_in_lower_case(name, text):
        return _capitalised_full_name(text) or name
    if name and " " not in name and not _turns_to_someone_else(text):
        name = _capitalised_full_name(text) or name  # "po Tondovi, Antonín Bartoš"
    lower = [w for w in (name or "").split()[1:] if w[:1].islower()]
    if lower and not any(vocab.fold(w) in SURNAME_PARTICLES for w in lower):
        # "Čekárna plná, prosím co nejdřív. Markéta Zemanová": a word in lower case, not a
        # surname's particle, is no name's; a full name with a known first name later is
        name = _capitalised_full_name(text) or name
    if name and " " not in name:
        name = _initial_spelled_out(name, text) or name  # "Ms N. Zulu, … Nomvula."
    if name:  # "Federica 😊 Federica Semprini": the first name said twice
        words = name.split()
        words = [w for i, w in enumerate(words) if not i or w.lower() != words[i - 1].lower()]
        if ctx.language in (None, "cs") and czech_names.plainly_declined(words):
            words = czech_names.nominative(words)  # "s Martinem Šustrem", "Pavlovi Dvořáčkovi"
        name = " ".join(words)
    return name


def _initial_spelled_out(surname: str, text: str) -> str | None:
    """ "Ms N. Zulu, secretary to Mr Mahlangu. Nomvula.": the initial before the surname,
    and the first name it stands for given elsewhere in the text."""
    initial = re.search(cased(rf"\b([A-ZÀ-Ž])\.\s*{re.escape(surname)}\b"), text)
    if not initial:
        return None
    for word in NAME_WORD.findall(text[initial.end() :]):
        word = word.strip(".")
        if word[:1] == initial.group(1) and len(word) > 2 and is_given_name(word):
            return f"{word} {surname}"
    return None


def _typed_in_lower_case(name: str, text: str) -> bool:
    """The name's words are in the text, and only in lower case ("vikend"; a declined
    "Jiřího Vondráčka" read as Jiří Vondráček is no such word)."""
    words = [re.escape(w) for w in name.split()]
    return all(re.search(rf"(?i)\b{w}\b", text) for w in words) and not any(
        re.search(rf"\b{w}\b", text) for w in words
    )


def _capitalised_full_name(text: str) -> str | None:
    """The first capitalised known first name and the capitalised surname after it, where a
    clause ends with them ("Jinak Tomáš Jelínek.", "meglio Roberta Cattaneo, la segretaria"),
    unless the words before make it someone else's ("il portatile è di Marta Nesi")."""
    for sentence in split_sentences(text):
        for clause in re.split(r"[,;:(\[/|–—]| - ", sentence):
            words = [w.strip(".") for w in NAME_WORD.findall(clause)]
            if has_company_form(clause) or not words:
                continue
            known = [i for i, w in enumerate(words) if w[:1].isupper() and is_given_name(w)]
            first = known[0] if known else len(words)
            name = words[first:]
            folded = {vocab.fold(w) for w in name}
            before = vocab.fold(words[first - 1]) if 0 < first < len(words) else ""
            if (
                2 <= len(name) <= 3
                and all(w[:1].isupper() for w in name)
                and not folded & (NOT_A_NAME | ANY_ROLE | TITLES)
                and before not in OWNER_WORDS
            ):
                return " ".join(name)
    return None


# "ask for her", "chiedete di lei", "volejte jí": the person named before.
THIRD_PERSON = re.compile(
    r"(?i)\s*(?:(?:di|a|for|na|po)\s+)?(?:lei|lui|him|her|jí|ji|jemu|něj|nej)\b"
)


FULL_NAME = cased_re(r"\b[A-ZÀ-Ž][\w'’-]+\s+[A-ZÀ-Ž][\w'’-]+")


def signed_name(text: str) -> str | None:
    """The writer's full name as the message's last sentence, a role aside: "… al
    commercialista. Gianni Russo", "… non si accende. Marta Innocenti, segreteria"."""
    sentences = [s for s in split_sentences(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return None
    last = sentences[-1].strip(" .!")
    name = _capitalised_full_name(last) if len(last.split()) <= SIGN_OFF_WORDS else None
    return name if name and last.startswith(name) else None


SIGN_OFF_WORDS = 5


OWNER_WORDS = frozenset(["di", "of", "for", "od", "pro", "per", "della", "del", "from", "z", "ze"])


def _name_in(text: str, ctx: ReadContext) -> str | None:
    """A person's name from an answer such as "Veronika Kubíčková, recepce", "it's mark",
    "Duty manager, Andile", "Dott.ssa Elena Rota" or "ptejte se na paní Moravcovou,
    Jitku" (Czech names are put back in the nominative: Jitka Moravcová)."""
    if ctx.profile_name and vocab.is_yes(text):
        return ctx.profile_name
    titled = TITLED_WITH_GIVEN.search(text)
    if titled and vocab.fold(titled.group("title")) in TITLES:
        return f"{titled.group('given')} {titled.group('surname')}"  # "Mr Zulu (Sibusiso)"
    for cue in CALL_CUE.finditer(text):
        if THIRD_PERSON.match(text, cue.end()):  # "… c'è Marta Righetti, chiedete di lei"
            before = [
                found.group()
                for found in FULL_NAME.finditer(text[: cue.start()])
                if is_given_name(found.group().split()[0])
            ]
            if before:
                return before[-1]
        named_self = CALLED_SELF_NAMED.match(text, cue.end())
        if named_self and not TWO_CAPITALISED.search(text[: cue.start()]):
            # "Può chiedere di me, Laura Benassi, sono alla reception" (no name before)
            return read_name(text[named_self.end() :], ctx)
        if cue.start() > 0 and not CALLED_SELF.match(text, cue.end()):
            # "I'm Piet, the owner, but ask for Bongani Dlamini": him
            clause = re.split(r"(?<=[^\W\d_]{2})[.;!?\n]", text[cue.start() :], maxsplit=1)[0]
            delegate = read_name(clause, ctx)
            in_full = _capitalised_full_name(clause.partition(",")[2]) if "," in clause else None
            if delegate and " " not in delegate and in_full:
                return in_full  # "Ptejte se po Tondovi, Antonín Bartoš": the full name given
            nickname = " " not in (delegate or "") and NICKNAME.search(text)
            if delegate and vocab.fold(delegate) not in NOT_A_NAME and not nickname:
                return delegate
    corrected = list(SELF_CORRECTION.finditer(text))
    if corrected:
        earlier, text = text[: corrected[-1].start()], text[corrected[-1].end() :]
        name = read_name(text, ctx)
        prior = read_name(earlier, ctx) if name and " " not in name else None
        if name and prior and len(prior.split()) >= 2:
            return f"{name} {prior.split()[-1]}"  # "Lojza Beneš, teda Alois": Alois Beneš
        if name:
            return name
    single: str | None = None  # a lone first name given first: "its me Lerato. Lerato Molefe"
    naming = text  # the sentence that gives a full name, once one does
    for sentence in split_sentences(text.strip()):
        sentence = LEADING_TITLES.sub("", INTRO.sub("", sentence.strip()))
        sentence = LOWER_CASE_BEFORE_NAME.sub("", sentence)  # "noční recepční Marek Sedlák"
        leading = _leading_name(sentence)  # "sister Gugu Zulu the practice nurse"
        if leading and (single is None or single in vocab.words(leading)):
            return leading
        if single is not None:
            break
        named = [
            w
            for c in re.split(NAME_CLAUSES, sentence)
            if c.strip()
            for w in [name_words(c)[0]]
            if w
        ]
        if named and len(named[0]) == 1:
            single = vocab.fold(named[0][0])
        elif named:
            naming = sentence  # "Mně, Radce Holubové. Paní doktorka je u pacienta …"
            break  # "Themba Nkosi, IT admin. Jane Doe is my boss": the first name given
    if looks_like_problem(naming) and not CALL_CUE.search(text) and not _opens_with_name(text):
        return None
    first_line = " ".join(line.strip() for line in text.splitlines() if line.strip())
    body = LOWER_CASE_BEFORE_NAME.sub("", INTRO.sub("", first_line.strip()))
    clauses = [
        c
        for sentence in split_sentences(body, ANY_STOP)
        for c in re.split(NAME_CLAUSES, sentence)
        if c and c.strip()
    ]
    titles_only = [c for c in clauses if all(vocab.fold(w) in TITLES for w in c.split())]
    clauses = [c for c in clauses if c not in titles_only]  # "MVDr. Tichý, Roman"
    found = [name_words(LOWER_CASE_BEFORE_NAME.sub("", c.strip())) for c in clauses[:4]]
    found = [(w, role) for w, role in found if not has_company_form(" ".join(w))]  # the firm
    named = [words for words, role in found if words and not role] or [w for w, _ in found if w]
    addressed = ADDRESSED.search(first_line)
    if addressed and not named:
        named = [strip_titles(addressed.group("name").split())]  # "volá panu Dvořákovi, ..."
    if not named:
        return None
    words = named[0]
    bare = {vocab.fold(w) for w in words} - KEPT_BEFORE_SURNAME
    fuller = next((n for n in named[1:] if bare < {vocab.fold(w) for w in n}), None)
    if fuller is None and len(bare) == 1:  # "Ale... Alessio Marchi": the short form first
        short = next(iter(bare))
        fuller = next((n for n in named[1:] if vocab.fold(n[0]).startswith(short)), None)
    if fuller:
        words = fuller  # "ask for Priya, Priya Govender", "Mr Zulu. Themba Zulu": in full
    pair = [
        ([w for w in words if vocab.fold(w) not in KEPT_BEFORE_SURNAME], role)
        for words, role in found[:2]
    ]
    capitalised = first_line.islower() or all(w[0][:1].isupper() for w, _ in pair if w)
    if len(pair) == 2 and capitalised and all(len(w) == 1 and not role for w, role in pair):
        words = [pair[1][0][0], pair[0][0][0]]  # "Moravcovou, Jitku", "Mrs Seretse, Kelebogile"
    elif len(pair) == 2 and capitalised and _particled_surname_then_given(pair):
        surname = [w.lower() if vocab.fold(w) in SURNAME_PARTICLES else w for w in pair[0][0]]
        words = [pair[1][0][0], *surname]  # "Van der Merwe, Annelie": Annelie van der Merwe
    czech = ctx.language in (None, "cs")  # "it's me Nomsa": English "me" governs nothing
    if czech and (
        czech_names.after_governing_word(_before(first_line, words[0]))
        or czech_names.after_governing_word(_before(first_line, words[-1]))
    ):
        words = czech_names.nominative(words)
    plain = [w for w in words if vocab.fold(w) not in SURNAME_PARTICLES]
    if len(plain) >= 3 and not first_line.islower() and any(w[:1].islower() for w in plain):
        return None  # "I've tried new batteries": a sentence, not a name
    name = " ".join(words)
    return name.title() if name.islower() or name.isupper() else name


def _particled_surname_then_given(pair: list[tuple[list[str], bool]]) -> bool:
    (surname, surname_role), (given, given_role) = pair
    plain = [w for w in surname if vocab.fold(w) not in SURNAME_PARTICLES]
    return (
        len(plain) == 1 < len(surname) and len(given) == 1 and not surname_role and not given_role
    )


def _turns_to_someone_else(text: str) -> bool:
    """ "Dave Naidoo, but the bookkeeper is Ruth": the first clause names someone, the next
    turns away from them."""
    rest = re.split(r"[,;:!?\n]|\s[–—-]\s", text, maxsplit=1)[1:]
    return bool(rest and re.match(r"(?i)\s*(?:but|ale|ma|però)\b", rest[0]))


def _opens_with_name(text: str) -> bool:
    """ "Nomsa Zulu, I'm the estimator, it's my laptop": a capitalised name comes first, and
    the rest is about the person, however much it mentions the fault (unless it turns to
    someone else: "Dave Naidoo, but the bookkeeper is Ruth")."""
    if _turns_to_someone_else(text):
        return False
    head = re.split(r"[,;:!?\n]|\.\s|\s[–—-]\s", text, maxsplit=1)[0]  # "Thabo Mahlangu. Im …"
    first = strip_titles(head.split())  # "arch. Chiara Zecchini, il portatile …"
    return (
        2 <= len(first) <= 4
        and all(w[:1].isupper() for w in first)
        and not any(vocab.fold(w) in PROBLEM_WORDS for w in first)
    )


def _before(text: str, word: str) -> str:
    """The text before the first occurrence of ``word``."""
    position = text.find(word)
    return text[:position] if position > 0 else ""


# "I told you already": said beside a name or a firm given again, about neither.
ALREADY_SAID = re.compile(
    r"(?i)[,;.!\s]*\b(?:(?:už|uz) jsem (?:to |vám |vam )*(?:psal|psala|říkal|říkala|rikal|rikala|"
    r"uvedl|uvedla|napsal|napsala)|(?:i )?(?:already )?(?:said|told you|wrote)(?: (?:that|it|so))?"
    r"(?: already| before)?|l['’]ho gi[àa] (?:detto|scritto)|te l['’]ho (?:gi[àa] )?detto|"
    r"gi[àa] detto|come ho (?:gi[àa] )?(?:detto|scritto))\b[\s.!]*"
)


# An aside in small letters beside a person's name says what they do: "(branch manager)";
# one with capitals may name them ("Mrs Dube (Precious)", "(all'anagrafe Agnese Rinaldi)").
ROLE_ASIDE = cased_re(r"\s*\((?=\s*[a-zà-ž])[^()A-ZÀ-Ž]*\)")
