"""After-hours paging: the chain, acknowledgements at every level, restarts, double workers.

Escalation runs on REAL short timeouts (ack_timeout 1s, sweeps every 0.2s) through the
scheduled jobs and the sweeper; calendar and rotation decisions use time_machine.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.core.config import EXAMPLE_CONFIG, Config, load_config
from bot.directory.rotation import on_call_at
from bot.directory.sync import sync_directory
from bot.jobs.sweeper import sweep_job
from bot.messaging.inbound import lock_conversation
from bot.runtime import Runtime, use
from bot.tickets.records import NewTicket, add_event, create_ticket
from bot.timers import paging
from storage.db import utcnow
from storage.models import Message, OncallOverride, Ticket, TicketEvent
from tests.conftest import Phone, settle, twilio_overrides

JNB = ZoneInfo("Africa/Johannesburg")
JANE = "+27831112222"
THABO, LERATO = "+27821234567", "+27827654321"
ESCALATION = ["+27829990001", "+27829990002", "+27829990003"]
TIMEOUT = 1.0


def config_file(tmp_path: Path, **replace: str) -> Path:
    """The example config with some lines changed (``ack_timeout='"1s"'``...)."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    for key, value in replace.items():
        text, count = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        assert count == 1, key
    path = tmp_path / "deskbot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def short_config(tmp_path: Path, **replace: str) -> Config:
    return load_config(config_file(tmp_path, ack_timeout='"1s"', **replace))


def open_ticket(rt: Runtime, *, page: bool = True, phone: str = JANE) -> int:
    """A critical Acme ticket, paging from level 0 when ``page``."""
    with use(rt), rt.sessions.begin() as session:
        sync_directory(session, rt.config)
        conversation = lock_conversation(session, phone, "whatsapp")
        ticket = create_ticket(
            rt,
            session,
            NewTicket(
                company="Acme Ltd",
                contact_name="Jane Doe",
                contact_phone=phone,
                customer_phone=phone,
                description="The mail server is down for the whole office",
                channel="whatsapp",
                language="en",
                priority="critical",
            ),
            actor=phone,
        )
        conversation.ticket_id = ticket.id
        if page:
            assert paging.start(rt, session, ticket, reason="test") is not None
        return ticket.id


def pages(rt: Runtime, ticket_id: int) -> list[tuple[int, str, datetime]]:
    """(level, phone, at) of every page of the ticket, from the SMS outbox and the events."""
    for _ in range(20):  # two reads can straddle a commit under READ COMMITTED: read again
        events, sms = _page_rows(rt, ticket_id)
        if len(events) == len(sms):
            break
    assert len(events) == len(sms), "every page is one SMS and one event"
    found = []
    for event, message in zip(events, sms, strict=True):
        level = int(re.match(r"level (\d+)", event.text).group(1))  # type: ignore[union-attr]
        assert message.peer in event.text and message.channel == "sms"
        found.append((level, message.peer, event.at))
    return found


def _page_rows(rt: Runtime, ticket_id: int) -> tuple[list[TicketEvent], list[Message]]:
    with rt.sessions() as session:
        events = session.scalars(
            select(TicketEvent)
            .where(TicketEvent.ticket_id == ticket_id, TicketEvent.type == "page")
            .order_by(TicketEvent.id)
        ).all()
        sms = session.scalars(
            select(Message)
            .where(Message.ticket_id == ticket_id, Message.body.startswith("PAGE "))
            .order_by(Message.id)
        ).all()
    return list(events), list(sms)


def levels(rt: Runtime, ticket_id: int) -> list[int]:
    return [level for level, _, _ in pages(rt, ticket_id)]


def ack(rt: Runtime, ticket_id: int, actor: str = THABO) -> None:
    """What the ``ack`` command writes (bot.tickets.actions.acknowledge), without calling it."""
    with rt.sessions.begin() as session:
        ticket = session.get(Ticket, ticket_id, with_for_update=True)
        assert ticket is not None
        ticket.status = "acknowledged"
        ticket.first_response_at = utcnow()
        ticket.paging = False
        ticket.next_page_at = None
        add_event(session, ticket, "ack", actor)


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what or predicate}"
        time.sleep(0.05)


