"""Embedded parser: Rasa's JSON shape, intents in three languages, entity extraction."""

from __future__ import annotations

import pytest

from nlu.entities import phone_to_e164
from nlu.parser import Parser


def entities(parse: dict, kind: str) -> list[str]:
    return [e["value"] for e in parse["entities"] if e["entity"] == kind]


def test_parse_has_exactly_rasas_shape_plus_language(parser: Parser) -> None:
    text = "hi its Sipho from Mokolodi, our server is down!! call me on 071 924 4950"
    out = parser.parse(text)
    assert set(out) == {"text", "intent", "entities", "intent_ranking", "language"}
    assert out["text"] == text
    assert set(out["intent"]) == {"name", "confidence"}
    assert 0.0 < out["intent"]["confidence"] <= 1.0
    ranking = out["intent_ranking"]
    assert ranking[0] == out["intent"]
    assert [r["confidence"] for r in ranking] == sorted(
        (r["confidence"] for r in ranking), reverse=True
    )
    assert len(ranking) == 10 and all(set(r) == {"name", "confidence"} for r in ranking)
    assert out["entities"]
    for ent in out["entities"]:
        assert set(ent) == {"entity", "value", "start", "end", "confidence", "extractor"}
        assert 0 <= ent["start"] < ent["end"] <= len(text)
    spans = {e["entity"]: text[e["start"] : e["end"]] for e in out["entities"]}
    assert spans == {
        "person": "Sipho",
        "company": "Mokolodi",
        "phone": "071 924 4950",
    }


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("the printer upstairs wont work 😤", "report_problem"),
        ("our internet is dead", "report_problem"),
        ("nefunguje mi internet", "report_problem"),
        ("tiskarna nejde", "report_problem"),
        ("non mi funziona la stampante", "report_problem"),
        ("any news on TKT-1050??", "ask_status"),
        ("kdy prijede ten technik?", "ask_status"),
        ("a che punto e la mia richiesta?", "ask_status"),
        ("thx so much", "thanks"),
        ("diky moc za pomoc", "thanks"),
        ("grazie mille!!", "thanks"),
        ("STOP", "opt_out"),
        ("START", "opt_in"),
        ("yes pls", "affirm"),
        ("ano", "affirm"),
        ("nope", "deny"),
        ("ciao a tutti", "greet"),
        ("chci mluvit s clovekem", "talk_to_person"),
        ("pls cancel it, fixed now", "cancel"),
        ("e urgentissimo!!", "escalate"),
    ],
)
def test_intents_in_three_languages(parser: Parser, text: str, intent: str) -> None:
    assert parser.parse(text)["intent"]["name"] == intent


@pytest.mark.parametrize(
    ("text", "language", "e164"),
    [
        ("call me on 082 555 1234 pls", "en", "+27825551234"),
        ("volejte na 602 123 456", "cs", "+420602123456"),
        ("chiamatemi al 347 123 4567", "it", "+393471234567"),
        ("my cell +27 83 222 1111", "en", "+27832221111"),
        ("numero 0039 02 1234 5678", "it", "+390212345678"),
    ],
)
def test_phone_numbers(parser: Parser, text: str, language: str, e164: str) -> None:
    out = parser.parse(text)
    (value,) = entities(out, "phone")
    assert phone_to_e164(value, language) == e164


def test_ticket_refs_and_error_codes_are_not_phones(parser: Parser) -> None:
    out = parser.parse("status of TKT-1042 and #1043? error 0x80070005")
    assert entities(out, "ticket_ref") == ["TKT-1042", "1043"]
    assert entities(out, "phone") == []


def test_email(parser: Parser) -> None:
    out = parser.parse("write to Jane.Doe@Acme.example, thanks")
    assert entities(out, "email") == ["Jane.Doe@acme.example"]
    assert entities(parser.parse("my email is jane@@acme"), "email") == []


@pytest.mark.parametrize(
    ("text", "person", "company"),
    [
        ("hi this is Thandi at Karoo Farms, email is down", "Thandi", "Karoo Farms"),
        ("Hello, Jane Smith here from Acme Ltd. printer broken", "Jane Smith", "Acme Ltd"),
        (
            "wifi down. Pieter van Wyk, Van Wyk Attorneys, 021 555 0101",
            "Pieter van Wyk",
            "Van Wyk Attorneys",
        ),
        (
            "dobry den, jsem Hana Černá z firmy Novák s.r.o., nejde tisk",
            "Hana Černá",
            "Novák s.r.o.",
        ),
        ("ahoj tady Tomas z Kovo Brno, nejde mi pc", "Tomas", "Kovo Brno"),
        ("salve sono Elena dell'Hotel Belvedere, non va la mail", "Elena", "Hotel Belvedere"),
        ("buongiorno, qui Luca di Ferri Costruzioni", "Luca", "Ferri Costruzioni"),
        ("its sipho from mokolodi, server down", "sipho", "mokolodi"),
    ],
)
def test_person_and_company(parser: Parser, text: str, person: str, company: str) -> None:
    out = parser.parse(text)
    assert entities(out, "person") == [person]
    assert entities(out, "company") == [company]


def test_no_names_invented_from_ordinary_words(parser: Parser) -> None:
    for text in (
        "its down again",
        "I am locked out",
        "sono bloccato",
        "jsem v kancelari",
        "from today the printer is slow",
    ):
        out = parser.parse(text)
        assert entities(out, "person") == [] and entities(out, "company") == [], text


def test_known_companies_from_config() -> None:
    from nlu.parser import load_parser

    configured = load_parser(companies=["Mokolodi Lodge"])
    out = configured.parse("server dead at mokolodi lodge!!")
    assert entities(out, "company") == ["mokolodi lodge"]


@pytest.mark.parametrize(
    ("text", "onsite"),
    [
        ("can someone come onsite today", True),
        ("pls send a tech", True),
        ("prosim prijedte k nam", True),
        ("potete venire in sede?", True),
        ("no need to come out, fixed", False),
        ("non serve che venite in sede", False),
        ("printer is broken", False),
    ],
)
def test_onsite(parser: Parser, text: str, onsite: bool) -> None:
    assert bool(entities(parser.parse(text), "onsite")) is onsite
