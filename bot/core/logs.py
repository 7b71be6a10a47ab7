"""Logs without customers' personal data, whichever library writes them.

Every record any logger creates (ours, Flask's, werkzeug's, gunicorn's, RQ's, the
Twilio SDK's) passes through one log-record factory installed by :func:`install`,
before any handler or formatter sees it, so a JSON formatter or a library's own
handler gets the cleaned text too:

- phone numbers are masked except for their last 3 digits, at every level
  (``+27831112222`` becomes ``+********222``);
- e-mail addresses become ``[email]`` above DEBUG.

Message bodies cannot be recognised in free text, so the rule for them is in the
code: a body is only ever logged at DEBUG (the console transport logs its length at
INFO). Every entry point calls :func:`install`: the ``deskbot`` command (serve,
worker, chat and the rest), the Flask app factory (gunicorn) and ``build_runtime``.

The format is ``DESKBOT_LOG_FORMAT``: ``text`` (one readable line, the default) or
``json`` (one JSON object per line, a record's ``extra`` fields as keys, for a log
shipper); gunicorn's own lines follow it through ``webhooks/gunicorn_conf.py``.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import Mapping
from typing import Any

from pythonjsonlogger.json import JsonFormatter

# A number as we write it (+E.164, whatsapp:+…), URL-encoded (%2B…), or a bare number
# given as a phone=/From=/To= parameter. Twilio SIDs (letters then hex) never match:
# a number must not follow a letter or digit.
_PHONE = re.compile(
    r"(?P<lead>(?<![\w%])\+|%2B|(?<=phone=)|(?<=From=)|(?<=To=))(?P<digits>\d{6,15})(?!\d)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_MASK = "[email]"
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_installed: list[Any] = []


def mask_phone_digits(digits: str) -> str:
    """Every digit but the last 3 becomes ``*``."""
    return "*" * (len(digits) - 3) + digits[-3:]


def redact(text: str, *, emails: bool = True) -> str:
    """``text`` with phone numbers masked and, when ``emails``, e-mail addresses removed."""
    text = _PHONE.sub(lambda m: m.group("lead") + mask_phone_digits(m.group("digits")), text)
    return _EMAIL.sub(EMAIL_MASK, text) if emails else text


def clean_record(record: logging.LogRecord) -> logging.LogRecord:
    """Render the record's message (and traceback) once, redacted; extras too."""
    emails = record.levelno > logging.DEBUG
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: log what we can rather than lose the record
        message = f"{record.msg!r} {record.args!r}"
    record.msg, record.args = redact(message, emails=emails), None
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(
            "".join(traceback.format_exception(*record.exc_info)).rstrip("\n"), emails=emails
        )
    if record.stack_info:
        record.stack_info = redact(record.stack_info, emails=emails)
    for key, value in list(record.__dict__.items()):
        if key not in _STANDARD and isinstance(value, str):
            setattr(record, key, redact(value, emails=emails))
    return record


def install(level: int | None = None) -> None:
    """Clean every log record from now on; with ``level``, also log to stderr at it.

    Safe to call more than once: the factory is wrapped once per process.
    """
    if not _installed:
        make = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return clean_record(make(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        _installed.append(factory)
    if level is not None:
        configure(level)
        # The SDK narrates every request at INFO; ours already say what was sent.
        logging.getLogger("twilio.http_client").setLevel(max(level, logging.WARNING))


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FORMATS = ("text", "json")


def log_format(env: Mapping[str, str] | None = None) -> str:
    """``DESKBOT_LOG_FORMAT``; raises ``ValueError`` for anything but text or json."""
    value = ((env if env is not None else os.environ).get("DESKBOT_LOG_FORMAT") or "text").strip()
    if value.lower() not in FORMATS:
        raise ValueError(f"DESKBOT_LOG_FORMAT={value!r}: expected text or json")
    return value.lower()


def formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return JsonFormatter(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",  # ISO 8601, UTC
        )
    return logging.Formatter(TEXT_FORMAT)


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    """Ours, so that configuring again replaces it and nobody else's handler."""


def configure(level: int = logging.INFO, kind: str | None = None) -> None:
    """One stderr handler on the root logger in the chosen format. Like ``basicConfig``,
    it leaves the handlers alone when something else (gunicorn, a test runner) set them
    up, and only sets the level."""
    chosen = formatter(kind or log_format())
    root = logging.getLogger()
    root.setLevel(level)
    ours = [h for h in root.handlers if isinstance(h, _Handler)]
    if root.handlers and not ours:
        return
    for old in ours:
        root.removeHandler(old)
    handler = _Handler(sys.stderr)
    handler.setFormatter(chosen)
    root.addHandler(handler)
