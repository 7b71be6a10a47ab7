"""Czech kinds of business in other grammatical cases go back to the nominative."""

from __future__ import annotations

import pytest

from bot.conversation.business_names import find_business
from bot.conversation.czech_business import FORMS, business_nominative
from bot.conversation.readers.context import ReadContext
from bot.conversation.readers.firms import firm_name, read_company


@pytest.mark.parametrize(
    ("declined", "nominative"),
    [
        ("Hotelu Pod Sněžkou", "Hotel Pod Sněžkou"),
        ("Minipivovaru U Kohouta", "Minipivovar U Kohouta"),
        ("Stavební firmy Vondráček a syn", "Stavební firma Vondráček a syn"),
        ("Zubní ordinaci MUDr. Veselé", "Zubní ordinace MUDr. Veselé"),
        ("Jazykové školy Babylon", "Jazyková škola Babylon"),
        ("Cestovní kanceláře Modrý horizont", "Cestovní kancelář Modrý horizont"),
        ("Kliniky Zdraví", "Klinika Zdraví"),
        ("pekarny Horak", "pekarna Horak"),  # typed without accents: stays without
        ("Truhlářství Horák", "Truhlářství Horák"),  # already the nominative
        ("Novák s.r.o.", "Novák s.r.o."),  # no kind of business: unchanged
        ("Staveb Kubíček", "Stavby Kubíček"),  # a genitive plural with an "e" put in
        ("Zahrad Praha", "Zahrady Praha"),
        ("Sokola Hranice", "Sokol Hranice"),
    ],
)
def test_the_kind_of_business_goes_back_to_the_nominative(declined, nominative):
    assert business_nominative(declined) == nominative


def test_forms_cover_each_pattern_and_not_the_owner():
    assert {"hotelu", "pekarne", "klinice", "ordinaci", "truhlarstvim", "vetcentru"} <= FORMS
    assert "horak" not in FORMS and "novak" not in FORMS


@pytest.mark.parametrize(
    ("text", "business"),
    [
        ("Krejci, ucetni kancelar Krejci Znojmo", "Ucetni kancelar Krejci Znojmo"),
        ("jednatel mysliveckého spolku Doubrava potřeboval bych", "Mysliveckého spolku Doubrava"),
        ("nejde zapnout pc, stavebni firma Dvorak Tabor. diky", "Stavebni firma Dvorak Tabor"),
    ],
)
def test_a_trade_adjective_in_lower_case_belongs_to_the_firm(text: str, business: str) -> None:
    assert find_business(text) == business


def test_a_trade_and_its_kind_without_a_name_is_no_firm() -> None:
    assert find_business("jsme účetní kancelář, potřebujeme nový notebook") is None


def test_a_czech_name_opening_with_a_preposition_goes_on_in_lower_case() -> None:
    text = "dobrý večer volám z restaurace U zlatého jelena v Táboře spadla nám wifi"
    assert find_business(text) == "Restaurace U zlatého jelena"
    assert find_business("penzion Na staré poště, Lipno") == "Penzion Na staré poště"