def ticket_row(rt: Runtime, ticket_id: int) -> Ticket:
    with rt.sessions() as session:
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket


def chain_now(rt: Runtime) -> list[str]:
    oncall = rt.config.oncall
    phone = on_call_at(utcnow(), oncall.rotation, oncall.handoff, rt.config.zone)
    assert phone is not None
    return [phone, *ESCALATION]


def assert_spaced(found: list[tuple[int, str, datetime]]) -> None:
    """No two pages of one ticket closer than the timeout: never a double page."""
    for (_, _, a), (_, _, b) in zip(found, found[1:], strict=False):
        assert (b - a).total_seconds() >= TIMEOUT * 0.9, found


# -- real time: the chain and an ack at every stage --------------------------------------------


def test_escalation_chain_and_ack_at_every_stage(make_runtime, tmp_path: Path) -> None:
    rt = make_runtime(config_override=short_config(tmp_path), sweep_interval=0.2)
    rt.queue.enqueue(sweep_job)
    chain = chain_now(rt)
    # Four tickets page at once; ticket i is acknowledged once level i was paged
    # (ticket 3 only after the exhausted chain paged the last number a second time).
    tickets = [open_ticket(rt, phone=f"+2783111222{i}") for i in range(4)]
    wanted = {0: [0], 1: [0, 1], 2: [0, 1, 2], 3: [0, 1, 2, 3, 3]}
    acked: dict[int, float] = {}
    deadline = time.monotonic() + 10
    while len(acked) < 4:
        assert time.monotonic() < deadline, {i: levels(rt, t) for i, t in enumerate(tickets)}
        for i, ticket_id in enumerate(tickets):
            if i not in acked and levels(rt, ticket_id) == wanted[i]:
                ack(rt, ticket_id)
                acked[i] = time.monotonic()
        time.sleep(0.05)
    time.sleep(1.8 * TIMEOUT)  # long enough for another page if the ack were ignored
    for i, ticket_id in enumerate(tickets):
        found = pages(rt, ticket_id)
        assert [level for level, _, _ in found] == wanted[i]
        assert [phone for _, phone, _ in found] == [chain[level] for level in wanted[i]]
        assert_spaced(found)
        row = ticket_row(rt, ticket_id)
        assert row.paging is False and row.next_page_at is None
        assert row.escalation_level == wanted[i][-1]


def test_reply_without_ack_also_stops_paging(make_runtime, tmp_path: Path) -> None:
    """A first response by any path (a technician's reply) ends paging at the next check."""
    rt = make_runtime(config_override=short_config(tmp_path), sweep_interval=0.2)
    rt.queue.enqueue(sweep_job)
    ticket_id = open_ticket(rt)
    with rt.sessions.begin() as session:
        ticket = session.get(Ticket, ticket_id)
        ticket.first_response_at = utcnow()  # type: ignore[union-attr]
        ticket.status = "in_progress"  # type: ignore[union-attr]
    wait_for(lambda: not ticket_row(rt, ticket_id).paging, what="paging to stop")
    time.sleep(1.2 * TIMEOUT)
    assert levels(rt, ticket_id) == [0]
    with rt.sessions() as session:
        kinds = session.scalars(
            select(TicketEvent.type).where(TicketEvent.ticket_id == ticket_id)
        ).all()
    assert "paging_stopped" in kinds


def test_ack_through_the_webhook_stops_paging(make_runtime, tmp_path: Path) -> None:
    """End to end: the on-call engineer answers the page with a bare ``ack``."""
    from webhooks import create_app

    rt = make_runtime(config_override=short_config(tmp_path), sweep_interval=0.2)
    client = create_app(rt).test_client()  # also starts the in-process sweeper
    chain = chain_now(rt)
    ticket_id = open_ticket(rt)
    wait_for(lambda: levels(rt, ticket_id) == [0, 1], what="first escalation")
    manager = Phone(client, rt, chain[1], channel="sms")
    manager.says("ack")
    row = ticket_row(rt, ticket_id)
    assert row.paging is False and row.first_response_at is not None
    assert row.status == "acknowledged"
    time.sleep(1.5 * TIMEOUT)
    assert levels(rt, ticket_id) == [0, 1]


