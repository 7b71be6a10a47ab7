"""The words that say a name is a business's: a legal form, a kind of business, a trade,
"&" or a possessive ("Novák s.r.o.", "Cape Framing Co", "Mike's Tyre & Exhaust"). Shared by
the company reader and the name reader (a firm is never taken for a person)."""

from __future__ import annotations

import re

from bot.conversation import czech_business
from bot.core import vocab

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


LEGAL_END = re.compile(
    r"(?i)^(.*?\b(?:s\.\s?r\.\s?o\.?|sro|a\.\s?s\.|spol\. s r\. ?o\.?|s\.r\.l\.?|srl|"
    r"s\.p\.a\.?|spa|snc|sas|s\.a\.s\.?|s\.n\.c\.?|v\.\s?o\.\s?s\.?|o\.\s?p\.\s?s\.?|z\.\s?s\.|"
    r"ltd\.?|\(pty\) ltd\.?|pty ltd\.?|inc\.?|llc|plc|z\.\s?ú\.?|(?-i:CC)))"
    r"(?=\s|,|$)"
)


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
