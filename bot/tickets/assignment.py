"""Who works a new ticket, and telling them.

The ticket's category (given, or derived from the description with the keyword
table below) is matched against technicians' skills; among those on shift the one
with the fewest open tickets wins. Every technician (role ``technician``) is on shift
during office hours. A ticket opened outside them is not given to whoever is on call:
a paged ticket is taken by whoever acknowledges the page, and every after-hours ticket
still unassigned at opening is assigned then (:func:`sweep_opening_assignments`), its
notice joining the technician's morning digest. Managers are never picked
automatically, but can be assigned with ``REF assign NAME``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.i18n import N_, Text, When, lazy, lazy_lines
from bot.messaging import media
from bot.tickets import targets as sla
from bot.tickets import verification
from bot.tickets.notifications import tell_staff
from bot.tickets.records import OPEN_STATUSES, add_event
from bot.tickets.targets import promise
from storage.db import utcnow
from storage.models import MediaFile, Technician, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Category:
    """A skill name (as ``[[technicians]] skills`` write it) and words that point to it."""

    skill: str
    keywords: tuple[str, ...]


# English, Czech and Italian words. A keyword is a whole word or phrase; one ending in ``*``
# is a word start ("print*" matches "printer" and "printing").
CATEGORIES: tuple[Category, ...] = (
    Category(
        "network",
        (
            "network*",
            "wifi",
            "wi-fi",
            "wireless",
            "internet",
            "vpn",
            "router*",
            "switch",
            "firewall",
            "ethernet",
            "lan",
            "dns",
            "dhcp",
            "síť",
            "sítě",
            "připojení",
            "pripojeni",
            "rete",
            "connessione",
            "router",
        ),
    ),
    Category(
        "servers",
        (
            "server*",
            "domain",
            "active directory",
            "backup*",
            "nas",
            "exchange",
            "virtual machine*",
            "vm",
            "raid",
            "database",
            "zálohování",
            "záloh*",
            "zaloh*",
            "dominio",
        ),
    ),
    Category(
        "printers",
        (
            "print*",
            "scan*",
            "toner",
            "cartridge",
            "paper jam",
            "copier",
            "tiskárn*",
            "tiskarn*",
            "tisk*",
            "sken*",
            "stamp*",
        ),
    ),
    Category(
        "desktops",
        (
            "desktop*",
            "laptop*",
            "notebook*",
            "pc",
            "pcs",
            "computer*",
            "monitor*",
            "screen*",
            "keyboard*",
            "mouse",
            "workstation*",
            "počítač*",
            "pocitac*",
            "obrazovk*",
            "portatile",
            "schermo",
            "tastiera",
        ),
    ),
    Category(
        "software",
        (
            "software",
            "install*",
            "application*",
            "app",
            "apps",
            "excel",
            "word",
            "outlook",
            "office 365",
            "microsoft 365",
            "teams",
            "update*",
            "program*",
            "licen*",
            "aplikac*",
            "instalac*",
            "aggiornament*",
            "installa*",
        ),
    ),
    Category(
        "accounts",
        (
            "password*",
            "account*",
            "login",
            "log in",
            "locked out",
            "username",
            "user account*",
            "permission*",
            "heslo",
            "hesla",
            "účet",
            "účtu",
            "ucet",
            "přihlá*",
            "prihla*",
            "utente",
            "accesso",
            "credenziali",
        ),
    ),
)


class CategoryTableError(RuntimeError):
    """The keyword table is inconsistent; raised at import."""


def check_categories(table: tuple[Category, ...] = CATEGORIES) -> None:
    skills = [c.skill for c in table]
    if len(set(skills)) != len(skills):
        raise CategoryTableError("two categories share a skill name")
    for category in table:
        if not category.keywords:
            raise CategoryTableError(f"category {category.skill!r} has no keywords")
        for keyword in category.keywords:
            if not keyword.rstrip("*") or keyword != keyword.casefold().strip():
                raise CategoryTableError(
                    f"category {category.skill!r}: keyword {keyword!r} must be lower case text"
                )


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = [
        re.escape(k[:-1]) + r"\w*" if k.endswith("*") else re.escape(k) for k in keywords
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


check_categories()
_PATTERNS = tuple((c.skill, _pattern(c.keywords)) for c in CATEGORIES)


def category_for(description: str) -> str | None:
    """The skill most keywords point to (table order breaks ties); None when none match."""
    best, best_hits = None, 0
    for skill, pattern in _PATTERNS:
        hits = len(pattern.findall(description))
        if hits > best_hits:
            best, best_hits = skill, hits
    return best


# -- choosing -------------------------------------------------------------------------------


def open_load(session: Session) -> dict[int, int]:
    """Open tickets per technician id."""
    rows = session.execute(
        select(Ticket.assignee_id, func.count())
        .where(Ticket.assignee_id.is_not(None), Ticket.status.in_(OPEN_STATUSES))
        .group_by(Ticket.assignee_id)
    ).all()
    return {assignee: count for assignee, count in rows}


def choose_technician(rt: Runtime, session: Session, category: str | None) -> Technician | None:
    """The most appropriate technician on shift now, or None when there is nobody."""
    technicians = list(
        session.scalars(
            select(Technician)
            .where(Technician.active.is_(True), Technician.role == "technician")
            .order_by(Technician.id)
        )
    )
    if not technicians:
        return None
    load = open_load(session)

    def rank(technician: Technician) -> tuple[int, int, int]:
        skilled = category is not None and category in (technician.skills or [])
        return (0 if skilled else 1, load.get(technician.id, 0), technician.id)

    return min(technicians, key=rank)


# -- telling --------------------------------------------------------------------------------


NEW_TICKET = N_("New ticket")
CHECK_TICKET = N_("Check ticket")
ASSIGNED_BY = N_("Assigned by {name}:")
TICKET_HEAD = N_("{headline} {ref} [{priority}]{flags}")
RESPOND_BY = N_("Respond by {due}")
ONSITE_REQUESTED = N_("Onsite requested: {reason}")
YES = N_("yes")
REPLY_HINT = N_("Reply: ack | {ref} reply TEXT | help")
UNVERIFIED = N_(
    "UNVERIFIED contact: {phone} is not on {company}'s list; no contract until a manager "
    "sends {ref} verify"
)


def ticket_text(rt: Runtime, ticket: Ticket, headline: str | Text) -> Text:
    """The technician's SMS about a ticket, in their language: everything needed to act
    without a computer. ``headline`` is an English source string (``NEW_TICKET``)."""
    unverified = verification.claims_contract(ticket)
    flags = "".join(
        f" [{flag}]"
        for flag, on in (
            ("review", ticket.needs_review),
            ("incomplete", ticket.incomplete),
            ("unverified", unverified),
        )
        if on
    )
    promised = promise(ticket, utcnow()).due
    due = When(promised, rt.config.zone) if promised else "-"
    lines: list[str | Text] = [
        lazy(
            TICKET_HEAD,
            headline=headline if isinstance(headline, Text) else lazy(headline),
            ref=ticket.ref,
            priority=ticket.priority,
            flags=flags,
        ),
        f"{ticket.company_name}: {ticket.contact_name} {ticket.contact_phone}",
        *(
            [
                lazy(
                    UNVERIFIED,
                    phone=ticket.customer_phone,
                    company=ticket.company_name,
                    ref=ticket.ref,
                )
            ]
            if unverified
            else []
        ),
        lazy(RESPOND_BY, due=due),
        ticket.description,
    ]
    if ticket.onsite_requested:
        lines.append(lazy(ONSITE_REQUESTED, reason=ticket.onsite_reason or lazy(YES)))
    lines.append(lazy(REPLY_HINT, ref=ticket.ref))
    return lazy_lines(*lines)


def assign(
    rt: Runtime,
    session: Session,
    ticket: Ticket,
    technician: Technician,
    actor: str,
    headline: str | Text = NEW_TICKET,
    hold: bool | None = None,
) -> None:
    """Make ``technician`` the assignee and text them the ticket (held in quiet hours)."""
    ticket.assignee_id = technician.id
    ticket.assignee = technician
    ticket.assign_at_opening = False
    add_event(session, ticket, "assigned", actor, technician.name)
    files = list(
        session.scalars(
            select(MediaFile).where(MediaFile.ticket_id == ticket.id).order_by(MediaFile.id)
        )
    )
    links = [
        f"{media.label(f.content_type, f.size)}: "
        + media.signed_link(rt.settings, rt.config.media, f.id)
        for f in files[:5]
    ]
    text = ticket_text(rt, ticket, headline)
    tell_staff(
        rt,
        session,
        [technician.phone],
        lazy_lines(text, *links) if links else text,
        ticket,
        summary=f"{str(headline).rstrip(':')}: {ticket.description[:60]}",
        hold=hold,
    )


def assign_new_ticket(
    rt: Runtime, session: Session, ticket: Ticket, hold: bool | None = None
) -> None:
    """Pick the technician and text them the ticket."""
    if ticket.category is None:
        ticket.category = category_for(ticket.description or "")
    technician = choose_technician(rt, session, ticket.category)
    if technician is None:
        log.warning("no technician to assign", extra={"ticket": ticket.ref})
        add_event(session, ticket, "unassigned", "system", "no technician available")
        return
    assign(rt, session, ticket, technician, "system", hold=hold)


def defer_to_opening(session: Session, ticket: Ticket) -> None:
    """After hours: nobody is given the ticket now; the opening sweep assigns it."""
    if ticket.category is None:
        ticket.category = category_for(ticket.description or "")
    ticket.assign_at_opening = True
    add_event(session, ticket, "assignment_deferred", "system", "assigned at opening")


def sweep_opening_assignments(rt: Runtime, now: datetime) -> int:
    """At opening, assign the tickets that came in overnight by skill and load; the notice
    is held so that it arrives in the technician's morning digest. Returns how many."""
    if not sla.is_open(rt, now):
        return 0
    with rt.sessions() as session:
        ids = session.scalars(
            select(Ticket.id).where(Ticket.assign_at_opening.is_(True)).order_by(Ticket.id)
        ).all()
    assigned = 0
    for ticket_id in ids:
        with rt.sessions.begin() as session:
            ticket = session.scalars(
                select(Ticket)
                .where(Ticket.id == ticket_id, Ticket.assign_at_opening.is_(True))
                .with_for_update(skip_locked=True)
                .execution_options(populate_existing=True)
            ).first()
            if ticket is None:
                continue
            ticket.assign_at_opening = False
            if ticket.assignee_id is not None or ticket.status not in OPEN_STATUSES:
                continue  # taken overnight (an ack) or already dealt with
            assign_new_ticket(rt, session, ticket, hold=True)
            assigned += ticket.assignee_id is not None
    return assigned
