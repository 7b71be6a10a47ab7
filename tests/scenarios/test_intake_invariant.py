"""The intake's promise, checked on generated conversations: every customer who described a
problem ends with a ticket; only an explicit cancel ends without one. Silence is part of
the conversation: the clock moves past ``[intake] abandon_after`` and the sweeper runs,
as in production.

Messages are drawn from what customers really send in the middle of an intake: answers,
answers to another question, noise, asides, corrections, photos, language switches, and
the same in Czech and Italian.
"""

from __future__ import annotations

import itertools
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.jobs.sweeper import sweep_once
from bot.runtime import use
from storage.models import Ticket
from tests.conftest import Phone, settle

PROBLEMS = [
    "our server is down and nobody can work",
    "the printer on the second floor is jammed",
    "nejde nam internet v cele kancelari",
    "la stampante non stampa da stamattina",
    "my laptop will not turn on",
    "VPN nefunguje nikomu",
]
OTHERS = [
    "hi",
    "dobry den",
    "buongiorno",
    "Brand New Co",
    "Pekárna U Dvořáků s.r.o.",
    "Studio Rossi Srl",
    "Lindiwe Khumalo",
    "ptejte se na paní Moravcovou",
    "Dott.ssa Elena Rota",
    "082 555 1234",
    "sest nula dva jedna dva tri ctyri pet sest",
    "yes",
    "ano",
    "sì",
    "no",
    "ne",
    "12345",
    "???",
    "ok thanks",
    "help",
    "status",
    "just me",
    "tutto l'ufficio",
    "jen já",
    "no, the company is Acme Ltd",
    "italiano",
    "česky",
    "😀",
    "it started after the power cut",
    "can I talk to a person",
    "",  # a location, a button or a sticker arrives with no text
    "this nr",
    "questo cellulare",
]
CANCELS = ["cancel", "zrušit", "annulla"]
MESSAGE = st.one_of(
    st.sampled_from(PROBLEMS).map(lambda text: ("problem", text)),
    st.sampled_from(OTHERS).map(lambda text: ("other", text)),
    st.sampled_from(CANCELS).map(lambda text: ("cancel", text)),
)
ZONE = ZoneInfo("Africa/Johannesburg")
NUMBERS = itertools.count(1)


@settings(
    max_examples=int(os.environ.get("DESKBOT_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    conversation=st.lists(MESSAGE, min_size=1, max_size=7),
    evening=st.booleans(),
)
def test_a_described_problem_always_ends_in_a_ticket_or_a_cancel(
    client, runtime, conversation, evening
) -> None:
    customer = Phone(client, runtime, f"+2782{next(NUMBERS):07d}")
    start = datetime(2026, 12, 2, 19 if evening else 10, 0, tzinfo=ZONE)
    with time_machine.travel(start, tick=False) as clock:
        for _, text in conversation:
            customer.says(text)
            clock.shift(timedelta(seconds=20))
        clock.shift(runtime.config.intake.abandon_after + timedelta(minutes=1))
        with use(runtime):
            sweep_once(runtime)
        settle(runtime)
    with runtime.sessions() as session:
        tickets = session.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.customer_phone == customer.number)
        )
    kinds = [kind for kind, _ in conversation]
    if "problem" not in kinds:
        return
    last_problem = max(i for i, kind in enumerate(kinds) if kind == "problem")
    cancelled_after = "cancel" in kinds[last_problem + 1 :]
    assert tickets >= 1 or cancelled_after, (conversation, customer.inbox())
    assert tickets <= kinds.count("problem"), (conversation, customer.inbox())
