"""The customer's side of a conversation: understand each message, fill the intake
from whatever it contains, ask only for what is missing, and open the ticket; outside an
intake, answer status, escalation, corrections and follow-ups.

The intake never loses a request: a required question is asked at most twice and then
left for the technician, an optional one is asked once and an unreadable answer is kept
as written, and a hand-over to a person files the ticket (``bot.conversation.filing``).

State lives in the ``conversations`` row (locked by the caller), so whichever process
receives the next message continues where the last one stopped.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import filing, intake, words
from bot.conversation import requests as requests_
from bot.conversation.business_names import find_business
from bot.conversation.draft import Draft, public_slots
from bot.conversation.readers.answers import read_impact
from bot.conversation.readers.context import (
    ReadContext,
    clean_text,
    looks_like_problem,
    looks_like_sentence,
)
from bot.conversation.readers.firm_words import LEGAL_END, has_company_form
from bot.conversation.readers.firms import firm_after_problem, reads_as_person, says_no_company
from bot.conversation.readers.names import CALL_CUE, complete_name, read_name, strip_titles
from bot.conversation.readers.phones import means_this_number
from bot.conversation.understanding import (
    FIELD_BY_WORD,
    Understanding,
    clean_email,
    match_company,
    understand,
)
from bot.core import vocab
from bot.core.i18n import translate
from bot.core.metrics import CANCELLED_INTAKES
from bot.core.states import INTAKE_STATES, ConversationState
from bot.core.text import shorten
from bot.messaging.inbound import Inbound
from bot.messaging.on_commit import on_commit
from bot.runtime import Runtime
from bot.tickets import triage, verification
from bot.tickets.records import OPEN_STATUSES, add_event, company_for
from bot.tickets.replies import reply
from nlu import given_names
from nlu.function_words import function_words
from nlu.priority import speaks_to_urgency
from storage.db import utcnow
from storage.models import Company, Contact, Conversation, Message, Ticket

State = ConversationState
# Things a customer may ask in the middle of the intake instead of answering.
ASIDE_INTENTS = ("help", "ask_status", "talk_to_person", "escalate")
# Questions whose answers are recognisable on sight (a number, "this one", an address),
# unlike a company or a name, which almost any words can pass for.
RECOGNISABLE_ANSWERS = frozenset(["contact_phone", "email"])
# "this is ridgeway plumbing", "jsme z Elektra Hrubý", "sono Marco": the answer follows.
SAYS_WHO = re.compile(
    r"(?i)^\s*(?:this is|it'?s|it is|we are|we'?re|i am|i'?m|my name is|jsme|jsem|tady je|"
    r"tady|sono|siamo|mi chiamo)\s+(?:(?:z|ze|della|dello|dalla|dal|di|la|lo|il)\s+)?"
    r"(?=[^\W\d_])(?!(?:a|an|the|just|only|all|everyone|jen|solo|tutti)\b)"
)
# Answers that are names: an unsure aside intent gives way when the name reads.
NAMED_ANSWERS = frozenset(["company", "contact_name"])
SURE_ASIDE = 0.75
REQUIRED_ASKS = 2  # a required field is asked at most this often, then left to the technician
MAX_DETOURS = 4  # problem details sent instead of an answer, before the field is left too
READ, FAILED, DETOUR = "read", "failed", "detour"
# "Forget it": a request withdrawn explicitly, in the customer's own words. ("It works
# again" alone is not explicit: the intake goes on, and the technician closes it.)
# "cancel the licence", "zrušit účet", "annullare l'ordine": something to cancel, a request.
CANCELS_SOMETHING = re.compile(
    r"\b(?:cancel|zrusit|zruste|annulla|annullare|cancellare)\s+(?:\w+\s+){0,2}"
    r"(?:account|licen[cs]e|subscription|user|order|meeting|booking|access|ucet|licenci|"
    r"predplatne|objednavku|uzivatele|pristup|abbonamento|ordine|utente|licenza|"
    r"prenotazione|accesso)"
    # for someone: "Jirka odchází, tak mu to zrušit", "cancel it for him", "annullategli"
    r"|\b(?:mu|ji|jim|jeho|jejich|gli|le)\s+(?:to\s+|ho\s+|lo\s+|la\s+)?"
    r"(?:zrusit|zruste|zrusite|zrusme|annulla\w*|cancella\w*|disattiva\w*)"
    r"|\b(?:cancel|zrusit|zruste|annullare|cancellare)\s+(?:it\s+|to\s+)?"
    r"(?:for (?:him|her|them)|mu|ji|jim)\b"
)
# A message that opens with "and", "also": it goes on with the request, whatever was asked.
CONTINUES = re.compile(
    r"(?i)^\s*(?:and|also|plus|a|a taky|taky|a ještě|a jeste|e|ed|anche|inoltre)\s"
)
CONTINUED_WORDS = 4
SENTENCE_LENGTH = 5  # words from which two function words make a sentence, not a name
FIRM_ONLY_WORDS = 6  # "hotel bellavista rimini" at the problem question: a firm, no more
NOTHING_OPEN_CANCEL_WORDS = 6  # "no cancel pls" with nothing open; longer is a new request
CANCEL_WORDS = 25  # a longer message that says "cancel" is about something else
CANCEL_OPENS = 6  # unless it says so among its first words: "no wait, cancel it, my son …"
WITHDRAWN = (
    "forget it",
    "never mind",
    "nevermind",
    "no longer needed",
    "zapomente na to",
    "neni treba",
    "uz neni potreba",
    "lascia stare",
    "lasciate perdere",
    "lasciamo perdere",
    "non serve piu",
    "not needed anymore",
    "not needed any more",
    "no need anymore",
    "uz to neni potreba",
    "neni potreba",
    "lasciate stare",
    "lasci stare",
    "lasci perdere",
    "lascia perdere",
    "non ce piu bisogno",
    "dont worry about it",
    "dont bother",
)
# "Nothing to file", in either word order: "nezakládejte nic", "don't open a ticket",
# "non aprite niente".
NOTHING_TO_FILE = re.compile(
    r"\b(?:nic\s+ne(?:zaklad|otevir|vytvar|zadav)\w*|"
    r"ne(?:zaklad|otevir|vytvar|zadav)\w*\s+(?:nic|zadn\w+|tiket\w*|ticket\w*|pozadav\w*)|"
    r"(?:don'?t|do not)\s+(?:open|log|create|file|raise)\s+(?:a\s+|the\s+|any\s+)?"
    r"(?:ticket|request|call|job|anything)|"
    r"non\s+(?:aprite|apra|aprire|create|registrate)\s+"
    r"(?:nulla|niente|nessun\w*|il ticket|la richiesta|un ticket|la pratica))\b|"
    # "… he already renewed it 🙈 please don't open it, sorry!": said last, about no mail
    r"^(?!.*\b(?:e-?mail|mail|attachment|link)\b).*\b(?:don'?t|do not)\s+(?:open|log|file)\s+"
    r"it\W*(?:sorry|thanks|thank you)?\W*$"
)
# Someone writing from a colleague's phone, who is not the contact the number belongs to.
ON_ANOTHERS_PHONE = re.compile(
    r"\b(?:z (?:telefonu|mobilu|cisla) (?:pana|pani|kolegy|kolegyne|sefa|sefove|manzela|manzelky)|"
    r"(?:na|z) (?:jeho|jejim|jeji) (?:telefonu|mobilu)|jsem jeho kolegyne|jsem jeho kolega|"
    r"jsem jeji kolegyne|jsem jeji kolega|"
    r"(?:from|on|using) (?:my )?(?:colleague'?s|boss'?s|husband'?s|wife'?s|manager'?s|his|her|"
    r"[a-z]+'s) (?:phone|cell|mobile|number)|i'?m (?:his|her) (?:colleague|assistant)|"
    r"(?:dal|sul|col) (?:telefono|cellulare|numero) (?:di|del|della|dello)|"
    r"sono (?:la|il) (?:sua )?(?:collega|segretaria|assistente) di)\b"
)
# "ne, díky, už je to dobrý": the problem went away, said in a few words.
SOLVED_WORDS = 8
SOLVED_ITSELF = (
    "its working now",
    "it works now",
    "working again now",
    "all good now",
    "sorted itself",
    "fixed itself",
    "uz je to dobry",
    "uz to funguje",
    "uz to jede",
    "uz je to v poradku",
    "ora funziona",
    "adesso funziona",
    "adesso va",
    "ora va tutto",
    "si e risolto",
    "ha ripreso a funzionare",
)
# The words just before a name that say the writer is that person.
INTRODUCES_SELF = re.compile(
    r"(?i)\b(?:sono|so|jsem|tady je|tady|i'?m|i am|this is|my name is|mi chiamo|"
    r"jmenuji se|jmenuju se|mn[eě]|me|mi)\W*(?:\w+\W+){0,1}$"
)
CORRECTABLE_FOR = 24 * 3600  # seconds after opening during which "no, the company is X" edits
CORRECTION_LABELS = {
    "company": intake.FIELD_NAMES[0],
    "contact_name": intake.FIELD_NAMES[1],
    "contact_phone": intake.FIELD_NAMES[2],
    "email": intake.FIELD_NAMES[3],
    "description": intake.FIELD_NAMES[4],
}


def handle_customer(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """Everything a customer says outside questions other modules are waiting on."""
    Turn(rt, session, conversation, inbound, record).run()
    return True


def handle_withdrawal(
    rt: Runtime, session: Session, conversation: Conversation, inbound: Inbound, record: Message
) -> bool:
    """ "No, cancel it pls" to a question about the ticket just filed (the overtime offer):
    the cancel wins over the NO, and the ticket is withdrawn."""
    if not says_cancel(inbound.body):
        return False
    Turn(rt, session, conversation, inbound, record).run()
    return True


def _about_something_else(text: str) -> bool:
    """Too long to be a cancel, or a request to cancel something ("please cancel Thandi's
    licence")."""
    return len(text.split()) > CANCEL_WORDS or bool(CANCELS_SOMETHING.search(vocab.fold(text)))


def _the_firm_not_a_person(name: str, company: str) -> bool:
    """The name taken for a person's is the firm's: the same words, or the words the firm's
    name opens with when no first name opens them ("CrossFit Navigli here" and the firm is
    "CrossFit Navigli ASD"; but Marco Rossi may well work at "Marco Rossi Impianti")."""
    said, firm = vocab.fold(name).split(), vocab.fold(company).split()
    if not said or said == firm:
        return bool(said)
    return firm[: len(said)] == said and not given_names.is_given_name(said[0])


# The writer points at themselves: "ask for me", "chiedete di me", "ptejte se na mě".
SELF_WORDS = re.compile(r"(?i)\b(?:me|myself|mě|mne|mně|mi|me stesso|me stessa|io)\b")


def _someone_else_to_ask(text: str) -> bool:
    """The answer to "who should our technician ask for?" sends them to another person
    ("ptejte se na Antonína Bláhu", "chiedete al nostro volontario Fabio"), not the writer."""
    return bool(CALL_CUE.search(text)) and not SELF_WORDS.search(text)


def cancel_said_outright(text: str) -> bool:
    """The cancel word itself, or "nothing to file", not a phrase that may mean something
    else where a question was asked ("není potřeba", "non serve più")."""
    said = _cancel_word_at(text) is not None
    return (said or bool(NOTHING_TO_FILE.search(vocab.fold(text)))) and not _about_something_else(
        text
    )


def _cancel_word_at(text: str) -> int | None:
    """Where the cancel word stands among the message's words, if it is said."""
    cancel = words.Said("cancel", "")
    return next(
        (i for i, w in enumerate(text.split()) if words.command_of(w.strip(".,;:!-")) == cancel),
        None,
    )


def says_cancel(text: str) -> bool:
    """A message that asks to cancel ("oh wait it's back, cancel please", "ne, zrušit, vyřeší
    to syn"), not to cancel something else ("please cancel Thandi's licence" is a request)."""
    cancel_at = _cancel_word_at(text)
    if CANCELS_SOMETHING.search(vocab.fold(text)):
        return False
    if cancel_at is not None and cancel_at < CANCEL_OPENS:
        return True  # "NO aspettate annullate tutto 😅 mio figlio ha visto …": said first
    if _about_something_else(text):
        return False
    cancel_word = cancel_at is not None
    solved = len(text.split()) <= SOLVED_WORDS and vocab.has_phrase(text, SOLVED_ITSELF)
    nothing_to_file = bool(NOTHING_TO_FILE.search(vocab.fold(text)))
    return cancel_word or solved or nothing_to_file or vocab.has_phrase(text, WITHDRAWN)


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
        self.said = words.command_of(self.text)
        self.earlier = ""  # what the customer wrote in this intake before this message
        self._answers: dict[tuple[str, str], str | None] = {}  # text read as each answer

    # -- entry ---------------------------------------------------------------------------
    def run(self) -> None:
        conv = self.conv
        stale = conv.updated_at and utcnow() - conv.updated_at > self.rt.config.intake.idle_reset
        conv.channel = self.inbound.channel
        conv.last_inbound_at = utcnow()
        if self.inbound.profile_name:
            conv.profile_name = self.inbound.profile_name
        command = self.said.command if self.said else None
        if command == "opt_out" and conv.channel == "sms":
            requests_.opt_out(conv)
            return
        if command == "opt_in" and conv.opted_out:
            requests_.opt_in(self.rt, self.session, conv)
            return
        if command == "language" and self.said and self.said.value:
            conv.language = self.said.value
            self._repeat_current_question()
            return
        known_language = conv.language if conv.state != State.IDLE or conv.ticket_id else None
        self.u = understand(
            self.rt,
            self.text or "-",
            sender=conv.phone,
            language=known_language,
            awaiting=conv.awaiting,
        )
        conv.language = self.u.language if self.text else conv.language
        if self.u.forwarded:  # answers are read without the forwarded mail's headers
            self.text = self.u.text.strip()
        if stale and conv.state in (*INTAKE_STATES, State.HUMAN, State.CLARIFY):
            filing.reset(conv)
        if conv.state in INTAKE_STATES:
            self._in_intake()
        elif conv.state == State.CLARIFY:
            self._clarify_answer()
        else:
            self._outside_intake()

    # -- outside an intake ---------------------------------------------------------------
    def _outside_intake(self) -> None:
        rt, session, conv, u = self.rt, self.session, self.conv, self.u
        command = self.said.command if self.said else None
        ref = u.refs[0] if u.refs else (self.said.argument.strip() or None if self.said else None)
        open_tickets = requests_.own_tickets(session, conv.phone)
        about_tickets = bool(open_tickets or ref)
        if command == "status" or (u.is_("ask_status", at_least=0.6) and about_tickets):
            requests_.send_status(rt, session, conv, ref)
            return
        if command == "escalate" or (u.is_("escalate", at_least=0.6) and about_tickets):
            requests_.escalate(rt, session, conv, ref)
            return
        if command == "cancel" or (
            self._says_cancel()
            and (open_tickets or len(self.text.split()) <= NOTHING_OPEN_CANCEL_WORDS)
        ):
            # "wait, cancel it pls, my son fixed it": the ticket just opened is withdrawn
            self._cancel_ticket(ref, open_tickets)
            return
        if u.correction and open_tickets and self._correct_ticket(open_tickets[0]):
            return
        if u.is_("thanks", at_least=0.6) and len(self.text.split()) <= 4:
            reply(rt, session, conv, requests_.WELCOME)
            return
        if command == "help" or (u.is_("help", at_least=0.6) and len(self.text.split()) <= 6):
            self._send(words.help_text(conv.language))
            return
        if u.is_("talk_to_person", at_least=0.6) and not u.problem:
            conv.state = State.HUMAN
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
                conv.state = State.CLARIFY
                conv.awaiting = "confirm"
                Draft(pending_text=self.text, pending_ticket=latest.ref).save(conv, {})
                reply(
                    rt,
                    session,
                    conv,
                    requests_.AMBIGUOUS,
                    ref=latest.ref,
                    summary=shorten(latest.description, 40),
                )
                return
            if vocab.is_yes(self.text) and len(self.text.split()) <= 3 and not self.inbound.media:
                # "ok", "ano", "👍" after the confirmation: nothing for the technician
                reply(rt, session, conv, requests_.NOTED, ref=latest.ref)
                return
            if not (u.is_("greet", at_least=0.6) and len(self.text.split()) <= 3):
                requests_.add_to_ticket(rt, session, conv, latest, self.inbound, self.record)
                return
            requests_.send_status(rt, session, conv, None)
            return
        if conv.state == State.HUMAN and not u.problem:
            requests_.ask_for_person(rt, session, conv, self.text)
            return
        self._start()

    def _cancel_ticket(self, ref: str | None, open_tickets: list[Ticket]) -> None:
        """``cancel`` outside an intake withdraws the customer's open ticket: the one
        named, or the only one; otherwise there is nothing (clear) to cancel."""
        rt, session, conv = self.rt, self.session, self.conv
        if ref:
            ticket = requests_.own_ticket(rt, session, conv.phone, ref)
            if ticket is None:
                reply(rt, session, conv, requests_.NOT_YOURS, ref=ref.upper())
                return
        elif len(open_tickets) == 1:
            ticket = open_tickets[0]
        else:
            reply(rt, session, conv, intake.NOTHING_TO_CANCEL)
            return
        if ticket.status not in OPEN_STATUSES:
            reply(rt, session, conv, intake.NOTHING_TO_CANCEL)
            return
        self.record.ticket_id = ticket.id
        requests_.cancel_ticket(rt, session, conv, ticket)

    def _correct_ticket(self, ticket: Ticket) -> bool:
        """ "No, the company is Acme" shortly after the ticket was opened edits the ticket."""
        if self.u.correction is None or ticket.created_at is None:
            return False
        if (utcnow() - ticket.created_at).total_seconds() > CORRECTABLE_FOR:
            return False
        field_name, raw = self.u.correction
        value = self._read_field(field_name, raw)
        if not value:
            return False
        if field_name == "company":
            company = company_for(self.session, value)
            ticket.company_id, ticket.company_name = company.id, company.name
            ticket.company = company
            verification.recheck(self.rt, self.session, ticket)
            value = company.name
        elif field_name == "contact_name":
            ticket.contact_name = value
        elif field_name == "contact_phone":
            ticket.contact_phone = value
        elif field_name == "email":
            ticket.email = value
        else:
            ticket.description = value
        self.record.ticket_id = ticket.id
        add_event(
            self.session, ticket, "customer_correction", self.conv.phone, f"{field_name}: {value}"
        )
        label = translate(self.conv.language, CORRECTION_LABELS[field_name])
        reply(
            self.rt,
            self.session,
            self.conv,
            intake.CORRECTED,
            ticket_id=ticket.id,
            ref=ticket.ref,
            field=label,
            value=value,
        )
        return True

    def _clarify_answer(self) -> None:
        conv = self.conv
        draft = Draft.of(conv)
        pending, ref = draft.pending_text or "", draft.pending_ticket or ""
        command = self.said.command if self.said else None
        if vocab.is_yes(self.text):
            ticket = requests_.own_ticket(self.rt, self.session, conv.phone, ref)
            filing.reset(conv)
            if ticket is not None:
                requests_.add_to_ticket(
                    self.rt, self.session, conv, ticket, self.inbound, self.record, text=pending
                )
                return
        if command == "new" or vocab.is_no(self.text):
            filing.reset(conv)
            self.text = pending
            self.said = None
            self.u = understand(
                self.rt, pending, sender=conv.phone, language=conv.language, awaiting=None
            )
            self._start()
            return
        filing.reset(conv)
        self._outside_intake()

    # -- the intake ----------------------------------------------------------------------
    def _start(self) -> None:
        conv = self.conv
        filing.reset(conv)
        conv.state = State.INTAKE
        slots: dict[str, Any] = {"contact_phone": conv.phone}
        draft = Draft(phone_default=True)
        draft.sources["contact_phone"] = "default"
        known, source = self._known_contact()
        as_written = self.text.lower().replace("’", "'")  # folding drops "Jane's" apostrophe
        if known and (
            ON_ANOTHERS_PHONE.search(vocab.fold(self.text)) or ON_ANOTHERS_PHONE.search(as_written)
        ):
            # "píšu z telefonu pana Nováka, jsem jeho kolegyně": the firm is known, the
            # person and the number to call are not
            known = {k: v for k, v in known.items() if k == "company"}
        if known:
            slots.update(known)
            draft.known = source
            for key in known:
                draft.sources[key] = source
            if "contact_phone" in known and source == "directory":
                draft.phone_default = False
        draft.save(conv, slots)
        self._absorb(greeting=True)

    def _known_contact(self) -> tuple[dict[str, Any], str]:
        """The directory's contact for this number, else what their last ticket said."""
        contact = self.session.scalars(
            select(Contact).where(Contact.phone == self.conv.phone)
        ).first()
        if contact is not None:
            found = {
                "company": contact.company.name,
                "contact_name": contact.name,
                "contact_phone": contact.phone,  # the directory's number is the sender's
            }
            if contact.email:
                found["email"] = contact.email
            return found, "directory"
        last = self.session.scalars(
            select(Ticket)
            .where(Ticket.customer_phone == self.conv.phone)
            .order_by(Ticket.id.desc())
        ).first()
        if last is None:
            return {}, ""
        found = {
            k: v
            for k, v in (
                ("company", last.company_name),
                ("contact_name", last.contact_name),
                ("contact_phone", last.contact_phone),
                ("email", last.email),
            )
            if v and v != "(unknown)"
        }
        return found, "history"

    def _in_intake(self) -> None:
        command = self.said.command if self.said else None
        if command == "cancel" or self._says_cancel():
            filing.reset(self.conv)
            on_commit(self.session, "intake-cancelled", CANCELLED_INTAKES.inc)
            reply(self.rt, self.session, self.conv, intake.CANCELLED)
            return
        if command == "restart":
            reply(self.rt, self.session, self.conv, intake.RESTARTED)
            self._start()
            return
        if self.conv.state == State.CONFIRM:
            self._confirmation()
            return
        self._absorb(greeting=False)

    def _says_cancel(self) -> bool:
        """Cancel said in words, or meant ("Hennie de Wet. Wag, sorry, cancel - found the
        password"); asked why a visit is needed, "není potřeba" is no visit, not no request."""
        if self.conv.awaiting == "onsite_reason" and not cancel_said_outright(self.text):
            return False
        if says_cancel(self.text):
            return True
        return not _about_something_else(self.text) and self.u.is_("cancel", at_least=0.75)

    def _confirmation(self) -> None:
        conv = self.conv
        draft = Draft.of(conv)
        correction = self.u.correction
        if correction is None and vocab.is_yes(self.text):
            filing.file_ticket(self.rt, self.session, conv)
            return
        adds_detail = (
            self.u.problem is not None
            and not vocab.is_no(self.text)
            and self.u.is_("report_problem", "give_details", "add_information", at_least=0.4)
            and len(self.text.split()) >= 3
        )
        if correction is not None or self._learned(self.u) or adds_detail:
            self._absorb(greeting=False)
            return
        if vocab.is_no(self.text):
            draft.correcting = True
            draft.save(conv)
            conv.repeats = 0
            reply(self.rt, self.session, conv, intake.WHICH_FIELD)
            return
        if draft.correcting:
            folded = " ".join(vocab.words(self.text))
            field_name = FIELD_BY_WORD.get(folded) or FIELD_BY_WORD.get(self.text.casefold())
            if field_name in ("company", "contact_name", "contact_phone", "description"):
                slots = public_slots(conv)
                slots.pop(field_name, None)
                draft.correcting = False
                draft.asks.pop(field_name, None)
                if field_name == "contact_phone":
                    draft.phone_default = False
                draft.save(conv, slots)
                conv.state = State.INTAKE
                self._ask_next(draft)
                return
        conv.repeats += 1
        if conv.repeats > self.rt.config.intake.max_repeats:
            self._hand_over()  # the request is complete but unconfirmed: a person checks it
            return
        reply(self.rt, self.session, conv, intake.CONFIRM_RETRY)

    def _learned(self, u: Understanding) -> bool:
        slots = self.conv.slots or {}
        return bool(u.fields) and any(slots.get(k) != v for k, v in u.fields.items())

    def _read_field(self, field_name: str, raw: str) -> str | None:
        if field_name == "email":
            return clean_email(raw)
        step = intake.STEP_BY_AWAITING.get(field_name)
        value = step.read(raw, self._context()) if step else None
        return self._normalise(field_name, value) if value else None

    def _absorb(self, greeting: bool) -> None:
        """Take every field the message holds, then ask for the next missing one."""
        conv, u = self.conv, self.u
        slots = public_slots(conv)
        draft = Draft.of(conv)
        self.earlier = draft.heard  # what the customer wrote before this message
        draft.hear(self.text)
        before = dict(slots)
        awaiting = conv.awaiting if conv.state == State.INTAKE and not greeting else None
        step = intake.STEP_BY_AWAITING.get(awaiting or "")
        corrected = None
        if u.correction:
            field_name, raw = u.correction
            value = self._read_field(field_name, raw)
            if value:
                slots[field_name] = value
                draft.sources[field_name] = "answer"
                corrected = field_name
                if field_name == "contact_phone":
                    draft.phone_default = False
                if field_name == "description":
                    slots.pop("priority", None)
        if self._someone_else_writes(slots, draft):
            slots["contact_name"] = u.fields["contact_name"]
            draft.sources["contact_name"] = "message"
            slots["contact_phone"] = u.fields.get("contact_phone", conv.phone)
            draft.sources["contact_phone"] = "message" if "contact_phone" in u.fields else "default"
            draft.phone_default = "contact_phone" not in u.fields  # theirs, or this one? ask
            if draft.sources.get("email") == "directory":
                slots.pop("email", None)  # the contact's address, not the colleague's
                draft.sources.pop("email", None)
        short_answer = (
            step is not None
            and 0 < len(self.text.split()) <= 6
            and not u.signature
            and self._read_answer(step) is not None
        )  # a short answer to the question; one that does not answer it may answer another
        for key, value in u.fields.items():
            if key in (corrected, awaiting):
                continue
            held, source = slots.get(key), draft.sources.get(key)
            fuller = bool(held) and source != "directory" and _fuller(value, held)
            if key == "contact_name" and u.signature and held and source == "confirmed":
                fuller = fuller or _same_surname(value, held)  # signed "Hana", shown "Hanka"
            if short_answer and key in ("company", "contact_name") and not fuller:
                continue  # "Seagull Guest House, Knysna" answers the company, names nobody
            if source in ("answer", "directory", "confirmed") and held and not fuller:
                continue  # what the customer answered or saw, or the directory knows, wins
            slots[key] = value
            draft.sources[key] = "message"
            if key == "contact_phone":
                draft.phone_default = False
        if awaiting and not u.fields and not corrected and self._aside_first():
            return
        outcome = READ
        if step is not None and corrected != awaiting:
            outcome = self._answer(step, slots, draft)
        elif u.problem and corrected is None:
            slots["description"] = _join(slots.get("description"), u.problem)
        if draft.company_is_contact and slots.get("contact_name") and not slots.get("company"):
            slots["company"] = slots["contact_name"]  # the sole trader named themselves
        if u.onsite and not slots.get("onsite_requested"):
            slots["onsite_requested"] = True
        if self.inbound.media:
            draft.media = [*draft.media, *map(str, requests_.media_ids(self.inbound.media))]
        changed = any(
            slots.get(k) != before.get(k)
            for k in ("description", "impact", "impact_text", "company")
        )
        if changed or "priority" not in slots:
            self._triage(slots, draft)
        draft.save(conv, slots)
        if greeting:
            self._greet_and_ask(draft)
            return
        if outcome == DETOUR and awaiting:
            self._ask(intake.STEP_BY_AWAITING[awaiting], draft, repeat=True)
            return
        if outcome == FAILED and awaiting:
            if draft.asks.get(awaiting, 0) < REQUIRED_ASKS:
                self._retry(intake.STEP_BY_AWAITING[awaiting], draft)
                return
            draft.skipped = [*draft.skipped, awaiting]  # left for the technician
            draft.save(conv)
        self._ask_next(draft)

    def _answer(self, step: intake.Step, slots: dict[str, Any], draft: Draft) -> str:
        """Read the answer to the question asked: READ, FAILED (a required answer that
        could not be read) or DETOUR (the message was about something else)."""
        awaiting, u = step.awaiting, self.u
        if not self.text:
            return FAILED if step.required else READ
        if awaiting == "company" and says_no_company(self.text) and not self._names_trade(step):
            return self._sole_trader(slots, draft)
        repeated = draft.detour_text == vocab.fold(self.text)  # sent again: meant as an answer
        if awaiting in ("company", "contact_name") and self._answers_impact() and not repeated:
            # "Whole office": who is affected, not which company; keep it, ask again
            slots.setdefault("impact", read_impact(self.text, self._context()))
            slots.setdefault("impact_text", clean_text(self.text))
            return self._detour(draft)
        firm = self._firm_for_description() if awaiting == "description" else None
        if firm and not slots.get("company") and not repeated:
            # "hotel bellavista rimini" sent where the problem was asked: the company
            slots["company"] = self._normalise("company", firm)
            draft.sources["company"] = "answer"
            return self._detour(draft)
        if awaiting == "company" and reads_as_person(self.text) and not repeated:
            # A name given for the company: keep it as the contact, ask the company again.
            name = intake.STEP_BY_AWAITING["contact_name"].read(self.text, self._context())
            if name and not slots.get("contact_name"):
                slots["contact_name"] = name
                draft.sources["contact_name"] = "answer"
            return self._detour(draft)
        names_whom_to_call = (
            awaiting == "contact_name"
            and CALL_CUE.search(self.text) is not None
            and self._read_answer(step) is not None
        )  # "volejte bratrovi, Karlovi Machovi, ten je v Plzni" answers the question
        problem_for_name = (
            awaiting in ("company", "contact_name")
            and not names_whom_to_call
            and not self._opens_with_answer(step)
            and self._about_problem(awaiting)
        )
        problem_for_number = (
            awaiting in ("contact_phone", "email") and self._problem_instead_of_contact()
        )
        if (problem_for_name or problem_for_number) and not repeated:
            # More about the problem (several messages in a row, or another question
            # answered): keep it; the question is asked again without counting a failure.
            slots["description"] = _join(slots.get("description"), u.problem or self.text)
            return self._detour(draft)
        if (
            awaiting == "contact_phone"
            and vocab.is_yes(self.text)
            and "contact_phone" not in u.fields
        ):
            draft.sources["contact_phone"] = "answer"  # YES: the number we showed
            draft.phone_default = False
            return READ
        if u.signature and awaiting in u.fields:
            value = u.fields[awaiting]  # a signature block sent as the answer
        else:
            value = self._read_answer(step)
        if value is None and awaiting in u.fields:
            value = u.fields[awaiting]
        if (
            awaiting == "company"
            and value
            and has_company_form(u.fields.get("company", ""))
            and not has_company_form(value)
            and vocab.fold(value) in vocab.fold(u.fields.get("contact_name", "-"))
        ):
            value = u.fields["company"]  # "Mike, Mike's Tyre & Exhaust": the person came first
        if awaiting == "impact":
            slots["impact"] = value
            slots["impact_text"] = clean_text(self.text)
            return READ
        if value is None and not step.required:
            slots[awaiting] = clean_text(self.text)  # an optional answer is kept as written
            return READ
        if value is None:
            return FAILED
        if awaiting == "contact_name":
            # "Hošek", and the message was signed "Ing. Radek Hošek"
            value = complete_name(value, self.earlier, str(slots.get("company") or ""))
            if draft.sources.get("contact_phone") == "message" and _someone_else_to_ask(self.text):
                # "chiedete al nostro volontario Fabio Crotti": the number the message gave
                # is the writer's or the office's; ask which one reaches him
                draft.sources["contact_phone"] = "default"
                draft.phone_default = True
        if awaiting == "description":
            slots["description"] = _join(slots.get("description"), value)
        else:
            slots[awaiting] = self._normalise(awaiting, value)
        told = firm_after_problem(self.text) if awaiting == "company" else None
        if told:  # the problem told first is kept with the problem
            slots["description"] = _join(slots.get("description"), told[0])
        if (
            awaiting == "company"
            and draft.sources.get("contact_name") in ("message", "guess")
            and _the_firm_not_a_person(str(slots.get("contact_name", "")), slots["company"])
        ):
            # The firm's name signed the first message and was taken for a person.
            slots.pop("contact_name", None)
            draft.sources.pop("contact_name", None)
        draft.sources[awaiting] = "answer"
        if awaiting == "contact_phone":
            draft.phone_default = False
        return READ

    def _read_answer(self, step: intake.Step) -> str | None:
        """This message read as the answer to ``step``, once per turn: whether it is a short
        answer, an aside or the value itself all ask the same question of the same text."""
        key = (step.awaiting, self.text)
        if key not in self._answers:
            self._answers[key] = step.read(self.text, self._context())
        return self._answers[key]

    def _someone_else_writes(self, slots: dict[str, Any], draft: Draft) -> bool:
        """A colleague writes from a directory contact's phone and says who they are
        ("sono Luca Ferrari, scrivo dal numero di Giulia", "volejte mně, Kamila Šimková"):
        they are the one to call, not the contact the directory knows for the number."""
        name = self.u.fields.get("contact_name")
        held = slots.get("contact_name")
        if draft.sources.get("contact_name") != "directory" or not name or not held:
            return False
        if len(vocab.words(name)) < 2 or set(vocab.words(name)) & set(vocab.words(held)):
            return False  # "Petr" or "Novák" for Petr Novák: the contact themselves
        signed = self.u.signature is not None and self.u.signature.name == name
        at = self.text.find(name.split()[0])
        introduced = at >= 0 and INTRODUCES_SELF.search(self.text[max(0, at - 40) : at])
        return signed or bool(introduced)

    def _detour(self, draft: Draft) -> str:
        """The message was about something else: the question is asked again, without
        counting a failure, up to MAX_DETOURS times."""
        draft.detours += 1
        draft.detour_text = vocab.fold(self.text)
        return DETOUR if draft.detours <= MAX_DETOURS else FAILED

    def _answers_impact(self) -> bool:
        """A short answer that says who is affected ("Whole office", "jen já")."""
        text = self.text
        return (
            len(text.split()) <= 4
            and read_impact(text, self._context()) in ("single", "everyone")
            and not LEGAL_END.match(text)
            and not re.search(r"\d{3}", text)
        )

    def _firm_for_description(self) -> str | None:
        """A short message that only names a business, sent where the problem was asked."""
        text = self.text
        if len(text.split()) > FIRM_ONLY_WORDS or looks_like_problem(text):
            return None
        firm = self._read_answer(intake.STEP_BY_AWAITING["company"])
        return firm if firm and find_business(firm) is not None else None

    def _names_trade(self, step: intake.Step) -> bool:
        """ "Kadeřnictví Jana Pokorná, jsem OSVČ": a sole trader who trades under a name."""
        value = self._read_answer(step)
        return value is not None and find_business(value) is not None and not says_no_company(value)

    def _sole_trader(self, slots: dict[str, Any], draft: Draft) -> str:
        """ "Non ho una ditta, lavoro da solo: Andrea Sartori": the business is the person,
        named here, already known, or named in the next answer."""
        *_, named = re.split(r":|\s[–—-]\s", self.text)  # "jsem OSVČ – Ing. Marek Sýkora"
        name = read_name(named, self._context()) if named != self.text else None
        name = name or self.u.fields.get("contact_name") or slots.get("contact_name")
        if name and not slots.get("contact_name"):
            slots["contact_name"] = name
            draft.sources["contact_name"] = "answer"
        slots["company"] = name or None
        draft.company_is_contact = not name
        draft.sources["company"] = "answer"
        return READ

    def _about_problem(self, awaiting: str) -> bool:
        """A sentence about the problem is not a company or a name, whatever was asked;
        "this is ridgeway plumbing" or "jsme z Elektra Hrubý" introduces the answer."""
        u = self.u
        if self.u.fields.get("company") or self.u.fields.get("contact_name"):
            return False
        if awaiting == "company" and firm_after_problem(self.text):
            return False  # "it crashes when I open the sheet. Elektro Procházka": both
        if awaiting == "company" and not looks_like_problem(self.text):
            firm = self._read_answer(intake.STEP_BY_AWAITING["company"])
            if firm and has_company_form(firm) and firm in self.text and not firm.islower():
                return False  # "Just me - Craig Ferreira Photography, I'm a sole prop"
        continues = CONTINUES.match(self.text) and len(self.text.split()) >= CONTINUED_WORDS
        if continues and not has_company_form(self.text):
            return True  # "a Jirka Petrů odchází, tak mu to zrušit": more of the request
        answer = SAYS_WHO.sub("", self.text, count=1)
        words_ = vocab.words(answer)
        small = sum(w in function_words(self.conv.language or "") for w in words_)
        return (
            looks_like_problem(self.text)
            or looks_like_sentence(answer)
            or speaks_to_urgency(self.text)
            or (  # "i clienti si lamentano tutti, …", which reads as no name either
                len(words_) >= SENTENCE_LENGTH
                and small >= 2
                and self._read_answer(intake.STEP_BY_AWAITING[awaiting]) is None
            )
            or (
                u.problem is not None
                and len(self.text.split()) >= 4
                and u.is_("report_problem", "add_information", at_least=0.5)
            )
        )

    def _opens_with_answer(self, step: intake.Step) -> bool:
        """ "Marco Sartori, sono il responsabile amministrativo", "Mkhize Consulting Engineers,
        we're in the Musgrave office park": the answer comes first and the rest of the
        sentence is about the person or the firm, not the problem."""
        if step.awaiting not in NAMED_ANSWERS:
            return False
        first = re.split(r"[,;:!?\n]|\s[–—-]\s", self.text, maxsplit=1)[0].strip()
        capitalised = [w for w in first.split() if w[:1].isupper()]
        longest = 4 if step.awaiting == "contact_name" else 6  # "Mkhize Consulting Engineers"
        if not 2 <= len(capitalised) == len(first.split()) <= longest:
            return False
        if looks_like_problem(first):
            return False
        whole = self._read_answer(step) if step.awaiting == "company" else None
        if step.awaiting == "company" and not has_company_form(first) and whole != first:
            return False  # "Hi Pieter, the big scanner …": a greeting, not the firm
        return step.read(first, self._context()) is not None

    def _problem_instead_of_contact(self) -> bool:
        """A message about the fault sent where a number or an address was asked: no
        digits, no yes or no, and words about the problem."""
        u, text = self.u, self.text
        if "contact_phone" in u.fields or "email" in u.fields or re.search(r"\d{3}", text):
            return False
        if vocab.is_yes(text) or vocab.is_no(text) or means_this_number(text):
            return False
        return looks_like_problem(text) or (
            u.problem is not None
            and len(text.split()) >= 5
            and u.is_("report_problem", "add_information", at_least=0.5)
        )

    def _aside_first(self) -> bool:
        """Help, status or a person asked in the middle of the intake, instead of an
        answer; True when handled (the question is then asked again)."""
        u, conv = self.u, self.conv
        if not u.is_(*ASIDE_INTENTS, at_least=0.6) or looks_like_problem(self.text):
            return False
        if speaks_to_urgency(self.text) and not self.said:
            return False  # "niente di urgente eh": about the problem, not a question
        step = intake.STEP_BY_AWAITING.get(conv.awaiting or "")
        if (
            step is not None
            and step.awaiting in RECOGNISABLE_ANSWERS | NAMED_ANSWERS
            and self.said is None  # "status", "pomoc": an aside, said outright
            and self._read_answer(step) is not None
        ):
            if step.awaiting in RECOGNISABLE_ANSWERS and u.intent != "talk_to_person":
                return False  # "this nr" answers which number to call, whatever it resembles
            if step.awaiting in NAMED_ANSWERS and not u.is_(*ASIDE_INTENTS, at_least=SURE_ASIDE):
                return False  # "this is ridgeway plumbing germiston": a name, no escalation
        if u.intent == "talk_to_person":
            self._hand_over()
            return True
        if u.intent == "help":
            self._send(words.help_text(conv.language))
        else:
            reply(self.rt, self.session, conv, intake.CANNOT_ANSWER)
        conv.repeats += 1
        if conv.repeats > self.rt.config.intake.max_repeats:
            self._hand_over()
            return True
        awaiting = conv.awaiting or ""
        self._ask(intake.STEP_BY_AWAITING[awaiting], Draft.of(conv), repeat=True)
        return True

    def _normalise(self, field_name: str, value: str) -> str:
        if field_name == "company":
            return match_company(value, [c.name for c in self.rt.config.companies])
        return value

    def _triage(self, slots: dict[str, Any], draft: Draft) -> None:
        description = slots.get("description")
        if not description:
            return
        company = self.session.scalars(
            select(Company).where(Company.name == slots.get("company", ""))
        ).first()
        evidence = " ".join(str(t) for t in (description, slots.get("impact_text")) if t)
        result = triage.assess(  # "only me, I'm on my old laptop for now": contained
            self.rt, evidence, slots.get("impact"), vip=bool(company and company.vip)
        )
        slots["priority"] = result.priority
        answered = "impact" in slots
        draft.ask_impact = not answered and triage.needs_impact_question(result, self.rt)

    def _greet_and_ask(self, draft: Draft) -> None:
        rt, conv = self.rt, self.conv
        hour = utcnow().astimezone(rt.config.zone).hour
        greeting = intake.greeting_for(hour)
        lead = translate(conv.language, greeting, helpdesk=rt.config.helpdesk.name)
        step = self._next_step(draft)
        if step is None and not self._needs_confirmation(draft):
            filing.file_ticket(rt, self.session, conv, lead=lead)
            return
        if step is None:
            self._summary(prefix=lead)
            return
        self._ask(step, draft, prefix=lead)

    def _next_step(self, draft: Draft) -> intake.Step | None:
        slots = public_slots(self.conv)
        view = {**slots, "ask_impact": draft.ask_impact}
        for step in intake.STEPS:
            if step.awaiting in draft.skipped or not step.needed(view):
                continue
            if step.awaiting == "contact_phone" and draft.sources.get("contact_phone") in (
                "default",
                "history",
            ):
                return step  # the sender's (or last ticket's) number: ask once, YES keeps it
            if (
                step.awaiting == "contact_name"
                and draft.sources.get("contact_name") == "message"
                and len(strip_titles(str(slots.get("contact_name", "")).split())) == 1
                and not draft.asks.get("contact_name")
            ):
                return step  # only a first name ("Mr Pillay"): ask once, YES keeps it
            if step.awaiting in slots:
                continue  # answered (an optional answer may be None: kept as written)
            if not step.required and draft.asks.get(step.awaiting):
                continue
            return step
        return None

    def _needs_confirmation(self, draft: Draft) -> bool:
        """Show the summary when a field was guessed from free text, not answered or known."""
        if self.rt.config.intake.confirm == "always":
            return True
        guessed = ("message", "guess")
        return any(draft.sources.get(k) in guessed for k in ("company", "contact_name"))

    def _ask_next(self, draft: Draft) -> None:
        step = self._next_step(draft)
        if step is not None:
            self._ask(step, draft)
        elif self._needs_confirmation(draft):
            self._summary()
        else:
            filing.file_ticket(self.rt, self.session, self.conv)

    @staticmethod
    def _name_hint(slots: dict[str, Any], draft: Draft) -> str | None:
        """A first name the customer wrote, offered for a YES, else none."""
        guessed = draft.sources.get("contact_name") == "message"
        return str(slots["contact_name"]) if guessed and slots.get("contact_name") else None

    def _context(self) -> ReadContext:
        slots = public_slots(self.conv)
        return ReadContext(
            self.conv.phone,
            self._name_hint(slots, Draft.of(self.conv)) or self.conv.profile_name,
            self.conv.language,
            self.rt.config.helpdesk.holidays,
        )

    def _ask(self, step: intake.Step, draft: Draft, prefix: str = "", repeat: bool = False) -> None:
        conv = self.conv
        if not repeat and conv.awaiting != step.awaiting:
            conv.repeats = 0
        conv.state, conv.awaiting = State.INTAKE, step.awaiting
        if not repeat:  # asking again after a detour or an aside is not a new attempt
            draft.asks[step.awaiting] = draft.asks.get(step.awaiting, 0) + 1
        slots = public_slots(conv)
        shows_whom = step.awaiting == "contact_phone" and bool(
            slots.get("company") and slots.get("contact_name")
        )
        if shows_whom:  # shown to the customer: only a correction changes them now
            for shown in ("company", "contact_name"):
                if draft.sources.get(shown) in ("message", "guess", "history"):
                    draft.sources[shown] = "confirmed"
        draft.save(conv)
        question = step.question
        hint = self._name_hint(slots, draft) or conv.profile_name
        if step.awaiting == "contact_name" and hint:
            question = intake.ASK_NAME_WITH_PROFILE  # a hint to confirm, not a fact
        if shows_whom:
            question = intake.ASK_PHONE_FOR  # also shows whom the ticket is for
        body = translate(
            conv.language,
            question,
            phone=slots.get("contact_phone") or conv.phone,
            name=hint,
            contact_name=slots.get("contact_name", ""),
            company=slots.get("company", ""),
        )
        self._send(f"{prefix}\n{body}" if prefix else body)

    def _retry(self, step: intake.Step, draft: Draft) -> None:
        """Ask a required question once more, in other words."""
        conv = self.conv
        draft.asks[step.awaiting] = draft.asks.get(step.awaiting, 0) + 1
        draft.save(conv)
        reply(self.rt, self.session, conv, step.retry, phone=conv.phone)

    def _summary(self, prefix: str = "") -> None:
        conv = self.conv
        slots = public_slots(conv)
        conv.state, conv.awaiting, conv.repeats = State.CONFIRM, "confirm", 0
        lang = conv.language
        email_line = (
            translate(lang, intake.SUMMARY_EMAIL, email=slots["email"])
            if slots.get("email")
            else ""
        )
        onsite_line = (
            translate(lang, intake.SUMMARY_ONSITE, reason=slots.get("onsite_reason") or "")
            if slots.get("onsite_requested")
            else ""
        )
        body = translate(
            lang,
            intake.SUMMARY,
            company=slots.get("company") or "-",
            contact_name=slots.get("contact_name") or "-",
            contact_phone=slots.get("contact_phone", ""),
            email_line=email_line,
            description=slots.get("description", ""),
            onsite_line=onsite_line,
            priority=translate(lang, slots.get("priority", "")),
        )
        self._send(f"{prefix}\n{body}" if prefix else body)

    def _repeat_current_question(self) -> None:
        conv = self.conv
        if conv.state == State.CONFIRM:
            self._summary()
        elif conv.state == State.INTAKE and conv.awaiting in intake.STEP_BY_AWAITING:
            step = intake.STEP_BY_AWAITING[conv.awaiting or ""]
            self._ask(step, Draft.of(conv), repeat=True)
        else:
            self._send(words.help_text(conv.language))

    def _hand_over(self) -> None:
        """A person takes over: the request is filed for review, never dropped."""
        conv = self.conv
        slots = public_slots(conv)
        if not slots.get("description") and self.text and self.u.problem:
            slots["description"] = self.u.problem
            Draft.of(conv).save(conv, slots)
        filing.file_ticket(self.rt, self.session, conv, filing.Outcome(needs_review=True))

    def _send(self, body: str) -> None:
        if self.conv.opted_out:
            return
        self.rt.outbox.queue(self.session, channel=self.conv.channel, to=self.conv.phone, body=body)


def _fuller(new: Any, held: Any) -> bool:
    """ "Mahomed Insurance Brokers" after "Mahomed Brokers", "Kavitha Pillay" after
    "Kavitha": the same name given in full."""
    if not isinstance(new, str) or not isinstance(held, str):
        return False
    had, has = set(vocab.words(held)), set(vocab.words(new))
    return bool(had) and had < has


def _same_surname(new: Any, held: Any) -> bool:
    """ "Hana Krejčí" signs where "Hanka Krejčí" was read: the same person, formally."""
    if not isinstance(new, str) or not isinstance(held, str):
        return False
    return len(vocab.words(new)) >= 2 and vocab.words(new)[-1:] == vocab.words(held)[-1:]


def _join(existing: str | None, more: str) -> str:
    if not existing:
        return more
    if more.casefold() in existing.casefold():
        return existing
    return f"{existing.rstrip()} {more.lstrip()}"
