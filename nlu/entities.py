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

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
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
    "it's", "its", "it is", "this is", "my name is", "name is", "name:", "i'm", "im", "i am",
    "regards,", "regards", "thanks,", "cheers,", "contact person is", "speak to",
    "jsem", "tady je", "tady", "u telefonu", "jmenuji se", "jmenuju se", "jmeno",
    "s pozdravem", "zdravi", "diky,", "dekuji,", "kontaktni osoba je", "volejte",
    "sono", "mi chiamo", "qui e", "qui", "il mio nome e", "saluti,", "cordiali saluti,",
    "saluti", "grazie,", "il referente e", "chiamate", "call",
]
COMPANY_CUES = [
    "from", "at", "company is", "company:", "company name is", "we are", "we're",
    "work at", "work for", "z firmy", "ze firmy", "z", "ze", "ve firme", "firma", "v",
    "za firmu", "spolecnost", "pracuju v", "pracuji v", "jsme",
    "di", "della", "dalla", "dello", "del", "dell'", "all'", "alla", "ditta", "azienda",
    "presso", "lavoro alla", "lavoro presso", "siamo la", "siamo",
]
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "pan", "pani", "sig", "sig.", "signor",
              "signora", "dott", "dott.", "ing", "ing."}
NAME_PARTICLES = {"van", "der", "de", "den", "du", "da", "von", "le", "la", "di", "del"}
COMPANY_JOINERS = {"&", "and", "a", "e", "of", "di", "na", "u", "pod", "the"}
LEGAL_SUFFIXES = {
    "s.r.o.", "sro", "s.r.o", "spol.", "spol", "a.s.", "srl", "s.r.l.", "spa", "s.p.a.",
    "snc", "sas", "ltd", "ltd.", "(pty)", "pty", "inc", "inc.", "cc", "llc", "gmbh", "plc",
}
ARTICLES = {"the", "la", "il", "lo", "l'"}
# Words that look like names when capitalised at a sentence start but never are.
NOT_NAMES = {
    "i", "hi", "hello", "hey", "the", "our", "my", "we", "it", "its", "please", "pls", "thanks",
    "call", "urgent", "urgente", "urgentni", "server", "vpn", "wifi", "internet", "network",
    "email", "mail", "printer", "dobry", "dobre", "ahoj", "ciao", "buongiorno", "salve",
    "grazie", "diky", "dekuji", "tiskarna", "stampante", "can", "could", "good", "morning",
    "all", "nobody", "everyone", "tutto", "tutti", "nessuno", "nikdo", "cela", "vsechny",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "ok",
    "pondeli", "lunedi", "teams", "outlook", "windows", "office", "excel", "adobe", "acrobat",
    "autocad", "microsoft", "ms", "project", "zoom", "chrome", "google", "apple", "hp",
    "volejte", "chiamate", "chiamatemi", "prosim", "per", "favore", "per favore", "scusate",
}
_TOKEN = re.compile(r"\(pty\)|[\w'’.&-]*\w[.]?|&", re.UNICODE)


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
    region = region or REGION_BY_LANGUAGE.get(language or "", None)
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def find_phones(text: str, region: str | None, taken: list[tuple[int, int]]) -> list[Found]:
    """Phone numbers; validated by phonenumbers when a region is known (confidence 1.0)."""
    found = []
    for m in _PHONE.finditer(text):
        raw = m.group(0).rstrip(".-/ ")
        span = (m.start(), m.start() + len(raw))
        if _overlaps(span, taken):
            continue
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
    common_words: set[str] = field(default_factory=set)
    known_companies: list[str] = field(default_factory=list)


