"""Entity extraction: rules for structured values, cue patterns for names.

Phones, e-mails and ticket references have a shape, so regexes plus phonenumbers and
email-validator beat any learned model. Company and contact names have no shape; they are
found after cue phrases ("from X", "jsem X z firmy Y", "sono X della Y"). The cues are
partly hand-written and partly learned from the annotated training examples, and a word
is accepted as a lowercase name only when the training vocabulary never used it otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from nlu.linear import fold
from nlu.rasa_data import Example

REGION_BY_LANGUAGE = {"en": "ZA", "cs": "CZ", "it": "IT"}

# The look-behind anchors a match at the start of the address: without it the engine
# retries from every character of a long run without "@" (quadratic time).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<![\w+#/-])(?:\+|00)?\d(?:[ ./()-]{0,2}\d){7,14}(?![\w@])")
_TICKET_PREFIX = r"(?<![\w-])(?P<prefix>{prefix})[ -]?(?P<num>\d{{2,7}})\b"
_TICKET_WORD = re.compile(
    r"(?:(?<![\w])#\s?|\b(?:ticket|tiket|tiketu|ticketu|ticket\s+n\.?|pozadavek|pozadavku|"
    r"richiesta|segnalazione|ref|case)\s*(?:#|no\.?|n\.?|c\.?|cislo)?\s*)(?P<num>\d{2,7})\b",
    re.IGNORECASE,
)

# Asking for a visit, per language, on folded text (no diacritics, lowercase).
_ONSITE = re.compile(
    r"\b(?:come\s+(?:on[\s-]?site|onsite|out|over|in|by|through|round|to\s+(?:us|our|the))"
    r"|on[\s-]?site|onsite|send\s+(?:a\s+|an\s+|us\s+a\s+)?(?:tech|technician|engineer|someone"
    r"|somebody)\w*|(?:site|office)\s+visit|call[\s-]?out|pop\s+(?:in|round|over)"
    r"|prij(?:ed|e[dl]|et|d|it)\w*|poslete\s+(?:technika|nekoho)|poslat\s+technika"
    r"|navstev\w*|technik\w*\s+(?:k\s+nam|na\s+misto)"
    r"|ven(?:ite|ire|ga|gano)\s+(?:in\s+sede|da\s+noi|qui|in\s+ufficio|subito|a\s+)"
    r"|(?:mandate|mandare|inviate|inviare|mandi)\s+(?:un\s+tecnico|qualcuno)"
    r"|intervento\s+(?:in\s+sede|on\s*site)|in\s+sede|sopralluogo)"
)
_ONSITE_NEGATION = re.compile(
    r"(?:no\s+need|don'?t\s+need|dont\s+need|no\s+longer|not\s+necessary|nemusite|nemusi"
    r"|neni\s+potreba|nepotrebujeme|non\s+serve|non\s+c'?\s?e\s+bisogno|non\s+occorre"
    r"|non\s+venite)\W+(?:\w+\W+){0,3}$"
)

# Cue phrases before a contact name / company (folded). Learned cues are added at train time.
PERSON_CUES = [
    "it's",
    "its",
    "it is",
    "this is",
    "my name is",
    "name is",
    "name:",
    "i'm",
    "im",
    "i am",
    "contact person is",
    "speak to",
    "ask for",
    "jsem",
    "tady je",
    "tady",
    "u telefonu",
    "jmenuji se",
    "jmenuju se",
    "jmeno",
    "volejte",
    "kontaktni osoba je",
    "sono",
    "mi chiamo",
    "qui e",
    "qui",
    "il mio nome e",
    "il referente e",
    "chiamate",
    "call",
]
# Sign-offs: the name must end the message (or be followed only by contact details).
SIGN_OFFS = [
    "regards",
    "kind regards",
    "thanks",
    "thank you",
    "cheers",
    "thx",
    "s pozdravem",
    "diky",
    "dekuji",
    "zdravi",
    "saluti",
    "cordiali saluti",
    "grazie",
    "a presto",
]
COMPANY_CUES = [
    "from",
    "at",
    "company is",
    "company:",
    "company name is",
    "we are",
    "we're",
    "work at",
    "work for",
    "z firmy",
    "ze firmy",
    "z",
    "ze",
    "ve firme",
    "firma",
    "v",
    "za firmu",
    "spolecnost",
    "pracuju v",
    "pracuji v",
    "jsme",
    "di",
    "della",
    "dalla",
    "dello",
    "del",
    "dell'",
    "dell",
    "dall",
    "all'",
    "alla",
    "ditta",
    "azienda",
    "presso",
    "lavoro alla",
    "lavoro presso",
    "siamo la",
    "siamo",
]
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "pan",
    "pani",
    "sig",
    "sig.",
    "signor",
    "signora",
    "dott",
    "dott.",
    "ing",
    "ing.",
}
NAME_PARTICLES = {"van", "der", "de", "den", "du", "von", "le", "ten", "ter"}
COMPANY_JOINERS = {"&", "and", "a", "e", "of", "na", "u", "pod", "the", "van", "der", "de"}
COMPANY_TAILS = {"syn", "synove", "figli", "sons", "spol.", "spol", "co", "co."}
LEGAL_SUFFIXES = {
    "s.r.o.",
    "sro",
    "s.r.o",
    "spol.",
    "spol",
    "a.s.",
    "srl",
    "s.r.l.",
    "spa",
    "s.p.a.",
    "snc",
    "sas",
    "ltd",
    "ltd.",
    "(pty)",
    "pty",
    "inc",
    "inc.",
    "cc",
    "llc",
    "gmbh",
    "plc",
    "s.a.s.",
    "s.n.c.",
    "v.o.s.",
    "z.s.",
    "o.p.s.",
}
INTRO_VERBS = frozenset(["jsme", "sme", "jsem", "siamo", "sono", "we", "we're", "were"])
LEGAL_BARE = frozenset(s.strip(".()") for s in LEGAL_SUFFIXES) - {"spol"}
ARTICLES = {"the", "la", "il", "lo", "l'"}
# Italian articles and prepositions elided before a vowel ("dell'azienda", "all'ufficio"); a
# "D'" may open a surname (D'Angelo), so it is not among them.
ELIDED_WORDS = frozenset(
    ["l", "dell", "dall", "all", "nell", "sull", "coll", "un", "quell", "c", "n", "s"]
)
# Words that look like names when capitalised at a sentence start but never are.
NOT_NAMES = {
    "sn",  # SMS Italian for "sono": "Sn Debora del salone"
    "i",
    "hi",
    "hello",
    "hey",
    "the",
    "our",
    "my",
    "we",
    "it",
    "its",
    "please",
    "pls",
    "thanks",
    "call",
    "urgent",
    "urgente",
    "urgentni",
    "server",
    "vpn",
    "wifi",
    "internet",
    "network",
    "email",
    "mail",
    "printer",
    "dobry",
    "dobre",
    "ahoj",
    "ciao",
    "buongiorno",
    "salve",
    "grazie",
    "diky",
    "dekuji",
    "tiskarna",
    "stampante",
    "can",
    "could",
    "good",
    "morning",
    "all",
    "nobody",
    "everyone",
    "tutto",
    "tutti",
    "nessuno",
    "nikdo",
    "cela",
    "vsechny",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "ok",
    "pondeli",
    "lunedi",
    "teams",
    "outlook",
    "windows",
    "office",
    "excel",
    "adobe",
    "acrobat",
    "autocad",
    "microsoft",
    "ms",
    "project",
    "zoom",
    "chrome",
    "google",
    "apple",
    "hp",
    "volejte",
    "chiamate",
    "chiamatemi",
    "prosim",
    "per",
    "favore",
    "scusate",
    "regards",
    "cordiali",
    "saluti",
    "pozdravem",
    "buon",
    "pomeriggio",
    "buonasera",
    "cau",
    "zdravim",
    "muzete",
    "potete",
    "is",
    "e",
    "je",
    "and",
    "a",
    "ps",
    "p.s.",
    "fyi",
    "btw",
}
# Italian elisions ("dell'Hotel") split off; English contractions ("I'm") stay whole.
_TOKEN = re.compile(
    r"\(pty\)|(?:\w*[lL]|[uU]n|[dDcCsSnN])['’](?=\w)|[\w'’.&-]*\w[.]?|&", re.UNICODE
)


@dataclass(frozen=True)
class Found:
    """An entity found in the text, in Rasa's terms."""

    entity: str
    value: str
    start: int
    end: int
    confidence: float
    extractor: str

    def as_rasa(self) -> dict[str, object]:
        return {
            "entity": self.entity,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 4),
            "extractor": self.extractor,
        }


