"""What a customer's message says, in the intake's terms: the NLU's intent and
entities turned into validated field values (E.164 phones, checked e-mail
addresses, directory company names), the problem in the customer's own words
without greetings and signatures, and corrections such as "no, the company is Acme"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz, process, utils

from bot.conversation import czech_names, forwarded
from bot.conversation.business_names import find_business
from bot.conversation.readers.context import cased_re, clean_text, looks_like_problem
from bot.conversation.readers.firm_words import has_company_form
from bot.conversation.readers.firms import (
    AZIENDA,
    BARE_BODIES,
    PLACE_PREPOSITIONS,
    PRO_LOCO_OF,
    QUOTES,
    firm_name,
    firm_reads_as_sentence,
    without_of,
)
from bot.conversation.readers.names import (
    ANY_ROLE,
    CALL_CUE,
    NOT_A_NAME,
    ROLE_WORDS,
    TITLES,
    signed_name,
    strip_titles,
)
from bot.conversation.readers.phones import find_phone, spoken_digits
from bot.conversation.signature import Signature, read_signature
from bot.core import vocab
from bot.core.i18n import REGION_BY_LANGUAGE
from bot.core.phones import region_of
from bot.core.text import cased, upper_firsts
from nlu import given_names, places

if TYPE_CHECKING:
    from bot.runtime import Runtime

COMPANY_MATCH_CUTOFF = 86
FIRST_WORD_CUTOFF = 90
# A department after a directory company's first word is still that company ("Acme HR").
DEPARTMENTS = frozenset(
    [
        "hr",
        "accounts",
        "finance",
        "sales",
        "admin",
        "reception",
        "warehouse",
        "dispatch",
        "office",
        "branch",
        "it",
        "ucetni",
        "ucetnictvi",
        "sklad",
        "recepce",
        "kancelar",
        "amministrazione",
        "contabilita",
        "magazzino",
        "ufficio",
        "segreteria",
        "filiale",
    ]
)
# What is read of one message: Twilio's own cap on a body. Longer bodies (the webhook
# accepts up to 64 KB) are stored whole, but only this much is understood, so one huge
# message cannot hold up everyone else's replies.
UNDERSTANDING_LIMIT = 1600
LEGAL_SUFFIXES = re.compile(
    r"\b(ltd|limited|pty|inc|llc|gmbh|s\.?\s?r\.?\s?o\.?|a\.?\s?s\.?|s\.?\s?r\.?\s?l\.?|s\.?\s?p\.?\s?a\.?|"
    r"spol)\b\.?",
    re.IGNORECASE,
)
# Words that carry no problem content: greetings, self-introductions, sign-offs.
FILLER = frozenset(
    [
        "il",
        "la",
        "lo",
        "tady",
        "sn",  # "sono" in a text message
        "v",
        "ve",
        "hi",
        "hello",
        "hey",
        "hallo",
        "hiya",
        "good",
        "morning",
        "afternoon",
        "evening",
        "day",
        "its",
        "it's",
        "it",
        "is",
        "this",
        "i",
        "i'm",
        "im",
        "am",
        "my",
        "name",
        "from",
        "at",
        "with",
        "of",
        "here",
        "call",
        "me",
        "on",
        "at",
        "number",
        "phone",
        "mobile",
        "cell",
        "email",
        "mail",
        "reach",
        "contact",
        "thanks",
        "thank",
        "you",
        "thx",
        "regards",
        "cheers",
        "please",
        "pls",
        "plz",
        "asap",
        "urgent",
        "team",
        "support",
        "guys",
        "there",
        "dobry",
        "dobrý",
        "den",
        "ahoj",
        "zdravim",
        "zdravím",
        "jsem",
        "jmenuji",
        "se",
        "z",
        "ze",
        "firmy",
        "firma",
        "spolecnosti",
        "společnosti",
        "volejte",
        "mi",
        "na",
        "cislo",
        "číslo",
        "telefon",
        "diky",
        "díky",
        "dekuji",
        "děkuji",
        "prosim",
        "prosím",
        "pozdravem",
        "s",
        "buongiorno",
        "buonasera",
        "ciao",
        "salve",
        "sono",
        "mi",
        "chiamo",
        "di",
        "della",
        "dell",
        "ditta",
        "azienda",
        "societa",
        "società",
        "chiamatemi",
        "chiamami",
        "al",
        "numero",
        "grazie",
        "cordiali",
        "saluti",
        "per",
        "favore",
        "the",
        "a",
        "an",
        "and",
        "or",
        "e",
        "a",
        "ale",
    ]
)
# Words that introduce the writer (a role, a branch), not the problem.
INTRODUCTION_WORDS = (
    ANY_ROLE
    | frozenset(["depot", "branch", "head", "site", "pobocka", "pobocky", "sede", "filiale"])
    | frozenset(["pty", "ltd", "inc", "cc", "llc", "plc", "sro", "srl", "spa", "as", "spol"])
)
CORRECTION = re.compile(
    r"^\s*(?:no|ne|non)?[\s,.!-]*(?:the\s+|my\s+|il\s+|la\s+|l'|l’|lo\s+|moje\s+|mé\s+|"
    r"naše\s+|nase\s+|mio\s+|mia\s+)?"
    rf"(?P<field>company|firma|company name|společnost|spolecnost|{AZIENDA}|ditta(?! individuale)|"
    r"name|jméno|jmeno|"
    r"nome|phone|number|phone number|telefon|číslo|cislo|telefono|numero|e-?mail|"
    r"problem|description|popis|problém|problema|descrizione)\s*(?:is|je|è|e|=|:)?\s*:?\s*"
    r"(?P<value>.+?)\s*$",
    re.IGNORECASE,
)
FIELD_BY_WORD = {
    **dict.fromkeys(
        ["company", "company name", "firma", "společnost", "spolecnost", "azienda", "ditta"],
        "company",
    ),
    **dict.fromkeys(["name", "jméno", "jmeno", "nome"], "contact_name"),
    **dict.fromkeys(
        ["phone", "number", "phone number", "telefon", "číslo", "cislo", "telefono", "numero"],
        "contact_phone",
    ),
    **dict.fromkeys(["email", "e-mail"], "email"),
    **dict.fromkeys(
        ["problem", "description", "popis", "problém", "problema", "descrizione"], "description"
    ),
}


@dataclass
class Understanding:
    """One message, understood."""

    text: str
    intent: str
    confidence: float
    language: str
    fields: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    onsite: bool = False
    refs: list[str] = field(default_factory=list)
    correction: tuple[str, str] | None = None
    signature: Signature | None = None
    forwarded: bool = False

    def is_(self, *intents: str, at_least: float = 0.5) -> bool:
        return self.intent in intents and self.confidence >= at_least


def match_company(name: str, directory: list[str]) -> str:
    """The directory's spelling of a company when it is clearly the same one: the whole
    name with a typo or without its legal form ("Novak sro", "mokolodi lodge"), or the
    first word of its name alone ("Mokolodi"). A name that merely contains a directory
    word ("Ferramenta Bianchi", "Acme Plumbing", "Lodi") is another company."""
    if not directory:
        return name.strip()

    def key(value: str) -> str:
        plain = unicodedata.normalize("NFKD", value)
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
        return utils.default_process(LEGAL_SUFFIXES.sub(" ", plain))

    wanted = key(name)
    if wanted:
        found = process.extractOne(wanted, directory, scorer=fuzz.ratio, processor=key)
        if found and found[1] >= COMPANY_MATCH_CUTOFF:
            return found[0]
        words = wanted.split()
        if len(words) == 2 and words[1] in DEPARTMENTS:
            wanted = words[0]  # "Acme HR", "Bianchi amministrazione"
        if " " not in wanted and len(wanted) >= 4:
            firsts = {company: (key(company).split() or [""])[0] for company in directory}
            found = process.extractOne(wanted, firsts, scorer=fuzz.ratio)
            if found and found[1] >= FIRST_WORD_CUTOFF:
                return found[2]
    return clean_text(name)


LEGAL_FORM = re.compile(
    r"(?i)\b(?:s\.?\s?r\.?\s?o|a\.?\s?s|spol|s\.?\s?r\.?\s?l|s\.?\s?p\.?\s?a|s\.?\s?n\.?\s?c|"
    r"s\.?\s?a\.?\s?s|ltd|limited|pty|inc|llc|plc|gmbh|z\.?\s?u)\b\.?"
)
# Words before a place, not a company: "na prodejně v Karlíně", "in Knysna", "a Brescia".
_PLACE_BEFORE = re.compile(
    r"(?i)(?:\b(?:in|near|v|ve|na|a|nella|nel|presso|vicino a|from the office in)\s+)$"
)


def plausible_company(value: str, text: str, start: int, directory: list[str]) -> bool:
    """A company the extractor found is kept unless it is a place, a sentence about the
    problem, or a fragment of common words; a directory company is always kept."""
    if directory and match_company(value, directory) in directory:
        return True
    if _PLACE_BEFORE.search(text[max(0, start - 20) : start]):
        return False
    if BOUGHT_FROM.search(text[max(0, start - 80) : start]):
        return False  # "bought 2 new laptops from Incredible Connection": the shop, not us
    after = text[start + len(value) : start + len(value) + 6]
    if re.search(r"\bfrom\s*$", text[max(0, start - 8) : start]) and re.match(r"\s+to\s", after):
        return False  # "changed from Thandeka Ngcobo to Thandeka Zwane": a name, changed
    if looks_like_problem(value) or firm_reads_as_sentence(value):
        return False
    words = vocab.words(value)
    if not words or all(w in NOT_A_NAME for w in words):
        return False
    if all(w in ANY_ROLE for w in words) or places.is_town(value):
        return False  # "Deputy Principal": a job; "Havlíčkův Brod": a town, not a firm
    if not has_company_form(value) and places.is_declined_town(value):
        return False  # "farář z Velkého Meziříčí": where he writes from
    if LEGAL_FORM.search(value):
        return True
    named_as_firm = has_company_form(value)
    if TITLED_PERSON.match(value) and not named_as_firm:
        return False  # "il computer della Dott.ssa Neri": whose computer, not the firm
    if _opens_with_first_name(value) and not named_as_firm:
        return False  # "z Jany Malé na Janu Bartákovou": from one name to another, no firm
    if NAME_CHANGE.search(text) and re.search(r"\s(?:na|to|in|a)\s", value):
        return False  # "změnilo se mi příjmení z Novotná na Sýkorová"
    tokens = value.split()
    capitalised = [t for t in tokens if t[:1].isupper()]
    if len(tokens) == 1:
        # "busy", "fermi", "dispecinku" are words; "RIP", "LIM", "Avv." abbreviations; and a
        # lone word is rarely the whole name: the question is asked instead.
        return False
    message_has_capitals = any(ch.isupper() for ch in text)
    if not capitalised and not named_as_firm:
        # "skener píše že nenašel cílovou složku", "i pazienti aspettano": words of a
        # sentence typed in lower case, unless introduced as the firm ("this is naledi
        # from ubuntu early learning centre", "qui tecnostampi")
        return bool(FIRM_INTRODUCED.search(text[:start]))
    return bool(capitalised) or not message_has_capitals  # voice-to-text is all lower case


# Where something was bought: the supplier, not the customer's firm.
BOUGHT_FROM = re.compile(
    r"(?i)\b(?:bought|purchased|ordered|got|delivered|supplied)\b[^.!?]{0,60}\bfrom\s*$|"
    r"\b(?:koupil\w*|objednal\w*|kupoval\w*)\b[^.!?]{0,60}\b(?:v|ve|u|z|ze|od)\s*$|"
    r"\b(?:comprat\w*|acquistat\w*|ordinat\w*|pres[oi])\b[^.!?]{0,60}\b(?:da|dal|dalla|dallo|"
    r"presso)\s*$"
)
# A person by their title and name: "Dott.ssa Neri", "MUDr. Jana Malá", "Mr Botha".
TITLED_PERSON = cased_re(
    r"^(?i:dott|dottssa|dott\.ssa|dr|mudr|mvdr|judr|ing|mgr|avv|geom|rag|arch|prof|sig|sigra|"
    r"sig\.ra|mr|mrs|ms)\.?\s+[A-ZÀ-Ž][\w'’-]+(?:\s+[A-ZÀ-Ž][\w'’-]+)?$"
)
# Words just before a firm typed in lower case that introduce it as the firm.
FIRM_INTRODUCED = re.compile(
    r"(?i)\b(?:from|frm|z|ze|da|dalla|dal|dallo|della|dello|qui|siamo|jsme|tady|"
    r"we are|we're|were|this is|its|it's|sono|jsem)\s*$"
)
# A name being changed: the words around "na"/"to" are names, not a firm.
NAME_CHANGE = re.compile(
    r"(?i)\b(?:příjmení|prijmeni|jméno|jmeno|surname|maiden name|cognome|my name|vdala|"
    r"married|sposata)\b"
)


def _opens_with_first_name(value: str) -> bool:
    """A known first name opens ``value``, as written or in another Czech case ("Jany")."""
    first = value.split()[0].strip(",.") if value.split() else ""
    stem = re.sub(r"(?:y|u|ě|e|ou|i)$", "", first)
    return first[:1].isupper() and any(
        given_names.is_given_name(form) for form in (first, stem + "a", stem)
    )


CONTRACTION = re.compile(r"['’](?:m|s|re|ll|ve|d)$")


def plausible_person(value: str) -> str | None:
    """The extractor's person without titles and roles ("PharmDr. Alena Kratochvílová",
    "Dott.ssa Elena Rota"); None when it holds a common word ("stuck", "Tel")."""
    words = value.split()
    words = strip_titles(words)
    cut = next((i for i, w in enumerate(words) if vocab.fold(w) in ("from", "frm")), None)
    words = words[:cut]  # "mandla zungu frm siyanqoba panel beaters": the firm follows
    while words and vocab.fold(words[-1]).strip(".") in ROLE_WORDS:
        words = words[:-1]
    folded = [vocab.fold(w).strip(".,") for w in words]
    if not words or any(w in NOT_A_NAME or len(w) < 2 for w in folded):
        return None  # "stuck", "Tel"
    if any(CONTRACTION.search(w) for w in words):
        return None  # "I'm", "it's"
    if looks_like_problem(" ".join(words)):
        return None
    return " ".join(words).strip(" ,.")


def clean_email(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def clean_phone(value: str, sender: str, regions: list[str | None]) -> str | None:
    """National numbers are read in the sender's country first, then in ``regions`` (the
    customer's language's, then the helpdesk's); a number valid there wins over one that
    is merely possible."""
    possible = None
    for region in dict.fromkeys([region_of(sender), *regions]):
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if possible is None and phonenumbers.is_possible_number(number):
            possible = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return possible


# An office line written as a label, not as a request: "tel. 416 797 212", "T: 021 …".
OFFICE_LABEL = re.compile(
    r"(?i)(?:\btel|\bt|\bphone|\bph|\boffice|\blandline|\bpevn\w*|\bfisso|\bufficio|"
    r"\bcentralino)\.?\s*:?\s*$"
)


def _office_line_only(text: str, start: int, phone: str) -> bool:
    """A fixed line under a label ("tel. 416 797 212") beside the mobile the customer
    writes from is the office's number, not a request to be called there: the customer is
    asked which (a number after "call me on" is taken as said)."""
    before = text[max(0, start - 16) : start]
    if not OFFICE_LABEL.search(before):
        return False
    sentence = re.split(r"[.!?\n]", text[:start])[-1]
    if CALL_CUE.search(sentence):
        return False
    number = phonenumbers.parse(phone)
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE


# "sono marco rossi", "tady jana", "im thabo": a lower-case name said as one.
SELF_INTRO_BEFORE = re.compile(
    r"(?i)\b(?:sono|so|mi chiamo|jsem|jmenuji se|jmenuju se|tady(?: je)?|i'?m|i am|im|"
    r"this is|it'?s|its|my name is|name is|here is|qui (?:e|è)|chiedete di|chieda di|ask for|"
    r"call|volejte|ptejte se na)\W*$"
)
SELF_INTRO = re.compile(
    r"(?i)\s*(?:(?:buongiorno|salve|ciao|dobr[yý] den|hi|hello|morning)[\s,!]+)?"
    r"(?:sono|sn|so|jsem|tady(?: je)?|i'?m|i am|this is|it'?s|here is|qui)\b"
)


def _introduces(clause: str, content: list[str], named: bool) -> bool:
    """A clause that only says who is writing: roles and branches beside a name or company
    ("dispatch supervisor at <company>"), or a place and a branch ("Bloemfontein depot")."""
    if not content:
        return False
    proper = {vocab.fold(w) for w in re.findall(cased(r"\b[A-ZÀ-Ž][\w'’]*"), clause)}
    # typed in lower case, a known first name or town is still a name: "sn gennaro di …"
    proper |= {vocab.fold(w) for w in content if given_names.is_given_name(w) or places.is_town(w)}
    said = SELF_INTRO.match(clause)
    if said:  # the word after "sono", "jsem", "I'm" is the writer's name, in any case
        proper |= {vocab.fold(w) for w in re.findall(r"[^\W\d_][\w'’]*", clause[said.end() :])[:1]}
    intro = [vocab.fold(w) in INTRODUCTION_WORDS for w in content]
    if said and all(vocab.fold(w) in proper for w in content):
        return True  # "sono il geom. Sartori", "tady recepční z Hotelu Pod Sněžkou v Peci"
    if named:  # beside a name or firm, a role and a town are all it says
        return all(i or vocab.fold(w) in proper for w, i in zip(content, intro, strict=True))
    return any(intro) and all(
        i or vocab.fold(w) in proper for w, i in zip(content, intro, strict=True)
    )


TITLE_DOT = re.compile(r"(?i)\b(geom|dott|dottssa|avv|ing|arch|rag|mgr|mudr|dr|mr|mrs|sig|prof)\.")


def problem_text(text: str, entities: list[dict[str, Any]]) -> str | None:
    """The customer's own words about the problem: clauses that are only greetings,
    introductions, contact details or sign-offs are dropped."""
    spans = sorted(
        (e["start"], e["end"])
        for e in entities
        if e["entity"] in ("person", "company", "phone", "email")
    )
    kept: list[str] = []
    # The inner dots of a legal form ("s.r.o.", "S.p.A.") end no clause: masked, same length.
    masked = LEGAL_FORM.sub(lambda m: m.group()[:-1].replace(".", "\u2024") + m.group()[-1], text)
    masked = TITLE_DOT.sub(
        lambda m: m.group(1) + "\u2024", masked
    )  # "sono il geom. Sartori": one clause
    for match in re.finditer(r"[^,.;!?\n]+[,.;!?\n]*", masked):
        start, end = match.span()
        clause = text[start:end]
        residual = clause
        for s, e in spans:
            if s < end and e > start:
                a, b = max(s, start) - start, min(e, end) - start
                residual = residual[:a] + " " * (b - a) + residual[b:]
        words = re.findall(r"[^\W\d_][\w'’]*", residual.casefold())
        content = [w for w in words if w not in FILLER and vocab.fold(w) not in TITLES]
        if _introduces(clause, content, any(s < end and e > start for s, e in spans)):
            continue  # "dispatch supervisor at Transkaroo Freight, Bloemfontein depot"
        named = any(s < end and e > start for s, e in spans)
        listed = bool(kept) and kept[-1].endswith(",")  # "updates, antivirus, and backups"
        if len(content) >= 2 or (len(content) == 1 and not named and (len(words) >= 3 or listed)):
            kept.append(clause.strip())
    cleaned = " ".join(kept).strip(" ,;")
    cleaned = re.sub(r"\s+", " ", cleaned)
    cleaned = re.sub(r"([!?.])\1+", r"\1", cleaned)
    return cleaned or None


def read_correction(text: str) -> tuple[str, str] | None:
    match = CORRECTION.match(text)
    if not match:
        return None
    word = match.group("field").casefold()
    value = match.group("value").strip().strip(".!")
    field_name = FIELD_BY_WORD.get(word)
    return (field_name, value) if field_name and value else None


def understand(
    rt: Runtime, text: str, *, sender: str, language: str | None, awaiting: str | None
) -> Understanding:
    text = text[:UNDERSTANDING_LIMIT]
    read, authors = forwarded.mask(text)  # a forwarded mail's headers name other people
    read = QUOTES.sub(" ", read)  # "Istituto Comprensivo «Don Milani»": the same length
    as_written = read
    if read.isupper() and len(read.split()) >= 4:
        # Shouting carries no capitals to tell names by ("WE ARE OPEN TILL 1"): read it as
        # typed in lower case; the problem is kept as written (the same length, so it is cut
        # at the same places)
        lowered = read.lower()
        read = lowered if len(lowered) == len(read) else read
    parsed = rt.nlu.parse(read, previous_language=language)
    result = Understanding(
        text=as_written,
        forwarded=as_written != text,
        intent=parsed["intent"]["name"],
        confidence=float(parsed["intent"]["confidence"]),
        language=parsed["language"],
    )
    directory = [c.name for c in rt.config.companies]
    about_others: list[int] = []  # where a person other than the writer is named
    for entity in parsed["entities"]:
        kind, value = entity["entity"], str(entity["value"])
        if kind == "company" and "company" not in result.fields:
            if plausible_company(value, read, int(entity.get("start", 0)), directory):
                result.fields["company"] = match_company(value, directory)
        elif kind == "person" and "contact_name" not in result.fields:
            firm = has_company_form(value) or find_business(value) is not None
            name = plausible_person(value) if not firm else None
            start = int(entity.get("start", 0))
            if name and value.islower() and not SELF_INTRO_BEFORE.search(read[:start]):
                name = None  # "qui parliamo mezzo inglese": lower-case words nobody introduced
            unknown = not any(given_names.is_given_name(w) for w in value.split())
            if name and value.islower() and result.language in ("cs", "it") and unknown:
                name = None  # "tady obecní úřad": an office, not a person
            if name and _not_the_writer(read, start):
                name = None  # the new bookkeeper's name, or a sign-off quoted from someone
                about_others.append(start)  # their name stays in the problem
            if name and not forwarded.by_author(name, authors):
                result.fields["contact_name"] = name
        elif kind == "phone" and "contact_phone" not in result.fields:
            phone = clean_phone(
                value,
                sender,
                [REGION_BY_LANGUAGE.get(result.language), rt.config.helpdesk.holidays],
            )
            if phone and not _office_line_only(read, int(entity.get("start", 0)), phone):
                result.fields["contact_phone"] = phone
        elif kind == "email" and "email" not in result.fields:
            email = clean_email(value)
            if email:
                result.fields["email"] = email
        elif kind == "onsite":
            result.onsite = True
        elif kind == "ticket_ref":
            result.refs.append(value)
    if "contact_phone" not in result.fields:
        spoken = spoken_digits(text)
        if spoken != text:  # voice-to-text: "call me on oh eight two five five ..."
            regions = [region_of(sender), REGION_BY_LANGUAGE.get(result.language)]
            phone = find_phone(spoken, [r for r in regions if r])
            if phone:
                result.fields["contact_phone"] = phone
    business = find_business(read)  # "Palestra Fit Zone di Verona", "dall'Agriturismo Il Poggio"
    if business and plausible_company(business, business, 0, directory):
        known, kind_named = vocab.fold(result.fields.get("company", "")), vocab.fold(business)
        after = known.removeprefix(kind_named + " ").split()  # "… a Riva (del Garda)"
        placed = after != known.split() and after[0] in PLACE_PREPOSITIONS | {"a", "di"}
        # "Ottica Vista Chiara di Mariani Luca & C. sas": the partners own the shop
        owners = bool(known) and f"{kind_named} di {known}" in vocab.fold(read)
        if not known or known in kind_named or placed or owners:
            result.fields["company"] = match_company(business, directory)
    regions = [region_of(sender), REGION_BY_LANGUAGE.get(result.language)]
    signature = read_signature(read, [r for r in regions if r], authors, result.language)
    if signature:
        apply_signature(result, signature, directory)
        result.signature = signature
    signed = signed_name(read) if "contact_name" not in result.fields else None
    if signed and _not_the_writer(read, read.rfind(signed)):
        signed = None
    if signed and not has_company_form(signed):  # "… al commercialista. Gianni Russo"
        result.fields["contact_name"] = signed
    if vocab.fold(result.fields.get("contact_name", "")) == vocab.fold(
        result.fields.get("company", "-")
    ):
        del result.fields["contact_name"]  # "Truhlářství Beneš, Humpolec" signs as the firm
    for key in ("company", "contact_name"):  # "ntuli funeral services" typed on a phone
        value = result.fields.get(key)
        if value and value.islower():
            result.fields[key] = upper_firsts(value)
    if "company" in result.fields:  # "z Hotelu Pod Sněžkou", "… Ballito branch"
        result.fields["company"] = firm_name(result.fields["company"], result.language)
        pro_loco = PRO_LOCO_OF.search(read)
        if vocab.fold(result.fields["company"]) == "pro loco" and pro_loco:
            result.fields["company"] = without_of(pro_loco.group())  # named after its town
        if vocab.fold(result.fields["company"]) in BARE_BODIES:
            del result.fields["company"]  # "sono Carla della Pro Loco": which one? ask
    if _owner_of_the_firm(result.fields.get("contact_name"), result.fields.get("company")):
        del result.fields["contact_name"]  # "advokátní kancelář Mgr. Tomáše Řezníčka"
    result.correction = read_correction(text)
    entities = [e for e in parsed["entities"] if int(e.get("start", -1)) not in about_others]
    if signed and (at := read.rfind(signed)) >= 0:
        entities.append({"entity": "person", "start": at, "end": at + len(signed)})
    if business:  # "Carrozzeria Gallo" from "Gallo della carrozzeria": the kind is in the text
        named = business if business.casefold() in read.casefold() else business.split()[0]
        if (at := read.casefold().find(named.casefold())) >= 0:
            entities.append({"entity": "company", "start": at, "end": at + len(named)})
    if awaiting != "description":
        body = as_written[: signature.start] if signature else as_written
        result.problem = problem_text(body, entities) or problem_text(as_written, entities)
    return result


def _owner_of_the_firm(name: str | None, company: str | None) -> bool:
    """A name declined inside the firm's name is whose firm it is, not who writes: the
    firm gives it back in the nominative ("Mgr. Tomáše Řezníčka" -> "… Mgr. Tomáš
    Řezníček")."""
    if not name or not company or len(name.split()) < 2:
        return False
    nominative = " ".join(czech_names.owner_nominative(name.split()))
    return nominative != name and vocab.fold(nominative) in vocab.fold(company)


# Someone new the request is for: "create email & login 4 new bookkeeper … Name Zanele Dube".
NEW_STARTER = re.compile(
    r"(?i)\b(?:new|nov[yáaéeou]\w*|nuov[oa])\s+(?:\w+\s+){0,2}?(?:bookkeeper|employee|staff|"
    r"starter|colleague|hire|intern|teacher|assistant|receptionist|secretary|consultant|guide|"
    r"driver|nurse|kolega|kolegyn\w*|kolegu|zaměstnan\w*|zamestnan\w*|účetní|ucetni|collega|"
    r"dipendente|segretari\w*|impiegat\w*|ragazz\w*|collaborat\w*)\b"
)
# The words that put that person's name next: "Name", "called", "jmenuje se", "si chiama".
NAMED_NEXT = re.compile(
    r"(?i)(?:\bname(?:d| is)?|\bcalled|jmenuje se|jménem|jmenem|si chiama|di nome|\bfor|\bpro|"
    r"\bper)\s*:?\s*$"
)


def _not_the_writer(read: str, start: int) -> bool:
    """A name at ``start`` that is not the writer's: the new starter the request is for, or a
    sign-off on a quoted line ("> Thabo, please log a call … Thanks, Mr Mabaso")."""
    if start < 0:
        return False
    line = read[read.rfind("\n", 0, start) + 1 : start]
    if line.lstrip().startswith(">"):
        return True
    before = read[max(0, start - 120) : start]
    return bool(NEW_STARTER.search(before) and NAMED_NEXT.search(before[-25:]))


def apply_signature(result: Understanding, signature: Signature, directory: list[str]) -> None:
    """A signature block outranks names and companies picked out of running text. Its
    mobile is the number to call; an office line alone in it is not a request to be called
    there, so the customer is asked (that line, or the number they write from)."""
    if signature.name:
        result.fields["contact_name"] = signature.name
    if signature.company and plausible_company(signature.company, signature.company, 0, directory):
        result.fields["company"] = match_company(signature.company, directory)
    if signature.mobile:
        result.fields["contact_phone"] = signature.mobile
    elif signature.landline and result.fields.get("contact_phone") == signature.landline:
        del result.fields["contact_phone"]  # asked: the office line, or the mobile?
