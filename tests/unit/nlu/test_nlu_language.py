"""Language detection: right on real messages, sticky on texts without language."""

from __future__ import annotations

import time

import pytest

from nlu.parser import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hi my printer is not working", "en"),
        ("dobry den, nefunguje mi tiskarna", "cs"),
        ("děkuji", "cs"),
        ("buongiorno, la stampante non funziona", "it"),
        ("nejde wifi v kancelari", "cs"),
        ("il wifi non va", "it"),
    ],
)
def test_detects_clear_messages(text: str, language: str) -> None:
    assert detect_language(text, ["en", "cs", "it"]) == language


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "OK!",
        "1042",
        "TKT-1042",
        "👍",
        "jane@acme.example",
        "+420 602 123 456",
        "wifi",
        "stop",
        "Sipho",
    ],
)
@pytest.mark.parametrize("previous", ["en", "cs", "it"])
def test_texts_without_language_keep_previous(text: str, previous: str) -> None:
    assert detect_language(text, ["en", "cs", "it"], previous) == previous


def test_switches_only_on_clear_evidence() -> None:
    assert detect_language("nefunguje mi internet v kancelari", ["en", "cs", "it"], "en") == "cs"
    assert detect_language("il server non funziona da stamattina", ["en", "cs"], "cs") != "it"
    assert detect_language("grazie mille per l'aiuto", ["en", "cs", "it"], "en") == "it"


def test_restricted_to_configured_languages() -> None:
    assert detect_language("la stampante non funziona", ["en", "cs"]) in {"en", "cs"}
    assert detect_language("anything at all", ["it"]) == "it"
    assert detect_language("ok", ["cs", "it"]) == "cs"  # no evidence, no previous: first one


def test_unknown_previous_is_ignored() -> None:
    assert detect_language("la stampante non funziona", ["en", "it"], "de") == "it"


def _best_of(runs: int, work, text: str) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work(text)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("unit", ["a", "x.y-", "tiskárna nefunguje, the printer is broken "])
def test_detection_and_parsing_grow_linearly_with_the_text(parser, unit: str) -> None:
    """1,600 characters (Twilio's cap) against 160: about 10 times the work when linear,
    about 100 times when quadratic, as an unanchored ``\\S+@`` was on a long word. A ratio,
    not a time, so a busy machine does not decide the outcome."""
    short, long = (unit * 400)[:160], (unit * 4000)[:1600]
    for work in (parser.detect_language, parser.parse):
        work(long)  # warm the caches
        ratio = _best_of(7, work, long) / _best_of(7, work, short)
        assert ratio < 25, f"{work.__name__}: 1600 chars took {ratio:.0f}x 160 chars"
