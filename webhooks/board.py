"""``/board``: the staff board for the dispatcher and the help desk manager.

Sign-in is a one-time code by SMS to a configured staff number (``bot.staff.signin``);
the session lasts a working day. The board shows the tickets with live response clocks,
filters and search; a ticket's conversation (every message in and out, the staff's
included) and events; who is on call now and next and the pages in progress. Its actions
are the staff SMS commands, run through ``bot.staff.commands.run_named`` with the signed-in
person as the actor, so a board action and a texted command cannot differ; on-call
overrides go through ``bot.directory.oncall`` like ``deskbot oncall override``.

Every POST carries a CSRF token (the session's, or before sign-in a double-submit cookie);
cookies are HttpOnly and SameSite=Lax, and Secure when the board is served over HTTPS.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.core.i18n import render
from bot.directory import oncall, people
from bot.runtime import Runtime, use
from bot.staff import commands, signin
from bot.tickets.actions import STATUS_WORDS
from bot.tickets.records import ALL_STATUSES, OPEN_STATUSES, parse_ref
from bot.tickets.targets import promise
from bot.timers import paging
from storage.db import utcnow
from storage.models import Email, Message, OncallOverride, Technician, Ticket

blueprint = Blueprint(
    "board",
    __name__,
    url_prefix="/board",
    template_folder="templates",
    static_folder="static",
)
SESSION_COOKIE = "deskbot_board"
ATTEMPT_COOKIE = "deskbot_board_signin"
CSRF_COOKIE = "deskbot_board_csrf"
FLASH_COOKIE = "deskbot_board_flash"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
TICKET_LIMIT = 200
INTAKE_WINDOW = timedelta(hours=24)  # the customer's messages before a ticket: its intake
MAX_TEXT = 1500


def _runtime() -> Runtime:
    return current_app.extensions["deskbot"]


# -- who is signed in ------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    phone: str
    name: str
    csrf: str
    token: str


def _secure() -> bool:
    public = _runtime().settings.public_url or ""
    return request.is_secure or public.startswith("https://")


def _set_cookie(response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/board",
        httponly=True,
        samesite="Lax",
        secure=_secure(),
    )


def _flash(response: Response, text: str, kind: str = "ok") -> Response:
    _set_cookie(response, FLASH_COOKIE, f"{kind}|{text[:400]}", 60)
    return response


def _take_flash() -> tuple[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    kind, _, text = raw.partition("|")
    g.clear_flash = True
    return (kind if kind in ("ok", "error") else "ok", text)


@blueprint.after_request
def _after(response: Response) -> Response:
    if g.get("clear_flash") and FLASH_COOKIE not in str(response.headers.getlist("Set-Cookie")):
        response.delete_cookie(FLASH_COOKIE, path="/board")
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'",
    )
    return response


def _name_of(rt: Runtime, phone: str) -> str:
    technician = rt.config.technician_by_phone(phone)
    return technician.name if technician else phone


@blueprint.before_request
def _load_staff() -> None:
    rt = _runtime()
    token = request.cookies.get(SESSION_COOKIE)
    g.staff = None
    if token:
        with rt.sessions() as session:
            row = signin.session_for(rt, session, token)
            if row is not None:
                g.staff = Staff(row.phone, _name_of(rt, row.phone), row.csrf_token, token)
    if request.method == "POST":
        _check_csrf()


def _check_csrf() -> None:
    given = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    # signed in: the session's token; before: the double-submit cookie of the sign-in form
    expected = g.staff.csrf if g.staff is not None else (request.cookies.get(CSRF_COOKIE) or "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(403, "the form has expired or did not come from the board: reload the page")


def signed_in(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if g.staff is None:
            if request.method == "GET" and not request.headers.get("X-Board-Poll"):
                return redirect(url_for("board.signin_form", next=request.full_path))
            abort(401, "signed out: sign in again")
        return view(*args, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str:
    """Only a path on the board itself (never another site) is followed after sign-in."""
    if target and target.startswith("/board") and not target.startswith("//"):
        return target
    return url_for("board.index")


def _render(template: str, **values: Any) -> str:
    rt = _runtime()
    return render_template(
        template,
        helpdesk=rt.config.helpdesk.name,
        staff=g.staff,
        flash=_take_flash(),
        csrf_field=CSRF_FIELD,
        server_now=utcnow().isoformat(),  # the clocks count on the server's time
        **values,
    )


# -- sign-in ---------------------------------------------------------------------------------


def _presession_csrf() -> str:
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)


@blueprint.get("/signin")
def signin_form():  # type: ignore[no-untyped-def]
    """The sign-in page: the staff number (``?step=code``: the code that was texted)."""
    if g.staff is not None:
        return redirect(url_for("board.index"))
    csrf = _presession_csrf()
    step = "code" if request.args.get("step") == "code" else "phone"
    html = _render(
        "board_signin.html",
        step=step,
        csrf=csrf,
        phone=request.args.get("phone", ""),
        next=_safe_next(request.args.get("next")),
    )
    response = Response(html)
    _set_cookie(response, CSRF_COOKIE, csrf, 3600)
    return response


@blueprint.post("/signin")
def signin_request():  # type: ignore[no-untyped-def]
    """Form ``phone``: text a one-time code to it when it is a staff number (the answer is the
    same either way); the browser keeps the attempt in a cookie."""
    rt = _runtime()
    target = _safe_next(request.form.get("next"))
    try:
        with rt.sessions.begin() as session:
            phone, attempt = signin.request_code(rt, session, request.form.get("phone", ""))
    except signin.SignInError as exc:
        response = redirect(url_for("board.signin_form", next=target))
        return _flash(response, str(exc), "error")
    response = redirect(url_for("board.signin_form", step="code", phone=phone, next=target))
    if attempt is not None:
        _set_cookie(response, ATTEMPT_COOKIE, attempt.cookie(), int(signin.CODE_TTL.seconds))
    else:  # nothing was sent: the next step fails like an expired code, revealing nothing
        response.delete_cookie(ATTEMPT_COOKIE, path="/board")
    return _flash(response, f"If {phone} is a staff number, a code is on its way by SMS.")


@blueprint.post("/signin/code")
def signin_code():  # type: ignore[no-untyped-def]
    """Form ``code``: the texted code, from the browser that asked for it; starts a session
    for a working day. A wrong code counts against the attempt limit."""
    rt = _runtime()
    target = _safe_next(request.form.get("next"))
    attempt = signin.Attempt.from_cookie(request.cookies.get(ATTEMPT_COOKIE))
    with rt.sessions.begin() as session:  # commits a failed guess too: it is counted
        try:
            phone = signin.verify_code(session, attempt, request.form.get("code", ""))
        except signin.SignInError as exc:
            back = url_for(
                "board.signin_form", step="code", phone=request.form.get("phone", ""), next=target
            )
            return _flash(redirect(back), str(exc), "error")
        new = signin.start_session(session, phone)
    response = redirect(target)
    _set_cookie(response, SESSION_COOKIE, new.token, int(signin.WORKING_DAY.total_seconds()))
    response.delete_cookie(ATTEMPT_COOKIE, path="/board")
    return response


@blueprint.post("/signout")
def signout():  # type: ignore[no-untyped-def]
    """End the session (in every web process: its row is deleted)."""
    rt = _runtime()
    with rt.sessions.begin() as session:
        signin.end_session(session, request.cookies.get(SESSION_COOKIE))
    response = redirect(url_for("board.signin_form"))
    response.delete_cookie(SESSION_COOKIE, path="/board")
    return _flash(response, "Signed out.")


# -- the ticket list -------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    status: str = "open"  # open | all | one status
    priority: str = ""
    assignee: str = ""  # "" any | unassigned | a technician's phone
    q: str = ""

    @classmethod
    def from_args(cls, args: Any, priorities: list[str]) -> Filters:
        status = args.get("status", "open")
        if status not in ("open", "all", *ALL_STATUSES):
            status = "open"
        priority = args.get("priority", "")
        return cls(
            status=status,
            priority=priority if priority in priorities else "",
            assignee=args.get("assignee", "")[:20],
            q=args.get("q", "").strip()[:100],
        )

    def query_string(self) -> str:
        return urlencode({k: v for k, v in self.__dict__.items() if v})


def ticket_query(filters: Filters, prefix: str) -> Any:
    query = select(Ticket).options(selectinload(Ticket.assignee))
    if filters.status == "open":
        query = query.where(Ticket.status.in_(OPEN_STATUSES))
    elif filters.status != "all":
        query = query.where(Ticket.status == filters.status)
    if filters.priority:
        query = query.where(Ticket.priority == filters.priority)
    if filters.assignee == "unassigned":
        query = query.where(Ticket.assignee_id.is_(None))
    elif filters.assignee:
        query = query.join(Technician, Ticket.assignee_id == Technician.id).where(
            Technician.phone == filters.assignee
        )
    if filters.q:
        like = f"%{filters.q}%"
        matches = [
            Ticket.company_name.ilike(like),
            Ticket.contact_name.ilike(like),
            Ticket.description.ilike(like),
            Ticket.contact_phone.ilike(like),
            Ticket.customer_phone.ilike(like),
            Ticket.email.ilike(like),
        ]
        number = parse_ref(filters.q, prefix)
        if number is not None:
            matches.append(Ticket.number == number)
        query = query.where(or_(*matches))
    return query.order_by(Ticket.id.desc()).limit(TICKET_LIMIT)


def _urgency(ticket: Ticket) -> tuple[int, datetime, int]:
    """Paging first, then tickets still waiting for a response by their due time, then the
    rest newest first."""
    far = datetime.max.replace(tzinfo=ticket.created_at.tzinfo)
    if ticket.paging:
        return (0, ticket.response_due or far, -ticket.id)
    if ticket.status in OPEN_STATUSES and ticket.first_response_at is None:
        return (1, ticket.response_due or far, -ticket.id)
    return (2, far, -ticket.id)


def _tickets(session: Session, filters: Filters) -> list[Ticket]:
    prefix = _runtime().config.helpdesk.ticket_prefix
    return sorted(session.scalars(ticket_query(filters, prefix)), key=_urgency)


def clock(ticket: Ticket) -> dict[str, Any]:
    """The response clock as the page shows it: counting down to ``due`` until a person
    responded, then met (on time or late); ``due`` is the ticket's one promise."""
    due = promise(ticket, utcnow()).due
    if ticket.first_response_at is not None:
        late = due is not None and ticket.first_response_at > due
        return {
            "state": "late" if late else "met",
            "due": None,
            "text": "met late" if late else "met",
        }
    if ticket.status not in OPEN_STATUSES or due is None:
        return {"state": "none", "due": None, "text": "–"}
    return {"state": "running", "due": due.isoformat(), "text": _left(due)}


