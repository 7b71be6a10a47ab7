"""Reading a customer's answer to one question, in their own words and three languages.

Customers do not answer in the words of the question: "Veronika Kubíčková, recepce",
"jsme z Pekárny U Dvořáků v Táboře", "two of us in dispatch", "only the boss, but he
presents at 3", "ano, to je moje číslo". Each reader takes what it can use and leaves
the rest; it returns None only when the text holds nothing of the kind. What a reader
cannot place is not lost: the intake keeps optional answers as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from babel import Locale
from text_to_num import alpha2digit

from bot.conversation import czech_business, czech_names
from bot.core import vocab
from bot.core.i18n import REGION_BY_LANGUAGE
from bot.core.phones import region_of
from bot.core.text import cased, upper_first
from nlu import places
from nlu.entities import TAX_ID_BEFORE
from nlu.foreign import FOREIGN_YES_NO
from nlu.function_words import OPEN_FIRM_NAMES, function_words, opens_with_function_word
from nlu.given_names import is_given_name
from nlu.priority import impact_level


def cased_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` with exact capital and small letter classes (``bot.core.text.cased``)."""
    return re.compile(cased(pattern), flags)


@dataclass(frozen=True)
class ReadContext:
    """What a reader may need besides the text: the customer's number, language and the
    WhatsApp profile name (a hint the customer can accept with YES, never taken as a fact)."""

    sender: str
    profile_name: str | None = None
    language: str | None = None
    desk_region: str | None = None

    @property
    def region(self) -> str | None:
        return region_of(self.sender)

    def phone_regions(self) -> list[str | None]:
        """Where a national number is read: the sender's country first, then the customer's
        language's, then the desk's own."""
        regions = [self.region, REGION_BY_LANGUAGE.get(self.language or ""), self.desk_region]
        return list(dict.fromkeys(r for r in regions if r))


def clean_text(text: str) -> str:
    """Collapse spaces and drop trailing punctuation, but keep the dot of an abbreviation
    ("Novák s.r.o.", "Acme Inc.")."""
    text = re.sub(r"\s+", " ", text).strip().strip(",;!").strip()
    abbreviation = re.search(r"(\b\w\.(\w\.)+|\b(inc|ltd|co|corp|spa|srl)\.)$", text, re.I)
    if text.endswith(".") and not abbreviation:
        text = text.rstrip(".").strip()
    return text


# -- problems ------------------------------------------------------------------------------

PROBLEM_WORDS = frozenset(
    [
        # a dead machine in plain words: "úplně mrtvej, ani ledka", "è morto", "tutto spento"
        "mrtvej",
        # a device and what it does: "router bliká oranžově" is no firm
        "router",
        "modem",
        "blika",
        "lampeggia",
        "blinking",
        "mrtvy",
        "mrtva",
        "ledka",
        "ledky",
        "kontrolka",
        "nesviti",
        "morto",
        "spento",
        "not",
        "no",
        "cant",
        "cannot",
        "wont",
        "doesnt",
        "isnt",
        "dont",
        "didnt",
        "broken",
        "down",
        "offline",
        "error",
        "errors",
        "slow",
        "stuck",
        "crashed",
        "crash",
        "dead",
        "failed",
        "fails",
        "failing",
        "problem",
        "problems",
        "issue",
        "issues",
        "working",
        "works",
        "print",
        "printing",
        "printer",
        "printers",
        "wifi",
        "internet",
        "network",
        "server",
        "email",
        "outlook",
        "laptop",
        "pc",
        "computer",
        "screen",
        "scanner",
        "vpn",
        "password",
        "login",
        "help",
        "urgent",
        "asap",
        "nejde",
        "nejdou",
        "nefunguje",
        "nefunguji",
        "neni",
        "nemuze",
        "nemuzeme",
        "pada",
        "spadl",
        "spadla",
        "chyba",
        "chybu",
        "problem",
        "problemy",
        "pomale",
        "pomalu",
        "tiskarna",
        "tiskarnu",
        "pocitac",
        "notebook",
        "sit",
        "server",
        "mail",
        "heslo",
        "prihlasit",
        "zasekla",
        "zaseklo",
        "porad",
        "uz",
        "nic",
        "non",
        "funziona",
        "funzionano",
        "va",
        "vanno",
        "problema",
        "problemi",
        "errore",
        "lento",
        "lenta",
        "stampante",
        "rete",
        "portatile",
        "bloccato",
        "bloccata",
        "rotto",
        "rotta",
        "impossibile",
        "niente",
        "piu",
    ]
)


SENTENCE_WORDS = frozenset(
    [
        "started",
        "zatim",
        "mam",
        "mame",
        "mate",
        "jsme",
        "jste",
        "budu",
        "bude",
        "bylo",
        "are",
        "is",
        "isnt",
        "arent",
        "was",
        "were",
        "been",
        "keeps",
        "keep",
        "flashing",
        "does",
        "did",
        "got",
        "jede",
        "jedou",
        "funguje",
        "nemuzeme",
        "nema",
        "siamo",
        "fermi",
        "since",
        "yesterday",
        "today",
        "tomorrow",
        "morning",
        "afternoon",
        "tonight",
        "evening",
        "can",
        "could",
        "would",
        "should",
        "please",
        "pls",
        "guys",
        "sort",
        "need",
        "needs",
        "want",
        "have",
        "has",
        "had",
        "was",
        "were",
        "will",
        "just",
        "also",
        "again",
        "still",
        "already",
        "thing",
        "things",
        "someone",
        "somebody",
        "anyone",
        "send",
        "come",
        "asap",
        "urgently",
        "because",
        "but",
        "je",
        "jsou",
        "byl",
        "byla",
        "bylo",
        "mame",
        "nemame",
        "potrebujeme",
        "muzete",
        "prosim",
        "urgentne",
        "dnes",
        "vcera",
        "rano",
        "odpoledne",
        "uz",
        "jeste",
        "porad",
        "taky",
        "nekdo",
        "nekoho",
        "poslat",
        "prijet",
        "protoze",
        "ale",
        "sono",
        "abbiamo",
        "potete",
        "per",
        "favore",
        "urgente",
        "oggi",
        "ieri",
        "stamattina",
        "stasera",
        "ancora",
        "gia",
        "qualcuno",
        "mandare",
        "venire",
        "perche",
        "pero",
        "ma",
    ]
)


# A clause that opens with a subject pronoun is a sentence ("She starts Monday").
SUBJECT_PRONOUNS = frozenset(
    ["she", "he", "they", "we", "you", "ona", "on", "oni", "ony", "lei", "lui", "loro", "noi"]
)


def looks_like_sentence(text: str) -> bool:
    """Words of a sentence ("Can you guys sort this out", "Started yesterday afternoon",
    "je to urgentni mame plnou cekarnu", "She starts Monday"), not of a name."""
    words = vocab.words(text)
    if len(words) >= 2 and words[0] in SUBJECT_PRONOUNS:
        return True
    hits = sum(w in SENTENCE_WORDS for w in words)
    return hits >= 2 or (hits >= 1 and len(words) >= 3)


def looks_like_problem(text: str) -> bool:
    """A sentence about the fault rather than a name, a company or a number ("s.r.o." is no
    three words: "Tiskárna Haná s.r.o." is a printing house)."""
    words = [w for w in vocab.words(text) if len(w) > 1]
    hits = sum(w in PROBLEM_WORDS for w in words)
    return hits >= 2 or (hits >= 1 and len(words) >= 5)


# -- names ---------------------------------------------------------------------------------

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
    r"mi chiamo|sono io|sono sempre io|sono|io sono|jsem to já|jsem to ja|to jsem já|"
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


def _name_words(clause: str) -> tuple[list[str], bool]:
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
    words, role = _name_words(candidate)
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
            named, role = _name_words(" ".join(full))
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


def _sentences(text: str, stop: re.Pattern[str] = SENTENCE_END) -> list[str]:
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
    if name and not any(is_given_name(w) for w in name.split()):
        # "Čekárna plná, prosím co nejdřív. Markéta Zemanová": no first name in the words
        # read first, a full name with one later
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
    for sentence in _sentences(text):
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
    sentences = [s for s in _sentences(text.strip()) if s.strip()]
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
    for sentence in _sentences(text.strip()):
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
            for w in [_name_words(c)[0]]
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
        for sentence in _sentences(body, ANY_STOP)
        for c in re.split(NAME_CLAUSES, sentence)
        if c and c.strip()
    ]
    titles_only = [c for c in clauses if all(vocab.fold(w) in TITLES for w in c.split())]
    clauses = [c for c in clauses if c not in titles_only]  # "MVDr. Tichý, Roman"
    found = [_name_words(LOWER_CASE_BEFORE_NAME.sub("", c.strip())) for c in clauses[:4]]
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


# -- companies -----------------------------------------------------------------------------

