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
from sqlalchemy import update
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

from bot.channels import status as message_status
from bot.jobs.inbox import receive
from bot.messaging import fallback
from bot.messaging.inbound import BadInbound, accept, parse_form
from bot.messaging.outbox import replies_via
from bot.runtime import Runtime, use
from storage.models import Message

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

    Answers empty TwiML once the message is stored (queued mode) or handled (inline mode);
    replies go out through the REST API, never in the TwiML. 400 for a form that is not a
    message, 403 for a bad signature, 415 for another content type; a repeated
    ``MessageSid`` answers 200 and changes nothing.
    """
    rt = _runtime()
    form = _strict_form()
    _verify_signature(rt, form)
    try:
        inbound = replace(parse_form(form), arrived_on=request.host_url.rstrip("/"))
    except BadInbound as exc:
        abort(400, str(exc))
    with use(rt), replies_via(inbound.arrived_on), rt.sessions.begin() as session:
        # Queued mode stores and answers; a worker handles it (see bot.jobs.inbox).
        if rt.queued_inbound:
            fresh = accept(session, inbound, rt.queue.ring_inbox)
        else:
            fresh = receive(rt, session, inbound)
    if not fresh:
        log.info("duplicate webhook ignored", extra={"message_sid": inbound.sid})
    return _twiml()


@blueprint.post("/status")
def status_callback() -> Response:
    """Twilio's delivery report for a message we sent (``MessageSid``, ``MessageStatus``,
    ``ErrorCode``): the status only moves forward; a WhatsApp message refused with 63016
    is sent again by SMS. 404 for an unknown ``MessageSid``, 403 for a bad signature."""
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
    with use(rt), rt.sessions.begin() as session:
        exists = session.query(Message.id).filter(Message.twilio_sid == sid).first()
        if exists is None:
            abort(404, "unknown MessageSid")
        values: dict[str, object] = {"status": status}
        if error_code.isdigit():
            values["error_code"] = int(error_code)
        moved = session.execute(
            update(Message)
            .where(
                Message.twilio_sid == sid, Message.status.in_(message_status.predecessors(status))
            )
            .values(**values)
        ).rowcount
        if moved and status in ("failed", "undelivered"):
            message = session.get(Message, exists.id)
            if message is not None:
                fallback.after_failure(rt.outbox, session, message)
    return _twiml()
