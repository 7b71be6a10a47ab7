"""Signature blocks: the contact, the company and the numbers at the end of a message."""

from __future__ import annotations

import pytest

from bot.conversation import forwarded
from bot.conversation.business_names import find_business
from bot.conversation.signature import read_signature


@pytest.mark.parametrize(
    ("text", "regions", "name", "company", "mobile", "landline"),
    [
        (
            "Hi, the label printer in dispatch prints blank labels since lunch.\n\n"
            "Kind regards\nJohan de Wet\nWarehouse Supervisor\nKarsten Cold Storage (Pty) Ltd\n"
            "Tel 021 555 7100\nCell 083 555 7101",
            ["ZA"],
            "Johan de Wet",
            "Karsten Cold Storage (Pty) Ltd",
            "+27835557101",
            "+27215557100",
        ),
        (
            "Dobrý den,\nnejde nám tisknout na barevnou tiskárnu.\n\nS pozdravem\n"
            "Ing. Markéta Holubová\nvedoucí účtárny\nStrojservis Kolář a.s.\nmob. 728 555 301",
            ["CZ"],
            "Markéta Holubová",
            "Strojservis Kolář a.s.",
            "+420728555301",
            None,
        ),
        (
            "Si chiede di disattivare l'account della collega.\nDistinti saluti\n"
            "Geom. Walter Pedrazzi\nResp. Servizi Informatici\nComune di Sarezzo\n"
            "tel. 030 893 6211",
            ["IT"],
            "Walter Pedrazzi",
            "Comune di Sarezzo",
            None,
            "+390308936211",
        ),
        (
            "The reception PC will not switch on.\n\nKind regards\nPriya Govender\n"
            "Practice Manager\nDr K. Naidoo & Associates - Dental Surgeons\nTel: 031 566 2130",
            ["ZA"],
            "Priya Govender",
            "Dr K. Naidoo & Associates",
            None,
            "+27315662130",
        ),
        (
            "Buongiorno, il gestionale non apre più le fatture.\nCordiali saluti\n"
            "Rag. Paolo Sala\nAmministrazione - Officine Meccaniche Sala Srl\n"
            "Tel. 031 555 2040",
            ["IT"],
            "Paolo Sala",
            "Officine Meccaniche Sala Srl",
            None,
            "+390315552040",
        ),
        (  # one line, cut by bars, after the last sentence
            "Our scanner sends nothing to e-mail any more. Regards Aisha Khan | Office "
            "Manager | Greenpoint Physio Practice | 12 Main Road, Greenpoint",
            ["ZA"],
            "Aisha Khan",
            "Greenpoint Physio Practice",
            None,
            None,
        ),
        (  # one long line cut by bars, after a long paragraph: no sign-off, no line break
            "None of our staff working from home can get onto the VPN since this morning, "
            "it just says connection timed out.\n\nKavitha Pillay | Practice Manager | "
            "Pillay & Associates Chartered Accountants | 031 566 2210 | kavitha@pillay.example",
            ["ZA"],
            "Kavitha Pillay",
            "Pillay & Associates Chartered Accountants",
            None,
            "+27315662210",
        ),
        (  # a mail signature after "--", the firm first, a tax number that is no phone
            "Vorremmo installare l'aggiornamento sui due pc del negozio.\n--\n"
            "Ottica Marchetti S.a.s. di Marchetti Laura & C.\nCorso Garibaldi 18 - Forlì\n"
            "P.IVA 01234560401",
            ["IT"],
            None,
            "Ottica Marchetti S.a.s.",
            None,
            None,
        ),
        (  # two sign-offs joined, then the block
            "Vi chiediamo di disattivare l'account del sig. Bonomi.\nGrazie e buon lavoro\n\n"
            "Ing. Massimo Pedretti\nResponsabile Ufficio Acquisti\n"
            "Officine Meccaniche Ghezzi S.p.A.\nTel. 030 2345678",
            ["IT"],
            "Massimo Pedretti",
            "Officine Meccaniche Ghezzi S.p.A.",
            None,
            "+390302345678",
        ),
        (  # no sign-off: a name line followed by contact lines
            "Since this morning Outlook asks for my password every five minutes.\n"
            "Daniel Brooks\nSenior Planner | Harbourside Events\nM: +44 7700 900188",
            ["ZA"],
            "Daniel Brooks",
            "Harbourside Events",
            "+447700900188",
            None,
        ),
        (  # a designation after the name, a town after the firm
            "Please install the new tax software on two PCs.\nThanks\nSam Botha CA(SA)\n"
            "Botha Bookkeeping, Stellenbosch\n082 555 0148",
            ["ZA"],
            "Sam Botha",
            "Botha Bookkeeping",
            "+27825550148",
            None,
        ),
    ],
)
def test_a_signature_block_is_read_as_a_whole(text, regions, name, company, mobile, landline):
    signature = read_signature(text, regions)
    assert signature is not None
    assert (signature.name, signature.company) == (name, company)
    assert (signature.mobile, signature.landline) == (mobile, landline)
    assert text[signature.start :].strip()  # the block starts inside the message
    assert "printer" not in text[signature.start :] or "printer" not in name