# "azienda" introduces a firm ("azienda Rossi"), unless it is the kind of business itself
# ("Azienda Agricola Il Poggio", "Azienda Sanitaria").
AZIENDA = (
    r"azienda(?!\s+(?i:agricol\w*|vinicol\w*|vitivinicol\w*|agrituristic\w*|sanitari\w*|"
    r"ospedalier\w*|speciale|municipalizzat\w*))"
)
COMPANY_INTRO = re.compile(
    r"^\s*(?:(?:(?i:píšu (?:vám )?(?:z|ze|za)|pisu (?:vam )?(?:z|ze|za)|volám (?:z|ze|za)|"
    r"volam (?:z|ze|za)|učím ve?|ucim ve?|pracuj[iu] ve?|"
    r"we are|we're|were|it's|its|this is|i'm|im|i am|from|at|with|company is|"
    r"the company is|company:|jsme|jsem|jsme z|jsem z|z firmy|ze společnosti|ze spolecnosti|"
    r"z|ze|za|siamo|sono|sono della|sono di|siamo la|siamo lo|della|dello|dalla|dal|da|"
    r"tzn\.?|tj\.|i\.e\.|cioè|cioe|ovvero|ossia|that is|namely)|"
    r"firma|společnost|spolecnost|ditta|società|societa|"
    rf"{AZIENDA})\s+)+"
)
# Words that name a kind of business ("účetní kancelář Benešová" is an office, not a person).
BUSINESS_NOUNS = (
    frozenset(
        [
            "hotel",
            "lodge",
            "house",
            "guesthouse",
            "physio",
            "physiotherapy",
            "salon",
            "beauty",
            "dental",
            "dentist",
            "clinic",
            "centre",
            "center",
            "school",
            "college",
            "pharmacy",
            "spa",
            "studio",
            "office",
            "motors",
            "transport",
            "logistics",
            "bakery",
            "restaurant",
            "cafe",
            "shop",
            "store",
            "garage",
            "practice",
            "surgery",
            "agency",
            "academy",
            "penzion",
            "lekarna",
            "autoservis",
            "kadernictvi",
            "vetcentrum",
            "ordinace",
            "kancelar",
            "restaurace",
            "pekarna",
            "hospoda",
            "skola",
            "studio",
            "salon",
            "obchod",
            "servis",
            "farmacia",
            "palestra",
            "polisportiva",
            "ristorante",
            "albergo",
            "officina",
            "panificio",
            "scuola",
            "agenzia",
            "negozio",
            "parrucchiere",
            "ambulatorio",
            # as customers name their business in running text
            "agriturismo",
            # public bodies known by their town: "Městská knihovna Rokycany"
            "knihovna",
            "urad",  # "Obecní úřad Kostelec na Hané": the office of a municipality
            "accounting",
            "comune",
            "charita",
            "farnost",
            "biblioteca",
            "parrocchia",
            # South African trading names: "Mthethwa Security", "Nkosi Bookkeeping"
            "security",
            "bookkeeping",
            "consulting",
            "auditors",
            "spares",
            "tyres",
            "realty",
            "holdings",
            "enterprises",
            "investments",
            "rsa",  # residenza sanitaria assistenziale: a care home
            "trattoria",
            "pizzeria",
            "osteria",
            "enoteca",
            "ferramenta",
            "gelateria",
            "cartoleria",
            "vivaio",
            "ottica",
            "caseificio",
            "vetreria",
            "macelleria",
            "tabaccheria",
            "libreria",
            "parrocchia",
            "pasticceria",
            "panetteria",
            "bistro",
            "kavarna",
            "cukrarna",
            "vinarstvi",
            "truhlarstvi",
            "pivovar",
            "minipivovar",
            "autoskola",
            "kovovyroba",
            "zahradnictvi",
            "knihkupectvi",
            # public bodies and associations sign as firms do
            "comune",
            "obec",
            "mestys",
            "magistrat",
            "municipality",
            "council",
            "liceo",
            "nemocnice",
            "ospedale",
            "hospital",
            "fondazione",
            "foundation",
            "nadace",
            "onlus",
            "odv",
            "asd",
            "knihartstvi",
            "farnost",
            "kliniku",
            "klinika",
            "nursery",
            "creche",
            "brewery",
            "winery",
            "butchery",
            "pharmacy",
            "tours",
            "events",
            "firma",
            "ditta",
            "panelbeaters",
            "upholstery",
            "catering",
            "carrozzeria",
            "autofficina",
            "elettrauto",
            "gommista",
            "lavanderia",
            "tintoria",
            "autoscuola",
            "orologeria",
            "gioielleria",
            "profumeria",
            "erboristeria",
            "parafarmacia",
            "merceria",
            "sartoria",
            "calzoleria",
            "falegnameria",
            "vivai",
            "cantina",
            "frantoio",
            "oleificio",
            "birrificio",
            "salumificio",
            "mobilificio",
            "tipografia",
            "copisteria",
            "immobiliare",
            "termoidraulica",
            "idraulica",
            "poliambulatorio",
            "laboratorio",
            "clinica",
            "pensione",
            "rifugio",
            "paninoteca",
            "piadineria",
            "rosticceria",
            "supermercato",
            "alimentari",
            "cooperativa",
            "associazione",
            "fondazione",
            "consorzio",
            "asilo",
            "istituto",
            "takeaways",
            "takeaway",
            "attorneys",
            "accountants",
            "plumbing",
            "construction",
            "engineering",
            "boerdery",
            "church",
            "parish",
            "mosque",
            "synagogue",
            "chapel",
            "ministries",
            "chiesa",
            "kostel",
        ]
    )
    | czech_business.FORMS
)  # "z Hotelu Pod Sněžkou", "ze Stavební firmy Vondráček"
# After these, a lone capitalised word at the end is where the business is ("Blue Marlin
# Hotel Umhlanga", "Motion Physio Fourways"), not part of its name; after "kancelář",
# "studio" or "salon" it is usually the owner's name, so those are left out.
PLACE_FOLLOWS = BUSINESS_NOUNS - frozenset(
    [
        "agency",
        "agenzia",
        "ambulatorio",
        "autoservis",
        "college",
        "dentist",
        "kadernictvi",
        "kancelar",
        "obchod",
        "office",
        "officina",
        "ordinace",
        "palestra",
        "parrucchiere",
        "physiotherapy",
        "salon",
        "servis",
        "studio",
        "vetcentrum",
    ]
)
# A desk or department named before the firm: "Recepce Hotel Avion", "Accettazione
# Poliambulatorio Salus", "Reception, Seagull Lodge".
DEPARTMENT_FIRST = cased_re(
    r"(?i)^(?:recepce|recepcni|reception|front desk|accettazione|segreteria|amministrazione|"
    r"ucetni oddeleni|účtárna|uctarna|účtárny|uctarny|expedice|sklad|skladu|sekretariát|"
    r"sekretariat|sekretariátu|sekretariatu|dispatch|accounts|admin)\s*[,:-]?\s+"
    r"(?=[A-ZÀ-Ž])"
)
# Words of a branch or a department, not of a firm: "Acme, head office".
BRANCH_WORDS = frozenset(
    ["branch", "depot", "head", "office", "pobocka", "provozovna", "sede", "filiale", "ufficio"]
)
# The branch after the firm: "Coastal Living Properties Ballito branch", "Rossi Srl filiale
# di Monza", "Pekárna Horák pobočka Brno".
BRANCH_TAIL = cased_re(
    r"(?i)\s+(?:[A-ZÀ-Ž][\w'’-]+\s+(?:branch|depot|campus|store)|"
    r"(?:filiale|sede|succursale|pobočka|pobocka|provozovna)\s+(?:di\s+|v\s+|ve\s+)?"
    r"[A-ZÀ-Ž][\w'’-]+(?:\s+[A-ZÀ-Ž][\w'’-]+)?|"
    # a school's building or a branch by its street: "… plesso di via Roma", "sede di
    # Catania via Etnea", "pobočka v ulici Dlouhá"
    r"(?:plesso|sede|filiale|succursale|pobočka|pobocka|provozovna)\s+(?:\S+\s+){0,2}"
    r"(?:via|viale|piazza|corso|ulice|ulici|ul\.|street|road)\s+\S+(?:\s+\S+)?|"
    r"(?:plesso|sede|filiale|succursale|pobočka|pobocka|provozovna)(?:\s+(?:di|in|v|ve))?)$"
)