def _left(due: datetime) -> str:
    seconds = int((due - utcnow()).total_seconds())
    span = abs(seconds) // 60
    text = f"{span // 60}h {span % 60:02d}m" if span >= 60 else f"{span}m"
    return f"{text} left" if seconds >= 0 else f"breached {text} ago"


def _technicians(session: Session) -> list[Technician]:
    return list(
        session.scalars(
            select(Technician).where(Technician.active.is_(True)).order_by(Technician.name)
        )
    )


@blueprint.get("")
@blueprint.get("/")
@signed_in
def index():  # type: ignore[no-untyped-def]
    """The board: tickets with live response clocks (query ``q``, ``status`` = open | any
    status | all, ``priority``, ``assignee`` = a technician's phone or ``unassigned``), who is
    on call now and next, the escalation chain, pages in progress and on-call overrides."""
    rt = _runtime()
    filters = Filters.from_args(request.args, rt.config.priority_names)
    with rt.sessions() as session:
        return _render(
            "board.html",
            filters=filters,
            tickets=_tickets(session, filters),
            clock=clock,
            statuses=ALL_STATUSES,
            priorities=rt.config.priority_names,
            technicians=_technicians(session),
            duty=_duty(rt, session),
            local=lambda at: _local(rt, at),
            local_input=lambda at: _local(rt, at, "%Y-%m-%dT%H:%M"),
            now=utcnow(),
        )


