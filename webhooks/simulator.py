"""``GET /simulator``: three phones in a browser (customer, technician, on-call engineer).

Every message typed into a phone becomes a real Twilio inbound webhook, posted through
the app's own WSGI stack to ``/webhooks/twilio/messages`` and signed when an auth token
is configured, so the simulator exercises exactly the code path Twilio does. The page
polls the small JSON endpoints below for what the system sent back.

The blueprint is registered only in ``console`` transport mode or with
``DESKBOT_SIMULATOR=1`` (see ``webhooks.app``): it lets anyone impersonate any phone.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload
from twilio.request_validator import RequestValidator

from bot.core.config import Config
from bot.core.phones import PhoneError, channel_address, to_e164
from bot.directory.oncall import on_call
from bot.messaging import media
from bot.runtime import Runtime
from bot.tickets.notifications import staff_time
from bot.tickets.records import message_json
from bot.tickets.targets import promise
from storage.db import utcnow
from storage.models import Conversation, MediaFile, Message, Ticket
from webhooks.api import conversation_json, phone_arg

blueprint = Blueprint(
    "simulator",
    __name__,
    url_prefix="/simulator",
    template_folder="templates",
    static_folder="static",
)
WEBHOOK_PATH = "/webhooks/twilio/messages"
CHANNELS = ("whatsapp", "sms")
MAX_BODY = 1600  # Twilio's own limit for one message
PAGE_SIZE = 200  # messages per poll; the page asks again with ``after``
TICKET_LIMIT = 50  # newest tickets shown beside the phones
PLACEHOLDER_ACCOUNT_SID = "AC" + "0" * 32
PLACEHOLDER_NUMBER = "+10000000000"


def _runtime() -> Runtime:
    return current_app.extensions["deskbot"]


# -- who is who -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A phone the page offers: ``detail`` is the company or the role."""

    phone: str
    name: str
    detail: str


def customers(config: Config) -> list[Person]:
    return [
        Person(contact.phone, contact.name, company.name)
        for company in config.companies
        for contact in company.contacts
    ]


def staff(config: Config) -> list[Person]:
    """Technicians and managers, then escalation numbers that are nobody's technician entry."""
    people = [Person(t.phone, t.name, t.role) for t in config.technicians]
    known = {t.phone for t in config.technicians}
    for level, phone in enumerate(config.oncall.escalation, start=1):
        if phone not in known:
            people.append(Person(phone, f"Escalation {level}", "escalation"))
            known.add(phone)
    for phone in config.oncall.rotation:
        if phone not in known:
            people.append(Person(phone, phone, "on-call rotation"))
            known.add(phone)
    return people


def on_call_now(rt: Runtime, now: datetime) -> Person | None:
    """The engineer on call right now, as paging sees it: the rotation and stored overrides."""
    with rt.sessions() as session:
        phone = on_call(rt.config, session, now)
    if phone is None:
        return None
    person = next((p for p in staff(rt.config) if p.phone == phone), None)
    return person or Person(phone, phone, "on call")


def directory(rt: Runtime) -> dict[str, Any]:
    """What the three phones may be: the page's initial state and ``GET /simulator/api/people``."""
    team = staff(rt.config)
    oncall = on_call_now(rt, utcnow())
    # The technician phone starts on someone other than the on-call engineer, so the three
    # phones are three different people.
    default_tech = next(
        (
            p
            for p in team
            if p.detail == "technician" and (oncall is None or p.phone != oncall.phone)
        ),
        team[0] if team else None,
    )
    return {
        "customers": [asdict(p) for p in customers(rt.config)],
        "staff": [asdict(p) for p in team],
        "oncall": asdict(oncall) if oncall else None,
        "default_technician": default_tech.phone if default_tech else None,
        "channels": list(CHANNELS),
        "helpdesk": rt.config.helpdesk.name,
    }


# -- sending: a real, signed webhook ----------------------------------------------------------


def inbound_form(rt: Runtime, phone: str, channel: str, body: str) -> dict[str, str]:
    """The form Twilio posts for one inbound message."""
    return {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": rt.settings.twilio_account_sid or PLACEHOLDER_ACCOUNT_SID,
        "From": channel_address(channel, phone),
        "To": channel_address(channel, rt.outbox.sender(channel) or PLACEHOLDER_NUMBER),
        "Body": body,
        "NumMedia": "0",
    }


def post_inbound(app: Flask, rt: Runtime, form: dict[str, str], base_url: str):  # type: ignore[no-untyped-def]
    """POST ``form`` to the inbound webhook through the app's WSGI stack, as Twilio would.

    With an auth token the form is signed for the URL the webhook checks: ``PUBLIC_URL``
    when set, else ``base_url`` (the host the simulator itself was reached on).
    """
    base_url = base_url.rstrip("/")
    headers = {}
    token = rt.settings.twilio_auth_token
    if token:
        signed = (rt.settings.public_url or base_url) + WEBHOOK_PATH
        headers["X-Twilio-Signature"] = RequestValidator(token).compute_signature(signed, form)
    return app.test_client().post(WEBHOOK_PATH, base_url=base_url, data=form, headers=headers)