# A legal form spelled out by voice-to-text: "es er o" is s.r.o., "esse erre elle" S.r.l.
SPOKEN_LEGAL_FORMS = (
    (re.compile(r"(?i)\s+es\s*er\s*[oó]\.?$"), " s.r.o."),
    (re.compile(r"(?i)\s+s\s+r\s+o\.?$"), " s.r.o."),  # "hotel zámeček s r o" typed so
    (re.compile(r"(?i)\s+v[eé]\s*[oó]\s*es\.?$"), " v.o.s."),
    (re.compile(r"(?i)\s+[aá]\s*es\.?$"), " a.s."),
    (re.compile(r"(?i)\s+esse\s+erre\s+elle\.?$"), " S.r.l."),
    (re.compile(r"(?i)\s+esse\s+pi\s+a\.?$"), " S.p.A."),
    (re.compile(r"(?i)\s+esse\s+enne\s+ci\.?$"), " S.n.c."),
    (re.compile(r"(?i)\s+esse\s+a\s+esse\.?$"), " S.a.s."),
)


def firm_name(name: str, language: str | None) -> str:
    """A firm's name as the ticket files it: a Czech kind of business back in the
    nominative ("z Pekárny Horák"), a legal form said aloud written as one, the branch or
    town after it left out."""
    for spoken, written in SPOKEN_LEGAL_FORMS:
        name = spoken.sub(written, name)
    if language == "cs":
        name = CASE_ENDING_ON_CAPITALS.sub(r"\1", name)  # "z KOVO LANGu" is KOVO LANG
        name = czech_business.business_nominative(name)
        owner = TITLED_OWNER.search(name)
        if owner:  # "Veterinární klinika MVDr. Kříže": Dr Kříž's clinic
            words = czech_names.owner_nominative(owner.group("name").split())
            name = name[: owner.start("name")] + " ".join(words) + name[owner.end("name") :]
    return without_place(name)


# A Czech case ending on a name written in capitals: "KOVO LANGu", "ze STAVOSu", "AGROSEMa".
CASE_ENDING_ON_CAPITALS = re.compile(r"\b([A-ZČĎĚŇŘŠŤŮŽ]{2,})(?:u|a|em|ovi|y|e|ou)\b")


# A titled owner at the end of a firm's name: "Advokátní kancelář JUDr. Evy Tiché".
TITLED_OWNER = cased_re(
    r"(?i:\b(?:ing|mudr|judr|mvdr|mgr|phdr|pharmdr|rndr|bc|dr)\.?)\s+"
    r"(?P<name>[A-ZÀ-Ž][^\W\d_]+(?:\s+[A-ZÀ-Ž][^\W\d_]+)?)\s*$"
)


def without_place(name: str) -> str:
    """The firm without the branch or the town named after it ("Elektro Sýkora Pardubice",
    "Martini Motors Pescara"). A town right after a kind of business or a professional
    adjective is the firm's name ("Pizzeria Napoli", "Studio Legale Messina")."""
    stripped = BRANCH_TAIL.sub("", name)
    name = stripped if len(stripped) >= 2 else name
    after_a = ITALIAN_TOWN_AFTER_A.match(name)  # "San Lorenzo Martire a Seriate"
    if after_a and len(after_a.group(1).split()) >= 2 and places.is_town(after_a.group(2)):
        return after_a.group(1)
    words = name.split()
    size = places.trailing_town(words)
    rest = words[: len(words) - size]
    town_first = vocab.fold(words[len(rest)]) if size else ""
    joined = not rest or {vocab.fold(rest[-1]), town_first} & TOWN_JOINERS  # "Il Girasole"
    if size and len(rest) >= 2 and not joined and not names_the_kind(rest):
        while len(rest) > 2 and vocab.fold(rest[-1]) in PLACE_PREPOSITIONS:
            rest = rest[:-1]  # "Rietvlei Citrus Farm near (Citrusdal)"
        return " ".join(rest).rstrip(" ,-–")
    return name


# Words that put a firm in a town: "… near Citrusdal", "… in Paarl", "… ve Zlíně".
PLACE_PREPOSITIONS = frozenset(
    ["near", "outside", "in", "at", "nr", "v", "ve", "presso", "de"]  # "studio Zanon de Treviso"
)


def names_the_kind(words: list[str]) -> bool:
    """The words end with what kind of business it is, so a town after them is its name:
    "Studio Legale" (Messina), "Jazyková škola" (Praha); but "Martini Motors" (Pescara)."""
    last = vocab.fold(words[-1]).strip(".,")
    if last in FIRM_ADJECTIVES:
        return True
    before = vocab.fold(words[-2]).strip(".,")
    return last in BUSINESS_NOUNS and (
        words[-2].endswith(("á", "í", "ý", "é")) or before in ASSOCIATION_FORMS
    )  # "ASD Polisportiva" (Aurora)


# Italian associations name their form first: "ASD Polisportiva Aurora".
ASSOCIATION_FORMS = frozenset(["asd", "ssd", "aps", "odv", "onlus", "coop", "circolo"])


# Words that make a place part of a name: "Il Girasole", "San Giorgio", "Al Ponte".
TOWN_JOINERS = frozenset(
    [
        "f.lli",
        "fratelli",
        "figli",
        "sorelle",
        "il",
        "la",
        "lo",
        "l",
        "al",
        "alla",
        "del",
        "della",
        "di",
        "da",
        "dal",
        "san",
        "santa",
        "santo",
        "don",  # "Istituto Comprensivo Don Milani": a priest's name, not the town Milani
        "padre",
        "beato",
        "villa",
        "&",
        "e",
        "a",
        "and",
        "the",
        "of",
        "u",
        "pod",
        "na",
        "nad",
        "v",
    ]
)
# Adjectives that complete a kind of business: "Studio Legale", "Studio Tecnico".
FIRM_ADJECTIVES = frozenset(
    [
        "legale",
        "tecnico",
        "medico",
        "dentistico",
        "notarile",
        "commerciale",
        "fotografico",
        "grafico",
        "associato",
        "associati",
        "immobiliare",
        "edile",
        "agricola",
        "veterinario",
        "veterinaria",
        "meccanica",
        "meccanico",
        "elettrica",
        "elettrico",
        "informatica",
        "informatico",
        "estetico",
        "estetica",
        "odontoiatrico",
        "contabile",
        "assicurativa",
        "loco",  # "Pro Loco Bormio": known by its town
        "sokol",  # "TJ Sokol Žižkov": every Sokol unit is known by its town
        # a public or cooperative body is known by its town: "Cantina Sociale di Castelvetro"
        "sociale",
        "comunale",
        "civica",
        "civico",
        "municipale",
        "parrocchiale",
        "mestska",
        "obecni",
    ]
)
PLACE_TAIL = re.compile(
    r"\s*(?:,\s*|\s+-\s+|\s+(?i:in|at|near|in via|nella|nel|presso)\s+|\s+(?:v|ve|na)\s+|"
    r"\s+(?i:okres|okr\.|provincia di|prov\.)\s*)"  # "obec Dolní Lhota okres Opava": the district
    r"(?:[^\W\d_][\w'’.-]*\s*){1,3}$"
)
# The street after the firm: "… on Lawrence road", "… in via Roma" (a Czech "Na Náměstí"
# is as often the firm's own name); the town may follow ("… on dorp street stellenbosch").
STREET_TAIL = re.compile(
    r"(?i)\s+(?:on|in|at|off)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}(?:road|rd|street|st|avenue|ave|"
    r"drive|lane|way|boulevard|highway)\.?(?:,?\s+[^\W\d_][\w'’-]*){0,2}$|"
    # a Czech square after the firm (and its town): "… Olomouc Horní náměstí"
    # (not a firm named after it: "Lékárna Na Náměstí")
    r"(?<!\bna)(?<!\bu)(?<!\bza)\s+(?:(?!(?:na|u|pod|nad|za)\s)[\w'’-]+\s+)?"
    r"(?:náměstí|namesti|nám\.)(?:\s+[\w'’-]+){0,2}$|\s+(?:in\s+)?"
    r"(?:via|viale|corso|piazza|contrada|c\.da|località|localita|loc\.|frazione|fraz\.)\s+"
    r"(?:[\w'’-]+\s*){1,3}$"
)
OFFICE_OF_TAIL = re.compile(
    r"(?i)(?<=\w)\s*,?\s+(?:obecní|obecni|městský|mestsky) úřad$|"
    r"(?<=\w)\s*,?\s+(?:obecni|mestsky) urad$"
)
HERE_TAIL = re.compile(r"(?i)\s+(?:here|speaking|calling|tady|qui)\s*[.!]*$")
# Italian "<business> a <Town>": the town where it is ("Ferramenta a Thiene").
ITALIAN_TOWN_AFTER_A = cased_re(
    r"^(.+?)\s+a\s+([A-ZÀ-Ž][\w'’-]+(?:\s+(?:(?:del|della|di|sul|sulla|in|al)\s+)?"
    r"[A-ZÀ-Ž][\w'’-]+)?)$"
)
# Italian "<business> di <Town>": two or more words, then "di" and one capitalised word.
TOWN_AFTER_DI = cased_re(r"^(\S+(?:\s+\S+)+)\s+di\s+[A-ZÀ-Ž][\w'’-]+$")
# An Italian partnership names its partners after the firm: "Marmi Bonetti di Bonetti
# Giuseppe & C. snc" is Marmi Bonetti.
OWNER_TAIL = cased_re(
    r"(?:\s+(?:s\.?a\.?s\.?|s\.?n\.?c\.?))?\s+di\s+[A-ZÀ-Ž][\w'’]+(?:\s+[A-ZÀ-Ž][\w'’]+)?"
    r"\s*(?:&|e)\s*C\.?(?:\s+(?:s\.?a\.?s\.?|s\.?n\.?c\.?))?\.?(?=\s*(?:,|$))"
)
# A sole trader's status after the name is no part of it: "Ferraro Impianti Idraulici ditta
# individuale di Nichelino", "Sartori Andrea, impresa individuale".
SOLE_TRADER_TAIL = re.compile(r"(?i)[\s,]+(?:ditta|impresa)\s+individuale\b.*$")
LEGAL_END = re.compile(
    r"(?i)^(.*?\b(?:s\.\s?r\.\s?o\.?|sro|a\.\s?s\.|spol\. s r\. ?o\.?|s\.r\.l\.?|srl|"
    r"s\.p\.a\.?|spa|snc|sas|s\.a\.s\.?|s\.n\.c\.?|v\.\s?o\.\s?s\.?|o\.\s?p\.\s?s\.?|z\.\s?s\.|"
    r"ltd\.?|\(pty\) ltd\.?|pty ltd\.?|inc\.?|llc|plc|z\.\s?ú\.?|(?-i:CC)))"
    r"(?=\s|,|$)"
)
INTERJECTION = re.compile(
    r"(?i)^\s*(?:(?:oh|ah|oops|sorry|pardon|ok|okay|so|well|aha|jo|no|pardon|promin(?:te)?|"
    r"pardon|scusa|scusi|scusate|allora|ecco|eh)[\s,!.]+)+"
)
EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]+")
CZECH_FEMALE_SURNAME = re.compile(r"(?i)\b\w+ov[aá]\b")


