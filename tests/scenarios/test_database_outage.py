"""PostgreSQL goes away (a private server on a free port, stopped and started again):
webhooks spool what they validated, answer 200 only once it is durable, 503 when nothing
can keep it; when the database returns, the sweeper takes every spooled message in
arrival order, exactly once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build_runtime
from bot.jobs.sweeper import sweep_once
from bot.runtime import Runtime
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Message
from tests.conftest import Phone, settle
from tests.services import PrivatePostgres, PrivateRedis

CUSTOMER = "+27825550606"


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    server.init()
    server.start()
    engine = make_engine(server.url)
    upgrade(engine)
    engine.dispose()
    yield server
    server.cleanup()


@pytest.fixture
def outage_runtime(postgres, base_settings, config, tmp_path) -> Iterator[Runtime]:  # type: ignore[no-untyped-def]
    built: list[Runtime] = []

    def build(**overrides) -> Runtime:  # type: ignore[no-untyped-def]
        settings = replace(
            base_settings, database_url=postgres.url, spool_dir=Path(tmp_path), **overrides
        )
        runtime = build_runtime(settings, config)
        built.append(runtime)
        return runtime

    yield build  # type: ignore[misc]
    if postgres.process is None:
        postgres.start()
    for runtime in built:
        runtime.close()
    engine = make_engine(postgres.url)
    with engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE messages, conversations, tickets CASCADE")
    engine.dispose()


def _inbound(runtime: Runtime) -> list[tuple[str, str, bool]]:
    with runtime.sessions() as session:
        rows = session.scalars(
            select(Message).where(Message.direction == "inbound").order_by(Message.id)
        )
        return [(r.twilio_sid or "", r.body, r.processed_at is not None) for r in rows]


def test_inline_without_redis_spools_to_the_journal(postgres, outage_runtime) -> None:
    from webhooks import create_app

    runtime = outage_runtime()
    customer = Phone(create_app(runtime).test_client(), runtime, CUSTOMER)
    customer.says("hello")

    postgres.stop()
    started = time.monotonic()
    forms = [customer.form("the printer is broken"), customer.form("Brand New Co")]
    for form in [*forms, forms[1]]:  # Twilio may deliver one twice
        response = customer.post(form)
        assert response.status_code == 200, response.get_data(as_text=True)
    assert time.monotonic() - started < 10
    assert runtime.spool.pending()
    assert len(list(Path(runtime.settings.spool_dir).glob("*.json"))) == 3

    postgres.start()
    sweep_once(runtime)
    settle(runtime)
    assert not runtime.spool.pending()
    stored = _inbound(runtime)
    assert [body for _, body, _ in stored] == ["hello", "the printer is broken", "Brand New Co"]
    assert [sid for sid, _, _ in stored[1:]] == [f["MessageSid"] for f in forms]  # once each
    assert all(handled for _, _, handled in stored)
    replies = customer.inbox()
    assert len(replies) == 3  # one answer per message, the duplicate had no effect
    assert "company" in replies[1].lower()  # the problem was read before the company


def test_queued_with_redis_spools_to_a_stream_and_503_when_both_are_down(
    postgres, outage_runtime
) -> None:
    from webhooks import create_app

    redis_server = PrivateRedis()
    redis_server.start()
    try:
        runtime = outage_runtime(redis_url=redis_server.url, inbound_mode="queued")
        customer = Phone(create_app(runtime).test_client(), runtime, CUSTOMER)
        postgres.stop()
        redis_server.stop()  # nothing can keep it: Twilio must try its Fallback URL
        assert customer.post(customer.form("anyone there?")).status_code == 503
        redis_server.start()
        first, second = customer.form("hello"), customer.form("the server is down")
        assert customer.post(first).status_code == 200
        assert customer.post(second).status_code == 200
        assert customer.post(second).status_code == 200  # Twilio's retry: spooled twice
        assert runtime.spool.pending()

        postgres.start()
        assert sweep_once(runtime)["sweep_spool"] == 3
        assert not runtime.spool.pending()
        stored = _inbound(runtime)
        assert [body for _, body, _ in stored] == ["hello", "the server is down"]
        assert not any(handled for _, _, handled in stored)  # stored for the workers
        assert sweep_once(runtime)["sweep_spool"] == 0
        assert customer.post(customer.form("thanks")).status_code == 200  # straight in again
        assert len(_inbound(runtime)) == 3
    finally:
        redis_server.cleanup()
