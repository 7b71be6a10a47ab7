"""What outbound webhooks cost: the time a staff action's transaction takes with 0, 1 and 3
subscribed endpoints (the announcement rows are written before its COMMIT), and how many
events per second one delivery job hands to a local endpoint, signed, in order.

    .venv/bin/python bench/webhook_delivery.py                 # 200 tickets, 4 actions each
    .venv/bin/python bench/webhook_delivery.py --tickets 500 --json out.json

Uses a throwaway database on DATABASE_URL's PostgreSQL server when it is set (else SQLite in
a temporary directory), the in-process queue and the console transport; the endpoint is
``tests/fakes/webhook_receiver.py`` on 127.0.0.1 answering 200 at once.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.databases import throwaway_database  # noqa: E402
from bot.app import build_runtime  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.core.integrations import Webhook  # noqa: E402
from bot.core.settings import Settings  # noqa: E402
from bot.messaging import webhook_outbox  # noqa: E402
from bot.runtime import use  # noqa: E402
from bot.staff.commands import lock_ticket  # noqa: E402
from bot.tickets import actions as act  # noqa: E402
from bot.tickets.actions import Actor  # noqa: E402
from bot.tickets.records import NewTicket, create_ticket  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.fakes.webhook_receiver import WebhookReceiver  # noqa: E402


def run(tickets: int, endpoints: int, url: str, receiver: WebhookReceiver) -> dict[str, float]:
    config = load_config()
    hooks = [
        Webhook(name=f"psa{i}", url=receiver.url, secret="0123456789abcdef0123", events=["*"])
        for i in range(endpoints)
    ]
    settings = replace(Settings(), database_url=url, transport="console")
    rt = build_runtime(settings, config.model_copy(update={"webhooks": hooks}))
    rt.queue.stop()  # deliveries are timed separately below
    actor = Actor(phone="", technician=None, label="bench")
    durations: list[float] = []
    with use(rt):
        for n in range(tickets):
            with rt.sessions.begin() as session:
                ticket = create_ticket(
                    rt,
                    session,
                    NewTicket(
                        company="Bench Co",
                        contact_name="Bench",
                        contact_phone="+27825550000",
                        customer_phone=f"+2782{n:07d}",
                        description="bench",
                        channel="sms",
                        language="en",
                        priority="medium",
                    ),
                    actor="bench",
                )
                ticket_id = ticket.id
            for step in range(4):
                started = time.perf_counter()
                with rt.sessions.begin() as session:
                    locked = lock_ticket(session, ticket_id)
                    assert locked is not None
                    if step == 0:
                        act.set_status(rt, session, locked, actor, "in_progress")
                    elif step == 1:
                        act.add_note(session, locked, actor, "checked")
                    elif step == 2:
                        act.reply_to_customer(rt, session, locked, actor, "on our way")
                    else:
                        act.resolve(rt, session, locked, actor, "fixed")
                durations.append(time.perf_counter() - started)
    result = {
        "endpoints": endpoints,
        "actions": len(durations),
        "action_ms_p50": statistics.median(durations) * 1000,
        "action_ms_p95": statistics.quantiles(durations, n=20)[18] * 1000,
    }
    if endpoints:
        with rt.sessions() as session:
            streams = webhook_outbox.due_streams(session, stale_before=_far_future())
        webhooks = {w.name: w for w in hooks}
        before = len(receiver.requests)
        started = time.perf_counter()
        for name, key in streams:
            webhook_outbox.deliver_due(rt.sessions, webhooks, name, key)
        elapsed = time.perf_counter() - started
        sent = len(receiver.requests) - before
        result.update(events_delivered=sent, events_per_second=sent / elapsed)
    rt.close()
    return result


def _far_future() -> datetime:
    return datetime(9999, 1, 1, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = []
    with WebhookReceiver() as receiver:
        for endpoints in (0, 1, 3):
            with throwaway_database() as url:
                upgrade(make_engine(url))
                results.append(run(args.tickets, endpoints, url, receiver))
    print(f"{'endpoints':>9} {'action p50 ms':>14} {'action p95 ms':>14} {'events/s':>9}")
    for r in results:
        rate = f"{r['events_per_second']:.0f}" if "events_per_second" in r else "-"
        print(
            f"{r['endpoints']:>9} {r['action_ms_p50']:>14.2f} {r['action_ms_p95']:>14.2f} {rate:>9}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