@pytest.mark.parametrize(
    "text",
    [
        "the server is down, nobody can log in\nthanks",
        "Thanks for yesterday\nthe printer jams again on every second page",
        "Wifi keeps dropping in the boardroom!\nCan you send someone?",
        # a forwarded mail's author signed it, not the customer
        "---------- Forwarded message ---------\nFrom: Lindiwe Zulu <lz@example.org>\n"
        "Subject: backup\n\nHi, the backup failed again last night.\nRegards,\nLindiwe Zulu",
    ],
)
def test_no_signature_is_invented(text):
    read, authors = forwarded.mask(text)
    assert read_signature(read, ["ZA"], authors) is None


def test_forwarded_headers_are_blanked_and_their_authors_remembered():
    text = (
        "can you look at this?\n-------- Messaggio inoltrato --------\n"
        "Da: Carla Neri <carla@example.org>\nOggetto: VPN\n\nla VPN non si collega"
    )
    read, authors = forwarded.mask(text)
    assert len(read) == len(text) and "Carla" not in read and "Oggetto" not in read
    assert "la VPN non si collega" in read and "can you look at this?" in read
    assert authors == {"carla", "neri"}
    ordinary = "From: the office in town, the printer jams"
    assert forwarded.mask(ordinary) == (ordinary, set())


def test_a_message_that_is_only_a_signature():
    signature = read_signature("MUDr. Petra Holá\nZubní ordinace Holá\nmob. 731 555 019", ["CZ"])
    assert signature is not None and signature.start == 0
    assert (signature.name, signature.company) == ("Petra Holá", "Zubní ordinace Holá")
    assert signature.mobile == "+420731555019"
    # a name and a sentence about the problem is not a signature
    assert read_signature("Peter Jones\nOutlook keeps crashing on my laptop", ["ZA"]) is None


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Ciao! Pizzeria Da Gino di Varese. Il pos non va", "Pizzeria Da Gino"),
        ("vi scrivo dall'Agriturismo La Quercia, a Siena", "Agriturismo La Quercia"),
        ("Dobrý den, Stavební firma Dvořák, nejde nám tisk", "Stavební firma Dvořák"),
        ("Hi, Dumi from The Green Fig Bistro in Paarl. Wifi is down", "The Green Fig Bistro"),
        ("Zubní ordinace MUDr. Veselá, recepce", "Zubní ordinace MUDr. Veselá"),
        ("the printer at the Sandton office is down", None),
        ("we use Trados Studio for translations", None),
        ("THE WHOLE HOTEL HAS NO WIFI", None),
        # Czech in other cases: the kind is declined; its adjective stays with it
        ("v Minipivovaru U Kohouta nám nejede síť", "Minipivovaru U Kohouta"),
        ("recepce hotelu Zlatý klas v Třeboni, Martina", "Hotelu Zlatý klas"),
        ("ze Stavební firmy Vondráček a syn", "Stavební firmy Vondráček a syn"),
        ("píšu z firmy Teplotechnik Jihlava s.r.o.", "Teplotechnik Jihlava"),  # "firma": any
        ("sedím v kanceláři na Smíchově a nejde mi tisk", None),  # a place
        ("Agenzia Immobiliare Casa Mia di Pescara", "Agenzia Immobiliare Casa Mia"),
        ("Kavitha Pillay | Practice Manager | Pillay Associates", None),  # a job, not a name
    ],
)
def test_a_business_named_by_its_kind(text, company):
    assert find_business(text) == company


@pytest.mark.parametrize(
    ("text", "company"),
    [
        # a registration number after the firm is no address
        (
            "my laptop won't switch on at all.\n\nNomvula Zulu | Programme Coordinator | "
            "Siyakhula Community Trust (NPO 123-456) | 45 Church Street, Mthatha",
            "Siyakhula Community Trust",
        ),
        # the line with a legal form names the firm, over a job title with "&" in it
        (
            "the whole first floor has no network.\n\nLerato Molefe | Office Administrator & IT "
            "champion | Molefe Mining Supplies (Pty) Ltd | Witbank",
            "Molefe Mining Supplies (Pty) Ltd",
        ),
    ],
)
def test_the_firm_line_of_a_signature(text: str, company: str) -> None:
    signature = read_signature(text, ["ZA"], set(), "en")
    assert signature is not None and signature.company == company