# A firm's name ends with what it does: "Jenna Botha Photography", "Mahlaba Consulting".
FIRM_LAST_WORDS = frozenset(
    [
        "co",
        "cc",
        "group",
        "holdings",
        "solutions",
        "services",
        "photography",
        "consulting",
        "creative",
        "electrical",
        "hardware",
        "design",
        "designs",
        "engineers",
        "distributors",
        # the professions a practice is named after: "Venter Louw Architects"
        "architects",
        "attorneys",
        "accountants",
        "surveyors",
        "auditors",
        "valuers",
        "brokers",
        "optometrists",
        "supplies",
        "npc",
        "trust",
        "inc",
    ]
)


# A Czech trade names a workshop: "stavitelství", "zámečnictví", "kominictví" (folded).
CZECH_TRADE = re.compile(r"^\w{4,}(?:ctvi|stvi)$")


# "Mike's Tyre & Exhaust" (not "it's", "that's", "here's": those are "is").
POSSESSIVE = re.compile(
    r"(?i)\b(?!(?:it|that|what|he|she|there|here|who|let|where)['’]s\b)\w+['’]s\b"
)


def has_company_form(text: str) -> bool:
    """A name that says it is a business: a legal form, a kind of business, "&" or a
    possessive ("Mike's Tyre & Exhaust", "Cape Framing Co", "Novák s.r.o.")."""
    words = [vocab.fold(w).strip(".,") for w in text.split()]
    return bool(
        LEGAL_END.match(text)
        or any(w in BUSINESS_NOUNS or CZECH_TRADE.match(w) for w in words)
        or "&" in text
        or POSSESSIVE.search(text)
        or (words and words[-1] in FIRM_LAST_WORDS)
    )


SELF_INTRO_NAME = cased_re(
    r"^(?:(?i:it'?s|this is|i'?m|sono|jsem|tady je)\s+)?[A-ZÀ-Ž][\w'’-]+(?:\s+[A-ZÀ-Ž][\w'’-]+)?"
    r"\s+(?i:here|speaking|qui|u telefonu)\b"
)


def firm_reads_as_sentence(name: str) -> bool:
    """A sentence, not a firm's name; in a name that says it is a business, capitalised
    words are names ("Liceo Scientifico Statale E. Fermi": "fermi" is no "stopped")."""
    words = name.split()
    capitalised = [w for w in words if w[:1].isupper()]
    if has_company_form(name) and len(capitalised) >= 2:
        return looks_like_sentence(" ".join(w for w in words if not w[:1].isupper()))
    return looks_like_sentence(name)


def reads_as_person(text: str) -> bool:
    """ "tereza svobodova", "Jana Nováková": a person's name given for the company (but
    "účetní kancelář Benešová" is an accounting office)."""
    if has_company_form(text):  # a kind of business, a legal form, "&" or a possessive
        return False
    text = re.sub(r"(?i)^(?:sono|so|io sono)\s+(?:il|la|l['’])\s*(?=\w+\.)", "", text)
    words = text.split()  # "Sono il geom. Alberto Pagani": a titled person
    if SELF_INTRO_NAME.match(text) and not has_company_form(text):
        return True  # "Ricardo here btw", "this is Jo": a person introducing themselves
    first = words[0].rstrip(".") if words else ""
    titled = vocab.fold(first) in TITLES and not first.isupper()  # "MŠ Sluníčko" is a school
    if titled and len(words) >= 2 and _name_words(text.split(",")[0])[0]:
        return True  # "Mgr. Ivo Šebesta, zástupce ředitele": a person with a title
    return 2 <= len(words) <= 3 and bool(CZECH_FEMALE_SURNAME.search(words[-1]))


# ", the accountants in Paarl", " - reception", " (Germiston depot)", " (sede de Treviso"
DESCRIPTOR_TAIL = re.compile(r"\s*(?:[,–—-]\s+|\().*$")


# "Non ho una ditta, lavoro da solo", "firmu nemám, jsem OSVČ", "I'm a sole trader": the
# business is the person.
NO_COMPANY = re.compile(
    r"\b(?:no company|not a company|self.?employed|sole (?:trader|proprietor)|freelanc\w*|"
    r"private (?:person|customer|individual|client)|i work for myself|in my (?:own )?name|"
    r"firmu nemam|nemam (?:zadnou )?firmu|zadn\w* firm\w*|osvc|na zivnost|zivnostni\w*|"
    r"fyzick[aа] osoba|soukrom[aa] osoba|jsem sam za sebe|sama za sebe|"
    r"non ho (?:una |nessuna )?(?:ditta|azienda|societa)|nessuna (?:ditta|azienda)|"
    r"libero professionista|lavoro da sol[oa]|a (?:mio )?nome mio|a mio nome|"
    r"sono (?:un |una )?privat[oa]|per conto mio)\b"
)


def says_no_company(text: str) -> bool:
    """The answer to "which company?" says there is none: a sole trader or a person."""
    return bool(NO_COMPANY.search(vocab.fold(text)))


def read_company(text: str, ctx: ReadContext) -> str | None:
    """A company name from an answer such as "Bay Dental Studio in Claremont",
    "jsme z Pekárny U Dvořáků" or "Autosalone Ricci, concessionaria a Brescia"."""
    return company_name(text, ctx.language)


# "Lindo from Zama Events", "Petra ze Stavby Mach": the person first, then the company.
PERSON_FROM = cased_re(
    r"^(?:[A-ZÀ-Ž][\w'’-]+\s+){1,3}(?:from|at|@|z|ze|da|dalla|dallo|dal)\s+(?=\S)"
)
# "Gennaro del ristorante Da Gino": a person, then "of the" and a kind of business.
PERSON_OF_KIND = cased_re(
    r"^((?:[A-ZÀ-Ž][\w'’-]+\s+){1,2})(?i:dell['’]|dello|della|degli|dei|del)\s*(?=(\w+))"
)
# A kind of business and nothing but its place: "carrozzeria a Fossano".
BARE_KIND = cased_re(r"^(\w+)\s+(?i:a|in|di|presso|vicino a)\s+[A-ZÀ-Ž][\w'’-]*\s*$")
SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_]{3})[.;!?]\s+|,\s+")
# Clauses that say whom to call or which number, not which company.
NOT_A_COMPANY_CLAUSE = re.compile(
    r"(?i)^\s*(?:call|ring|ask for|phone|volejte|zavolejte|ptejte se|chiamate|chiedete|"
    r"chiamatemi|cercate)\b|\d[\d\s/-]{5,}"
)


def _person_first(clause: str) -> bool:
    """ "Marco Sartori", "Ing. Pavel Novák": a person's name, not a business."""
    words, role = _name_words(clause)
    return (
        2 <= len(words) <= 3
        and not role
        and not has_company_form(clause)
        and all(w[:1].isupper() for w in words)
    )


