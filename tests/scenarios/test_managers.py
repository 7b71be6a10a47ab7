"""Everything meant for "the managers" reaches the same people: the help desk manager (the
first ``[oncall] escalation`` number), not whoever happens to have role ``manager``.

The desk below makes the difference visible: its help desk manager (``INFRA``) is not a
technician, and its only technician, Pieter, has role ``manager`` (so nobody is picked
automatically and tickets stay unassigned).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.runtime import use
from bot.tickets import targets as sla
from bot.timers import paging
from bot.timers.sla import sweep_sla
from storage.db import utcnow
from tests.conftest import Phone
from tests.tickets_helpers import JANE, PIETER, open_ticket, ticket

INFRA, DIRECTOR = "+27829990002", "+27829990003"


@pytest.fixture
def desk(make_runtime, config, monkeypatch):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    monkeypatch.setattr(sla, "is_open", lambda rt, at: True)
    pieter = next(t for t in config.technicians if t.phone == PIETER)
    oncall = config.oncall.model_copy(update={"escalation": [INFRA, DIRECTOR]})
    runtime = make_runtime(
        config_override=config.model_copy(update={"technicians": [pieter], "oncall": oncall})
    )
    return runtime, create_app(runtime).test_client()


def test_follow_ups_reopenings_and_breaches_go_to_the_help_desk_manager(desk) -> None:  # type: ignore[no-untyped-def]
    runtime, client = desk
    ref = open_ticket(runtime, JANE, description="The file server is offline")
    assert ticket(client, ref)["assignee"] is None
    jane = Phone(client, runtime, JANE)
    infra, pieter = Phone(client, runtime, INFRA, "sms"), Phone(client, runtime, PIETER, "sms")

    jane.says("It is still showing the blue screen")  # unassigned: the managers hear it
    assert infra.last().startswith(f"{ref} Jane Doe (Acme Ltd) writes:")
    assert not any("writes:" in body for body in pieter.inbox())

    pieter.says(f"{ref} resolve restarted the server")
    jane.says("no, still broken")  # reopened: the assignee (none) and the managers
    assert ticket(client, ref)["status"] == "open"
    assert infra.last().startswith(f"REOPENED {ref}")
    assert not any(body.startswith("REOPENED") for body in pieter.inbox())

    with use(runtime):  # nobody answers: the breach notice goes to the managers too
        assert sweep_sla(runtime, utcnow() + timedelta(hours=2)) == 1
    assert infra.last().startswith(f"SLA BREACH {ref}")
    assert not any(body.startswith("SLA BREACH") for body in pieter.inbox())


def test_a_customer_escalation_goes_to_the_help_desk_manager(desk) -> None:  # type: ignore[no-untyped-def]
    runtime, client = desk
    ref = open_ticket(runtime, JANE, description="The file server is offline")
    Phone(client, runtime, JANE).says(f"escalate {ref}")
    assert Phone(client, runtime, INFRA, "sms").last().startswith(f"{ref} ESCALATED")
    assert not any("ESCALATED" in body for body in Phone(client, runtime, PIETER, "sms").inbox())


def test_paging_escalates_to_the_same_chain(desk) -> None:  # type: ignore[no-untyped-def]
    runtime, _ = desk
    with runtime.sessions() as session:
        chain = [paging.phone_at_level(runtime, session, level, utcnow()) for level in (1, 2, 3)]
    assert chain == [INFRA, DIRECTOR, None]
    assert paging.last_level(runtime.config) == 2
