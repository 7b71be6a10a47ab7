"""Technicians' SMS commands, as one declarative table (``docs/reference.md`` is generated
from it).

A message is ``[REF] WORD [ARGS]`` (``REF`` = ``TKT-1042``, ``#1042`` or ``1042``; ``WORD
REF ARGS`` works too); without a reference it applies to the ticket of the last message
the system sent this person (their thread). PagerDuty habits: ``4`` acknowledges, ``6``
resolves. A command that cannot run (unknown word or reference, bad arguments) gets a
short reply saying what was expected and changes nothing.

Each :class:`Command` carries its words, usage, help line and handler; ``help`` is
generated from the table and :func:`check_table` validates it at import. A failed
command's effects run in a savepoint that :class:`CommandError` rolls back.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.durations import DurationError, format_duration, parse_duration
from bot.core.i18n import N_, NP_, Text, When, lazy, lazy_lines, render
from bot.core.phones import PhoneError, to_e164
from bot.core.timewords import WhenError, parse_range, parse_when
from bot.directory import people
from bot.messaging import media
from bot.messaging.inbound import Inbound
from bot.tickets import actions as act
from bot.tickets import targets as sla
from bot.tickets import verification
from bot.tickets.actions import Actor
from bot.tickets.notifications import opted_out
from bot.tickets.records import OPEN_STATUSES
from bot.tickets.targets import promise
from bot.timers import after_hours, paging
from storage.db import utcnow
from storage.models import Conversation, MediaFile, Message, Technician, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

MAX_LIST = 10
MAX_WORK_MINUTES = 24 * 60
DEFAULT_VISIT_MINUTES = 60

# -- replies (English source strings; each technician reads them in their ``language``) -----
HELP_HINT = N_("Send HELP for the commands.")
EXPECTED_USAGE = N_("Expected: {usage}")
NO_TECHNICIAN_NUMBER = N_("No technician with number {number}. Technicians: {names}")
AMBIGUOUS_NAME = N_("'{name}' matches {matches}: be more precise.")
NO_TECHNICIAN = N_("No technician '{name}'. Technicians: {names}")
ACKNOWLEDGED = N_("{ref} acknowledged; the customer was told.")
ALREADY_ACKNOWLEDGED = N_("{ref} was already acknowledged (status {status}).")
SENT = N_("{ref}: sent to {name} by {channel}.")
NOTED = N_("{ref}: note added (not sent to the customer).")
ALREADY_ASSIGNED = N_("{ref} is already assigned to {name}.")
ASSIGNED = N_("{ref} assigned to {name}.")
STATUS_SET = N_("{ref} is now {status}; the customer was told.")
ALREADY = N_("{ref} already is {value}.")
ONSITE_USAGE = N_(
    "{ref} onsite WHEN [DURATION] [REASON], e.g. {ref} onsite tomorrow 10:00 2h replace switch"
)
NOT_WHEN = N_("{problem}. Expected: {usage}")
IN_THE_PAST = N_("{when} is in the past. Expected: {usage}")
ONSITE_BOOKED = N_("{ref} onsite {when} ({minutes} min); the customer got the confirmation.")
TIME_USAGE = N_(
    "{ref} time DURATION [HH:MM-HH:MM] TEXT [parts: ...], e.g. {ref} time 1h30m replaced switch"
)
NOT_A_WORK_PERIOD = N_("{minutes} min is not a work period (1 min to 24 h). Expected: {usage}")
SAY_WHAT = N_("Say what was done. Expected: {usage}")
TIME_LOGGED = N_("{ref}: {minutes} min logged ({total} min in total).")
RESOLVED = N_("{ref} resolved; the customer got the work report and is asked to confirm.")
PRIORITY_SET = N_("{ref} is now {priority}; respond by {due}.")
# The truth when the customer opted out (STOP): nothing reached them.
NOT_SENT_OPTED_OUT = N_(
    "{ref}: NOT sent: {name} ({phone}) opted out of messages (STOP). Your reply is on the "
    "ticket; call them instead."
)
ACKNOWLEDGED_NOT_TOLD = N_(
    "{ref} acknowledged; the customer was NOT told: {phone} opted out (STOP), call them."
)
STATUS_SET_NOT_TOLD = N_(
    "{ref} is now {status}; the customer was NOT told: {phone} opted out (STOP), call them."
)
ONSITE_BOOKED_NOT_TOLD = N_(
    "{ref} onsite {when} ({minutes} min); the customer was NOT told: {phone} opted out "
    "(STOP), call them."
)
RESOLVED_NOT_TOLD = N_(
    "{ref} resolved; the customer was NOT told: {phone} opted out (STOP), call them."
)
VERIFY_MANAGERS_ONLY = N_("Only a manager can verify a contact; ask one to send {ref} verify.")
ALREADY_VERIFIED = N_("{ref}: {name} was already verified.")
VERIFIED = N_("{ref}: {name} verified for {company}; the contract applies, respond by {due}.")
VERIFIED_PAGED = N_(
    "{ref}: {name} verified for {company}; the contract applies, respond by {due}. On-call paged."
)
VERIFIED_NO_CONTRACT = N_("{ref}: {name} verified for {company} (no contract); respond by {due}.")
NOTHING_ASSIGNED = N_("No tickets are assigned to this number.")
NO_OPEN_TICKETS = N_("You have no open tickets.")
OPEN_TICKETS = NP_("Your open tickets ({n}):", "Your open tickets ({n}):")
LIST_LINE = N_("{ref} {priority} {status} {company}: {summary} (due {due})")
MORE = N_("... and {count} more")
HELP_HEADER = N_("Commands (REF = {prefix}-1042, #1042 or 1042; no REF = ticket of my last text):")
HELP_LINE = N_("{usage} - {help}")
HELP_LINE_ALIASES = N_("{usage} - {help} (or {aliases})")
UNKNOWN_COMMAND = N_(
    "Unknown command '{word}'. Expected e.g. '{prefix}-1042 ack' or '{prefix}-1042 reply TEXT'. "
    "{hint}"
)
UNKNOWN_COMMAND_FOR = N_("Unknown command '{word}' for {ref}. Expected e.g. '{ref} ack'. {hint}")
NO_COMMAND_FOR = N_("No command for {ref}. Expected e.g. '{ref} ack'. {hint}")
NO_TICKET = N_(
    "No ticket {ref}. Write the reference as {prefix}-1042, #1042 or 1042; LIST shows yours."
)
WHICH_TICKET = N_("Which ticket? Expected e.g. '{prefix}-1042 {command}'.")
NEEDS_OPEN_TICKET = N_("{ref} is {status}; '{command}' needs an open ticket.")


class CommandError(Exception):
    """A command that cannot run; ``text`` is the reply to the technician (a :class:`Text`
    rendered in their language, or a plain string)."""

    def __init__(self, message: str | Text) -> None:
        super().__init__(str(message))
        self.text = message


@dataclass
class Context:
    rt: Runtime
    session: Session
    actor: Actor

    @property
    def prefix(self) -> str:
        return self.rt.config.helpdesk.ticket_prefix


@dataclass(frozen=True)
class Outcome:
    """The reply to the technician, and the ticket it is about (which becomes their thread)."""

    text: str | Text
    ticket: Ticket | None = None


Handler = Callable[[Context, "Ticket | None", str], Outcome]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str  # how to write it, ``REF`` standing for the reference
    help: str  # one short line
    handler: Handler
    aliases: tuple[str, ...] = ()
    needs_ticket: bool = True
    open_ticket_only: bool = False  # refused on resolved and closed tickets
    bare_ref: bool = False  # ``WORD 1042``: a bare number after the word is the reference

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# -- argument readers -----------------------------------------------------------------------


def _require(text: str, usage: str | Text) -> str:
    text = text.strip()
    if not text:
        raise CommandError(lazy(EXPECTED_USAGE, usage=usage))
    return text


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def find_technician(session: Session, text: str) -> Technician:
    """A technician by phone number or by name, forgiving case, accents and small typos."""
    technicians = list(
        session.scalars(
            select(Technician).where(Technician.active.is_(True)).order_by(Technician.id)
        )
    )
    names = ", ".join(t.name for t in technicians)
    if len(re.sub(r"\D", "", text)) >= 6:
        try:
            phone = to_e164(text.strip())
        except PhoneError:
            phone = None
        match = next((t for t in technicians if t.phone == phone), None)
        if match is None:
            raise CommandError(lazy(NO_TECHNICIAN_NUMBER, number=text, names=names))
        return match
    key = _fold(text)
    exact = [t for t in technicians if _fold(t.name) == key]
    if len(exact) == 1:
        return exact[0]
    partial = [
        t for t in technicians if key in _fold(t.name).split() or _fold(t.name).startswith(key)
    ]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        matches = ", ".join(t.name for t in partial)
        raise CommandError(lazy(AMBIGUOUS_NAME, name=text, matches=matches))
    candidates = {_fold(t.name): t for t in technicians}
    for t in technicians:
        for word in _fold(t.name).split():
            candidates.setdefault(word, t)
    close = {
        candidates[c].id: candidates[c] for c in difflib.get_close_matches(key, candidates, 3, 0.75)
    }
    if len(close) == 1:
        return next(iter(close.values()))
    raise CommandError(lazy(NO_TECHNICIAN, name=text, names=names))


_DURATION_TOKEN = re.compile(r"^(?:\d+[dhms])+$", re.IGNORECASE)
_PARTS = re.compile(r"\bparts?\s*:\s*", re.IGNORECASE)


def _split_first(text: str) -> tuple[str, str]:
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def _duration_minutes(token: str) -> int:
    try:
        return math.ceil(parse_duration(token).total_seconds() / 60)
    except DurationError as exc:
        raise CommandError(f"{exc}") from exc


# -- handlers -------------------------------------------------------------------------------


def do_ack(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    if act.acknowledge(ctx.rt, ctx.session, ticket, ctx.actor):
        told = ACKNOWLEDGED_NOT_TOLD if opted_out(ctx.session, ticket) else ACKNOWLEDGED
        return Outcome(lazy(told, ref=ticket.ref, phone=ticket.customer_phone), ticket)
    return Outcome(lazy(ALREADY_ACKNOWLEDGED, ref=ticket.ref, status=ticket.status), ticket)


def do_reply(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    text = _require(args, f"{ticket.ref} reply TEXT")
    queued = act.reply_to_customer(ctx.rt, ctx.session, ticket, ctx.actor, text)
    if not queued:  # the customer opted out: say so, never "sent"
        refused = lazy(
            NOT_SENT_OPTED_OUT,
            ref=ticket.ref,
            name=ticket.contact_name,
            phone=ticket.customer_phone,
        )
        return Outcome(refused, ticket)
    sent = lazy(SENT, ref=ticket.ref, name=ticket.contact_name, channel=queued[0].channel)
    return Outcome(sent, ticket)


def do_note(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    act.add_note(ctx.session, ticket, ctx.actor, _require(args, f"{ticket.ref} note TEXT"))
    return Outcome(lazy(NOTED, ref=ticket.ref), ticket)


def do_assign(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    technician = find_technician(ctx.session, _require(args, f"{ticket.ref} assign NAME"))
    if ticket.assignee_id == technician.id:
        return Outcome(lazy(ALREADY_ASSIGNED, ref=ticket.ref, name=technician.name), ticket)
    act.reassign(ctx.rt, ctx.session, ticket, ctx.actor, technician)
    return Outcome(lazy(ASSIGNED, ref=ticket.ref, name=technician.name), ticket)


def do_status(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    word = re.sub(r"[\s-]+", "_", args.strip().casefold())
    status = act.STATUS_WORDS.get(word)
    if status is None:
        usage = f"{ticket.ref} status in_progress|waiting|scheduled"
        raise CommandError(lazy(EXPECTED_USAGE, usage=usage))
    if act.set_status(ctx.rt, ctx.session, ticket, ctx.actor, status):
        told = STATUS_SET_NOT_TOLD if opted_out(ctx.session, ticket) else STATUS_SET
        return Outcome(
            lazy(told, ref=ticket.ref, status=status, phone=ticket.customer_phone), ticket
        )
    return Outcome(lazy(ALREADY, ref=ticket.ref, value=status), ticket)


def do_onsite(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    usage = lazy(ONSITE_USAGE, ref=ticket.ref)
    now = utcnow()
    try:
        when = parse_when(_require(args, usage), ctx.rt.config.zone, now)
    except WhenError as exc:
        raise CommandError(lazy(NOT_WHEN, problem=exc.text, usage=usage)) from exc
    if when.at <= now:
        moment = When(when.at, ctx.rt.config.zone)
        raise CommandError(lazy(IN_THE_PAST, when=moment, usage=usage))
    minutes, rest = DEFAULT_VISIT_MINUTES, when.rest
    first, tail = _split_first(rest)
    if _DURATION_TOKEN.match(first):
        minutes, rest = _duration_minutes(first), tail
    reason = rest.strip() or ticket.onsite_reason or ticket.description
    act.schedule_onsite(ctx.rt, ctx.session, ticket, ctx.actor, when.at, minutes, reason)
    moment = When(when.at, ctx.rt.config.zone)
    booked = ONSITE_BOOKED_NOT_TOLD if opted_out(ctx.session, ticket) else ONSITE_BOOKED
    return Outcome(
        lazy(booked, ref=ticket.ref, when=moment, minutes=minutes, phone=ticket.customer_phone),
        ticket,
    )


def do_time(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    usage = lazy(TIME_USAGE, ref=ticket.ref)
    rest = _require(args, usage)
    minutes: int | None = None
    first, tail = _split_first(rest)
    if _DURATION_TOKEN.match(first):
        minutes, rest = _duration_minutes(first), tail
    now = utcnow()
    try:
        clock = parse_range(rest, ctx.rt.config.zone, now)
    except WhenError as exc:
        raise CommandError(lazy(NOT_WHEN, problem=exc.text, usage=usage)) from exc
    if clock is not None:
        minutes = round((clock.ended_at - clock.started_at).total_seconds() / 60)
        started, ended, rest = clock.started_at, clock.ended_at, clock.rest
    elif minutes is None:
        raise CommandError(lazy(EXPECTED_USAGE, usage=usage))
    else:
        ended = now
        started = now - timedelta(minutes=minutes)
    if not 0 < minutes <= MAX_WORK_MINUTES:
        raise CommandError(lazy(NOT_A_WORK_PERIOD, minutes=minutes, usage=usage))
    pieces = _PARTS.split(rest, maxsplit=1)
    description = pieces[0].strip().rstrip(",;")
    parts = pieces[1].strip() if len(pieces) > 1 else None
    if not description:
        raise CommandError(lazy(SAY_WHAT, usage=usage))
    act.log_time(
        ctx.session, ticket, ctx.actor, started, ended, minutes, description, parts or None
    )
    total = sum(e.minutes for e in ticket.time_entries)
    return Outcome(lazy(TIME_LOGGED, ref=ticket.ref, minutes=minutes, total=total), ticket)


def do_resolve(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    act.resolve(ctx.rt, ctx.session, ticket, ctx.actor, args.strip())
    told = RESOLVED_NOT_TOLD if opted_out(ctx.session, ticket) else RESOLVED
    return Outcome(lazy(told, ref=ticket.ref, phone=ticket.customer_phone), ticket)


def do_priority(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    names = ctx.rt.config.priority_names
    wanted = args.strip().casefold()
    priority = next((p for p in names if p.casefold() == wanted), None)
    if priority is None:
        usage = f"{ticket.ref} priority {'|'.join(names)}"
        raise CommandError(lazy(EXPECTED_USAGE, usage=usage))
    if not act.change_priority(ctx.rt, ctx.session, ticket, ctx.actor, priority):
        return Outcome(lazy(ALREADY, ref=ticket.ref, value=priority), ticket)
    due = When(_due(ticket), ctx.rt.config.zone) if _due(ticket) else "-"
    return Outcome(lazy(PRIORITY_SET, ref=ticket.ref, priority=priority, due=due), ticket)


def do_media(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    assert ticket is not None
    files = list(
        ctx.session.scalars(
            select(MediaFile).where(MediaFile.ticket_id == ticket.id).order_by(MediaFile.id)
        )
    )
    if not files:
        return Outcome(lazy(NO_MEDIA, ref=ticket.ref), ticket)
    valid = format_duration(ctx.rt.config.media.link_valid)
    lines: list[str | Text] = [lazy(MEDIA_HEAD, len(files), ref=ticket.ref, valid=valid)]
    for file in files[:MAX_LIST]:
        link = media.signed_link(ctx.rt.settings, ctx.rt.config.media, file.id)
        kind = MEDIA_KINDS.get(file.content_type.split("/")[0], MEDIA_FILE)
        size = max(file.size // 1024, 1)
        lines.append(lazy(MEDIA_LINE, kind=lazy(kind), type=file.content_type, kb=size, link=link))
    return Outcome(lazy_lines(*lines), ticket)


NO_MEDIA = N_("{ref} has no photos or voice notes.")
MEDIA_HEAD = NP_("{ref}: {n} file, links valid {valid}:", "{ref}: {n} files, links valid {valid}:")
MEDIA_LINE = N_("{kind} ({type}, {kb} KB): {link}")
MEDIA_FILE = N_("file")
MEDIA_KINDS = {"image": N_("photo"), "audio": N_("voice note"), "video": N_("video")}


def _due(ticket: Ticket) -> datetime | None:
    """The ticket's response promise, as every other place states it."""
    return promise(ticket, utcnow()).due


