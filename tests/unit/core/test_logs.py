"""Logs carry no e-mail addresses above DEBUG and only the last 3 digits of a number,
whichever logger or handler writes them."""

from __future__ import annotations

import io
import logging

from bot.core.logs import install, redact


def test_numbers_keep_only_their_last_three_digits() -> None:
    assert redact("to +27831112222 and whatsapp:+390212345678") == (
        "to +********222 and whatsapp:+*********678"
    )
    assert redact("GET /api/messages?phone=%2B27831112222") == (
        "GET /api/messages?phone=%2B********222"
    )
    assert redact("/api/x?phone=27831112222") == "/api/x?phone=********222"


def test_sids_refs_and_times_are_left_alone() -> None:
    text = "SM0123456789abcdef0123456789abcdef TKT-1042 at 2026-12-02T10:00:00+02:00"
    assert redact(text) == text


def test_email_addresses_are_removed() -> None:
    assert redact("from jane.doe+it@acme.example.co.za") == "from [email]"
    assert redact("from jane@acme.example", emails=False) == "from jane@acme.example"


def test_a_library_handler_gets_the_cleaned_record_too() -> None:
    """RQ and gunicorn attach their own handlers and stop propagation: the record is
    cleaned where it is made, so their handlers never see the raw text."""
    install()
    stream = io.StringIO()
    library = logging.getLogger("deskbot-test.library")
    handler = logging.StreamHandler(stream)
    library.addHandler(handler)
    library.propagate = False
    library.setLevel(logging.DEBUG)
    try:
        library.info("job deliver_pending('%s') for %s", "+27831112222", "jane@acme.example")
        library.debug("debug may show %s", "jane@acme.example")
        try:
            raise ValueError("bad number +27831112222")
        except ValueError:
            library.exception("failed for %s", "jane@acme.example")
    finally:
        library.removeHandler(handler)
    out = stream.getvalue()
    assert "job deliver_pending('+********222') for [email]" in out
    assert "debug may show jane@acme.example" in out
    assert "bad number +********222" in out and "failed for [email]" in out
    assert "27831112222" not in out
