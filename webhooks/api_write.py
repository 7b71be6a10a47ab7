"""The write API: what a technician can do by SMS, for a PSA or a script. Every write
needs a token with scope ``write`` (or ``DESKBOT_API_TOKEN``), takes a JSON object and
answers ``{"result": "…", "ticket": {…}}`` with the ticket as ``GET /api/tickets/<ref>``
shows it.

The actions run the staff commands' own code (``bot.staff.commands`` handlers and
``bot.tickets.actions``), so the ticket, its events and the customer's messages are
exactly what the SMS command gives. ``actor`` (optional, every ticket action) names the
technician (name or phone) who acts; without it the desk acts under its own name.
Errors: 400 for a body that is not a JSON object, 401/403 for the token, 404 for an
unknown ticket, 409 when the ticket's state does not allow the change, 422 with
``fields`` naming every invalid field. A request with ``Idempotency-Key`` is performed
once: a retry with the same key and body gets the first answer again
(``Idempotent-Replayed: true``).
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from flask import Blueprint, Response, current_app, g, jsonify, request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import on_behalf
from bot.core import metrics
from bot.core.durations import DurationError, parse_duration
from bot.core.phones import is_e164
from bot.runtime import Runtime, use
from bot.staff import commands
from bot.staff.commands import CommandError, Context, Outcome
from bot.tickets import actions as act
from bot.tickets.actions import Actor
from bot.tickets.notifications import staff_time
from bot.tickets.records import ALL_STATUSES, OPEN_STATUSES, parse_ref, ticket_json
from storage.db import dialect_insert, utcnow
from storage.models import ApiIdempotency, Ticket
from webhooks import api_auth

log = logging.getLogger(__name__)
blueprint = Blueprint("api_write", __name__, url_prefix="/api")
MAX_TEXT = 4000
MAX_KEY = 200


class ApiError(Exception):
    """A refused write; nothing was changed."""

    def __init__(self, code: int, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.fields = code, message, fields or {}

    def response(self) -> Response:
        body: dict[str, Any] = {"error": self.message}
        if self.fields:
            body["fields"] = self.fields
        response = jsonify(body)
        response.status_code = self.code
        return response


def invalid(**fields: str) -> ApiError:
    return ApiError(422, "invalid fields: " + ", ".join(fields), fields)


# -- bodies -----------------------------------------------------------------------------------


def _e164(value: str | None) -> str | None:
    if value is not None and not is_e164(value):
        raise ValueError("must be a phone number in E.164 form, e.g. +27831112222")
    return value


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class _TicketAction(_Body):
    actor: str | None = Field(default=None, min_length=1, max_length=200)


class TextBody(_TicketAction):
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class AssignBody(_TicketAction):
    technician: str = Field(min_length=1, max_length=200)


class StatusBody(_TicketAction):
    status: str = Field(min_length=1, max_length=40)


class PriorityBody(_TicketAction):
    priority: str = Field(min_length=1, max_length=40)


class OnsiteBody(_TicketAction):
    start: AwareDatetime
    duration: int | str = commands.DEFAULT_VISIT_MINUTES  # minutes, or "2h", "1h30m"
    reason: str | None = Field(default=None, max_length=MAX_TEXT)


class TimeBody(_TicketAction):
    minutes: int | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    parts: str | None = Field(default=None, max_length=MAX_TEXT)


class NewTicketBody(_Body):
    contact_phone: str
    description: str = Field(min_length=1, max_length=MAX_TEXT)
    company: str | None = Field(default=None, min_length=1, max_length=200)
    contact_name: str | None = Field(default=None, min_length=1, max_length=200)
    customer_phone: str | None = None
    email: str | None = Field(default=None, max_length=254)
    priority: str | None = None
    channel: Literal["sms", "whatsapp"] | None = None
    language: str | None = None
    impact: str | None = Field(default=None, max_length=MAX_TEXT)
    onsite_requested: bool = False
    onsite_reason: str | None = Field(default=None, max_length=MAX_TEXT)

    _phones = field_validator("contact_phone", "customer_phone")(_e164)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("must be an e-mail address")
        return value or None


def parse_body(model: type[_Body]) -> Any:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ApiError(400, "send a JSON object (Content-Type: application/json)")
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        fields: dict[str, str] = {}
        for error in exc.errors():
            name = ".".join(str(p) for p in error["loc"]) or "(body)"
            reason = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                reason = "unknown field"
            elif error["type"] == "missing":
                reason = "required"
            fields.setdefault(name, reason)
        raise invalid(**fields) from exc


# -- the actions ------------------------------------------------------------------------------


Runner = Callable[[Context, Ticket, Any], Outcome]


@dataclass(frozen=True)
class Action:
    """One write on a ticket: its body, the staff command whose rules it follows (open
    tickets only…), what runs, and its line in the reference."""

    name: str
    body: type[_TicketAction]
    command: str
    run: Runner
    doc: str


def _reply(ctx: Context, ticket: Ticket, body: TextBody) -> Outcome:
    return commands.do_reply(ctx, ticket, body.text)


def _note(ctx: Context, ticket: Ticket, body: TextBody) -> Outcome:
    return commands.do_note(ctx, ticket, body.text)


def _resolve(ctx: Context, ticket: Ticket, body: TextBody) -> Outcome:
    return commands.do_resolve(ctx, ticket, body.text)


def _assign(ctx: Context, ticket: Ticket, body: AssignBody) -> Outcome:
    try:
        commands.find_technician(ctx.session, body.technician)
    except CommandError as exc:
        raise invalid(technician=str(exc)) from exc
    return commands.do_assign(ctx, ticket, body.technician)


def _status(ctx: Context, ticket: Ticket, body: StatusBody) -> Outcome:
    word = re.sub(r"[\s-]+", "_", body.status.casefold())
    if word not in act.STATUS_WORDS:
        settable = "in_progress, waiting_customer, scheduled"
        if word in ALL_STATUSES:
            raise ApiError(
                409,
                f"status {word} cannot be set directly (settable: {settable}; resolve with "
                "POST /api/tickets/<ref>/resolve, the customer closes or reopens)",
            )
        raise invalid(status=f"unknown status {body.status!r} (settable: {settable})")
    return commands.do_status(ctx, ticket, word)


def _priority(ctx: Context, ticket: Ticket, body: PriorityBody) -> Outcome:
    names = ctx.rt.config.priority_names
    if body.priority.casefold() not in [n.casefold() for n in names]:
        raise invalid(priority=f"unknown priority {body.priority!r} (one of {', '.join(names)})")
    return commands.do_priority(ctx, ticket, body.priority)


def _minutes(value: int | str) -> int:
    """Minutes, or a duration such as ``2h`` or ``1h30m``; raises ``ValueError``."""
    if isinstance(value, int):
        return value
    try:
        return math.ceil(parse_duration(value).total_seconds() / 60)
    except DurationError as exc:
        raise ValueError(str(exc)) from exc


def _onsite(ctx: Context, ticket: Ticket, body: OnsiteBody) -> Outcome:
    problems: dict[str, str] = {}
    if body.start <= utcnow():
        problems["start"] = f"{body.start.isoformat()} is in the past"
    try:
        minutes = _minutes(body.duration)
        if not 0 < minutes <= commands.MAX_WORK_MINUTES:
            raise ValueError("a visit lasts 1 minute to 24 hours")
    except ValueError as exc:
        problems["duration"] = str(exc)
    if problems:
        raise invalid(**problems)
    reason = body.reason or ticket.onsite_reason or ticket.description
    act.schedule_onsite(ctx.rt, ctx.session, ticket, ctx.actor, body.start, minutes, reason)
    return Outcome(
        f"{ticket.ref} onsite {staff_time(ctx.rt, body.start)} ({minutes} min); "
        "the customer got the confirmation.",
        ticket,
    )


def _time(ctx: Context, ticket: Ticket, body: TimeBody) -> Outcome:
    started, ended, minutes = _work_period(body)
    act.log_time(ctx.session, ticket, ctx.actor, started, ended, minutes, body.text, body.parts)
    total = sum(e.minutes for e in ticket.time_entries)
    return Outcome(f"{ticket.ref}: {minutes} min logged ({total} min in total).", ticket)


def _work_period(body: TimeBody) -> tuple[datetime, datetime, int]:
    if body.start is not None and body.end is not None:
        if body.minutes is not None:
            raise invalid(minutes="give minutes, or start and end, not both")
        minutes = round((body.end - body.start).total_seconds() / 60)
        if not 0 < minutes <= commands.MAX_WORK_MINUTES:
            raise invalid(end="must be 1 minute to 24 hours after start")
        return body.start, body.end, minutes
    if body.start is not None or body.end is not None:
        missing = "end" if body.start is not None else "start"
        raise invalid(**{missing: "required with " + ("start" if missing == "end" else "end")})
    if body.minutes is None:
        raise invalid(minutes="required (or start and end)")
    if not 0 < body.minutes <= commands.MAX_WORK_MINUTES:
        raise invalid(minutes="a work period is 1 to 1440 minutes")
    ended = utcnow()
    return ended - timedelta(minutes=body.minutes), ended, body.minutes


ACTIONS: tuple[Action, ...] = (
    Action("reply", TextBody, "reply", _reply, '`{"text"}` goes to the customer on their channel'),
    Action("note", TextBody, "note", _note, '`{"text"}`: an internal note, not sent'),
    Action(
        "assign",
        AssignBody,
        "assign",
        _assign,
        '`{"technician"}` (name or phone): reassign; the technician gets the ticket by SMS',
    ),
    Action(
        "status",
        StatusBody,
        "status",
        _status,
        '`{"status"}`: `in_progress`, `waiting_customer` (or `waiting`) or `scheduled`; '
        "the customer is told",
    ),
    Action(
        "priority",
        PriorityBody,
        "priority",
        _priority,
        '`{"priority"}`: a key of `[priorities]`; the response target is recomputed',
    ),
    Action(
        "onsite",
        OnsiteBody,
        "onsite",
        _onsite,
        '`{"start", "duration", "reason"}`: book a visit (start ISO 8601 with offset, in the '
        'future; duration minutes or `"2h"`, default 60; reason default the ticket\'s); '
        "the customer gets the date, time and reason",
    ),
    Action(
        "time",
        TimeBody,
        "time",
        _time,
        '`{"minutes"}` or `{"start", "end"}`, plus `{"text"}` (and optional `"parts"`): '
        "log work by the minute",
    ),
    Action(
        "resolve",
        TextBody,
        "resolve",
        _resolve,
        '`{"text"}`: resolved; the customer gets the solution and the work report and is '
        "asked to confirm",
    ),
)


def check_actions(actions: tuple[Action, ...]) -> dict[str, Action]:
    """Every action follows an existing staff command; checked at import."""
    by_name = {}
    for action in actions:
        if action.command not in commands.BY_WORD:
            raise RuntimeError(f"API action {action.name!r} names no staff command")
        if action.name in by_name:
            raise RuntimeError(f"API action {action.name!r} is listed twice")
        by_name[action.name] = action
    return by_name


BY_NAME = check_actions(ACTIONS)


# -- running ----------------------------------------------------------------------------------


def _runtime() -> Runtime:
    return current_app.extensions["deskbot"]


@blueprint.before_request
def _require_write() -> Response | None:
    return api_auth.require(write=True)


@blueprint.after_request
def _count(response: Response) -> Response:
    action = (request.endpoint or "unknown").removeprefix(f"{blueprint.name}.")
    metrics.API_WRITES.labels(action, str(response.status_code)).inc()
    log.info(
        "api write",
        extra={
            "token": caller.name if (caller := g.get("api_caller")) else None,
            "action": action,
            "path": request.path,
            "status": response.status_code,
        },
    )
    return response


def _actor(session: Session, rt: Runtime, name: str | None) -> Actor:
    if name is None:
        return Actor(phone="", technician=None, label=rt.config.helpdesk.name)
    try:
        technician = commands.find_technician(session, name)
    except CommandError as exc:
        raise invalid(actor=str(exc)) from exc
    return Actor(phone=technician.phone, technician=technician)


def _ticket_payload(session: Session, ticket: Ticket) -> dict[str, Any]:
    session.flush()
    session.refresh(ticket, ["events", "time_entries", "assignee"])
    return ticket_json(ticket)


def _perform(action: Action, ref: str) -> Response:
    rt = _runtime()
    prefix = rt.config.helpdesk.ticket_prefix
    try:
        number = parse_ref(ref, prefix)
        if number is None:
            raise ApiError(404, f"not a ticket reference: {ref!r} (expected e.g. {prefix}-1042)")
        body = parse_body(action.body)
        with use(rt), rt.sessions.begin() as session:
            replay = _claim(session)
            if replay is not None:
                return replay
            ticket_id = session.scalar(select(Ticket.id).where(Ticket.number == number))
            if ticket_id is None:
                raise ApiError(404, f"no ticket {prefix}-{number}")
            ctx = Context(rt=rt, session=session, actor=_actor(session, rt, body.actor))
            ticket = commands.lock_ticket(session, ticket_id)
            assert ticket is not None  # tickets are never deleted
            if commands.BY_WORD[action.command].open_ticket_only and (
                ticket.status not in OPEN_STATUSES
            ):
                raise ApiError(
                    409, f"{ticket.ref} is {ticket.status}; {action.name} needs an open ticket"
                )
            try:
                with session.begin_nested():
                    outcome = action.run(ctx, ticket, body)
            except CommandError as exc:
                raise ApiError(409, str(exc)) from exc
            payload = {"result": str(outcome.text), "ticket": _ticket_payload(session, ticket)}
            return _answer(session, 200, payload)
    except ApiError as exc:
        return exc.response()


def _view(action: Action) -> Callable[[str], Response]:
    def view(ref: str) -> Response:
        return _perform(action, ref)

    view.__name__ = action.name
    view.__doc__ = action.doc + "."
    return view


for _action in ACTIONS:
    blueprint.add_url_rule(
        f"/tickets/<ref>/{_action.name}",
        endpoint=_action.name,
        view_func=_view(_action),
        methods=["POST"],
    )


@blueprint.post("/tickets")
def create_ticket() -> Response:
    """Open a ticket on a customer's behalf, filed exactly as an intake files it (response
    target, assignment, after-hours paging) and confirmed to the customer in their language:
    `{"contact_phone", "description"}` required; optional `company` (default: the
    directory's company of that number), `contact_name`, `customer_phone` (the number we
    write to; default `contact_phone`), `email`, `priority` (default: triage of the
    description), `channel` (`sms` | `whatsapp`), `language`, `impact`, `onsite_requested`,
    `onsite_reason`. 201 with `Location`; 409 while the customer is in a conversation."""
    rt = _runtime()
    try:
        body: NewTicketBody = parse_body(NewTicketBody)
        problems: dict[str, str] = {}
        if body.priority is not None and body.priority not in rt.config.priorities:
            problems["priority"] = f"one of {', '.join(rt.config.priority_names)}"
        languages = rt.config.helpdesk.languages
        if body.language is not None and body.language not in languages:
            problems["language"] = f"one of {', '.join(languages)}"
        if problems:
            raise invalid(**problems)
        fields = body.model_dump()
        with use(rt), rt.sessions.begin() as session:
            replay = _claim(session)
            if replay is not None:
                return replay
            try:
                ticket = on_behalf.open_ticket(
                    rt, session, on_behalf.Request(**fields), actor=f"api:{api_auth.caller().name}"
                )
            except on_behalf.CompanyUnknown as exc:
                raise invalid(company=f"required: the directory does not know {exc}") from exc
            except on_behalf.CustomerBusy as exc:
                raise ApiError(
                    409,
                    f"the customer is in a conversation with the bot (state {exc}); "
                    "try again when it is over",
                ) from exc
            payload = {
                "result": f"{ticket.ref} opened; the customer was told.",
                "ticket": _ticket_payload(session, ticket),
            }
            response = _answer(session, 201, payload)
            response.headers["Location"] = f"/api/tickets/{ticket.ref}"
            return response
    except ApiError as exc:
        return exc.response()


# -- idempotency ------------------------------------------------------------------------------


def _fingerprint() -> str:
    raw = request.method.encode() + b" " + request.path.encode() + b"\n" + request.get_data()
    return hashlib.sha256(raw).hexdigest()


def _claim(session: Session) -> Response | None:
    """With ``Idempotency-Key``: take the key in this transaction (a concurrent retry waits
    on it), or return the answer stored by the request that took it first."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if len(key) > MAX_KEY:
        raise ApiError(400, f"Idempotency-Key is longer than {MAX_KEY} characters")
    token = api_auth.caller().name
    taken = session.execute(
        dialect_insert(session)(ApiIdempotency)
        .values(
            token=token,
            key=key,
            request=_fingerprint(),
            status_code=0,
            response="",
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["token", "key"])
        .returning(ApiIdempotency.id)
    ).scalar()
    if taken is not None:
        request.environ["deskbot.idempotency_id"] = taken
        return None
    stored = session.scalars(
        select(ApiIdempotency).where(ApiIdempotency.token == token, ApiIdempotency.key == key)
    ).one()
    if stored.request != _fingerprint():
        raise ApiError(
            422,
            "Idempotency-Key was used before with another request",
            {"Idempotency-Key": "reused with a different method, path or body"},
        )
    response = Response(stored.response, status=stored.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _answer(session: Session, code: int, payload: dict[str, Any]) -> Response:
    response = jsonify(payload)
    response.status_code = code
    claimed = request.environ.get("deskbot.idempotency_id")
    if claimed is not None:
        stored = session.get(ApiIdempotency, claimed)
        if stored is not None:
            stored.status_code = code
            stored.response = response.get_data(as_text=True)
    return response