def do_verify(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    """A manager confirms that the ticket's contact belongs to its company: the contract's
    benefits apply from now (target recomputed; paged at once when after hours calls for it)."""
    assert ticket is not None
    if not people.is_manager(ctx.rt.config, ctx.actor.phone):
        raise CommandError(lazy(VERIFY_MANAGERS_ONLY, ref=ticket.ref))
    if not verification.verify(ctx.rt, ctx.session, ticket, ctx.actor.name):
        return Outcome(lazy(ALREADY_VERIFIED, ref=ticket.ref, name=ticket.contact_name), ticket)
    message = VERIFIED if ticket.contract else VERIFIED_NO_CONTRACT
    if not sla.is_open(ctx.rt, utcnow()) and after_hours.should_page(ctx.rt, ticket):
        reason = "after hours: contact verified"
        if paging.start(ctx.rt, ctx.session, ticket, reason=reason):
            message = VERIFIED_PAGED
    due = When(ticket.response_due, ctx.rt.config.zone) if ticket.response_due else "-"
    values = {"ref": ticket.ref, "name": ticket.contact_name, "company": ticket.company_name}
    return Outcome(lazy(message, due=due, **values), ticket)


def do_list(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    if ctx.actor.technician is None:
        return Outcome(lazy(NOTHING_ASSIGNED))
    tickets = list(
        ctx.session.scalars(
            select(Ticket)
            .where(Ticket.assignee_id == ctx.actor.technician.id, Ticket.status.in_(OPEN_STATUSES))
            .order_by(Ticket.response_due, Ticket.id)
        )
    )
    if not tickets:
        return Outcome(lazy(NO_OPEN_TICKETS))
    lines: list[Text] = [lazy(OPEN_TICKETS, n=len(tickets))]
    for t in tickets[:MAX_LIST]:
        due = When(_due(t), ctx.rt.config.zone) if _due(t) else "-"
        lines.append(
            lazy(
                LIST_LINE,
                ref=t.ref,
                priority=t.priority,
                status=t.status,
                company=t.company_name,
                summary=t.description[:40],
                due=due,
            )
        )
    if len(tickets) > MAX_LIST:
        lines.append(lazy(MORE, count=len(tickets) - MAX_LIST))
    return Outcome(lazy_lines(*lines))


def do_help(ctx: Context, ticket: Ticket | None, args: str) -> Outcome:
    return Outcome(help_text(ctx.prefix))


COMMANDS: tuple[Command, ...] = (
    Command(
        "ack",
        "[REF] ack",
        N_("acknowledge and take the ticket"),
        do_ack,
        aliases=("acknowledge", "4"),
        open_ticket_only=True,
        bare_ref=True,
    ),
    Command("reply", "REF reply TEXT", N_("send TEXT to the customer"), do_reply),
    Command("note", "REF note TEXT", N_("internal note"), do_note),
    Command(
        "assign",
        "REF assign NAME",
        N_("reassign (name or phone)"),
        do_assign,
        aliases=("reassign",),
        open_ticket_only=True,
    ),
    Command(
        "status",
        "REF status in_progress|waiting|scheduled",
        N_("change status"),
        do_status,
        open_ticket_only=True,
    ),
    Command(
        "onsite",
        "REF onsite WHEN [2h] [REASON]",
        N_("book a visit (WHEN: tomorrow 10:00)"),
        do_onsite,
        aliases=("visit",),
        open_ticket_only=True,
    ),
    Command("time", "REF time 1h30m [09:00-10:30] TEXT [parts: ...]", N_("log work"), do_time),
    Command(
        "resolve",
        "REF resolve TEXT",
        N_("resolved; customer confirms"),
        do_resolve,
        aliases=("resolved", "6"),
        open_ticket_only=True,
        bare_ref=True,
    ),
    Command(
        "priority",
        "REF priority NAME",
        N_("change priority"),
        do_priority,
        aliases=("prio",),
        open_ticket_only=True,
    ),
    Command(
        "media",
        "REF media",
        N_("fresh links to the customer's photos"),
        do_media,
        aliases=("photos",),
        bare_ref=True,
    ),
    Command(
        "verify",
        "REF verify",
        N_("managers: the contact belongs to the company"),
        do_verify,
        open_ticket_only=True,
    ),
    Command("list", "list", N_("my open tickets"), do_list, aliases=("ls",), needs_ticket=False),
    Command("help", "help", N_("this list"), do_help, aliases=("?",), needs_ticket=False),
)


class CommandTableError(RuntimeError):
    """The command table is inconsistent; raised at import so a bad table never boots."""


def check_table(commands: tuple[Command, ...]) -> dict[str, Command]:
    """Validate the table and index it by every word that names a command."""
    by_word: dict[str, Command] = {}
    for command in commands:
        if not command.help.strip() or not command.usage.strip():
            raise CommandTableError(f"command {command.name!r} needs usage and help text")
        if not callable(command.handler):
            raise CommandTableError(f"command {command.name!r} has no handler")
        if command.name not in command.usage.split():
            raise CommandTableError(f"usage of {command.name!r} does not show its name")
        for word in command.words:
            if word != word.casefold() or not word or any(c.isspace() for c in word):
                raise CommandTableError(f"command word {word!r} must be one lower-case word")
            if word.isdigit() and len(word) > 2:
                raise CommandTableError(f"command word {word!r} would read as a ticket number")
            if word in by_word:
                raise CommandTableError(f"command word {word!r} is used twice")
            by_word[word] = command
    return by_word


BY_WORD = check_table(COMMANDS)


def help_text(prefix: str) -> Text:
    """The help reply, generated from the table (rendered in the reader's language)."""
    lines = [lazy(HELP_HEADER, prefix=prefix)]
    for command in COMMANDS:
        extra = [a for a in command.aliases if a.isdigit()]
        help_line = lazy(command.help)
        if extra:
            lines.append(
                lazy(
                    HELP_LINE_ALIASES, usage=command.usage, help=help_line, aliases="/".join(extra)
                )
            )
        else:
            lines.append(lazy(HELP_LINE, usage=command.usage, help=help_line))
    return lazy_lines(*lines)


# -- parsing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    command: Command
    ref: int | None
    args: str


def _ref_at_start(text: str, prefix: str, bare: bool) -> tuple[int, str] | None:
    """A reference at the start of ``text``: ``TKT-1042``/``TKT 1042``/``#1042`` always,
    a bare number only when ``bare``."""
    marker = rf"(?:{re.escape(prefix)}[-\s]?|#)" + ("?" if bare else "")
    match = re.match(rf"\s*{marker}(\d{{1,9}})(?=\s|$|[.,:;!])[.,:;!]?\s*", text, re.IGNORECASE)
    if match is None:
        return None
    return int(match.group(1)), text[match.end() :]


def parse(text: str, prefix: str) -> Parsed:
    """``[REF] WORD [ARGS]`` or ``WORD [REF] [ARGS]``; raises :class:`CommandError`."""
    text = text.strip()
    word, rest = _split_first(text)
    command = BY_WORD.get(word.casefold().rstrip(".!:"))
    if command is not None:
        ref = None
        if command.needs_ticket:
            found = _ref_at_start(rest, prefix, bare=command.bare_ref)
            if found is not None:
                ref, rest = found
        return Parsed(command, ref, rest.strip())
    found = _ref_at_start(text, prefix, bare=True)
    if found is None:
        shown = word[:20] or "(empty)"
        raise CommandError(lazy(UNKNOWN_COMMAND, word=shown, prefix=prefix, hint=lazy(HELP_HINT)))
    ref, rest = found
    word, rest = _split_first(rest)
    command = BY_WORD.get(word.casefold().rstrip(".!:"))
    if command is None:
        hint, shown_ref = lazy(HELP_HINT), f"{prefix}-{ref}"
        if word:
            raise CommandError(lazy(UNKNOWN_COMMAND_FOR, word=word[:20], ref=shown_ref, hint=hint))
        raise CommandError(lazy(NO_COMMAND_FOR, ref=shown_ref, hint=hint))
    return Parsed(command, ref, rest.strip())


# -- running --------------------------------------------------------------------------------


def thread_ticket_id(session: Session, phone: str) -> int | None:
    """The ticket of the last message the system sent this person."""
    return session.scalar(
        select(Message.ticket_id)
        .where(
            Message.direction == "outbound",
            Message.peer == phone,
            Message.ticket_id.is_not(None),
        )
        .order_by(Message.id.desc())
        .limit(1)
    )


def lock_ticket(session: Session, ticket_id: int) -> Ticket | None:
    """Lock in the order inbound messages use: the customer's conversation, then the ticket."""
    phone = session.scalar(select(Ticket.customer_phone).where(Ticket.id == ticket_id))
    if phone is None:
        return None
    session.scalars(
        select(Conversation.id).where(Conversation.phone == phone).with_for_update()
    ).first()
    return session.scalars(
        select(Ticket)
        .where(Ticket.id == ticket_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def _ticket_for(ctx: Context, parsed: Parsed) -> Ticket:
    if parsed.ref is not None:
        ticket_id = ctx.session.scalar(select(Ticket.id).where(Ticket.number == parsed.ref))
        if ticket_id is None:
            raise CommandError(lazy(NO_TICKET, ref=f"{ctx.prefix}-{parsed.ref}", prefix=ctx.prefix))
    else:
        ticket_id = thread_ticket_id(ctx.session, ctx.actor.phone)
        if ticket_id is None:
            raise CommandError(lazy(WHICH_TICKET, prefix=ctx.prefix, command=parsed.command.name))
    ticket = lock_ticket(ctx.session, ticket_id)
    if ticket is None:  # pragma: no cover - tickets are never deleted
        raise CommandError(lazy(NO_TICKET, ref=f"{ctx.prefix}-{parsed.ref}", prefix=ctx.prefix))
    if parsed.command.open_ticket_only and ticket.status not in OPEN_STATUSES:
        raise CommandError(
            lazy(
                NEEDS_OPEN_TICKET,
                ref=ticket.ref,
                status=ticket.status,
                command=parsed.command.name,
            )
        )
    return ticket


def run(ctx: Context, text: str) -> Outcome:
    """Parse and run one command; raises :class:`CommandError` with the reply on failure."""
    parsed = parse(text, ctx.prefix)
    ticket = _ticket_for(ctx, parsed) if parsed.command.needs_ticket else None
    return parsed.command.handler(ctx, ticket, parsed.args)


def run_named(ctx: Context, name: str, number: int, args: str) -> Outcome:
    """Run command ``name`` on ticket ``number`` with ``args`` as typed after it: the staff
    board's way in, with the checks, effects and replies of the text message. Like
    :func:`handle`, the caller runs it in a savepoint that :class:`CommandError` rolls back."""
    parsed = Parsed(BY_WORD[name], number, args)
    return parsed.command.handler(ctx, _ticket_for(ctx, parsed), parsed.args)


def actor_for(session: Session, phone: str) -> Actor:
    technician = session.scalars(
        select(Technician).where(Technician.phone == phone, Technician.active.is_(True))
    ).first()
    return Actor(phone=phone, technician=technician)


def handle(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> None:
    """Run one staff command and answer on the channel it came from."""
    conversation.channel = inbound.channel
    conversation.last_inbound_at = utcnow()
    ctx = Context(rt=rt, session=session, actor=actor_for(session, inbound.sender))
    try:
        with session.begin_nested():
            outcome = run(ctx, inbound.body)
    except CommandError as exc:
        outcome = Outcome(exc.text)
    ticket_id = outcome.ticket.id if outcome.ticket is not None else None
    record.ticket_id = ticket_id
    body = render(outcome.text, rt.config.staff_language(inbound.sender))
    rt.outbox.queue(
        session, channel=inbound.channel, to=inbound.sender, body=body, ticket_id=ticket_id
    )