@blueprint.get("/rows")
@signed_in
def rows():  # type: ignore[no-untyped-def]
    """The list's rows alone, for the page's live refresh."""
    rt = _runtime()
    filters = Filters.from_args(request.args, rt.config.priority_names)
    with rt.sessions() as session:
        return render_template(
            "board_rows.html",
            tickets=_tickets(session, filters),
            clock=clock,
            local=lambda at: _local(rt, at),
        )


def _local(rt: Runtime, at: datetime | None, fmt: str = "%a %d %b %H:%M") -> str:
    return at.astimezone(rt.config.zone).strftime(fmt) if at else "–"


# -- on call ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    ticket: Ticket
    level: int
    paged: str
    next_at: datetime | None


def _duty(rt: Runtime, session: Session) -> dict[str, Any]:
    now = utcnow()
    current, upcoming = oncall.now_and_next(rt.config, session, now)
    pages = [
        Page(
            ticket=t,
            level=t.escalation_level,
            paged=people.describe(
                rt.config, paging.phone_at_level(rt, session, t.escalation_level, now)
            ),
            next_at=t.next_page_at,
        )
        for t in session.scalars(
            select(Ticket)
            .options(selectinload(Ticket.assignee))
            .where(Ticket.paging.is_(True))
            .order_by(Ticket.id)
        )
    ]
    overrides = list(
        session.scalars(
            select(OncallOverride)
            .where(OncallOverride.ends_at > now)
            .order_by(OncallOverride.starts_at, OncallOverride.id)
        )
    )
    return {
        "now": current,
        "next": upcoming,
        "chain": [people.describe(rt.config, p) for p in people.escalation_chain(rt.config)],
        "pages": pages,
        "overrides": overrides,
        "staff": sorted(rt.config.staff_phones),
        "describe": lambda phone: people.describe(rt.config, phone),
        "zone": rt.config.helpdesk.timezone,
    }