def test_thread_of_the_pagee_points_at_the_ticket(runtime) -> None:
    ticket_id = open_ticket(runtime)
    # The timeout check was scheduled after the commit, for the ack timeout.
    scheduled = [args for _, _, func, args in runtime.queue._heap if func is paging.page_due_job]
    assert scheduled == [(ticket_id, 0, ticket_row(runtime, ticket_id).next_page_at.isoformat())]
    found = pages(runtime, ticket_id)
    with runtime.sessions() as session:
        last = session.scalars(
            select(Message)
            .where(Message.peer == found[0][1], Message.direction == "outbound")
            .order_by(Message.id.desc())
        ).first()
        ticket = session.get(Ticket, ticket_id)
    assert last is not None and last.ticket_id == ticket_id
    assert ticket is not None and ticket.ref in last.body
    for expected in ("Acme Ltd", "critical", "mail server is down", JANE, "ACK"):
        assert expected in last.body


# -- restarts and concurrency: real worker processes ------------------------------------------


def test_worker_killed_mid_escalation_continues_without_double_pages(
    make_runtime, shared_redis, worker_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config_file(tmp_path, ack_timeout='"1s"')
    monkeypatch.setenv("DESKBOT_CONFIG", str(path))
    rt = make_runtime(config_override=load_config(path), redis_url=shared_redis, sweep_interval=0.2)
    chain = chain_now(rt)
    first = worker_factory(rt)
    ticket_id = open_ticket(rt)
    wait_for(lambda: levels(rt, ticket_id) == [0, 1], what="level 1 by the first worker")
    first.kill()
    time.sleep(1.2 * TIMEOUT)  # level 2 falls due while no worker runs
    assert levels(rt, ticket_id) == [0, 1]
    # Two workers at once: their sweeps and the stale scheduled jobs race for every page.
    worker_factory(rt)
    worker_factory(rt)
    wait_for(lambda: levels(rt, ticket_id)[:5] == [0, 1, 2, 3, 3], timeout=15, what="chain")
    ack(rt, ticket_id, actor=chain[3])
    settled = len(pages(rt, ticket_id))
    time.sleep(1.5 * TIMEOUT)
    found = pages(rt, ticket_id)
    assert len(found) == settled, "paged after the ack"
    assert [phone for _, phone, _ in found[:4]] == chain
    assert all(phone == chain[3] for _, phone, _ in found[3:])
    assert_spaced(found)


# -- time travel: the rotation, overrides, the chain's edges -----------------------------------


def at_jnb(*args: int) -> datetime:
    return datetime(*args, tzinfo=JNB)


def test_rotation_handoff_decides_who_is_paged(runtime) -> None:
    handoff = at_jnb(2026, 3, 9, 8, 0)  # a Monday
    oncall = runtime.config.oncall
    before = on_call_at(handoff - timedelta(minutes=1), oncall.rotation, oncall.handoff, JNB)
    after = on_call_at(handoff, oncall.rotation, oncall.handoff, JNB)
    assert {before, after} == {THABO, LERATO}
    with time_machine.travel(handoff - timedelta(minutes=1), tick=False):
        early = open_ticket(runtime)
    with time_machine.travel(handoff + timedelta(minutes=1), tick=False):
        late = open_ticket(runtime, phone="+27831112229")
    assert pages(runtime, early)[0][:2] == (0, before)
    assert pages(runtime, late)[0][:2] == (0, after)


def test_override_wins_over_the_rotation(runtime) -> None:
    start = at_jnb(2026, 3, 10, 18, 0)
    with runtime.sessions.begin() as session:
        session.add(
            OncallOverride(
                phone=ESCALATION[1], starts_at=start, ends_at=start + timedelta(hours=14)
            )
        )
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        ticket_id = open_ticket(runtime)
    assert pages(runtime, ticket_id)[0][:2] == (0, ESCALATION[1])


def test_sweep_escalates_by_the_database_alone(runtime) -> None:
    """No jobs at all (Redis lost everything): the sweep alone walks the chain, once per timeout."""
    timeout = runtime.config.oncall.ack_timeout
    start = at_jnb(2026, 3, 10, 22, 0)
    with time_machine.travel(start, tick=False) as traveller:
        ticket_id = open_ticket(runtime)
        assert paging.sweep_paging(runtime, utcnow()) == 0  # not due yet
        for step in range(1, 6):
            traveller.shift(timeout)
            assert paging.sweep_paging(runtime, utcnow()) == 1
            assert paging.sweep_paging(runtime, utcnow()) == 0  # the same timeout pages once
            assert levels(runtime, ticket_id)[-1] == min(step, 3)
        row = ticket_row(runtime, ticket_id)
        assert row.escalation_level == 3 and row.paging
        assert row.next_page_at == utcnow() + timeout
        # A job scheduled for a page that already happened is stale and does nothing.
        with use(runtime):
            paging.page_due_job(ticket_id, 1, (start + 2 * timeout).isoformat())
        assert len(levels(runtime, ticket_id)) == 6


def test_nobody_on_call_starts_at_the_manager(make_runtime, tmp_path: Path) -> None:
    rt = make_runtime(config_override=short_config(tmp_path, rotation="[]"))
    ticket_id = open_ticket(rt)
    assert pages(rt, ticket_id)[0][:2] == (1, ESCALATION[0])


def test_without_escalation_the_on_call_is_paged_again(make_runtime, tmp_path: Path) -> None:
    rt = make_runtime(config_override=short_config(tmp_path, escalation="[]"))
    start = at_jnb(2026, 3, 10, 22, 0)
    with time_machine.travel(start, tick=False) as traveller:
        ticket_id = open_ticket(rt)
        traveller.shift(timedelta(seconds=1))
        paging.sweep_paging(rt, utcnow())
    # The managers (role manager) stand in for the missing escalation list.
    found = pages(rt, ticket_id)
    assert [(level, phone) for level, phone, _ in found][1] == (1, "+27829990001")


def test_start_is_a_no_op_when_already_paging_or_answered(runtime) -> None:
    ticket_id = open_ticket(runtime)
    with use(runtime), runtime.sessions.begin() as session:
        ticket = session.get(Ticket, ticket_id)
        assert paging.start(runtime, session, ticket, reason="again") is None  # type: ignore[arg-type]
    ack(runtime, ticket_id)
    with use(runtime), runtime.sessions.begin() as session:
        ticket = session.get(Ticket, ticket_id)
        assert paging.start(runtime, session, ticket, reason="late") is None  # type: ignore[arg-type]
    assert levels(runtime, ticket_id) == [0]


def test_rollback_schedules_nothing(runtime) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), use(runtime), runtime.sessions.begin() as session:
        sync_directory(session, runtime.config)
        ticket = create_ticket(
            runtime,
            session,
            NewTicket("Acme Ltd", "Jane Doe", JANE, JANE, "down", "sms", "en", "critical"),
            actor=JANE,
        )
        paging.start(runtime, session, ticket, reason="test")
        raise Boom
    settle(runtime)
    assert runtime.queue._heap == []  # type: ignore[attr-defined]


# -- voice ----------------------------------------------------------------------------------


def test_voice_call_when_configured(make_runtime, fake_twilio, tmp_path: Path) -> None:
    cfg = load_config(config_file(tmp_path, voice="true"))
    rt = make_runtime(config_override=cfg, **twilio_overrides(fake_twilio))
    ticket_id = open_ticket(rt)
    settle(rt)
    calls = fake_twilio.wait_for_calls(1)
    found = pages(rt, ticket_id)
    assert calls[0]["to"] == found[0][1]
    assert "T K T 1 0 0 1" in calls[0]["twiml"] and "<Say" in calls[0]["twiml"]
    with rt.sessions() as session:
        kinds = session.scalars(
            select(TicketEvent.type).where(TicketEvent.ticket_id == ticket_id)
        ).all()
    assert "page_call" in kinds


def test_no_voice_call_by_default(twilio_runtime, fake_twilio) -> None:
    open_ticket(twilio_runtime)
    settle(twilio_runtime)
    fake_twilio.wait_for_messages(1)
    assert fake_twilio.calls == []
