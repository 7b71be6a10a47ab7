"""A cancel in the customer's own words, and requests that only mention cancelling."""

from __future__ import annotations

import pytest

from bot.conversation.handler import cancel_said_outright, says_cancel


@pytest.mark.parametrize(
    "text",
    [
        "cancel",
        "ne, nakonec to koupim sama v Datartu, nezakladejte nic, dekuju",
        "nic nezakládejte, už to jede",
        "please don't open a ticket, it's sorted",
        "non aprite niente, ho risolto",
        "Oh hang on, he already renewed it last week 🙈 please don't open it, sorry!",
        "no no, anulé, desso funsiona tuto. grassie istesso",  # Venetian
        "NO aspettate annullate tutto 😅 mio figlio ha visto che la ciabatta era spenta",
    ],
)
def test_a_request_withdrawn(text: str) -> None:
    assert says_cancel(text)


@pytest.mark.parametrize(
    "text",
    [
        "please cancel Thandi's licence, she left",
        "a Jirka Petru odchazi tak mu to zrusit",
        "nezakládejte mi nový účet, jen opravte heslo",
        "the printer does not log anything",
        "Thandi got a weird email, don't open it!",
    ],
)
def test_a_request_that_mentions_cancelling(text: str) -> None:
    assert not says_cancel(text)


def test_where_a_visit_is_asked_about_not_needed_is_no_cancel() -> None:
    assert not cancel_said_outright("Není potřeba, klidně na dálku, notebook si vyzvednu sama.")
    assert cancel_said_outright("zrušte to prosím, už to funguje")
