"""Turning an intake into a ticket, whichever way it ends.

Every customer who described a problem ends with a ticket; only an explicit cancel ends
without one. There are three ways in:

- the customer confirms (or the intake is sure enough not to ask): a normal ticket;
- the bot hands the conversation to a person: the ticket is flagged ``needs_review`` and
  assigned to the help desk manager, and the customer gets its reference;
- the customer stops answering for ``[intake] abandon_after``: the sweeper files what is
  known, flagged ``incomplete``; staff are told by the assignment, the customer once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import intake
from bot.conversation import requests as requests_
from bot.conversation.draft import Draft, public_slots
from bot.core.address import salutation
from bot.core.i18n import local_time, translate
from bot.core.states import INTAKE_STATES, ConversationState
from bot.directory import people
from bot.runtime import Runtime
from bot.tickets import assignment, emails, triage
from bot.tickets.notifications import conversation_locale
from bot.tickets.records import NewTicket, add_event, create_ticket
from bot.tickets.replies import reply
from bot.tickets.targets import promise
from bot.timers import after_hours, lifecycle
from storage.db import utcnow
from storage.models import Conversation, Technician, Ticket

log = logging.getLogger(__name__)
HANDED_OVER_DESCRIPTION = "The customer asked for a person before describing a problem."


@dataclass(frozen=True)
class Outcome:
    """How the intake ended, for the ticket's flags and the customer's message."""

    needs_review: bool = False
    incomplete: bool = False


def file_ticket(
    rt: Runtime,
    session: Session,
    conversation: Conversation,
    outcome: Outcome = Outcome(),
    lead: str = "",
    actor: str | None = None,
) -> Ticket:
    """Open the ticket from what the intake holds, tell the customer (after ``lead``, the
    greeting when the first message was enough), start its clock. ``actor`` is who opened
    it when not the customer (an API client)."""
    slots = public_slots(conversation)
    draft = Draft.of(conversation)
    description = slots.get("description") or HANDED_OVER_DESCRIPTION
    priority = slots.get("priority") or triage.assess(rt, description).priority
    missing = [name for name in ("company", "contact_name") if not slots.get(name)]
    ticket = create_ticket(
        rt,
        session,
        NewTicket(
            company=slots.get("company") or "",
            contact_name=slots.get("contact_name") or conversation.profile_name or "",
            contact_phone=slots.get("contact_phone") or conversation.phone,
            customer_phone=conversation.phone,
            description=description,
            channel=conversation.channel,
            language=conversation.language,
            priority=priority,
            email=slots.get("email"),
            impact=slots.get("impact_text") or slots.get("impact"),
            onsite_requested=bool(slots.get("onsite_requested")),
            onsite_reason=slots.get("onsite_reason"),
            needs_review=outcome.needs_review,
            incomplete=outcome.incomplete or bool(missing),
            vouched_by=actor,  # staff (an API client) opened it: their word verifies
        ),
        actor=actor or conversation.phone,
    )
    if draft.media:
        ids = [int(m) for m in draft.media if str(m).isdigit()]
        requests_.attach_media(rt, session, ticket, conversation.phone, ids)
    if missing:
        add_event(session, ticket, "incomplete", "system", "not given: " + ", ".join(missing))
    reset(conversation)
    conversation.ticket_id = ticket.id
    conversation.ticket = ticket
    _tell_customer(rt, session, conversation, ticket, outcome, lead)
    emails.send_confirmation(rt, session, ticket)
    if outcome.needs_review:
        _assign_to_help_desk_manager(rt, session, ticket)
        after_hours.ticket_created(rt, session, conversation, ticket)
    else:
        lifecycle.ticket_created(rt, session, conversation, ticket)
    return ticket


def reset(conversation: Conversation) -> None:
    """Back to idle with nothing collected."""
    conversation.state = ConversationState.IDLE
    conversation.awaiting = None
    conversation.slots = {}
    conversation.repeats = 0


def _tell_customer(
    rt: Runtime,
    session: Session,
    conversation: Conversation,
    ticket: Ticket,
    outcome: Outcome,
    lead: str,
) -> None:
    lang = conversation.language
    special = intake.HANDED_OVER if outcome.needs_review else None
    special = special or (intake.FILED_INCOMPLETE if outcome.incomplete else None)
    if special:  # the reference and whom we will call: a person follows up
        reply(
            rt,
            session,
            conversation,
            special,
            ticket_id=ticket.id,
            ref=ticket.ref,
            phone=ticket.contact_phone,
            lead=lead,
        )
        return
    locale = conversation_locale(rt, conversation)
    promised = promise(ticket, utcnow()).due
    due = local_time(promised, rt.config.zone, locale) if promised else ""
    # After hours, bot.timers.after_hours says when to expect contact (paged or next opening).
    created = intake.CREATED_AFTER_HOURS if ticket.after_hours else intake.CREATED
    name = salutation(ticket.contact_name, lang)  # "pane Černý" in Czech
    thanks = (
        translate(lang, intake.THANKS, name=name)
        if name
        else translate(lang, intake.THANKS_NO_NAME)
    )
    reply(
        rt,
        session,
        conversation,
        created,
        ticket_id=ticket.id,
        ref=ticket.ref,
        priority=translate(lang, ticket.priority),
        due=due,
        lead=f"{lead}\n{thanks}" if lead else thanks,
    )


def _assign_to_help_desk_manager(rt: Runtime, session: Session, ticket: Ticket) -> None:
    """A ticket a person must look at goes to the help desk manager, not the rotation."""
    for phone in people.managers(rt.config):
        manager = session.scalars(select(Technician).where(Technician.phone == phone)).first()
        if manager is not None:
            assignment.assign(
                rt, session, ticket, manager, "system", headline=assignment.CHECK_TICKET
            )
            return
    assignment.assign_new_ticket(rt, session, ticket)


def sweep_abandoned(rt: Runtime, now: datetime) -> int:
    """File the intakes whose customer stopped answering ``[intake] abandon_after`` ago.

    Only intakes that hold a problem description become tickets; an intake that never got
    past "hi" is simply forgotten after ``idle_reset``. Each conversation row is locked and
    re-checked, so two sweepers never file one intake twice.
    """
    cutoff = now - rt.config.intake.abandon_after
    states = [state.value for state in INTAKE_STATES]
    with rt.sessions() as session:
        ids = session.scalars(
            select(Conversation.id).where(
                Conversation.state.in_(states), Conversation.updated_at < cutoff
            )
        ).all()
    filed = 0
    for conversation_id in ids:
        with rt.sessions.begin() as session:
            conversation = session.scalars(
                select(Conversation)
                .where(Conversation.id == conversation_id)
                .with_for_update(skip_locked=True)
            ).first()
            if conversation is None or conversation.state not in states:
                continue
            if conversation.updated_at >= cutoff:
                continue  # the customer wrote again meanwhile
            if not _has_problem(conversation.slots or {}):
                continue
            ticket = file_ticket(rt, session, conversation, Outcome(incomplete=True))
            log.info("abandoned intake filed", extra={"ticket": ticket.ref})
            filed += 1
    return filed


def _has_problem(slots: dict[str, Any]) -> bool:
    return bool(slots.get("description"))
