"""The customer's side of a conversation: understand each message, fill the intake
from whatever it contains, ask only for what is missing, confirm once and open the
ticket; outside an intake, answer status, escalation and follow-ups.

State lives in the ``conversations`` row (locked by the caller), so whichever web
process receives the next message continues where the last one stopped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import intake
from bot.conversation import requests as requests_
from bot.conversation.understanding import FIELD_BY_WORD, Understanding, match_company, understand
from bot.core.i18n import local_time, translate
from bot.messaging.inbound import Inbound
from bot.tickets import triage
from bot.tickets.records import OPEN_STATUSES, NewTicket, create_ticket
from bot.tickets.replies import reply
from bot.timers import lifecycle
from storage.db import utcnow
from storage.models import Company, Contact, Conversation, Message, Ticket

if TYPE_CHECKING:
    from bot.runtime import Runtime

CANCEL_WORDS = frozenset({"cancel", "zrušit", "zrusit", "storno", "annulla", "annullare", "stop"})
RESTART_WORDS = frozenset(
    {
        "start over",
        "restart",
        "reset",
        "znovu",
        "začít znovu",
        "zacit znovu",
        "ricomincia",
        "ricominciare",
        "da capo",
    }
)
NEW_WORDS = frozenset({"new", "nový", "novy", "nová", "nova", "nuovo", "nuova"})
LANGUAGE_WORDS = {
    "english": "en",
    "in english": "en",
    "anglicky": "en",
    "inglese": "en",
    "česky": "cs",
    "cesky": "cs",
    "čeština": "cs",
    "cestina": "cs",
    "czech": "cs",
    "ceco": "cs",
    "italiano": "it",
    "italian": "it",
    "italsky": "it",
    "in italiano": "it",
}
INTAKE_STATES = ("intake", "confirm")
# Things a customer may ask in the middle of the intake instead of answering.
ASIDE_INTENTS = ("help", "ask_status", "talk_to_person", "escalate")


def _folded(text: str) -> str:
    return re.sub(r"[\s.!?]+", " ", text.casefold()).strip()


def handle_customer(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """Everything a customer says outside questions other modules are waiting on."""
    Turn(rt, session, conversation, inbound, record).run()
    return True


class Turn:
    """One customer message being handled; holds what every step needs."""

    def __init__(
        self,
        rt: Runtime,
        session: Session,
        conversation: Conversation,
        inbound: Inbound,
        record: Message,
    ) -> None:
        self.rt, self.session, self.conv = rt, session, conversation
        self.inbound, self.record = inbound, record
        self.text = inbound.body.strip()
        self.folded = _folded(self.text)

    # -- entry ---------------------------------------------------------------------------
    def run(self) -> None:
        conv = self.conv
        stale = conv.updated_at and utcnow() - conv.updated_at > self.rt.config.intake.idle_reset
        conv.channel = self.inbound.channel
        conv.last_inbound_at = utcnow()
        if self.inbound.profile_name:
            conv.profile_name = self.inbound.profile_name
        if conv.channel == "sms" and self.folded in requests_.OPT_OUT_WORDS:
            requests_.opt_out(conv)
            return
        if self.folded in requests_.OPT_IN_WORDS and conv.opted_out:
            requests_.opt_in(self.rt, self.session, conv)
            return
        if self.folded in LANGUAGE_WORDS:
            conv.language = LANGUAGE_WORDS[self.folded]
            self._repeat_current_question()
            return
        known_language = conv.language if conv.state != "idle" or conv.ticket_id else None
        self.u = understand(
            self.rt,
            self.text or "-",
            sender=conv.phone,
            language=known_language,
            awaiting=conv.awaiting,
        )
        conv.language = self.u.language if self.text else conv.language
        if stale and conv.state in (*INTAKE_STATES, "human", "clarify"):
            self._reset()
        if conv.state in INTAKE_STATES:
            self._in_intake()
        elif conv.state == "clarify":
            self._clarify_answer()
        else:
            self._outside_intake()

    # -- outside an intake ---------------------------------------------------------------
    def _outside_intake(self) -> None:
        rt, session, conv, u = self.rt, self.session, self.conv, self.u
        ref = u.refs[0] if u.refs else None
        if requests_.STATUS_WORDS.match(self.text) or u.is_("ask_status", at_least=0.6):
            requests_.send_status(rt, session, conv, ref)
            return
        if requests_.ESCALATE_WORDS.match(self.text) or u.is_("escalate", at_least=0.6):
            requests_.escalate(rt, session, conv, ref)
            return
        open_tickets = requests_.own_tickets(session, conv.phone)
        if self.folded in CANCEL_WORDS:
            reply(rt, session, conv, intake.NOTHING_TO_CANCEL)
            return
        if u.is_("thanks", at_least=0.6) and len(self.text.split()) <= 4:
            reply(rt, session, conv, requests_.WELCOME)
            return
        if u.is_("help", at_least=0.6) and len(self.text.split()) <= 6:
            reply(rt, session, conv, requests_.HELP)
            return
        if u.is_("talk_to_person", at_least=0.6):
            conv.state = "human"
            requests_.ask_for_person(rt, session, conv, self.text)
            return
        if ref:
            ticket = requests_.own_ticket(rt, session, conv.phone, ref)
            if ticket is None:
                reply(rt, session, conv, requests_.NOT_YOURS, ref=ref.upper())
                return
            if ticket.status in OPEN_STATUSES:
                requests_.add_to_ticket(rt, session, conv, ticket, self.inbound, self.record)
                return
        if open_tickets:
            latest = open_tickets[0]
            if u.is_("report_problem", at_least=0.5) and not self.inbound.media and u.problem:
                conv.state = "clarify"
                conv.awaiting = "confirm"
                conv.slots = {"_pending": self.text, "_ticket": latest.ref}
                reply(
                    rt,
                    session,
                    conv,
                    requests_.AMBIGUOUS,
                    ref=latest.ref,
                    summary=requests_.short(latest.description, 40),
                )
                return
            if not (u.is_("greet", at_least=0.6) and len(self.text.split()) <= 3):
                requests_.add_to_ticket(rt, session, conv, latest, self.inbound, self.record)
                return
            requests_.send_status(rt, session, conv, None)
            return
        if conv.state == "human" and not u.problem:
            requests_.ask_for_person(rt, session, conv, self.text)
            return
        self._start()

    def _clarify_answer(self) -> None:
        conv, slots = self.conv, dict(self.conv.slots or {})
        pending, ref = slots.get("_pending", ""), slots.get("_ticket", "")
        if intake.is_yes(self.text):
            ticket = requests_.own_ticket(self.rt, self.session, conv.phone, ref)
            self._reset()
            if ticket is not None:
                requests_.add_to_ticket(
                    self.rt, self.session, conv, ticket, self.inbound, self.record, text=pending
                )
                return
        if self.folded in NEW_WORDS or intake.is_no(self.text):
            self._reset()
            self.text = pending
            self.u = understand(
                self.rt, pending, sender=conv.phone, language=conv.language, awaiting=None
            )
            self._start()
            return
        self._reset()
        self._outside_intake()

    # -- the intake ----------------------------------------------------------------------
    def _reset(self) -> None:
        conv = self.conv
        conv.state, conv.awaiting, conv.slots, conv.repeats = "idle", None, {}, 0

    def _start(self) -> None:
        conv = self.conv
        self._reset()
        conv.state = "intake"
        slots: dict[str, Any] = {"contact_phone": conv.phone, "_phone_default": True}
        slots.update(self._known_contact())
        conv.slots = slots
        self._absorb(greeting=True)

    def _known_contact(self) -> dict[str, Any]:
        """The directory's contact for this number, else what their last ticket said."""
        contact = self.session.scalars(
            select(Contact).where(Contact.phone == self.conv.phone)
        ).first()
        if contact is not None:
            found = {"company": contact.company.name, "contact_name": contact.name, "_known": True}
            if contact.email:
                found["email"] = contact.email
            return found
        last = self.session.scalars(
            select(Ticket)
            .where(Ticket.customer_phone == self.conv.phone)
            .order_by(Ticket.id.desc())
        ).first()
        if last is None:
            return {}
        found = {
            "company": last.company_name,
            "contact_name": last.contact_name,
            "contact_phone": last.contact_phone,
            "_known": True,
        }
        if last.email:
            found["email"] = last.email
        return found

    def _in_intake(self) -> None:
        if self.folded in CANCEL_WORDS or (
            self.u.is_("cancel", at_least=0.75) and len(self.text.split()) <= 3
        ):
            self._reset()
            reply(self.rt, self.session, self.conv, intake.CANCELLED)
            return
        if self.folded in RESTART_WORDS:
            reply(self.rt, self.session, self.conv, intake.RESTARTED)
            self._start()
            return
        if self.conv.state == "confirm":
            self._confirmation()
            return
        self._absorb(greeting=False)

    def _confirmation(self) -> None:
        conv = self.conv
        correction = self.u.correction
        if correction is None and intake.is_yes(self.text):
            self._open_ticket()
            return
        adds_detail = (
            self.u.problem is not None
            and not intake.is_no(self.text)
            and self.u.is_("report_problem", "give_details", "add_information", at_least=0.4)
            and len(self.text.split()) >= 3
        )
        if correction is not None or self._learned(self.u) or adds_detail:
            self._absorb(greeting=False)
            return
        if intake.is_no(self.text):
            conv.slots = {**conv.slots, "_correcting": True}
            conv.repeats = 0
            reply(self.rt, self.session, conv, intake.WHICH_FIELD)
            return
        if conv.slots.get("_correcting"):
            for field_name in ("company", "contact_name", "contact_phone", "description"):
                words = [w for w, f in FIELD_BY_WORD.items() if f == field_name]
                if self.folded in words:
                    slots = {
                        k: v for k, v in conv.slots.items() if k not in (field_name, "_correcting")
                    }
                    if field_name == "contact_phone":
                        slots.pop("_phone_default", None)
                    conv.slots = slots
                    conv.state = "intake"
                    self._ask_next()
                    return
        self._retry(intake.CONFIRM_RETRY)

    def _learned(self, u: Understanding) -> bool:
        return bool(u.fields) and any(self.conv.slots.get(k) != v for k, v in u.fields.items())

    def _absorb(self, greeting: bool) -> None:
        """Take every field the message holds, then ask for the next missing one."""
        conv, u = self.conv, self.u
        slots = dict(conv.slots)
        before = dict(slots)
        awaiting = conv.awaiting if conv.state == "intake" else None
        if u.correction:
            field_name, value = u.correction
            step = intake.STEP_BY_AWAITING.get(field_name)
            read = step.read(value, self._context()) if step else None
            if field_name == "email":
                from bot.conversation.understanding import clean_email

                read = clean_email(value)
            if read:
                slots[field_name] = self._normalise(field_name, read)
                if field_name == "description":
                    slots.pop("priority", None)
        for key, value in u.fields.items():
            if key != awaiting or not u.correction:
                slots[key] = value
        if "contact_phone" in u.fields:
            slots.pop("_phone_default", None)
        if u.onsite and not slots.get("onsite_requested"):
            slots["onsite_requested"] = True
        step = intake.STEP_BY_AWAITING.get(awaiting or "")
        # A sentence about the problem is not a company or a name, whatever was asked.
        about_problem = (
            awaiting in ("company", "contact_name")
            and u.problem is not None
            and len(self.text.split()) >= 4
            and u.is_("report_problem", "give_details", "add_information", at_least=0.5)
        )
        # Nor is "help", "status" or "thanks" when nothing else in the message is a field.
        command_like = (
            awaiting in ("company", "contact_name")
            and not u.fields
            and u.is_(*ASIDE_INTENTS, "greet", "thanks", at_least=0.6)
        )
        about_problem = about_problem or command_like
        if step is not None and not u.correction and awaiting not in u.fields and not about_problem:
            value = step.read(self.text, self._context()) if self.text else None
            if value is not None:
                if awaiting == "description":
                    slots["description"] = _join(slots.get("description"), value)
                else:
                    slots[awaiting] = self._normalise(awaiting, value)
                if awaiting == "contact_phone":
                    slots.pop("_phone_default", None)
            if awaiting == "impact" and u.problem and len(self.text.split()) > 4:
                slots["description"] = _join(slots.get("description"), u.problem)
        elif u.problem and not u.correction and awaiting != "onsite_reason":
            slots["description"] = _join(slots.get("description"), u.problem)
        if self.inbound.media:
            slots["_media"] = [*slots.get("_media", []), *(m["url"] for m in self.inbound.media)]
        progressed = slots != before
        if slots.get("description") != before.get("description") or "priority" not in slots:
            self._triage(slots)
        conv.slots = slots
        if greeting:
            self._greet_and_ask(u)
            return
        if not progressed and awaiting:
            if u.is_(*ASIDE_INTENTS, at_least=0.5):
                if u.intent == "talk_to_person":
                    self._hand_over()
                    return
                aside = requests_.HELP if u.intent == "help" else intake.CANNOT_ANSWER
                reply(self.rt, self.session, conv, aside)
                conv.repeats += 1
                if conv.repeats > self.rt.config.intake.max_repeats:
                    self._hand_over()
                    return
                self._ask(intake.STEP_BY_AWAITING[awaiting], repeat=True)
                return
            self._retry(intake.STEP_BY_AWAITING[awaiting].retry)
            return
        self._ask_next()

    def _normalise(self, field_name: str, value: str) -> str:
        if field_name == "company":
            return match_company(value, [c.name for c in self.rt.config.companies])
        return value

    def _triage(self, slots: dict[str, Any]) -> None:
        description = slots.get("description")
        if not description:
            return
        company = self.session.scalars(
            select(Company).where(Company.name == slots.get("company", ""))
        ).first()
        result = triage.assess(
            self.rt, description, slots.get("impact"), vip=bool(company and company.vip)
        )
        slots["priority"] = result.priority
        if "impact" not in slots and triage.needs_impact_question(result):
            slots["_ask_impact"] = True
        elif "impact" not in slots:
            slots.pop("_ask_impact", None)

    def _greet_and_ask(self, u: Understanding) -> None:
        rt, conv = self.rt, self.conv
        lead = translate(conv.language, intake.GREETING, helpdesk=rt.config.helpdesk.name)
        step = self._next_step()
        if step is None:
            self._summary(prefix=lead)
            return
        self._ask(step, prefix=lead)

    def _next_step(self) -> intake.Step | None:
        slots = self.conv.slots
        for step in intake.STEPS:
            if step.needed(slots) and not slots.get(step.awaiting):
                return step
        return None

    def _ask_next(self) -> None:
        step = self._next_step()
        if step is None:
            self._summary()
            return
        self._ask(step)

    def _context(self) -> intake.ReadContext:
        return intake.ReadContext(self.conv.phone, self.conv.profile_name)

    def _ask(self, step: intake.Step, prefix: str = "", repeat: bool = False) -> None:
        conv = self.conv
        if not repeat and conv.awaiting != step.awaiting:
            conv.repeats = 0
        conv.state, conv.awaiting = "intake", step.awaiting
        question = step.question
        if step.awaiting == "contact_name" and conv.profile_name:
            question = intake.ASK_NAME_WITH_PROFILE  # a hint to confirm, not a fact
        body = translate(conv.language, question, phone=conv.phone, name=conv.profile_name)
        self._send(f"{prefix}\n{body}" if prefix else body)

    def _summary(self, prefix: str = "") -> None:
        conv, slots = self.conv, self.conv.slots
        conv.state, conv.awaiting, conv.repeats = "confirm", "confirm", 0
        lang = conv.language
        email_line = (
            translate(lang, intake.SUMMARY_EMAIL, email=slots["email"])
            if slots.get("email")
            else ""
        )
        onsite_line = (
            translate(lang, intake.SUMMARY_ONSITE, reason=slots.get("onsite_reason", ""))
            if slots.get("onsite_requested")
            else ""
        )
        body = translate(
            lang,
            intake.SUMMARY,
            company=slots.get("company", ""),
            contact_name=slots.get("contact_name", ""),
            contact_phone=slots.get("contact_phone", ""),
            email_line=email_line,
            description=slots.get("description", ""),
            onsite_line=onsite_line,
            priority=translate(lang, slots.get("priority", "")),
        )
        self._send(f"{prefix}\n{body}" if prefix else body)

    def _repeat_current_question(self) -> None:
        conv = self.conv
        if conv.state == "confirm":
            self._summary()
        elif conv.state == "intake" and conv.awaiting in intake.STEP_BY_AWAITING:
            self._ask(intake.STEP_BY_AWAITING[conv.awaiting], repeat=True)
        else:
            reply(self.rt, self.session, conv, requests_.HELP)

    def _retry(self, message: str) -> None:
        """Ask again, but never more than the configured number of times: then a person."""
        conv = self.conv
        conv.repeats += 1
        if conv.repeats > self.rt.config.intake.max_repeats:
            self._hand_over()
            return
        reply(self.rt, self.session, conv, message, phone=conv.phone)

    def _hand_over(self) -> None:
        conv = self.conv
        reply(self.rt, self.session, conv, intake.HANDOFF)
        requests_.ask_for_person(
            self.rt, self.session, conv, "the bot could not complete the intake"
        )
        conv.state, conv.awaiting, conv.repeats = "human", None, 0

    def _send(self, body: str) -> None:
        if self.conv.opted_out:
            return
        self.rt.outbox.queue(self.session, channel=self.conv.channel, to=self.conv.phone, body=body)

    def _open_ticket(self) -> None:
        rt, session, conv = self.rt, self.session, self.conv
        slots = conv.slots
        ticket = create_ticket(
            rt,
            session,
            NewTicket(
                company=slots["company"],
                contact_name=slots["contact_name"],
                contact_phone=slots["contact_phone"],
                customer_phone=conv.phone,
                description=slots["description"],
                channel=conv.channel,
                language=conv.language,
                priority=slots.get("priority") or triage.priority_for(rt, slots["description"]),
                email=slots.get("email"),
                impact=slots.get("impact"),
                onsite_requested=bool(slots.get("onsite_requested")),
                onsite_reason=slots.get("onsite_reason"),
            ),
            actor=conv.phone,
        )
        media = slots.get("_media") or []
        if media:
            from bot.tickets.records import add_event

            add_event(session, ticket, "customer_media", conv.phone, "\n".join(media))
        self._reset()
        conv.ticket_id = ticket.id
        conv.ticket = ticket
        due = (
            local_time(ticket.response_due, rt.config.zone, conv.language)
            if ticket.response_due
            else ""
        )
        # After hours, bot.tickets.after_hours says when to expect contact (paged or next opening).
        created = intake.CREATED_AFTER_HOURS if ticket.after_hours else intake.CREATED
        reply(
            rt,
            session,
            conv,
            created,
            ticket_id=ticket.id,
            contact_name=ticket.contact_name,
            ref=ticket.ref,
            priority=translate(conv.language, ticket.priority),
            due=due,
        )
        lifecycle.ticket_created(rt, session, conv, ticket)


def _join(existing: str | None, more: str) -> str:
    if not existing:
        return more
    if more.casefold() in existing.casefold():
        return existing
    return f"{existing.rstrip()} {more.lstrip()}"