def _overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def find_emails(text: str) -> list[Found]:
    """E-mail addresses checked by email-validator (syntax only, no DNS)."""
    found = []
    for m in _EMAIL.finditer(text):
        raw = m.group(0).rstrip(".")
        try:
            value = validate_email(raw, check_deliverability=False).normalized
            conf = 1.0
        except EmailNotValidError:
            continue
        found.append(Found("email", value, m.start(), m.start() + len(raw), conf, "RegexEmail"))
    return found


def find_tickets(text: str, prefix: str = "TKT") -> list[Found]:
    """Ticket references: ``TKT-1042`` keeps its prefix, ``#1042``/"ticket 1042" the number."""
    found: list[Found] = []
    pattern = re.compile(_TICKET_PREFIX.format(prefix=re.escape(prefix)), re.IGNORECASE)
    for m in pattern.finditer(text):
        value = f"{prefix.upper()}-{m.group('num')}"
        found.append(Found("ticket_ref", value, m.start(), m.end(), 1.0, "RegexTicket"))
    taken = [(f.start, f.end) for f in found]
    for m in _TICKET_WORD.finditer(text):
        start = m.start() if text[m.start()] == "#" else m.start("num")
        if not _overlaps((start, m.end()), taken):
            found.append(Found("ticket_ref", m.group("num"), start, m.end(), 0.9, "RegexTicket"))
    return found