def _firm_part(parts: list[str]) -> str | None:
    """Of the parts after a person's name, the one that names the firm: a legal form first,
    then a kind of business with a name ("Jiří Holub, kancelář, STAVOS Kroměříž s.r.o." is
    STAVOS, not the office he sits in)."""
    firms = [
        p
        for p in parts
        if has_company_form(p)
        and not looks_like_sentence(p)
        and not re.search(r"[.!?]\s", p)  # "Hilton. The one in the village centre"
        and (2 <= len(p.split()) <= 6 or LEGAL_END.match(p))  # not a bare "kancelář"
    ]
    legal = [p for p in firms if LEGAL_END.match(p)]
    return next(iter(legal or firms), None)


def _given_name_first(parts: list[str]) -> bool:
    """ "Lukas, Stavitelstvi Reznicek Olomouc": one capitalised word, then a part that names a
    firm by its kind and a name (not "Acme, head office" nor "Acme, the accountants")."""
    head = parts[0].split()
    if len(head) != 1 or not head[0][:1].isupper() or head[0].isupper():
        return False
    if has_company_form(parts[0]) or vocab.fold(head[0]) in NOT_A_NAME:
        return False
    firm = _firm_part(parts[1:])
    if firm is None or len(firm.split()) < 2 or vocab.fold(firm.split()[0]) in ("the", "a", "an"):
        return False
    return not {vocab.fold(w) for w in firm.split()} & BRANCH_WORDS


def _bare_kind(part: str) -> bool:
    """ "Coffee shop in Parys", "Dentist", "catering": what the business is, with no name of
    its own (its words after the first are in lower case, a town aside)."""
    words = TOWN_AFTER_KIND.sub("", part.strip()).split()
    return (
        1 <= len(words) <= 3
        and has_company_form(part)
        and all(w.islower() for w in words[1:])
        and not LEGAL_END.match(part)
        and not is_given_name(words[0])
        and not places.is_town(words[0])
    )


TOWN_AFTER_KIND = cased_re(r"\s+(?:in|at|a|v|ve|di)\s+[A-ZÀ-Ž][\w'’-]*$")


def _named_firm(part: str) -> bool:
    """ "Die Koffiekan", "Mama Thandi's Kitchen in Alex": capitalised words that are not a
    town, a street, a branch or a sentence."""
    words = part.split()
    folded = {vocab.fold(w) for w in words}
    return (
        bool(words)
        and words[0][:1].isupper()
        and len(words) <= 8
        and not places.is_town(part)
        and not folded & (BRANCH_WORDS | {"road", "street", "avenue", "drive", "ulice", "via"})
        and not looks_like_sentence(part)
    )


def _first_name_then_firm(parts: list[str]) -> bool:
    """ "Ivan, Carminati Bevande": a known first name alone, then capitalised words that
    are not a branch, a place or a sentence."""
    head, firm = parts[0].split(), parts[1].split()
    return (
        len(head) == 1
        and head[0][:1].isupper()
        and is_given_name(head[0])
        and not has_company_form(parts[0])
        and 1 <= len(firm) <= 4
        and all(w[:1].isupper() for w in firm)
        and not {vocab.fold(w) for w in firm} & BRANCH_WORDS
        and not places.is_town(parts[1])
        and not looks_like_sentence(parts[1])
        and not is_given_name(firm[0])
    )


def _bare_legal_form(part: str) -> bool:
    """ "z.s.", "s.r.o.", "(Pty) Ltd": a legal form with no name before it."""
    words = vocab.words(part)
    return bool(LEGAL_END.match(part.strip())) and bool(words) and set(words) <= FORM_LETTERS


FORM_LETTERS = frozenset(
    ["s", "r", "o", "z", "a", "v", "p", "l", "n", "c", "u", "spol", "pty", "ltd", "inc", "llc"]
    + ["plc", "srl", "spa", "snc", "sas", "sro", "cc"]
)


def _company_clause(line: str) -> str:
    """The first clause that can hold a company ("Call the landline 016 ..., ask for Hennie.
    Bester Engineering" holds it last); a line of one clause comes back as it is."""
    parts = [p for p in re.split(r"\s+[–—-]\s+|,\s+|\s+\|\s+", line) if p.strip()]
    if not parts:
        return line
    bare_form = [i for i, p in enumerate(parts) if i and _bare_legal_form(p)]
    if bare_form:  # "TJ Sokol Bystřice, z.s.": the form after a comma belongs to the name
        at = bare_form[0]
        parts[at - 1 : at + 1] = [f"{parts[at - 1]} {parts[at].strip()}"]
        if len(parts) == 1:
            return parts[0]
    head = parts[0].split()
    if len(parts) >= 2 and all(vocab.fold(w) in ANY_ROLE for w in head):
        return _company_clause(line[line.find(parts[1]) :])  # "Managing Director, Tlokweng …"
    if (
        len(parts) >= 2
        and len(head) <= 3
        and impact_level(parts[0])
        and not has_company_form(parts[0])
    ):  # "Just me - Craig Ferreira Photography": who is affected, answered first
        return _company_clause(line[line.find(parts[1]) :])
    if len(parts) >= 2 and _bare_kind(parts[0]) and _named_firm(parts[1]):
        return parts[1]  # "Coffee shop in Parys - Die Koffiekan", "catering, Mama Thandi's"
    if (
        len(parts) >= 2
        and has_company_form(parts[0])
        and not LEGAL_END.match(line)
        and not NOT_A_COMPANY_CLAUSE.search(parts[0])
        and not looks_like_sentence(parts[0])
    ):
        return parts[0]  # "Jenna Botha Photography - it's just me, I work from home"
    if len(parts) >= 2 and (_person_first(parts[0]) or _given_name_first(parts)):
        firm = _firm_part(parts[1:])
        if firm:  # "Marco Sartori – Studio Legale Rinaldi", "Lukas, Stavitelstvi Reznicek"
            return firm
    if len(parts) == 2 and _first_name_then_firm(parts):
        return parts[1]  # "Ivan, Carminati Bevande"
    head_words, firm_words = parts[0].split(), parts[-1].split()
    if len(head_words) == 1 and len(firm_words) >= 2 and head_words[0] in firm_words[1:]:
        return parts[-1]  # "Beran, Cyklo Beran": the owner's name, then the firm named after him
    last = LEGAL_END.match(parts[-1])
    named = sum(w[:1].isupper() for w in parts[-1].split()) >= 2  # not "spol. s r.o." alone
    if len(parts) >= 2 and last and len(last.group(1).split()) >= 3 and named:
        # "jsem z ateliéru Vrba & Kos, architekti, Vrba & Kos architekti s.r.o."
        return parts[-1]
    if LEGAL_END.match(line):
        return line
    clauses = [c for c in _sentences(line, SENTENCE_BREAK) if c.strip()]  # not after "MUDr."
    if len(clauses) < 2:
        return line
    start = 0
    while start < len(clauses) - 1 and (
        NOT_A_COMPANY_CLAUSE.search(clauses[start]) or looks_like_sentence(clauses[start])
    ):
        start += 1
    rest_are_sentences = all(looks_like_sentence(c) or c.islower() for c in clauses[1:])
    named_first = len(clauses[0].split()) >= 2 and not clauses[0].islower()
    if start == 0 and named_first and rest_are_sentences:
        return clauses[0]  # "Fotoateliér Hejna, to je moje firma, jsem tam sama"
    if start == 0:  # the first clause stands: the rest is a descriptor, cut further on
        head, _, rest = line.partition(". ")  # "Karoo Kitchen. the bakery in Graaff-Reinet"
        last = head.split()[-1] if head.split() else ""
        cut = rest[:1].islower() and vocab.fold(last).strip(".") not in TITLES
        return head if cut else line
    return ", ".join(clauses[start:])


# What follows an intro names the firm outright: "(jsme) ze Stavebnin …", "(we're) from Acme".
INTRODUCED_FIRM = cased_re(
    r"^(?:(?:z|ze|od|from|at|da|dalla|della|dello|del|dall['’]|dell['’])\s*)?[A-ZÀ-Ž]"
)


def _kind_first(text: str) -> bool:
    """The text opens with a kind of business, perhaps after a trade adjective ("advokátní
    kancelář Mgr. Tomáše Řezníčka", "ze zubní ordinace"): a firm follows an intro."""
    words = [vocab.fold(w).strip(".,") for w in text.split()[:2]]
    return any(w in BUSINESS_NOUNS or w in czech_business.FORMS for w in words)