@blueprint.post("/oncall/override")
@signed_in
def add_override():  # type: ignore[no-untyped-def]
    """Put a staff number on call for a while, exactly like ``deskbot oncall override``."""
    rt = _runtime()
    back = redirect(url_for("board.index") + "#oncall")
    try:
        phone = oncall.staff_number(rt.config, request.form.get("phone", ""))
        start = oncall.parse_local(rt.config, request.form.get("from", ""), end_of_day=False)
        end = oncall.parse_local(rt.config, request.form.get("to", ""), end_of_day=True)
        if end <= start:
            raise ValueError("the end must be after the start")
    except ValueError as exc:
        return _flash(back, f"Override not saved: {exc}", "error")
    with rt.sessions.begin() as session:
        row = oncall.add_override(session, phone, start, end)
        text = (
            f"Override {row.id}: {people.describe(rt.config, phone)} on call "
            f"{_local(rt, start)} → {_local(rt, end)}."
        )
    return _flash(back, text)


@blueprint.post("/oncall/override/<int:override_id>/remove")
@signed_in
def remove_override(override_id: int):  # type: ignore[no-untyped-def]
    """Delete an on-call override, like ``deskbot oncall remove``."""
    rt = _runtime()
    back = redirect(url_for("board.index") + "#oncall")
    with rt.sessions.begin() as session:
        row = session.get(OncallOverride, override_id)
        if row is None:
            return _flash(back, f"No override {override_id}.", "error")
        session.delete(row)
    return _flash(back, f"Override {override_id} removed.")


# -- one ticket ------------------------------------------------------------------------------


def _ticket_or_404(session: Session, ref: str) -> Ticket:
    number = parse_ref(ref, _runtime().config.helpdesk.ticket_prefix)
    ticket = None
    if number is not None:
        ticket = session.scalars(
            select(Ticket)
            .options(
                selectinload(Ticket.events),
                selectinload(Ticket.time_entries),
                selectinload(Ticket.assignee),
            )
            .where(Ticket.number == number)
        ).first()
    if ticket is None:
        abort(404, f"no ticket {ref}")
    return ticket


def conversation(session: Session, ticket: Ticket) -> list[Message]:
    """Every message about the ticket (customer and staff), and the customer's intake
    messages that led to it (their unthreaded messages of the day before it was filed)."""
    intake = and_(
        Message.peer == ticket.customer_phone,
        Message.ticket_id.is_(None),
        Message.created_at >= ticket.created_at - INTAKE_WINDOW,
        Message.created_at <= ticket.created_at + timedelta(minutes=1),
    )
    return list(
        session.scalars(
            select(Message).where(or_(Message.ticket_id == ticket.id, intake)).order_by(Message.id)
        )
    )


def _who(rt: Runtime, ticket: Ticket, message: Message) -> str:
    if message.peer == ticket.customer_phone:
        return ticket.contact_name or message.peer
    return people.describe(rt.config, message.peer)


@blueprint.get("/t/<ref>")
@signed_in
def ticket_page(ref: str):  # type: ignore[no-untyped-def]
    """One ticket: its fields and clock, the whole conversation (customer and staff
    messages, the intake included), events, time entries and the action forms."""
    rt = _runtime()
    with rt.sessions() as session:
        ticket = _ticket_or_404(session, ref)
        return _render(
            "board_ticket.html",
            ticket=ticket,
            clock=clock(ticket),
            messages=conversation(session, ticket),
            who=lambda m: _who(rt, ticket, m),
            local=lambda at: _local(rt, at),
            emails=list(
                session.scalars(
                    select(Email).where(Email.ticket_id == ticket.id).order_by(Email.id)
                )
            ),
            technicians=_technicians(session),
            priorities=rt.config.priority_names,
            statuses=BOARD_STATUSES,
            open_statuses=OPEN_STATUSES,
            actions=ACTIONS,
        )