@pytest.mark.parametrize(
    ("text", "business"),
    [
        (
            "Buongiorno sono Gallo della carrozzeria a Fossano, il pc non si accende",
            "Carrozzeria Gallo",
        ),
        ("son Sartori dell'officina a Thiene, go un pc novo", "Officina Sartori"),
        ("la carrozzeria a Fossano non risponde", None),
        ("Hotel Praha na Smíchově", "Hotel Praha"),
        (
            "Základní škola a mateřská škola Dolní Lhota, příspěvková organizace",
            "Základní škola a mateřská škola Dolní Lhota",
        ),
        ("Lekarna U Sv. Anny Jihlava, Mgr. Simona Kratka.", "Lekarna U Sv. Anny Jihlava"),
        ("od pondělí. V Autodopravě Zelenka to mají", "Autodopravě Zelenka"),
        ("tiskne to pomalu uz tyden. zamecnictvi hubacek", "Zamecnictvi Hubacek"),
        ("kadernictvi u nas nejde wifi", None),
        ("nemam opravneni. Vondráček pekařství Litomyšl", "Pekařství Vondráček"),
        ("Hi its Ruan from Bake My Day Bakery in Paarl. Please", "Bake My Day Bakery"),
        ("My Bakery is closed", None),
        ("Nomvula Zulu | 45 Church Street, Mthatha", None),
        ("vi scrivo dall'Agenzia Immobiliare Casa Più di Rovigo", "Agenzia Immobiliare Casa Più"),
        ("Salve, qui e la Farmacia Comunale 5 di Cesena. Lo scanner", "Farmacia Comunale 5"),
        ("Farma Zelený kopec u Tábora. Koupili jsme notebook", "Farma Zelený kopec"),
        ("tady Jelínková penzion Pod Skalou v Adršpachu", "Penzion Pod Skalou"),
        ("Jazyková škola Lingua Plus", "Jazyková škola Lingua Plus"),
    ],
)
def test_a_kind_of_business_with_only_a_town_is_named_after_its_owner(
    text: str, business: str | None
) -> None:
    assert find_business(text) == business


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("Studio Medico Dott.ssa Lombardi, medicina generale", "Studio Medico Dott.ssa Lombardi"),
        (
            "siamo una macelleria a seregno, macelleria F.lli Brambilla. abbiamo",
            "Macelleria F.lli Brambilla",
        ),
        ("Buonasera 💪 ASD Energy Fitness Club, sono Matteo", "ASD Energy Fitness Club"),
        (
            "sono l'infermiere coordinatore della RSA Villa dei Pini di Valmadrera, Davide",
            "RSA Villa dei Pini",
        ),
    ],
)
def test_italian_contractions_greetings_and_care_homes(text: str, firm: str) -> None:
    assert find_business(text) == firm


def test_a_printing_house_with_its_legal_form_is_no_problem_sentence() -> None:
    ctx = ReadContext("+420608331927", language="cs", desk_region="ZA")
    assert read_company("Tiskárna Haná s.r.o., provozovna Prostějov", ctx) == "Tiskárna Haná s.r.o."
    assert read_company("autoscuola europa di sassuolo", ctx) == "Autoscuola Europa"


@pytest.mark.parametrize(
    ("name", "filed"),
    [
        ("Geodetická kancelář Ing. Beneše", "Geodetická kancelář Ing. Beneš"),
        ("Advokátní kancelář JUDr. Evy Tiché", "Advokátní kancelář JUDr. Eva Tichá"),
        ("Ordinace MUDr. Šťastné", "Ordinace MUDr. Šťastná"),
        ("Ordinace MUDr. Procházka", "Ordinace MUDr. Procházka"),  # may be a nominative
        ("Daňová kancelář Mgr. Ludmila Vacková", "Daňová kancelář Mgr. Ludmila Vacková"),
        # a first name in another case puts the surname after it in that case too
        ("Advokátní kancelář Mgr. Tomáše Řezníčka", "Advokátní kancelář Mgr. Tomáš Řezníček"),
        ("zubni ordinace MUDr. Jany Svobodove", "zubni ordinace MUDr. Jana Svobodova"),
        ("Ordinace MUDr. Jana Procházka", "Ordinace MUDr. Jana Procházka"),
    ],
)
def test_a_titled_owner_in_a_firms_name_is_put_in_the_nominative(name: str, filed: str) -> None:
    assert firm_name(name, "cs") == filed


def test_a_body_known_by_its_town_keeps_it() -> None:
    text = "sono l'enologo della Cantina Sociale di Castelvetro. Siamo in piena vendemmia"
    assert find_business(text) == "Cantina Sociale di Castelvetro"
    assert find_business("Palestra Fit Zone di Verona, il tapis roulant") == "Palestra Fit Zone"