# "vi scrivo per conto del B&B Il Glicine, a Spello": on whose behalf, said first.
WRITES_FOR = cased_re(
    r"(?i)^\s*(?:(?:vi )?scrivo (?:per conto )?(?:dall['’]|del|della|dello|dell['’]|dal|dalla|"
    r"dallo|per|"
    r"da|di)\b|per conto (?:del|della|dello|dell['’]|di)\b|píšu (?:vám )?(?:za|ze|z)\b|"
    r"pisu (?:vam )?(?:za|ze|z)\b|writing (?:for|from|on behalf of)\b|"
    r"(?:dall|dell)['’](?=[A-ZÀ-Ž]))\s*"
)
# "... Firma je Kovo Richter s.r.o. z Liberce", "the company is Acme": said outright.
COMPANY_IS = cased_re(
    r"(?i)\b(?:firma je|společnost je|spolecnost je|the company is|company is|company name is|"
    # the registered name beside the one on the sign: "Officially it's Rosetta Dairy CC"
    r"officially(?: it'?s| it is| we'?re| we are)?|registered (?:name )?(?:is|as)|"
    r"on (?:the|our) letterhead(?: it'?s| it is| we'?re| we are)?|"
    r"ragione sociale(?: è| e)?|oficiálně(?: jsme)?|oficialne(?: jsme)?|"
    r"la ditta è|la ditta e|l'azienda è|l'azienda e|la società è|la societa e)\s+"
    r"(?P<name>.+?)(?:[.!?]\s+(?=[A-ZÀ-Ž])|[.!?]?\s*$)"
)


# The name a firm trades under, after its registered one: "Sithole Collections CC t/a
# DebtAssist SA", "Venter Staalwerke BK trading as Venter Engineering Works".
TRADING_AS = re.compile(
    r"(?i)(?:\bt/a|\btrading as|\btrades as|\b(?:we|they) trade as|\bknown as)\s+"
    r"(?P<name>[^,;()\n]+?)\s*(?:[,;(\n]|[.!?](?:\s|$)|$)"
)
# Words in brackets beside a name say what it is, not what it is called: "(reception)",
# "(Kruger & Co Bookkeepers CC in English)"; a legal form in brackets belongs to the name.
ASIDE = re.compile(r"\s*\((?!\s*(?:pty|edms|rf)\s*\))[^()]*(?:\)|$)", re.IGNORECASE)


QUOTES = re.compile(r"[«»“”„\"]")


def without_asides(text: str) -> str:
    """The text without its bracketed asides, unless nothing else is left."""
    rest = ASIDE.sub(" ", text).strip()
    return rest if re.search(r"[^\W\d_]", rest) else text


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


ARTICLE_BEFORE_CAPITAL = cased_re(r"^(?:la|il|lo|l['’])\s*(?=[A-ZÀ-Ž])")
# A small article before a capitalised word: "(siamo) la Vetreria Cazzaniga Srl".
SMALL_ARTICLE_CAPITAL_KIND = cased_re(r"(?:la|il|lo|the)\s+([A-ZÀ-Ž]\w+)")
# The legal form said as a sentence after the name: "Vermeulen Boerdery, it's a (Pty) Ltd".
FORM_SAID_AFTER = re.compile(
    r"(?i)^\s*(?P<name>[^,.;\n]+?),?\s+(?:it'?s|it is|we'?re|we are|je to|jsme|è una|siamo una?)"
    r"\s+(?:an?\s+)?(?P<form>\(pty\) ?ltd|pty ltd|cc|inc|npc|ltd|s\.?r\.?o\.?|a\.?s\.?|srl|"
    r"s\.r\.l\.|snc|s\.n\.c\.|sas|s\.a\.s\.)(?=[\s.,!]|$)"
)


# A municipality's office: whatever follows is the municipality's name, "na" and all.
MUNICIPALITY = re.compile(
    r"(?i)^(?:obecn[ií] [uú]řad|obecni urad|m[eě]stsk[yý] [uú]řad|mestsky urad|"
    r"[uú]řad m[eě]styse|obec|comune di|municipio di)\s"
)


DISTRICT = re.compile(r"(?i)\s(?:okres|okr\.|provincia di|prov\.)\s")


@lru_cache(maxsize=256)  # asked of the same answer by the handler and the company reader
def firm_after_problem(text: str) -> tuple[str, str] | None:
    """(the problem, the firm) when a message tells more of the problem and then names the
    firm in a sentence of its own: "it crashes every time I open it. Elektro Procházka"."""
    sentences = _told_sentences(text)
    if len(sentences) < 2 or len(text.split()) > AFTER_PROBLEM_WORDS or "\n" in text.strip():
        return None  # a forwarded mail or a long story ends with other names
    firm = sentences[-1].strip(" .!")
    words = firm.split()
    before = " ".join(sentences[:-1])
    if (
        len(before.split()) >= TOLD_WORDS
        and 1 <= len(words) <= 5
        and words[0][:1].isupper()
        and (has_company_form(firm) or _capitalised_not_a_person(words))
        and not looks_like_problem(firm)
        and not looks_like_sentence(firm)
        and looks_like_problem(before)
    ):
        return before, firm
    return None


def _told_sentences(text: str) -> list[str]:
    """Sentences, not cut after a title or an abbreviation in a firm's name ("MUDr.",
    "Soc. Coop.", "Az. Vitivinicola")."""
    sentences: list[str] = []
    for piece in SENTENCE_END.split(text.strip()):
        last = vocab.fold(sentences[-1].split()[-1]) if sentences and sentences[-1] else ""
        if sentences and last in TITLES | ABBREVIATED:
            sentences[-1] = f"{sentences[-1]}. {piece}"
        elif piece.strip():
            sentences.append(piece.strip())
    return sentences


ABBREVIATED = frozenset(["soc", "coop", "az", "agr", "co", "bros", "pty", "flli", "spol"])
AFTER_PROBLEM_WORDS = 30
TOLD_WORDS = 3  # words of a sentence told before the firm (a title's dot ends none)


def _firm_said_last(text: str) -> tuple[str, str] | None:
    """ "It's me, Karabo, I own the place. Mosia Tax and Accounting in Centurion": words
    about the person first, then the firm, by its kind, in a sentence of its own."""
    sentences = _told_sentences(text)
    if len(sentences) < 2 or len(text.split()) > AFTER_PROBLEM_WORDS:
        return None
    firm = sentences[-1].strip(" .!")
    before = " ".join(sentences[:-1])
    if (
        len(before.split()) >= TOLD_WORDS  # not a title's or an abbreviation's dot: "MUDr."
        and 2 <= len(firm.split()) <= 6
        and firm[:1].isupper()
        and has_company_form(firm)
        and not has_company_form(before)
        and vocab.fold(firm.split()[0]) not in NOT_A_NAME  # "The one in the village centre"
        and not looks_like_sentence(firm)
        and not looks_like_problem(firm)
    ):
        return before, firm
    return None


def _capitalised_not_a_person(words: list[str]) -> bool:
    """ "Elektro Procházka": capitalised words that open with no first name and are no town."""
    return (
        len(words) >= 2
        and all(w[:1].isupper() and len(w.strip(".,")) >= 3 for w in words)
        and not {vocab.fold(w.strip(".,")) for w in words} & NOT_A_NAME
        and not is_given_name(words[0])
        and vocab.fold(words[0]) not in TITLES
        and not places.is_town(" ".join(words))
    )


