"""A company's name in an answer: "jsme z Pekárny U Dvořáků v Táboře", "Autosalone Ricci,
concessionaria a Brescia", "Sithole Collections CC t/a DebtAssist SA"; intros, places,
branches, descriptors and the sentences around it left out."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from bot.conversation import czech_business, czech_names
from bot.conversation.readers.context import (
    EMOJI,
    ReadContext,
    cased_re,
    clean_text,
    looks_like_problem,
    looks_like_sentence,
)
from bot.conversation.readers.firm_words import BUSINESS_NOUNS, LEGAL_END, has_company_form
from bot.conversation.readers.names import (
    ANY_ROLE,
    NOT_A_NAME,
    SENTENCE_END,
    TITLES,
    name_words,
    split_sentences,
)
from bot.core import vocab
from bot.core.text import upper_first
from nlu import places
from nlu.function_words import OPEN_FIRM_NAMES, function_words, opens_with_function_word
from nlu.given_names import is_given_name
from nlu.priority import impact_level

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
    r"the company is|company:|jsme|jsem|sme|jsme z|jsem z|z firmy|ze společnosti|ze spolecnosti|"
    r"z|ze|za|siamo|sono|sono della|sono di|siamo la|siamo lo|della|dello|dalla|dal|da|"
    r"tzn\.?|tj\.|i\.e\.|cioè|cioe|ovvero|ossia|that is|namely)|"
    r"firma|společnost|spolecnost|ditta|società|societa|"
    rf"{AZIENDA})\s+)+"
)


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
    (re.compile(r"(?i),?\s+akciov[aá] spole[cč]nost$"), " a.s."),  # written out in full
    (re.compile(r"(?i),?\s+spole[cč]nost s ru[cč]en[ií]m omezen[yý]m$"), " s.r.o."),
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
    rest = DEPARTMENT_FIRST.sub("", name)
    if rest != name and has_company_form(rest):
        name = rest  # "sekretariátu Gymnázia Karla Čapka": the school, not its office
    if language == "cs":
        name = CASE_ENDING_ON_CAPITALS.sub(r"\1", name)  # "z KOVO LANGu" is KOVO LANG
        name = czech_business.business_nominative(name)
        words = name.split()
        kind_first = len(words) >= 2 and vocab.fold(words[0]) in czech_business.FORMS
        if kind_first and words[1].lower().endswith("ovi"):  # "pekárna Kubíčkovi": theirs
            name = " ".join([words[0], czech_names.nominative([words[1]])[0], *words[2:]])
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
    without_town = _without_town_after_a(name)  # "San Lorenzo Martire a Seriate"
    if without_town != name:
        return without_town
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


def _without_town_after_a(name: str) -> str:
    """An Italian firm of two or more words without the known town after "a"."""
    after_a = ITALIAN_TOWN_AFTER_A.match(name)
    if after_a and len(after_a.group(1).split()) >= 2 and places.is_town(after_a.group(2)):
        return after_a.group(1)
    return name


# Italian "<business> di <Town>": two or more words, then "di" and one capitalised word.
TOWN_AFTER_DI = cased_re(r"^(\S+(?:\s+\S+)+)\s+di\s+[A-ZÀ-Ž][\w'’-]+$")


# An Italian partnership names its partners after the firm: "Marmi Bonetti di Bonetti
# Giuseppe & C. snc" is Marmi Bonetti.
OWNER_TAIL = cased_re(
    r"(?:\s+(?:s\.?a\.?s\.?|s\.?n\.?c\.?))?\s+di\s+[A-ZÀ-Ž][\w'’]+(?:\s+[A-ZÀ-Ž][\w'’]+)?"
    r"\s*(?:&|e)\s*C\.?(?:\s+(?:s\.?a\.?s\.?|s\.?n\.?c\.?))?\.?(?=\s*(?:,|$))"
)


# The writer speaks of themselves after the firm's name: "farma Šindelář já sem soukromě
# zemědělec", "Bar Sport io sono il titolare".
SELF_AFTER_FIRM = re.compile(
    r"(?i)^(?P<firm>.+?)\s+(?:já|ja|my|i|we|io|noi)\s+(?:jsem|sem|jsme|sme|am|are|sono|siamo)\b"
)
# A sole trader's status after the name is no part of it: "Ferraro Impianti Idraulici ditta
# individuale di Nichelino", "Sartori Andrea, impresa individuale".
SOLE_TRADER_TAIL = re.compile(r"(?i)[\s,]+(?:ditta|impresa)\s+individuale\b.*$")


INTERJECTION = re.compile(
    r"(?i)^\s*(?:(?:oh|ah|oops|sorry|pardon|ok|okay|so|well|aha|jo|no|pardon|promin(?:te)?|"
    r"pardon|scusa|scusi|scusate|allora|ecco|eh)[\s,!.]+)+"
)


CZECH_FEMALE_SURNAME = re.compile(r"(?i)\b\w+ov[aá]\b")


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
    text = re.sub(r"(?i)^(?:(?:sono|so|io sono)\s+)?(?:il|la|l['’])\s*(?=\w+\.)", "", text)
    words = text.split()  # "Sono il geom. Alberto Pagani": a titled person
    if SELF_INTRO_NAME.match(text) and not has_company_form(text):
        return True  # "Ricardo here btw", "this is Jo": a person introducing themselves
    first = words[0].rstrip(".") if words else ""
    titled = vocab.fold(first) in TITLES and not first.isupper()  # "MŠ Sluníčko" is a school
    if titled and len(words) >= 2 and name_words(text.split(",")[0])[0]:
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
    words, role = name_words(clause)
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
    if len(parts) >= 2 and SELF_INTRO_NAME.match(parts[0].strip()):
        return _company_clause(line[line.find(parts[1]) :])  # "Ashley speaking, from Seaside …"
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
    clauses = [c for c in split_sentences(line, SENTENCE_BREAK) if c.strip()]  # not after "MUDr."
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
    r"vedeme (?:to|se) (?:jako|pod)|(?:jsme )?zapsan\w* jako|"
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


ARTICLE_BEFORE_CAPITAL = cased_re(r"^(?:la|il|lo|l['’])\s*(?=[A-ZÀ-Ž])")


# A small article before a capitalised word: "(siamo) la Vetreria Cazzaniga Srl".
SMALL_ARTICLE_CAPITAL_KIND = cased_re(r"(?:la|il|lo|the)\s+([A-ZÀ-Ž]\w+)")


# The legal form said as a sentence after the name: "Vermeulen Boerdery, it's a (Pty) Ltd".
FORM_SAID_AFTER = re.compile(
    r"(?i)^\s*(?P<name>[^,.;\n]+?),?\s+(?:it'?s|it is|we'?re|we are|je to|jsme|è una|siamo una?)"
    r"\s+(?:an?\s+)?(?P<form>\(pty\) ?ltd|pty ltd|cc|inc|npc|ltd|s\.?r\.?o\.?|a\.?s\.?|srl|"
    r"s\.r\.l\.|snc|s\.n\.c\.|sas|s\.a\.s\.)(?=[\s.,!]|$)"
)


# A Pro Loco is named after its town: "la Pro Loco di Bormio" is Pro Loco Bormio.
PRO_LOCO_OF = cased_re(
    r"(?i:\bpro\s+loco\s+(?:di|de|del|della)\s+)"
    r"(?P<town>[A-ZÀ-Ž][\w'’-]+(?:\s+(?:(?i:del|della|di|in|sul)\s+)?[A-ZÀ-Ž][\w'’-]+)*)"
)
# A body that is no name without its town or its patron: "la Pro Loco", "il Comune".
BARE_BODIES = frozenset(["pro loco", "comune", "parrocchia", "obec", "farnost", "municipio"])


def without_of(text: str) -> str:
    """ "Pro Loco di Bormio" is Pro Loco Bormio: the town is the name."""
    return PRO_LOCO_OF.sub(lambda m: f"Pro Loco {m.group('town')}", text)


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
    text = without_of(text)  # "Pro Loco di Bormio"
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
    relative = re.match(r"(?i)(?:a|an|the)\s+\S+\s+(?:that|which|who)\b", name)
    article = re.match(r"(?:a|an|the)\s+\S*[a-z]", name) and not has_company_form(name)
    if relative:
        return None  # "Its the Kyocera that the whole school uses": a thing described
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
    said_self = SELF_AFTER_FIRM.match(name)
    if said_self and has_company_form(said_self.group("firm")):
        name = said_self.group("firm")  # "farma Šindelář já sem soukromě zemědělec"
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
    name = _without_town_after_a(name)  # "B&B La Pergola a Polignano": the town goes
    town = TOWN_AFTER_DI.match(name)
    if not town and name.islower():  # "autoscuola europa di sassuolo" typed on a phone
        town = re.match(r"^(\S+(?:\s+\S+)+?)\s+di\s+([\w'’-]+(?:\s+[\w'’-]+)?)$", name)
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
