"""Tickets opened outside office hours: page on-call, or promise the next opening (and offer
overtime to customers without a contract), in the customer's language."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.core.i18n import missing
from bot.directory.sync import sync_directory
from bot.messaging.inbound import lock_conversation
from bot.runtime import Runtime, use
from bot.tickets.records import NewTicket, create_ticket
from bot.timers import after_hours, lifecycle
from storage.models import Conversation, Message, Ticket
from tests.conftest import Phone
from tests.tickets_helpers import event_types_of

JNB = ZoneInfo("Africa/Johannesburg")
JANE, SIPHO, GIULIA, PETR = "+27831112222", "+27719244950", "+390212345678", "+420601123456"
EVENING = datetime(2026, 3, 10, 20, 0, tzinfo=JNB)  # Tuesday, closed; opens Wed 08:30
COMPANY = {JANE: "Acme Ltd", SIPHO: "Mokolodi Lodge", GIULIA: "Bianchi Srl", PETR: "Novák s.r.o."}


@pytest.fixture
def evening():  # type: ignore[no-untyped-def]
    with time_machine.travel(EVENING, tick=False) as traveller:
        yield traveller


def open_ticket(rt: Runtime, phone: str, priority: str, language: str = "en") -> int:
    """A ticket as the intake opens it: created, then the lifecycle hooks."""
    with use(rt), rt.sessions.begin() as session:
        sync_directory(session, rt.config)
        conversation = lock_conversation(session, phone, "whatsapp")
        conversation.language = language
        ticket = create_ticket(
            rt,
            session,
            NewTicket(
                COMPANY[phone],
                "Customer",
                phone,
                phone,
                "Nothing works",
                "whatsapp",
                language,
                priority,
            ),
            actor=phone,
        )
        conversation.ticket_id = ticket.id
        lifecycle.ticket_created(rt, session, conversation, ticket)
        return ticket.id


def ticket(rt: Runtime, ticket_id: int) -> Ticket:
    with rt.sessions() as session:
        found = session.get(Ticket, ticket_id)
        assert found is not None
        return found


def conversation(rt: Runtime, phone: str) -> Conversation:
    with rt.sessions() as session:
        return session.scalars(select(Conversation).where(Conversation.phone == phone)).one()


def customer_texts(rt: Runtime, phone: str) -> list[str]:
    with rt.sessions() as session:
        return list(
            session.scalars(
                select(Message.body)
                .where(Message.direction == "outbound", Message.peer == phone)
                .order_by(Message.id)
            )
        )


events = event_types_of


def page_count(rt: Runtime, ticket_id: int) -> int:
    return events(rt, ticket_id).count("page")


def test_every_string_is_translated() -> None:
    for language in ("cs", "it"):
        assert missing(language, list(after_hours.MESSAGES)) == []


def test_critical_priority_pages_and_promises_wall_clock_target(runtime, evening) -> None:
    # Mokolodi is business hours, but critical says "page": the target (1 h) runs from now.
    ticket_id = open_ticket(runtime, SIPHO, "critical")
    row = ticket(runtime, ticket_id)
    assert row.after_hours and row.paging and row.escalation_level == 0
    assert page_count(runtime, ticket_id) == 1
    assert row.response_due == EVENING + timedelta(hours=1)  # the promise: wall clock now
    told = customer_texts(runtime, SIPHO)[-1]
    assert "paged our on-call engineer" in told and row.ref in told
    assert "Tue, 10 Mar at 21:00" in told  # en_ZA: a +27 number's English, not US-style


def test_24x7_contract_pages_any_priority_and_promises_response_due(runtime, evening) -> None:
    ticket_id = open_ticket(runtime, JANE, "low", language="cs")
    row = ticket(runtime, ticket_id)
    assert row.paging and page_count(runtime, ticket_id) == 1
    assert row.response_due == EVENING + timedelta(hours=8)  # 24x7: wall clock
    told = customer_texts(runtime, JANE)[-1]
    assert "pohotovostní službu" in told and "do st 11. 3. ve 4:00" in told


def test_contract_customer_waits_for_the_next_opening(runtime, evening) -> None:
    ticket_id = open_ticket(runtime, SIPHO, "high")
    row = ticket(runtime, ticket_id)
    assert not row.paging and page_count(runtime, ticket_id) == 0
    told = customer_texts(runtime, SIPHO)[-1]
    assert "office is closed" in told and "Wed, 11 Mar at 10:30" in told
    assert "overtime" not in told
    assert conversation(runtime, SIPHO).state == "idle"


def test_office_hours_change_nothing(runtime) -> None:
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=JNB), tick=False):
        ticket_id = open_ticket(runtime, GIULIA, "critical")
    assert not ticket(runtime, ticket_id).after_hours
    assert page_count(runtime, ticket_id) == 0
    assert customer_texts(runtime, GIULIA) == []
    assert conversation(runtime, GIULIA).state == "idle"


def giulia_offer(runtime: Runtime, client) -> tuple[int, Phone]:  # type: ignore[no-untyped-def]
    ticket_id = open_ticket(runtime, GIULIA, "high", language="it")
    customer = Phone(client, runtime, GIULIA)
    told = customer.last()
    assert (
        "tariffa straordinaria" in told
        and "risponda SI" in told
        and "mer 11 mar alle 10:30" in told
    )
    state = customer.conversation()
    assert (state["state"], state["awaiting"]) == ("overtime_offer", "confirm")
    assert "overtime_offered" in events(runtime, ticket_id)
    return ticket_id, customer


def test_overtime_offer_yes_pages_on_call(runtime, client, evening) -> None:
    ticket_id, customer = giulia_offer(runtime, client)
    assert page_count(runtime, ticket_id) == 0
    customer.says("Sì, grazie")
    row = ticket(runtime, ticket_id)
    assert row.paging and page_count(runtime, ticket_id) == 1
    assert events(runtime, ticket_id).index("overtime_accepted") < events(runtime, ticket_id).index(
        "page"
    )
    told = customer.last()
    assert "attivato la reperibilità" in told and "mar 10 mar alle 22:00" in told
    state = customer.conversation()
    assert (state["state"], state["awaiting"]) == ("idle", None)
    customer.says("sì")  # a second yes is not a second page
    assert page_count(runtime, ticket_id) == 1


def test_overtime_offer_no_keeps_the_next_business_day(runtime, client, evening) -> None:
    ticket_id, customer = giulia_offer(runtime, client)
    customer.says("no")
    row = ticket(runtime, ticket_id)
    assert not row.paging and page_count(runtime, ticket_id) == 0
    assert row.response_due == datetime(2026, 3, 11, 10, 30, tzinfo=JNB)
    assert "overtime_declined" in events(runtime, ticket_id)
    assert "mer 11 mar alle 10:30" in customer.last()
    assert customer.conversation()["state"] == "idle"


def test_other_text_is_not_taken_for_an_answer(runtime, client, evening) -> None:
    """'ok thanks' costs nothing: only a clear yes pages; the offer stays open."""
    ticket_id, customer = giulia_offer(runtime, client)
    customer.says("ok grazie, la stampante fa un rumore strano")
    assert page_count(runtime, ticket_id) == 0
    assert customer.conversation()["state"] == "overtime_offer"
    customer.says("yes")
    assert page_count(runtime, ticket_id) == 1


def test_offer_lapses_when_the_office_opens(runtime, client, evening) -> None:
    ticket_id, customer = giulia_offer(runtime, client)
    evening.move_to(datetime(2026, 3, 11, 9, 0, tzinfo=JNB))
    customer.says("sì")
    assert page_count(runtime, ticket_id) == 0
    assert customer.conversation()["state"] != "overtime_offer"


def test_offer_lapses_when_a_technician_answered(runtime, client, evening) -> None:
    ticket_id, customer = giulia_offer(runtime, client)
    with runtime.sessions.begin() as session:
        row = session.get(Ticket, ticket_id)
        row.status = "acknowledged"  # type: ignore[union-attr]
        row.first_response_at = EVENING  # type: ignore[union-attr]
    customer.says("sì")
    assert page_count(runtime, ticket_id) == 0
    assert customer.conversation()["state"] != "overtime_offer"


def test_handle_reply_ignores_conversations_without_an_offer(runtime, client, evening) -> None:
    open_ticket(runtime, SIPHO, "high")
    with use(runtime), runtime.sessions.begin() as session:
        conv = lock_conversation(session, SIPHO, "whatsapp")
        assert after_hours.handle_reply(runtime, session, conv, None, None) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "yes"),
    [
        ("YES", True),
        ("ano", True),
        ("Sì!", True),
        ("si grazie", True),
        ("👍", True),
        ("ok", False),
        ("okay thanks", False),
        ("no", False),
        ("yesterday it broke", False),
    ],
)
def test_only_a_clear_yes_counts(text: str, yes: bool) -> None:
    assert after_hours.is_clear_yes(text) is yes