def company_name(text: str, language: str | None = None) -> str | None:
    """The company in a short text, without intro words, places and descriptors. In Czech
    and Italian the kind of business comes first and the name after it ("Jazyková škola
    Babylon"), so a capitalised word after the kind of business is only taken for a place
    in English ("Motion Physio Fourways")."""
    text = without_asides(text)  # "Kruger & Kie BK (Kruger & Co Bookkeepers CC in English)"
    text = QUOTES.sub("", text)  # "Istituto Comprensivo «Don Milani»"
    after_problem = firm_after_problem(text) or _firm_said_last(text)
    if after_problem:  # "no padá to pokaždý, když otevřu tu tabulku. Elektro Procházka"
        text = after_problem[1]
    trading = TRADING_AS.search(text)
    said = trading or COMPANY_IS.search(text)
    if said:  # the name the firm trades under is the one its people and our technicians use
        text = said.group("name")
    form_said = FORM_SAID_AFTER.match(text)
    if form_said:  # "Vermeulen Boerdery, it's a (Pty) Ltd.": one name
        text = f"{form_said.group('name')} {form_said.group('form')}"
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    first_line = INTERJECTION.sub("", EMOJI.sub(" ", first_line))
    first_line = first_line.strip().lstrip("-–—:,;. ")  # "oh sorry - Ridgeway Property"
    first_line = WRITES_FOR.sub("", first_line)  # "vi scrivo per conto del B&B …, a Spello"
    introduced = COMPANY_INTRO.sub("", first_line)
    if introduced != first_line:  # "Siamo la Pro Loco di Alberobello": the article goes
        introduced = ARTICLE_BEFORE_CAPITAL.sub("", introduced)
    if INTRODUCED_FIRM.match(introduced) or _kind_first(introduced):
        first_line = introduced  # "jsme ze Stavebnin Doubrava, prodejna v Sokolove"
    name = COMPANY_INTRO.sub("", clean_text(_company_clause(first_line)))
    article = SMALL_ARTICLE_CAPITAL_KIND.match(name)
    if article and vocab.fold(article.group(1)) in BUSINESS_NOUNS:
        name = name[article.start(1) :]  # "siamo la Vetreria Cazzaniga Srl": not "La Pergola"
    rest = DEPARTMENT_FIRST.sub("", name)
    if rest != name and has_company_form(rest):
        name = rest  # "Recepce Hotel Avion": the hotel, not its reception
    person_from = PERSON_FROM.match(name)
    if person_from and not has_company_form(person_from.group()):
        name = name[person_from.end() :]  # "Lindo from Zama Events", not "Trattoria da Gino"
    person_of = PERSON_OF_KIND.match(name)
    if (
        person_of
        and not has_company_form(person_of.group(1))
        and vocab.fold(person_of.group(2)) in BUSINESS_NOUNS
    ):
        name = name[person_of.end() :]  # "Gennaro del ristorante Da Gino"
        bare_kind = BARE_KIND.match(name)
        if bare_kind:  # "Gallo della carrozzeria a Fossano": the shop bears his name
            surname = person_of.group(1).split()[-1]
            name = f"{upper_first(bare_kind.group(1))} {surname}"
    legal = LEGAL_END.match(name)
    if legal:  # "Hi, above from our admin lady. Sentinel Brokers (Pty) Ltd": the last sentence
        *told, registered = _told_sentences(legal.group(1))
        named = not _bare_legal_form(registered)  # "Geodezie Vrána, spol. s r.o." is one name
        if told and named and len(registered.split()) >= 2 and len(" ".join(told).split()) >= 3:
            name = registered + name[legal.end() :]
            legal = LEGAL_END.match(name)
    if legal and not looks_like_sentence(legal.group(1)) and not looks_like_problem(legal.group(1)):
        name = legal.group(1)  # "MEDISVO s.r.o., to je naše ordinace": the rest is about it
    if looks_like_problem(name) or firm_reads_as_sentence(name) or reads_as_person(name):
        return None
    pronoun_first = name.split()[0].lower() in ("i", "we", "my", "our", "they") if name else False
    if (language in ("cs", "it") or pronoun_first) and _long_lower_case_words(name):
        # "i pazienti aspettano in coda", "i pushed the button nothing": sentences (but
        # "curl up and dye in rosebank" is a salon)
        return None
    article = re.match(r"(?:a|an|the)\s+\S*[a-z]", name) and not has_company_form(name)
    if article and language in (None, "en"):
        return None  # "It's a Hikvision recorder in the storeroom": a thing, not the firm
    particle_surname = SURNAME_FIRST.match(name) and (
        LEGAL_END.match(name) or has_company_form(name)
    )
    if not particle_surname and (
        opens_with_function_word(name, language) or _mostly_function_words(name, language)
    ):
        return None  # "nelle camere del secondo piano", "tak co s tym": no firm's name
    if name.rstrip().endswith("?") or (name.rstrip().endswith("!") and name.islower()):
        return None  # "chi me ciama?", "tranquilli niente fretta!": no firm's name
    name = OWNER_TAIL.sub("", name)  # "Carrozzeria Fumagalli di Fumagalli Ernesto & C. snc"
    name = SOLE_TRADER_TAIL.sub("", name) or name
    legal = LEGAL_END.match(name)
    if legal:  # "Jobik s.r.o. personalka", "Verbum s.r.o., translation agency"
        return clean_text(legal.group(1))
    name = STREET_TAIL.sub("", name)  # "Mooi River medical centre on Lawrence road"
    name = HERE_TAIL.sub("", name)  # "swift freight here"
    name = OFFICE_OF_TAIL.sub("", name)  # "obec Kostice obecní úřad"
    stripped = PLACE_TAIL.sub("", name)
    words = name.split()
    town_in_name = (
        any(  # "Comune di San Martino in Rio": the town's own name has an "in"
            places.is_town(" ".join(words[-n:])) for n in range(3, min(5, len(words)) + 1)
        )
        or bool(MUNICIPALITY.match(name) and not DISTRICT.search(name))
    )  # "Obecní úřad Kostelec na Hané": all of it a town (a district after it aside)
    name = stripped if len(stripped) >= 2 and not town_in_name else name
    town_after_a = ITALIAN_TOWN_AFTER_A.match(name)
    if (
        town_after_a
        and len(town_after_a.group(1).split()) >= 2
        and places.is_town(town_after_a.group(2))
    ):
        name = town_after_a.group(1)  # "B&B La Pergola a Polignano": the town goes
    town = TOWN_AFTER_DI.match(name)
    if not town and name.islower():  # "autoscuola europa di sassuolo" typed on a phone
        town = re.match(r"^(\S+(?:\s+\S+)+)\s+di\s+([\w'’-]+)$", name)
        town = town if town and places.is_town(town.group(2)) else None
    if town and has_company_form(town.group(1)):
        name = town.group(1)  # "Ottica Conti di Lecco": the shop is in Lecco
    the_kind = re.search(r"\s+the\s+(\w+)(?:\s+(\w+))?", name)
    if the_kind and {vocab.fold(w or "") for w in the_kind.groups()} & BUSINESS_NOUNS:
        name = name[: the_kind.start()]  # "ouma se kombuis the restaurant in parys"
    head = DESCRIPTOR_TAIL.sub("", name)
    if len(head) >= 2 and not re.fullmatch(r"(?i)(s\.?r\.?o\.?|a\.?s\.?|srl|spa|ltd|pty)", head):
        name = head
    name = clean_text(name)
    words = name.split()
    if (
        language not in ("cs", "it")
        and len(words) >= 3
        and (words[-1][:1].isupper() or name.islower())  # "soutpansberg pharmacy makhado"
        and vocab.fold(words[-1]).replace(".", "") not in ("cc", "ltd", "inc", "llc", "plc")
        and vocab.fold(words[-2]) in PLACE_FOLLOWS
        and vocab.fold(words[-1]) not in BUSINESS_NOUNS | FIRM_TAIL_WORDS
        and not CZECH_FEMALE_SURNAME.search(words[-1])
    ):
        words = words[:-1]  # "Motion Physio Fourways": the place goes
        name = " ".join(words)
    if not (2 <= len(name) <= 120 and 1 <= len(words) <= 8 and re.search(r"[^\W\d_]", name)):
        return None
    if all(vocab.fold(w) in NOT_A_NAME or w.isdigit() for w in words):
        return None
    if len(words) == 1 and vocab.fold(words[0]) in WEEKDAYS:
        return None  # "sobota, plno lidí": the day, not the firm
    if name.islower():  # "de villiers transport" as typed on a phone: capitalise for the ticket
        name = " ".join(w if LEGAL_END.match(w) else upper_first(w) for w in words)
    return firm_name(name, language)


# A surname with its particle opens the firm's name: "Di Martino Autoriparazioni srl", "De
# Luca Impianti", "Lo Verde snc" (not "di martino", "nelle camere": those are words).
SURNAME_FIRST = cased_re(r"^(?:Di|De|Del|Della|Lo|La|Li|Da|Dal|Van|Du)\s+[A-ZÀ-Ž]")
# Words that end an English firm's name after its kind: "Tshwane Security Systems",
# "Khanyisa Bookkeeping Services", "Mahlaba Consulting Engineers" (no places).
FIRM_TAIL_WORDS = frozenset(
    [
        "services",
        "systems",
        "engineers",
        "solutions",
        "group",
        "partners",
        "associates",
        "consultants",
        "supplies",
        "logistics",
        "international",
        "technologies",
        "africa",
        "works",
    ]
)


def _long_lower_case_words(name: str) -> bool:
    """Four or more words typed in lower case with no kind of business or legal form among
    them read as a sentence, not a firm ("i pazienti aspettano in coda")."""
    return (
        name.islower()
        and len(vocab.words(name)) >= 4
        and not has_company_form(name)
        and not _says_legal_form(name)
        and not FIRM_WORD_FIRST.match(name)
    )


# A name that opens by saying it is a firm: "azienda agricola li santi", "ditta rossi".
FIRM_WORD_FIRST = re.compile(r"(?i)^(?:azienda|ditta|società|societa|firma|cooperativa)\s")


def _says_legal_form(name: str) -> bool:
    """A legal form said aloud ("vé o es"), before ``firm_name`` writes it as one."""
    return any(spoken.search(name) for spoken, _ in SPOKEN_LEGAL_FORMS)


