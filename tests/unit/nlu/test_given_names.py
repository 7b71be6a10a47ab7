"""The first-names list: generated from Faker's locales, and what it tells the readers."""

from __future__ import annotations

import pytest

from bot.conversation.czech_names import nominative
from bot.conversation.readers.context import ReadContext
from bot.conversation.readers.firms import read_company
from bot.conversation.readers.names import read_name
from nlu.given_names import GIVEN_NAMES_FILE, is_given_name
from tests.unit.nlu.conftest import generated_text

CZ = ReadContext("+420608331927", language="cs", desk_region="ZA")
IT = ReadContext("+393351237788", language="it", desk_region="ZA")
ZA = ReadContext("+27765550123", language="en", desk_region="ZA")


def test_the_given_names_file_is_what_the_generator_writes() -> None:
    assert GIVEN_NAMES_FILE.read_text(encoding="utf-8") == generated_text(
        "gen_given_names.py", "faker"
    ), "nlu/gazetteer/given_names.txt is out of date: run .venv/bin/python nlu/gen_given_names.py"


def test_first_names_of_the_desks_languages_and_no_common_words() -> None:
    assert is_given_name("Jana") and is_given_name("tomáš") and is_given_name("Giuseppe")
    assert is_given_name("Sara")  # a name, though "sarà" is a word
    assert not is_given_name("mia") and not is_given_name("ale")  # words first: "my", "but"
    assert not is_given_name("Novák") and not is_given_name("server")


@pytest.mark.parametrize(
    ("text", "ctx", "name"),
    [
        # a lower-case word gives way to the capitalised full name
        ("plnej hotel, vikend!! volejte prosim. recepce, Jana Hruba", CZ, "Jana Hruba"),
        # a question around the name names nobody
        (
            "A kolik by ta instalace stála? Jsme spolek, nemáme moc peněz. Jinak Tomáš Jelínek.",
            CZ,
            "Tomáš Jelínek",
        ),
        ("Vacková, daňová poradkyně. A jakou máte vlastně hodinovou sazbu?", CZ, "Vacková"),
        ("Sara Marchetti. Luca e mio marito ma al pc ci sto io", IT, "Sara Marchetti"),
        (
            "guardi io sono qui solo il martedì, per il tecnico meglio Roberta Cattaneo, la "
            "segretaria",
            IT,
            "Roberta Cattaneo",
        ),
        ("ať se technik ptá po Aleši Novotném, jsem mistr výroby", CZ, "Aleš Novotný"),
        ("optometristka Bc. Petra Kalinová", CZ, "Petra Kalinová"),
        ("Prof.ssa Maria Grazia Colombo", IT, "Maria Grazia Colombo"),
    ],
)
def test_names_found_with_the_first_names_list(text: str, ctx: ReadContext, name: str) -> None:
    assert read_name(text, ctx) == name


def test_someone_elses_name_is_not_taken() -> None:
    text = "Il portatile è di Marta Nesi, la nostra collaboratrice."
    assert read_name(text, IT) != "Marta Nesi"
    assert read_name("Dave Naidoo, but the bookkeeper is Ruth, she's at the PC", ZA) is None


def test_a_czech_first_name_gets_its_mobile_e_back() -> None:
    assert nominative(["Pavlu", "Jirešovi"]) == ["Pavel", "Jireš"]
    assert nominative(["Karlovi", "Novákovi"]) == ["Karel", "Novák"]


def test_a_first_name_before_the_firm_is_the_person() -> None:
    assert read_company("Ivan, Carminati Bevande", IT) == "Carminati Bevande"
    assert read_company("Acme, Head Office", ZA) == "Acme"


def test_a_declined_name_is_not_taken_for_lower_case_typing() -> None:
    text = (
        "Já jsem ředitel Pavel Dušek, ale ptejte se na našeho údržbáře pana Vondráčka, "
        "Jiřího Vondráčka, ten technika provede"
    )
    assert read_name(text, CZ) == "Jiří Vondráček"


@pytest.mark.parametrize(
    ("text", "ctx", "name"),
    [
        ("Čermáková Alena ředitelka", CZ, "Čermáková Alena"),  # "Č" is a capital letter
        (
            "Thabo Mahlangu. Im not IT, Im the admin manager but I do the computers",
            ZA,
            "Thabo Mahlangu",
        ),
        ("Pieterse here, Gerrit Pieterse, farm manager", ZA, "Gerrit Pieterse"),
        ("Ngiyabonga. It's Mandla Zwane, programme coordinator", ZA, "Mandla Zwane"),
    ],
)
def test_names_after_thanks_and_before_words_about_the_person(
    text: str, ctx: ReadContext, name: str
) -> None:
    assert read_name(text, ctx) == name


def test_a_name_in_the_instrumental_after_with_me() -> None:
    text = "mluvte se mnou, Monikou Havlíčkovou, paní doktorka je u soudu"
    assert read_name(text, CZ) == "Monika Havlíčková"
    assert read_name("jmenuju se Jan Kubelka", CZ) == "Jan Kubelka"


def test_a_nominative_first_name_keeps_the_surname_and_a_repeat_is_said_once() -> None:
    assert read_name("Mně, Miroslav Kuča, budu celý den na úřadě", CZ) == "Miroslav Kuča"
    assert read_name("na mě, Radima Staňka", CZ) == "Radim Staněk"
    assert read_name("Federica 😊 Federica Semprini", IT) == "Federica Semprini"
    assert read_company("i pushed the button nothing 😢", ZA) is None