def phone_digits(raw: str) -> str:
    """Digits with a leading ``+`` kept (``00`` becomes ``+``): the entity value."""
    digits = re.sub(r"\D", "", raw)
    if raw.lstrip().startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    return digits


def phone_to_e164(value: str, language: str | None = None, region: str | None = None) -> str | None:
    """E.164 for a phone entity, reading national numbers in the language's country."""
    region = region or REGION_BY_LANGUAGE.get(language or "")
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


TAX_ID_BEFORE = re.compile(
    r"(?i)(?:p\.?\s?iva|partita iva|codice fiscale|c\.f\.|ičo|ico|dič|dic|vat(?: no)?|"
    r"reg(?:istration)?\.? no)\W{0,3}$"
)


def find_phones(text: str, region: str | None, taken: list[tuple[int, int]]) -> list[Found]:
    """Phone numbers; validated by phonenumbers when a region is known (confidence 1.0)."""
    found = []
    for m in _PHONE.finditer(text):
        raw = m.group(0).rstrip(".-/ ")
        span = (m.start(), m.start() + len(raw))
        if _overlaps(span, taken) or TAX_ID_BEFORE.search(text[max(0, m.start() - 24) : m.start()]):
            continue  # "P.IVA 01234560401": a tax number, not a phone
        digits = phone_digits(raw)
        if not 9 <= len(digits.lstrip("+")) <= 15:
            continue
        conf = 0.6
        try:
            number = phonenumbers.parse(digits, region)
            if phonenumbers.is_valid_number(number):
                conf = 1.0
            elif phonenumbers.is_possible_number(number):
                conf = 0.8
        except phonenumbers.NumberParseException:
            pass
        found.append(Found("phone", digits, span[0], span[1], conf, "RegexPhone"))
    return found


