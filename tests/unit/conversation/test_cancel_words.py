"""A cancel in the customer's own words, and requests that only mention cancelling."""

from __future__ import annotations

import pytest

from bot.conversation.handler import says_cancel


@pytest.mark.parametrize(
    "text",
    [
        "cancel",
        "ne, nakonec to koupim sama v Datartu, nezakladejte nic, dekuju",
        "nic nezakládejte, už to jede",
        "please don't open a ticket, it's sorted",
        "non aprite niente, ho risolto",
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
    ],
)
def test_a_request_that_mentions_cancelling(text: str) -> None:
    assert not says_cancel(text)
