"""Twilio's webhooks: inbound messages and delivery status callbacks.

Both are validated against ``X-Twilio-Signature`` when an auth token is set,
answer in milliseconds with empty TwiML, and are idempotent: Twilio may deliver
the same webhook twice.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import parse_qsl

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

from bot.channels import status as message_status
from bot.jobs import spooled
from bot.jobs.inbox import take
from bot.messaging.callbacks import apply_status
from bot.messaging.inbound import BadInbound, parse_form
from bot.messaging.spool import SpoolUnavailable
from bot.runtime import Runtime, use

log = logging.getLogger(__name__)
blueprint = Blueprint("twilio", __name__, url_prefix="/webhooks/twilio")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def _runtime() -> Runtime:
    return current_app.extensions["deskbot"]


def _twiml() -> Response:
    return Response(EMPTY_TWIML, status=200, mimetype="text/xml")


def _strict_form() -> MultiDict[str, str]:
    """Parse the body ourselves: invalid UTF-8 or NUL bytes are refused, not replaced."""
    if request.mimetype != "application/x-www-form-urlencoded":
        abort(415, "expected an application/x-www-form-urlencoded body")
    raw = request.get_data(cache=True)
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        abort(400, "the body is not valid UTF-8 form data")
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        abort(400, "NUL bytes are not allowed")
    return MultiDict(pairs)


def signed_url(public_url: str | None) -> str:
    """The URL Twilio signed: the public base behind a proxy, else the request's own."""
    if not public_url:
        return request.url
    query = request.query_string.decode("latin-1")
    return public_url + request.path + (f"?{query}" if query else "")


def _verify_signature(rt: Runtime, form: MultiDict[str, str]) -> None:
    token = rt.settings.twilio_auth_token
    if not token:
        return
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not RequestValidator(token).validate(
        signed_url(rt.settings.public_url), form, signature
    ):
        abort(403, "invalid or missing X-Twilio-Signature")


@blueprint.post("/messages")
def inbound_message() -> Response:
    """Twilio's inbound message webhook (form fields ``MessageSid``, ``From``, ``To``, ``Body``,
    ``NumMedia`` and ``MediaUrlN``, ``ProfileName``; WhatsApp buttons and locations too).

    Answers empty TwiML once the message is stored (queued mode) or handled (inline mode),
    or, while the database is down, once it is spooled (``bot.messaging.spool``); 503 when
    neither can take it. Replies go out through the REST API, never in the TwiML. 400 for
    a form that is not a message, 403 for a bad signature, 415 for another content type; a repeated
    ``MessageSid`` answers 200 and changes nothing.
    """
    rt = _runtime()
    form = _strict_form()
    _verify_signature(rt, form)
    try:
        inbound = replace(parse_form(form), arrived_on=request.host_url.rstrip("/"))
    except BadInbound as exc:
        abort(400, str(exc))
    if rt.spool.pending():  # earlier messages wait there: keep the order
        return _spool(rt, spooled.MESSAGE, form, inbound.arrived_on)
    try:
        # Queued mode stores and answers; a worker handles it (see bot.jobs.inbox).
        fresh = take(rt, inbound)
    except spooled.DATABASE_DOWN as exc:
        log.warning("database unavailable, spooling the message: %s", type(exc).__name__)
        return _spool(rt, spooled.MESSAGE, form, inbound.arrived_on)
    if not fresh:
        log.info("duplicate webhook ignored", extra={"message_sid": inbound.sid})
    return _twiml()


def _spool(rt: Runtime, kind: str, form: MultiDict[str, str], arrived_on: str | None) -> Response:
    """Keep the validated form durably for the sweeper; 200 only once it is kept, 503 when
    neither the database nor the spool can take it (Twilio then calls the Fallback URL)."""
    try:
        rt.spool.append(spooled.entry(kind, form, arrived_on))
    except SpoolUnavailable as exc:
        log.error("database and spool unavailable: %s", exc)
        abort(503, "temporarily unable to store the message")
    return _twiml()


@blueprint.post("/status")
def status_callback() -> Response:
    """Twilio's delivery report for a message we sent (``MessageSid``, ``MessageStatus``,
    ``ErrorCode``): the status only moves forward; a WhatsApp message refused with 63016
    is sent again by SMS. A ``MessageSid`` not saved yet is kept and applied when it
    appears (see ``bot.messaging.callbacks``); 403 for a bad signature."""
    rt = _runtime()
    form = _strict_form()
    _verify_signature(rt, form)
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
    if not sid or not status:
        abort(400, "missing MessageSid or MessageStatus")
    if not message_status.is_known(status):
        abort(400, f"unknown MessageStatus {status!r}")
    error_code = form.get("ErrorCode", "").strip()
    if rt.spool.pending():
        return _spool(rt, spooled.STATUS, form, None)
    try:
        with use(rt), rt.sessions.begin() as session:
            known = apply_status(
                rt.outbox, session, sid, status, int(error_code) if error_code.isdigit() else None
            )
    except spooled.DATABASE_DOWN as exc:
        log.warning("database unavailable, spooling the status: %s", type(exc).__name__)
        return _spool(rt, spooled.STATUS, form, None)
    if not known:
        log.info("status for a SID not saved yet, kept", extra={"message_sid": sid})
    return _twiml()