def test_a_case_ending_on_capitals_and_a_district_are_not_the_firms_name() -> None:
    assert firm_name("KOVO LANGu", "cs") == "KOVO LANG"
    assert firm_name("ČEZ", "cs") == "ČEZ"
    ctx = ReadContext("+420608331927", language="cs", desk_region="ZA")
    assert read_company("obec Dolní Lhota okres Opava", ctx) == "obec Dolní Lhota"


def test_sentences_and_names_are_no_firms() -> None:
    cz = ReadContext("+420608331927", language="cs", desk_region="ZA")
    it = ReadContext("+393351237788", language="it", desk_region="ZA")
    assert read_company("úplně mrtvej, ani ledka", cz) is None
    assert read_company("bolle e fatture le stampiamo tutte li", it) is None
    assert read_company("i pazienti aspettano in coda", it) is None
    assert read_company("pizzeria da mario e figli", it) == "Pizzeria Da Mario E Figli"
    assert find_business("salve, officina meccanica Gatti srl di Lumezzane") == (
        "Officina meccanica Gatti"
    )


def test_the_registered_name_written_last_is_the_firm() -> None:
    cz = ReadContext("+420608331927", language="cs", desk_region="ZA")
    text = "jsem z ateliéru Vrba & Kos, architekti, Vrba & Kos architekti s.r.o."
    assert read_company(text, cz) == "Vrba & Kos architekti s.r.o."


def test_two_adjectives_before_the_kind_and_the_owner_before_his_firm() -> None:
    text = "Dobrý den, jsme Stavební bytové družstvo Rozvoj. Od prvního nastupuje nová účetní"
    assert find_business(text) == "Stavební bytové družstvo Rozvoj"
    cz = ReadContext("+420608331927", language="cs", desk_region="ZA")
    assert read_company("Beran, Cyklo Beran", cz) == "Cyklo Beran"


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("Instalatérství Hájek a syn, Brno", "Instalatérství Hájek a syn"),
        ("Carrozzeria Rossi e figli di Brescia", "Carrozzeria Rossi e figli"),
        ("Hotel Bellavista a Riva del Garda", "Hotel Bellavista"),  # "a" before a town
    ],
)
def test_partners_and_family_stay_in_the_firms_name(text: str, firm: str) -> None:
    assert find_business(text) == firm


def test_a_sokol_unit_is_known_by_its_town() -> None:
    cz = ReadContext("+420608331927", language="cs", desk_region="ZA")
    assert read_company("TJ Sokol Žižkov", cz) == "TJ Sokol Žižkov"


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        # a title's dot ends no clause; a kind of business in lower case follows an intro
        (
            "jsme ze zubni ordinace MUDr. Jany Svobodove v Pisku",
            "zubni ordinace MUDr. Jana Svobodova",
        ),
        (
            "Jsme advokátní kancelář Mgr. Tomáše Řezníčka, Brno, Kounicova",
            "advokátní kancelář Mgr. Tomáš Řezníček",
        ),
        ("ze sekretariátu Gymnázia Karla Čapka v Jičíně", "Gymnázium Karla Čapka"),
        ("hotel zámeček lednice firma je hotel zámeček s r o", "Hotel Zámeček s.r.o."),
    ],
)
def test_owners_departments_and_forms_typed_apart(text: str, firm: str) -> None:
    cz = ReadContext("+420608331927", language="cs", desk_region="ZA")
    assert read_company(text, cz) == firm


def test_the_owner_named_before_his_firm_is_left_out() -> None:
    text = "dobrý večer tady Šimek Transport Šimek s.r.o. nejde nám VPN"
    assert find_business(text) == "Transport Šimek"


def test_a_department_in_another_case_and_the_name_it_is_run_as() -> None:
    cz = ReadContext("+420608331927", language="cs", desk_region="ZA")
    assert firm_name("sekretariátu Gymnázium Karla Čapka", "cs") == "Gymnázium Karla Čapka"
    text = "farma bílý potok to je rodinná farma vedeme to jako farma bílý potok s r o"
    assert read_company(text, cz) == "Farma Bílý Potok s.r.o."