def find_onsite(text: str) -> list[Found]:
    """A request for a visit, unless negated just before ("no need to come out")."""
    folded = fold(text)
    if len(folded) != len(text):  # folding changed offsets (rare ligatures): skip spans
        folded = folded[: len(text)].ljust(len(text))
    for m in _ONSITE.finditer(folded):
        if _ONSITE_NEGATION.search(folded[max(0, m.start() - 40) : m.start()]):
            continue
        return [Found("onsite", "onsite", m.start(), m.end(), 0.95, "RegexOnsite")]
    return []


@dataclass
class NameCues:
    """Cue phrases and the vocabulary of ordinary words, learned from training examples."""

    person: list[str] = field(default_factory=lambda: list(PERSON_CUES))
    company: list[str] = field(default_factory=lambda: list(COMPANY_CUES))
    learned_person: list[str] = field(default_factory=list)
    learned_company: list[str] = field(default_factory=list)
    common_words: set[str] = field(default_factory=set)
    known_companies: list[str] = field(default_factory=list)


def _folded_words(text: str) -> list[str]:
    return [fold(m.group(0)).strip(".") for m in _TOKEN.finditer(text)]


def learn_cues(examples: Iterable[Example], extra_texts: Iterable[str] = ()) -> NameCues:
    """Learn cue phrases and the vocabulary of ordinary (non-name) words.

    A cue is the 1-2 words before an annotated name; it is kept when it was seen at least
    twice and precedes a name at least half of the times it occurs at all.
    """
    examples = list(examples)
    cues = NameCues()
    before: dict[str, Counter[str]] = {"person": Counter(), "company": Counter()}
    seen: Counter[str] = Counter()
    vocab: set[str] = set()
    for ex in examples:
        words_all = _folded_words(ex.text)
        for n in (1, 2):
            seen.update(" ".join(words_all[i : i + n]) for i in range(len(words_all) - n + 1))
        ent_chars: set[int] = set()
        for span in ex.entities:
            ent_chars.update(range(span.start, span.end))
            if span.entity in before:
                prev = _folded_words(ex.text[: span.start])
                for n in (1, 2):
                    if len(prev) >= n:
                        before[span.entity][" ".join(prev[-n:])] += 1
        for m in _TOKEN.finditer(ex.text):
            if m.start() not in ent_chars:
                vocab.add(fold(m.group(0)).strip("."))
    for text in extra_texts:
        vocab.update(_folded_words(text))
    for kind, counts in before.items():
        hand = set(cues.person if kind == "person" else cues.company)
        learned = cues.learned_person if kind == "person" else cues.learned_company
        for cue, n in counts.items():
            if cue in hand or any(ch.isdigit() for ch in cue):
                continue
            if n >= 2 and n / max(seen[cue], 1) >= 0.5:
                learned.append(cue)
    cues.common_words = {w for w in vocab if w}
    return cues


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    low: str


@dataclass(frozen=True)
class _Cand:
    kind: str
    start: int
    end: int
    conf: float


# In text typed all in lower case a verb ends a company name: Czech past and conditional
# ("potřebovali", "bychom"), infinitives ("nainstalovat", "installare"), gerunds.
VERB_FORM = re.compile(r"^(?:\w{4,}(?:li|ovat|nout|are|ere|ire|ando|endo)|bychom|byste|bych|by)$")


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(0), m.start(), m.end(), fold(m.group(0))) for m in _TOKEN.finditer(text)]


def _is_cap(tok: _Tok) -> bool:
    text = tok.text
    if not text[0].isupper():
        return False
    return not text.isupper() or len(text.strip(".")) <= 4


def _compile(cues: Iterable[str]) -> list[tuple[str, ...]]:
    seqs = {tuple(w.strip(":,") for w in c.split()) for c in cues}
    return sorted(seqs, key=len, reverse=True)