def _mostly_function_words(name: str, language: str | None) -> bool:
    """ "i clienti si lamentano tutti": typed in lower case, opening with an article (or naming
    no kind of business, in Czech and Italian), and two
    words in five or more are function words that open no firm's name, so it is a sentence,
    not a firm ("la trattoria da gino" is one: "da" does open names)."""
    words = vocab.words(name)
    long_sentence = len(words) >= LONG_CLAUSE and not has_company_form(name)
    if not words or not (name.islower() or long_sentence):
        return False  # "a Jirka Petru odchazi tak mu to zrusit" reads as a sentence too
    # "curl up and dye in rosebank" opens like no sentence; in Czech and Italian, words that
    # name no kind of business need no article to read as one ("bolle e fatture le
    # stampiamo tutte li", "úplně mrtvej, ani ledka")
    bare = language in ("cs", "it") and not has_company_form(name) and not _says_legal_form(name)
    if words[0] not in OPEN_FIRM_NAMES and not bare:
        return False
    small = sum(w in function_words(language or "") for w in words)
    return small >= 2 and small / len(words) >= FUNCTION_SHARE


FUNCTION_SHARE = 0.4
LONG_CLAUSE = 6  # words from which a clause with capitals in it may still be a sentence
# The days of the week in the desk's languages, from the CLDR data babel carries.
WEEKDAYS = frozenset(
    vocab.fold(day)
    for language in ("en", "cs", "it")
    for context in ("format", "stand-alone")
    for width in ("wide", "abbreviated")
    for day in Locale.parse(language).days[context][width].values()
)


# -- phone numbers ---------------------------------------------------------------------------


SPOKEN_DIGITS = {
    **dict.fromkeys(("zero", "oh", "o", "nula", "nul"), "0"),
    **dict.fromkeys(("one", "jedna", "jeden", "uno", "una"), "1"),
    **dict.fromkeys(("two", "dva", "dve", "due"), "2"),
    **dict.fromkeys(("three", "tri", "tre"), "3"),
    **dict.fromkeys(("four", "ctyri", "quattro"), "4"),
    **dict.fromkeys(("five", "pet", "cinque"), "5"),
    **dict.fromkeys(("six", "sest", "sei"), "6"),
    **dict.fromkeys(("seven", "sedm", "sette"), "7"),
    **dict.fromkeys(("eight", "osm", "otto"), "8"),
    **dict.fromkeys(("nine", "devet", "nove"), "9"),
}
_REPEAT = {"double": 2, "triple": 3, "dvakrat": 2, "doppio": 2}


def numbers_said(text: str) -> str:
    """Numbers said in grouped words written as digits ("zero ottantuno ottocentoottantadue
    quarantacinque diciassette" is 081 882 45 17), by the ``text2num`` package (Italian and
    English; Czech customers say digits one by one, which ``spoken_digits`` reads)."""
    for language in ("it", "en"):
        text = alpha2digit(text, language)
    text = re.sub(r"(?<=\d)\s*,\s*(?=\d)", " ", text)  # "tre tre tre, quarantotto diciannove"
    return re.sub(r"(?<=\b\d) (?=\d\b)", "", text)  # "3 3 3" is 333


def spoken_digits(text: str) -> str:
    """Digits said in words by voice-to-text ("oh eight two five five ...", "sest nula
    tri ...", "tre tre nove ...") written as digits, so a number can be read."""
    out: list[str] = []
    run: list[str] = []
    repeat = 1

    def flush() -> None:
        if len(run) >= 6:
            out.append("".join(run))
        elif run:
            out.append(" ".join(words_in_run))
        run.clear()
        words_in_run.clear()

    words_in_run: list[str] = []
    for token in re.findall(r"\S+", text):
        word = vocab.fold(token).strip(".,;:!?")
        if word in _REPEAT:
            repeat = _REPEAT[word]
            words_in_run.append(token)
            continue
        digit = SPOKEN_DIGITS.get(word)
        if digit is not None and not (word in ("o", "una", "uno") and not run):
            run.append(digit * repeat)
            words_in_run.append(token)
            repeat = 1
            continue
        repeat = 1
        flush()
        out.append(token)
    flush()
    return " ".join(out)


THIS_NUMBER = re.compile(
    r"\b(this|that|same|the\s+same|current|my)\s+((?!office|landline|work|home|desk)\w+\s+)?"
    r"(number|one|cell(phone)?|mobile|phone|no|nr)\b"
    r"|\b(this|that)(\s+is|'?s)\s+(fine|good|ok|okay|right)\b"
    r"|\bthe\s+(one|number)\s+(i'?m|i\s+am)\s+(writing|messaging|texting|whatsapping|using)\b"
    r"|\b(hierdie|die)\s+(nommer|een|selfoon)\b"
    r"|\b(tohle|toto|tento|tenhle|tomhle|tomto|tohleto|stejn[eé]|stejn[yý]m)\b"
    r"|\b(tohle|toto|tento|tenhle|stejn[eé])\s+[cč][ií]slo\b"
    r"|\bz[e]?\s+kter[eé]ho\s+(v[aá]m\s+)?p[ií][sš]u\b"
    r"|^\W*(questo|qsto|sto|stu|stesso)\b|\b(questo|qsto|stesso)\s+(numero|num|cellulare|cell)\b"
    r"|\bda\s+cui\s+(ti\s+|vi\s+|le\s+)?(scrivo|sto\s+scrivendo)\b",
    re.IGNORECASE,
)
"""The number the customer writes from, said in words ("this number is fine", "tohle
číslo", "questo cellulare", "hierdie nommer"), answering which number to call."""

ALTERNATIVE = re.compile(
    r"\b(or|also|otherwise|alternatively|nebo|p[rř][ií]padn[eě]|jinak|oppure|o\s+anche|"
    r"altrimenti|anche)\b",
    re.IGNORECASE,
)


def means_this_number(text: str) -> bool:
    """YES or "this number" to the question which number to call, with no other number,
    or with one offered only as a fallback ("yes, or the office on 021 555 9034")."""
    if not (vocab.is_yes(text) or THIS_NUMBER.search(text)) or vocab.is_no(text):
        return False
    text = spoken_digits(text)  # "na druhý číslo sedm sedm šest …, tohle je manželky"
    if not re.search(r"\d{6,}", re.sub(r"[\s./()-]", "", text)):
        return True
    first = re.split(r"(?<=[.,;!])\s|\s[-–]\s", text, maxsplit=1)[0]
    rest = text[len(first) :]
    if not re.search(r"\d", first):
        return ALTERNATIVE.search(rest) is not None
    # Said without punctuation: "this number or the school number 044 874 1123"
    head = text[: re.search(r"\d", text).start()]  # type: ignore[union-attr]
    this = THIS_NUMBER.search(head)
    return this is not None and ALTERNATIVE.search(head[this.end() :]) is not None


def read_phone(text: str, ctx: ReadContext) -> str | None:
    """YES (this number), or the first valid number in the text, read in the sender's
    country first ("082 555 1234" from +27, "603 123 456" from +420)."""
    if means_this_number(text):
        return ctx.sender
    corrected = list(NUMBER_CORRECTED.finditer(text))
    if corrected:  # "328 660 4117... no scusate quello e il mio. Il suo e 347 880 1263"
        later = find_phone(text[corrected[-1].end() :], ctx.phone_regions())
        if later:
            return later
    return find_phone(text, ctx.phone_regions())


# The customer corrects a number just written: the one after the correction is meant.
NUMBER_CORRECTED = re.compile(
    r"(?i)\d[\d\s./-]{5,}.*?\b(?:no,? scus\w*|scusate|anzi|cioè|cioe|sorry|i mean|no wait|"
    r"oprava|pardon|teda|vlastně|vlastne|promiňte|prominte)\b"
)


def _readings(text: str) -> Iterator[str]:
    """The text as written, then with digits said in words written as digits: each reading
    is made only when the ones before held no number."""
    seen = {text}
    yield text
    for reading in (spoken_digits, numbers_said):
        written = reading(text)
        if written not in seen:
            seen.add(written)
            yield written


def find_phone(text: str, regions: list[str]) -> str | None:
    """The first valid phone number in ``text`` (digits or spoken), read in ``regions``
    in order, then as an international number."""
    for candidate in _readings(text):
        for region in [*regions, None]:
            for match in phonenumbers.PhoneNumberMatcher(candidate, region or "ZZ"):
                if TAX_ID_BEFORE.search(candidate[max(0, match.start - 24) : match.start]):
                    continue  # "P.IVA 01234560401"
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    # Written in full with its country code, a number outside the allocated ranges (a
    # brand-new or reserved one) is still the number the customer asks us to call.
    for match in phonenumbers.PhoneNumberMatcher(text, "ZZ", phonenumbers.Leniency.POSSIBLE):
        if match.raw_string.startswith(("+", "00")):
            return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


# -- description, impact, onsite reason ------------------------------------------------------


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