@blueprint.get("/t/<ref>/conversation")
@signed_in
def ticket_conversation(ref: str):  # type: ignore[no-untyped-def]
    """The conversation alone, for the page's live refresh."""
    rt = _runtime()
    with rt.sessions() as session:
        ticket = _ticket_or_404(session, ref)
        return render_template(
            "board_conversation.html",
            ticket=ticket,
            messages=conversation(session, ticket),
            who=lambda m: _who(rt, ticket, m),
            local=lambda at: _local(rt, at),
        )


# -- actions: the staff commands, with form fields for their arguments ------------------------

BOARD_STATUSES = tuple(dict.fromkeys(STATUS_WORDS.values()))


def _field(form: Any, name: str) -> str:
    return " ".join(str(form.get(name, "")).split())[:200]


def _paragraph(form: Any) -> str:
    return str(form.get("text", "")).strip()[:MAX_TEXT]


def _onsite_args(form: Any) -> str:
    when = str(form.get("when", "")).strip().replace("T", " ")
    return " ".join(p for p in (when, _field(form, "duration"), _paragraph(form)) if p)


def _time_args(form: Any) -> str:
    start, end = _field(form, "start"), _field(form, "end")
    span = f"{start}-{end}" if start and end else ""
    return " ".join(p for p in (_field(form, "duration"), span, _paragraph(form)) if p)


@dataclass(frozen=True)
class BoardAction:
    """A button on the ticket page: the staff command it runs and how its form's fields
    become the command's arguments."""

    command: str
    label: str
    args: Callable[[Any], str]


ACTIONS: dict[str, BoardAction] = {
    a.command: a
    for a in (
        BoardAction("ack", "Acknowledge", lambda form: ""),
        BoardAction("reply", "Reply to the customer", _paragraph),
        BoardAction("note", "Internal note", _paragraph),
        BoardAction("assign", "Assign", lambda form: _field(form, "technician")),
        BoardAction("status", "Status", lambda form: _field(form, "status")),
        BoardAction("priority", "Priority", lambda form: _field(form, "priority")),
        BoardAction("onsite", "Onsite visit", _onsite_args),
        BoardAction("time", "Log time", _time_args),
        BoardAction("resolve", "Resolve", _paragraph),
    )
}


def check_actions(actions: dict[str, BoardAction]) -> None:
    """Every board action is a staff command (raised at import: a bad table never serves)."""
    for name in actions:
        if commands.BY_WORD.get(name) is None or commands.BY_WORD[name].name != name:
            raise commands.CommandTableError(f"board action {name!r} is not a staff command")


check_actions(ACTIONS)


@contextmanager
def _as_staff(rt: Runtime) -> Iterator[tuple[Session, commands.Context]]:
    with use(rt), rt.sessions.begin() as session:
        yield session, commands.Context(rt, session, commands.actor_for(session, g.staff.phone))


@blueprint.post("/t/<ref>/<action>")
@signed_in
def act(ref: str, action: str):  # type: ignore[no-untyped-def]
    """Run ``action`` (ack, reply, note, assign, status, priority, onsite, time, resolve) on
    the ticket as the signed-in staff member: the staff SMS command of that name, with its
    checks and its messages to the customer and staff. Form fields: ``text``;
    ``technician`` (name or phone); ``status`` (in_progress | waiting_customer | scheduled);
    ``priority``; onsite ``when`` (local ``YYYY-MM-DDTHH:MM`` or ``tomorrow 10:00``),
    ``duration``, ``text`` (reason); time ``duration`` and/or ``start``/``end`` (HH:MM),
    ``text``."""
    rt = _runtime()
    board_action = ACTIONS.get(action)
    number = parse_ref(ref, rt.config.helpdesk.ticket_prefix)
    if board_action is None or number is None:
        abort(404, f"no action {action!r} on {ref!r}")
    back = redirect(url_for("board.ticket_page", ref=ref))
    language = rt.config.staff_language(g.staff.phone)  # the reply a text would get, as read
    with _as_staff(rt) as (session, ctx):
        try:
            with session.begin_nested():
                outcome = commands.run_named(ctx, action, number, board_action.args(request.form))
        except commands.CommandError as exc:
            return _flash(back, render(exc.text, language), "error")
    return _flash(back, render(outcome.text, language))