class NameFinder:
    """Finds one contact name and one company name in a message."""

    def __init__(self, cues: NameCues) -> None:
        self.cues = cues
        self._person = self._index(
            [(s, 0.9) for s in _compile(cues.person)]
            + [(s, 0.6) for s in _compile(cues.learned_person)]
        )
        self._company = self._index(
            [(s, 0.85) for s in _compile(cues.company)]
            + [(s, 0.55) for s in _compile(cues.learned_company)]
        )
        self._signoff = self._index([(s, 0.85) for s in _compile(SIGN_OFFS)])
        self._known = [(fold(name), name) for name in cues.known_companies]

    @staticmethod
    def _index(
        seqs: list[tuple[tuple[str, ...], float]],
    ) -> dict[str, list[tuple[tuple[str, ...], float]]]:
        """Cues by their last word, longest first: one dict lookup per token."""
        index: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        for seq, conf in sorted(seqs, key=lambda item: len(item[0]), reverse=True):
            if seq and not any(seq == s for s, _ in index.get(seq[-1], [])):
                index.setdefault(seq[-1], []).append((seq, conf))
        return index

    # -- token predicates -------------------------------------------------------------
    def _name_like(self, tok: _Tok, low_text: bool) -> bool:
        word = tok.low.strip(".")
        if not word or not word[0].isalpha() or word in NOT_NAMES or word in LEGAL_SUFFIXES:
            return False
        if word.rstrip("'’") in ELIDED_WORDS and word[-1] in "'’":
            return False  # "donato carparelli dell'azienda": the article, not the name
        if _is_cap(tok):
            return True
        return low_text and word not in self.cues.common_words and len(word) > 2

    @staticmethod
    def _cue_at(
        toks: list[_Tok], i: int, index: dict[str, list[tuple[tuple[str, ...], float]]]
    ) -> float:
        """Confidence of the longest cue ending right before token ``i`` (0 when none)."""
        if i == 0:
            return 0.0
        for seq, conf in index.get(toks[i - 1].low, ()):
            n = len(seq)
            if i >= n and (n == 1 or tuple(t.low for t in toks[i - n : i]) == seq):
                return conf + 0.02 * n
        return 0.0

    # -- span growers -----------------------------------------------------------------
    def _grab_person(self, text: str, toks: list[_Tok], i: int, low: bool) -> int:
        """Index after the last token of a person name starting at ``i`` (``i``: none)."""
        j = i
        if j < len(toks) and toks[j].low.strip(".") in HONORIFICS and j + 1 < len(toks):
            j += 1
        first = j
        while j < len(toks) and j - first < 4:
            tok = toks[j]
            if j > first and tok.start - toks[j - 1].end > 1:
                break
            if self._name_like(tok, low):
                j += 1
                if tok.text.endswith(".") or text[tok.end : tok.end + 1] in (",", ";", ":", "!"):
                    break
            elif (
                tok.low in NAME_PARTICLES
                and j > first
                and j + 1 < len(toks)
                and (_is_cap(toks[j + 1]) or toks[j + 1].low in NAME_PARTICLES)
            ):
                j += 1
            else:
                break
        if j == first:
            return i
        while j > first and toks[j - 1].low in NAME_PARTICLES:
            j -= 1
        return j

    def _grab_company(self, text: str, toks: list[_Tok], i: int, low: bool) -> tuple[int, int]:
        """(first, end) token indices of a company name starting at ``i`` (empty: first==end)."""
        j = i
        if j < len(toks) and toks[j].low in ARTICLES:
            j += 1
        first = j
        while j < len(toks) and j - first < 6:
            tok = toks[j]
            word = tok.low
            if j > first and tok.start - toks[j - 1].end > 1:
                break
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            tail = j > first and (word in LEGAL_SUFFIXES or word in COMPANY_TAILS)
            verb = low and j > first and VERB_FORM.match(word)  # "horák potřebovali bychom"
            if tail or (self._name_like(tok, low) and not verb):
                j += 1
                ends = word in LEGAL_SUFFIXES and word not in ("spol.", "spol", "(pty)")
                if ends and nxt is not None and nxt.low not in LEGAL_SUFFIXES:
                    break  # "Edil Brianza S.r.l. Vi segnalo": the legal form ends the name
            elif (
                word in COMPANY_JOINERS
                and j > first
                and nxt is not None
                and (_is_cap(nxt) or nxt.low in COMPANY_TAILS)
            ):
                j += 1
                continue
            else:
                break
            if (tok.text.endswith(".") and word not in LEGAL_SUFFIXES) or text[
                tok.end : tok.end + 1
            ] in (",", ";", ":", "!", "?"):
                break
        return first, j

    # -- candidates -------------------------------------------------------------------
    @staticmethod
    def _span(toks: list[_Tok], first: int, end: int) -> tuple[int, int]:
        last = toks[end - 1]
        stop = last.end
        if last.text.endswith(".") and last.low not in LEGAL_SUFFIXES:
            stop -= 1
        return toks[first].start, stop

    @staticmethod
    def _clause_start(text: str, tok: _Tok) -> bool:
        before = text[: tok.start].rstrip()
        return not before or before[-1] in ".!?,;:-–(\n"

    def _candidates(self, text: str, toks: list[_Tok], anchors: list[tuple[int, int]]):
        letters = [c for c in text if c.isalpha()]
        low = bool(letters) and sum(c.isupper() for c in letters) <= 1
        out: list[_Cand] = []
        for i, tok in enumerate(toks):
            conf = self._cue_at(toks, i, self._person)
            if conf:
                end = self._grab_person(text, toks, i, low)
                if end > i:
                    out.append(_Cand("person", *self._span(toks, i, end), conf))
            conf = self._cue_at(toks, i, self._company)
            if conf and (_is_cap(tok) or low or tok.low in ARTICLES):
                first, end = self._grab_company(text, toks, i, low)
                if end > first:
                    out.append(_Cand("company", *self._span(toks, first, end), conf))
            if self._cue_at(toks, i, self._signoff):
                out.extend(self._sign_off(text, toks, i, low, anchors))
            if _is_cap(tok) and tok.low not in NOT_NAMES and self._clause_start(text, tok):
                out.extend(self._signature(text, toks, i, low, anchors))
                out.extend(self._registered(text, toks, i, low))
        folded = fold(text)
        if len(folded) == len(text):
            for key, _name in self._known:
                pos = folded.find(key)
                if pos >= 0:
                    out.append(_Cand("company", pos, pos + len(key), 0.99))
        return out

    def _registered(self, text: str, toks: list[_Tok], i: int, low: bool) -> list[_Cand]:
        """ "Morning. Golden Harvest Agri CC, farm outside Bothaville.": capitalised words
        that end in a legal form, opening a clause, name a firm with no cue before them."""
        if toks[i].low in INTRO_VERBS and i + 1 < len(toks):
            i += 1  # "Sme Stolárstvo Kováč s.r.o.": "we are", then the firm
        first, end = self._grab_company(text, toks, i, low)
        if end - first < 2 or toks[end - 1].low.strip(".") not in LEGAL_BARE:
            return []
        if not all(_is_cap(t) or t.low in COMPANY_JOINERS for t in toks[first : end - 1]):
            return []
        start, stop = self._span(toks, first, end)
        if "\n" in text[start:stop]:
            return []  # a signature's lines: the person, the desk, then the firm
        return [_Cand("company", start, stop, 0.8)]

    def _sign_off(self, text, toks, i, low, anchors) -> list[_Cand]:
        """ "Regards, Name[, Company]" at the very end of a message."""
        end = self._grab_person(text, toks, i, low)
        if end == i:
            return []
        out = [_Cand("person", *self._span(toks, i, end), 0.88)]
        if end < len(toks) and text[toks[end - 1].end : toks[end].start].strip() == ",":
            first, cend = self._grab_company(text, toks, end, low)
            if cend > first and _is_cap(toks[first]):
                out.append(_Cand("company", *self._span(toks, first, cend), 0.8))
                end = cend
        return out if end >= len(toks) else []

    def _signature(self, text, toks, i, low, anchors) -> list[_Cand]:
        """ "Name, Company, 082..." / "Name from Company" / "Name 082 ..." at a clause start."""
        end = self._grab_person(text, toks, i, low)
        if end == i:
            return []
        start, stop = self._span(toks, i, end)
        gap = text[stop:]
        if any(a[0] >= stop and not text[stop : a[0]].strip(" ,:-") for a in anchors):
            return [_Cand("person", start, stop, 0.8)]
        nxt = toks[end].low if end < len(toks) else ""
        if nxt in (
            "from",
            "at",
            "here",
            "z",
            "ze",
            "di",
            "della",
            "dello",
            "dell'",
            "del",
            "dalla",
            "qui",
            "tady",
        ):
            return [_Cand("person", start, stop, 0.8)]
        if gap.startswith(",") and end < len(toks) and _is_cap(toks[end]):
            first, cend = self._grab_company(text, toks, end, low)
            after = text[toks[cend - 1].end :].lstrip() if cend > first else "x"
            closes = (
                not after
                or after[0] in ",.!"
                or any(a[0] == len(text) - len(after) for a in anchors)
            )
            if cend > first and closes:
                return [
                    _Cand("person", start, stop, 0.75),
                    _Cand("company", *self._span(toks, first, cend), 0.75),
                ]
        return []

    def find(
        self, text: str, taken: list[tuple[int, int]], anchors: list[tuple[int, int]] | None = None
    ) -> list[Found]:
        """Best non-overlapping (person, company) pair; ``anchors`` are phone/e-mail spans."""
        toks = [t for t in _tokens(text) if not _overlaps((t.start, t.end), taken)]
        cands = self._candidates(text, toks, anchors or [])
        persons = [c for c in cands if c.kind == "person"] + [None]
        companies = [c for c in cands if c.kind == "company"] + [None]
        best: tuple[float, int, _Cand | None, _Cand | None] | None = None
        for p in persons:
            for c in companies:
                if p and c and p.start < c.end and c.start < p.end:
                    continue
                score = (p.conf if p else 0.0) + (c.conf if c else 0.0)
                pos = min(x.start for x in (p, c) if x) if (p or c) else 0
                if (
                    best is None
                    or score > best[0] + 1e-9
                    or (abs(score - best[0]) < 1e-9 and pos < best[1])
                ):
                    best = (score, pos, p, c)
        found = []
        if best:
            for cand, extractor in ((best[3], "CueCompany"), (best[2], "CuePerson")):
                if cand:
                    found.append(
                        Found(
                            cand.kind,
                            text[cand.start : cand.end],
                            cand.start,
                            cand.end,
                            cand.conf,
                            extractor,
                        )
                    )
        return found


def extract(
    text: str,
    language: str | None,
    names: NameFinder,
    synonyms: dict[str, str] | None = None,
    ticket_prefix: str = "TKT",
) -> list[dict[str, object]]:
    """All entities of a message in Rasa's JSON shape, ordered by position."""
    region = REGION_BY_LANGUAGE.get(language or "")
    found = find_emails(text)
    found += find_tickets(text, ticket_prefix)
    taken = [(f.start, f.end) for f in found]
    found += find_phones(text, region, taken)
    found += find_onsite(text)
    taken = [(f.start, f.end) for f in found if f.entity != "onsite"]
    anchors = [(f.start, f.end) for f in found if f.entity in ("phone", "email")]
    found += names.find(text, taken, anchors)
    if synonyms:
        found = [
            Found(
                f.entity,
                synonyms.get(fold(f.value), f.value),
                f.start,
                f.end,
                f.confidence,
                f.extractor,
            )
            if f.entity in ("company", "person")
            else f
            for f in found
        ]
    found.sort(key=lambda f: f.start)
    return [f.as_rasa() for f in found]
