"""The read API. Every request needs ``Authorization: Bearer <token>``: ``DESKBOT_API_TOKEN``
or a token of ``[[api_tokens]]`` (read or write scope); with no token configured the API is
closed (401 for everyone). Writes are in ``webhooks.api_write``."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, jsonify, request
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from bot.core.phones import PhoneError, to_e164
from bot.privacy.export import export_person
from bot.privacy.subject import IdentifierError, parse_identifier
from bot.runtime import Runtime
from bot.tickets.records import ALL_STATUSES, message_json, parse_ref, ticket_json
from storage.db import utcnow
from storage.models import Conversation, Message, Ticket
from webhooks import api_auth

blueprint = Blueprint("api", __name__, url_prefix="/api")


def _runtime() -> Runtime:
    return current_app.extensions["deskbot"]


@blueprint.before_request
def _require_token() -> Response | None:
    """Any valid token reads (``POST /api/nlu/parse`` is a read: it changes nothing)."""
    return api_auth.require(write=False)


def require_scope(scope: str) -> None:
    """403 unless the request's token carries ``scope`` (``read`` or ``write``); the one
    place a route asks what its token may do."""
    if scope not in g.get("api_scopes", frozenset()):
        abort(403, f"this token may not {scope}: a token with the {scope!r} scope is needed")


def phone_arg(name: str = "phone", required: bool = True) -> str | None:
    """An E.164 query parameter; a raw ``+`` arrives as a space, so it is put back."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        if required:
            abort(400, f"query parameter {name!r} is required (E.164, e.g. +27831112222)")
        return None
    if re.fullmatch(r"\d{6,15}", raw):
        raw = "+" + raw
    try:
        return to_e164(raw)
    except PhoneError:
        abort(400, f"{name} must be a phone number in E.164 form (e.g. +27831112222)")


def _ticket_query():  # type: ignore[no-untyped-def]
    return select(Ticket).options(
        selectinload(Ticket.events),
        selectinload(Ticket.time_entries),
        selectinload(Ticket.assignee),
    )


@blueprint.get("/tickets")
def list_tickets():  # type: ignore[no-untyped-def]
    """Every ticket, oldest first, as JSON (the shape of ``GET /api/tickets/<ref>``).

    Query: ``status`` (one status), ``company`` (name, any case), ``phone`` (E.164: the
    customer's or the contact's number).
    """
    rt = _runtime()
    query = _ticket_query().order_by(Ticket.id)
    status = request.args.get("status")
    if status:
        if status not in ALL_STATUSES:
            abort(400, f"status must be one of {', '.join(ALL_STATUSES)}")
        query = query.where(Ticket.status == status)
    company = request.args.get("company")
    if company:
        query = query.where(Ticket.company_name.ilike(company))
    phone = phone_arg(required=False)
    if phone:
        query = query.where(or_(Ticket.customer_phone == phone, Ticket.contact_phone == phone))
    with rt.sessions() as session:
        return jsonify([ticket_json(t) for t in session.scalars(query)])


@blueprint.get("/tickets/<ref>")
def get_ticket(ref: str):  # type: ignore[no-untyped-def]
    """One ticket by reference (``TKT-1042``, ``#1042``, ``1042``) with its events and time
    entries; 404 when there is none."""
    rt = _runtime()
    number = parse_ref(ref, rt.config.helpdesk.ticket_prefix)
    if number is None:
        abort(400, f"not a ticket reference: {ref!r} (expected e.g. TKT-1042)")
    with rt.sessions() as session:
        ticket = session.scalars(_ticket_query().where(Ticket.number == number)).first()
        if ticket is None:
            abort(404, f"no ticket {ref}")
        return jsonify(ticket_json(ticket))


@blueprint.get("/conversations")
def get_conversation():  # type: ignore[no-untyped-def]
    """The conversation with ``phone`` (E.164): channel, language, state, what it is waiting
    for (``awaiting``), the fields gathered so far and its ticket; 404 when there is none."""
    rt = _runtime()
    phone = phone_arg()
    with rt.sessions() as session:
        conversation = session.scalars(
            select(Conversation).where(Conversation.phone == phone)
        ).first()
        if conversation is None:
            abort(404, f"no conversation with {phone}")
        return jsonify(conversation_json(conversation))


def conversation_json(conversation: Conversation) -> dict[str, Any]:
    return {
        "phone": conversation.phone,
        "channel": conversation.channel,
        "language": conversation.language,
        "state": conversation.state,
        "awaiting": conversation.awaiting,
        "slots": {k: v for k, v in (conversation.slots or {}).items() if not k.startswith("_")},
        "ticket": conversation.ticket.ref if conversation.ticket else None,
    }


@blueprint.get("/messages")
def list_messages():  # type: ignore[no-untyped-def]
    """The message log, both directions, oldest first: every message with ``phone`` (E.164)
    and/or of ticket ``ticket`` (a reference). With the ``console`` transport this is where
    the bot's replies can be read."""
    rt = _runtime()
    phone = phone_arg(required=False)
    ref = request.args.get("ticket")
    if not phone and not ref:
        abort(400, "give phone=<E.164> or ticket=<ref>")
    query = select(Message, Ticket.ref).outerjoin(Ticket, Message.ticket_id == Ticket.id)
    if phone:
        query = query.where(Message.peer == phone)
    if ref:
        number = parse_ref(ref, rt.config.helpdesk.ticket_prefix)
        if number is None:
            abort(400, f"not a ticket reference: {ref!r}")
        query = query.where(Ticket.number == number)
    with rt.sessions() as session:
        rows = session.execute(query.order_by(Message.id)).all()
        return jsonify([message_json(message, ticket_ref) for message, ticket_ref in rows])


@blueprint.get("/privacy/export")
def privacy_export():  # type: ignore[no-untyped-def]
    """Everything held about one person (``phone=<E.164>`` or ``email=``) as one JSON
    document, the same as ``deskbot privacy export``. Personal data of a customer in
    bulk, so it needs a write-scoped token."""
    require_scope("write")
    given = [request.args.get(name, "").strip() for name in ("phone", "email")]
    given = [value for value in given if value]
    if len(given) != 1:
        abort(400, "give exactly one of phone=<E.164> or email=<address>")
    try:
        identifier = parse_identifier(given[0])  # a raw + arrives as a space: stripped
    except IdentifierError as exc:
        abort(400, str(exc))
    rt = _runtime()
    with rt.sessions() as session:
        return jsonify(export_person(session, rt.config, identifier, utcnow()))


@blueprint.post("/nlu/parse")
def nlu_parse():  # type: ignore[no-untyped-def]
    """The parser's answer in the JSON shape of Rasa's ``POST /model/parse``, plus ``language``."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        abort(400, 'send JSON like {"text": "my printer is broken"}')
    text = payload["text"]
    if len(text) > 4000:
        abort(413, "text is longer than 4000 characters")
    return jsonify(_runtime().nlu.parse(text))