def learn_cues(examples: Iterable[Example], extra_texts: Iterable[str] = ()) -> NameCues:
    """Harvest cue phrases (1-2 folded words before annotated names) and ordinary words."""
    cues = NameCues()
    before: dict[str, Counter[str]] = {"person": Counter(), "company": Counter()}
    vocab: Counter[str] = Counter()
    for ex in examples:
        ent_chars = set()
        for span in ex.entities:
            ent_chars.update(range(span.start, span.end))
            if span.entity in before:
                prev = fold(ex.text[: span.start]).split()
                for n in (1, 2):
                    if len(prev) >= n:
                        before[span.entity][" ".join(prev[-n:])] += 1
        for m in _TOKEN.finditer(ex.text):
            if m.start() not in ent_chars:
                vocab[fold(m.group(0)).strip(".")] += 1
    for text in extra_texts:
        for m in _TOKEN.finditer(text):
            vocab[fold(m.group(0)).strip(".")] += 1
    for kind, counts in before.items():
        target = cues.person if kind == "person" else cues.company
        for cue, n in counts.items():
            if n >= 2 and cue not in target and not any(ch.isdigit() for ch in cue):
                target.append(cue)
    cues.common_words = {w for w in vocab if w}
    return cues


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    low: str


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(0), m.start(), m.end(), fold(m.group(0))) for m in _TOKEN.finditer(text)]


def _is_cap(tok: _Tok) -> bool:
    first = tok.text[0]
    return first.isupper() and not tok.text.isupper() or (tok.text.isupper() and len(tok.text) <= 4)