@blueprint.post("/api/send")
def send():  # type: ignore[no-untyped-def]
    """``{"phone", "channel", "body"}`` → one inbound webhook; answers with its MessageSid.

    JSON only: a cross-site HTML form cannot send ``application/json`` without a CORS
    preflight, so another page cannot type into the simulator's phones.
    """
    rt = _runtime()
    if not request.is_json:
        abort(415, 'send a JSON body: {"phone": "+27...", "channel": "whatsapp", "body": "..."}')
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        abort(400, "the body must be a JSON object")
    phone = _phone(payload.get("phone"))
    channel = payload.get("channel") or "whatsapp"
    if channel not in CHANNELS:
        abort(400, f"channel must be one of {', '.join(CHANNELS)}")
    body = payload.get("body")
    if not isinstance(body, str) or not body.strip():
        abort(400, "body must be a non-empty string")
    if len(body) > MAX_BODY:
        abort(400, f"body is longer than {MAX_BODY} characters")
    form = inbound_form(rt, phone, channel, body)
    response = post_inbound(current_app._get_current_object(), rt, form, request.host_url)  # type: ignore[attr-defined]
    if response.status_code != 200:
        detail = (response.get_json(silent=True) or {}).get("error") or response.status
        abort(502, f"the webhook answered {response.status_code}: {detail}")
    return jsonify(sid=form["MessageSid"], phone=phone, channel=channel), 201


def _phone(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        abort(400, "phone is required (E.164, e.g. +27825551234)")
    try:
        return to_e164(value)
    except PhoneError:
        abort(400, f"phone {value!r} is not a number in E.164 form (e.g. +27825551234)")


# -- reading: messages, conversation, tickets -------------------------------------------------


@blueprint.get("/api/messages")
def messages():  # type: ignore[no-untyped-def]
    """One phone's messages (both directions) after message id ``after``, and its conversation."""
    rt = _runtime()
    phone = phone_arg()
    try:
        after = int(request.args.get("after") or 0)
    except ValueError:
        abort(400, "after must be a message id (an integer)")
    query = (
        select(Message, Ticket.ref)
        .outerjoin(Ticket, Message.ticket_id == Ticket.id)
        .where(Message.peer == phone, Message.id > after)
        .order_by(Message.id)
        .limit(PAGE_SIZE)
    )
    with rt.sessions() as session:
        rows = session.execute(query).all()
        conversation = session.scalars(
            select(Conversation).where(Conversation.phone == phone)
        ).first()
        images = inline_images(rt, session, [message for message, _ in rows])
        return jsonify(
            phone=phone,
            messages=[
                {**message_json(message, ref), "images": images.get(message.id, [])}
                for message, ref in rows
            ],
            conversation=conversation_json(conversation) if conversation else None,
        )


_MEDIA_LINK = re.compile(r"(?:https?://[^\s/]+)?/media/(\d+)\?exp=\d+&sig=[0-9a-f]+")


def inline_images(rt: Runtime, session: Session, rows: list[Message]) -> dict[int, list[str]]:
    """Per message id, the images to show inline: the files kept from a customer's message,
    and the deskbot links a staff message carries (same-origin paths, freshly signed)."""
    wanted: dict[int, list[int]] = {}
    for message in rows:
        if message.direction == "outbound":
            ids = [int(m.group(1)) for m in _MEDIA_LINK.finditer(message.body or "")]
            if ids:
                wanted[message.id] = ids
    inbound_ids = [m.id for m in rows if m.direction == "inbound" and m.media]
    files = list(
        session.scalars(
            select(MediaFile).where(
                or_(
                    MediaFile.message_id.in_(inbound_ids),
                    MediaFile.id.in_({i for ids in wanted.values() for i in ids}),
                )
            )
        )
    )
    by_id = {f.id: f for f in files}
    for file in files:
        if file.message_id in inbound_ids:
            wanted.setdefault(file.message_id, []).append(file.id)
    expires = int((utcnow() + rt.config.media.link_valid).timestamp())
    return {
        message_id: [
            media.signed_path(rt.settings, i, expires)
            for i in ids
            if i in by_id and by_id[i].content_type.startswith("image/")
        ]
        for message_id, ids in wanted.items()
    }


def response_clock(ticket: Ticket, now: datetime) -> dict[str, Any]:
    """Where the first-response promise stands (``bot.tickets.targets.promise``): met,
    breached, running (seconds left, and the due time every other place states) or none."""
    return promise(ticket, now).as_json()


@blueprint.get("/api/tickets")
def tickets():  # type: ignore[no-untyped-def]
    """The newest tickets with their response clocks, computed against the server's clock."""
    rt = _runtime()
    now = utcnow()
    query = (
        select(Ticket).options(selectinload(Ticket.assignee)).order_by(Ticket.id.desc())
    ).limit(TICKET_LIMIT)
    with rt.sessions() as session:
        rows = [
            {
                "ref": t.ref,
                "status": t.status,
                "priority": t.priority,
                "company": t.company_name,
                "contact_name": t.contact_name,
                "customer_phone": t.customer_phone,
                "description": t.description,
                "channel": t.channel,
                "assignee": t.assignee.name if t.assignee else None,
                "after_hours": t.after_hours,
                "created_at": _iso(t.created_at),
                "response_due": _iso(promise(t, now).due),
                "first_response_at": _iso(t.first_response_at),
                "clock": {
                    **response_clock(t, now),
                    "due_text": staff_time(rt, promise(t, now).due),
                },
            }
            for t in session.scalars(query)
        ]
    return jsonify(now=now.isoformat(), tickets=rows)


@blueprint.get("/api/people")
def people():  # type: ignore[no-untyped-def]
    """The phones the page offers: customers, staff, who is on call, the channels."""
    return jsonify(directory(_runtime()))


@blueprint.get("")
def page() -> str:
    """The simulator page: a customer's, a technician's and the on-call engineer's phone."""
    rt = _runtime()
    return render_template(
        "simulator.html",
        people=directory(rt),
        priorities=rt.config.priority_names,
        transport=rt.settings.transport,
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