class NameFinder:
    """Finds contact and company names after cue phrases."""

    def __init__(self, cues: NameCues) -> None:
        self.cues = cues
        self._person = self._compile(cues.person)
        self._company = self._compile(cues.company)

    @staticmethod
    def _compile(cues: list[str]) -> list[list[str]]:
        seqs = [c.split() for c in cues]
        return sorted(seqs, key=len, reverse=True)

    def _name_like(self, tok: _Tok, lowercase_text: bool) -> bool:
        word = tok.low.strip(".")
        if not word or not word[0].isalpha() or word in NOT_NAMES:
            return False
        if _is_cap(tok):
            return True
        return lowercase_text and word not in self.cues.common_words and len(word) > 2

    def _match_cue(self, toks: list[_Tok], i: int, seqs: list[list[str]]) -> int:
        """Length of the longest cue ending right before token ``i`` (0 when none)."""
        for seq in seqs:
            n = len(seq)
            if i >= n and [t.low for t in toks[i - n : i]] == seq:
                return n
        return 0

    def _grab_person(self, toks: list[_Tok], i: int, low_text: bool) -> tuple[int, int] | None:
        j = i
        if j < len(toks) and toks[j].low.strip(".") in HONORIFICS:
            j += 1
        start = j
        while j < len(toks) and j - start < 4:
            tok = toks[j]
            if self._name_like(tok, low_text) and not tok.low.endswith("."):
                j += 1
            elif (
                tok.low in NAME_PARTICLES
                and j > start
                and j + 1 < len(toks)
                and _is_cap(toks[j + 1])
                and toks[j + 1].low not in NOT_NAMES
                and toks[j + 1].start - tok.end <= 1
            ):
                j += 1
            elif self._name_like(tok, low_text):  # "Jana." ends the sentence and the name
                j += 1
                break
            else:
                break
            if tok.end < len(self._text) and self._text[tok.end] in ",;:!?":
                break
        if j == start:
            return None
        return toks[i].start, toks[j - 1].end

    def _grab_company(self, toks: list[_Tok], i: int, low_text: bool) -> tuple[int, int] | None:
        j = i
        if j < len(toks) and toks[j].low in ARTICLES:
            j += 1
        start = j
        while j < len(toks) and j - start < 6:
            tok = toks[j]
            word = tok.low
            gap_ok = j == start or tok.start - toks[j - 1].end <= 1
            if not gap_ok:
                break
            if word in LEGAL_SUFFIXES and j > start:
                j += 1
            elif self._name_like(tok, low_text) or (tok.text[0].isupper() and j == start):
                if word.endswith(".") and word not in LEGAL_SUFFIXES:
                    if j > start or len(word) > 2:
                        j += 1
                    break
                j += 1
            elif (
                word in COMPANY_JOINERS
                and j > start
                and j + 1 < len(toks)
                and (_is_cap(toks[j + 1]) or toks[j + 1].low in ("syn", "figli", "spol."))
            ):
                j += 1
            elif word in ("syn", "figli", "sons", "spol.") and j > start:
                j += 1
            else:
                break
            if tok.end < len(self._text) and self._text[tok.end] in ",;:!?":
                break
        if j == start:
            return None
        end_tok = toks[j - 1]
        end = end_tok.end
        if end_tok.text.endswith(".") and end_tok.low not in LEGAL_SUFFIXES:
            end -= 1
        return toks[start].start, end

    def find(self, text: str, taken: list[tuple[int, int]]) -> list[Found]:
        """Best person and company spans in ``text`` (at most one each)."""
        self._text = text
        toks = [t for t in _tokens(text) if not _overlaps((t.start, t.end), taken)]
        letters = [c for c in text if c.isalpha()]
        low_text = bool(letters) and sum(c.isupper() for c in letters) <= 1
        persons: list[tuple[int, int, float]] = []
        companies: list[tuple[int, int, float]] = []
        for i in range(len(toks)):
            if self._match_cue(toks, i, self._person):
                span = self._grab_person(toks, i, low_text)
                if span:
                    persons.append((*span, 0.9))
            if self._match_cue(toks, i, self._company):
                span = self._grab_company(toks, i, low_text)
                if span and (_is_cap(toks[i]) or low_text or toks[i].low in ARTICLES):
                    companies.append((*span, 0.85))
        persons.extend(self._signature_names(toks, low_text))
        companies.extend(self._known(text))
        found: list[Found] = []
        company = self._pick(companies, [])
        if company:
            found.append(Found("company", text[company[0] : company[1]], *company, "CueCompany"))
        person = self._pick(persons, [company] if company else [])
        if person:
            found.append(Found("person", text[person[0] : person[1]], *person, "CuePerson"))
        return found

    def _signature_names(self, toks: list[_Tok], low_text: bool) -> list[tuple[int, int, float]]:
        """"Name, Company, phone" signatures and "Name from Company" openings."""
        out = []
        text = self._text
        for i, tok in enumerate(toks):
            if not _is_cap(tok) or tok.low in NOT_NAMES or tok.low in HONORIFICS:
                continue
            prev_char = text[tok.start - 1] if tok.start else "."
            before = text[: tok.start].rstrip()
            at_clause = not before or before[-1] in ".!?,;:-–(\n" or prev_char == "\n"
            if not at_clause:
                continue
            span = self._grab_person(toks, i, low_text)
            if not span:
                continue
            j = next((k for k, t in enumerate(toks) if t.start >= span[1]), len(toks))
            nxt = toks[j].low if j < len(toks) else ""
            after = text[span[1] : span[1] + 2]
            if nxt in {"from", "at", "z", "ze", "di", "della", "dello", "dell'", "del", "dalla",
                       "here", "qui", "tady"} or after.startswith(","):
                conf = 0.7 if after.startswith(",") else 0.8
                if after.startswith(",") and span[1] - span[0] > 0 and j < len(toks):
                    # "Name, Company" needs a company-looking part after the comma
                    if not _is_cap(toks[j]):
                        continue
                out.append((span[0], span[1], conf))
        return out

    def _known(self, text: str) -> list[tuple[int, int, float]]:
        """Companies from the helpdesk's own list, matched ignoring case and diacritics."""
        out = []
        folded = fold(text)
        for name in self.cues.known_companies:
            key = fold(name)
            pos = folded.find(key) if len(folded) == len(text) else -1
            if pos >= 0:
                out.append((pos, pos + len(key), 0.99))
        return out

    @staticmethod
    def _pick(
        cands: list[tuple[int, int, float]], avoid: list[tuple[int, int, float]]
    ) -> tuple[int, int, float] | None:
        """Highest confidence, then earliest; spans inside another entity are dropped."""
        ok = [c for c in cands if not _overlaps((c[0], c[1]), [(a[0], a[1]) for a in avoid])]
        if not ok:
            return None
        return sorted(ok, key=lambda c: (-c[2], c[0]))[0]


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
    found += names.find(text, taken)
    if synonyms:
        found = [
            Found(f.entity, synonyms.get(fold(f.value), f.value), f.start, f.end, f.confidence,
                  f.extractor)
            if f.entity in ("company", "person") else f
            for f in found
        ]
    found.sort(key=lambda f: f.start)
    return [f.as_rasa() for f in found]
