"""Retention and erasure on a database of realistic size: how long each batch holds its
locks (the sweeper's promise: short transactions), how many sweep passes a backlog takes,
and how long one ``privacy forget`` takes when it has to read every table.

    .venv/bin/python bench/privacy_retention.py                       # SQLite, temporary
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
      .venv/bin/python bench/privacy_retention.py --messages 100000   # throwaway PG database
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from bench.databases import throwaway_database  # noqa: E402
from bot.app import build_runtime  # noqa: E402
from bot.core.settings import Settings  # noqa: E402
from bot.privacy import retention  # noqa: E402
from bot.privacy.erasure import forget  # noqa: E402
from bot.privacy.subject import parse_identifier  # noqa: E402
from storage.db import make_engine, utcnow  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Message, Ticket, TicketEvent, TimeEntry  # noqa: E402


def fill(url: str, messages: int, tickets: int) -> None:
    now = utcnow()
    old, closed = now - timedelta(days=400), now - timedelta(days=1200)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(Ticket),
            [
                {
                    "number": 1000 + i,
                    "ref": f"TKT-{1000 + i}",
                    "status": "closed",
                    "priority": "medium",
                    "company_name": "Acme Ltd",
                    "contact_name": f"Person {i} Example",
                    "contact_phone": f"+2782{i:07d}",
                    "customer_phone": f"+2782{i:07d}",
                    "email": f"person{i}@acme.example",
                    "description": f"printer broken, ask Person {i} Example",
                    "channel": "whatsapp",
                    "created_at": closed,
                    "closed_at": closed,
                }
                for i in range(tickets)
            ],
        )
        ids = [
            row[0] for row in conn.execute(Ticket.__table__.select().with_only_columns(Ticket.id))
        ]
        conn.execute(
            insert(TicketEvent),
            [
                {
                    "ticket_id": t,
                    "type": "created",
                    "actor": "+27820000000",
                    "text": "x",
                    "at": closed,
                }
                for t in ids
            ],
        )
        conn.execute(
            insert(TimeEntry),
            [
                {
                    "ticket_id": t,
                    "technician": "Thabo Nkosi",
                    "started_at": closed,
                    "ended_at": closed + timedelta(minutes=30),
                    "minutes": 30,
                    "description": "fixed",
                }
                for t in ids
            ],
        )
        batch = 5000
        for start in range(0, messages, batch):
            conn.execute(
                insert(Message),
                [
                    {
                        "direction": "inbound",
                        "channel": "whatsapp",
                        "from_number": f"whatsapp:+2783{i % 5000:07d}",
                        "to_number": "whatsapp:+14155238886",
                        "peer": f"+2783{i % 5000:07d}",
                        "body": "the printer in the office is jammed again since this morning",
                        "media": [],
                        "status": "received",
                        "created_at": old,
                        "updated_at": old,
                        "processed_at": old,
                    }
                    for i in range(start, min(start + batch, messages))
                ],
            )
    engine.dispose()


def timed_batches(rt, batch) -> tuple[int, list[float]]:  # type: ignore[no-untyped-def]
    """What ``retention._in_batches`` does, with each transaction timed, until done."""
    changed, times = 0, []
    while True:
        began = time.perf_counter()
        with rt.sessions.begin() as session:
            rows, more = batch(session)
        times.append((time.perf_counter() - began) * 1000)
        changed += rows
        if not more:
            return changed, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--tickets", type=int, default=2_000)
    args = parser.parse_args()
    with throwaway_database() as url:
        upgrade(make_engine(url))
        fill(url, args.messages, args.tickets)
        rt = build_runtime(Settings(database_url=url))
        now = utcnow()
        privacy = rt.config.privacy
        staff = rt.config.staff_phones
        kind = rt.engine.dialect.name
        old_messages, old_tickets = now - privacy.keep_messages, now - privacy.keep_closed_tickets
        for name, batch in (
            ("messages", lambda s: retention.erase_old_messages(s, old_messages, now)),
            (
                "closed tickets",
                lambda s: retention.pseudonymise_closed_tickets(s, old_tickets, staff, now),
            ),
        ):
            began = time.perf_counter()
            rows, times = timed_batches(rt, batch)
            total = time.perf_counter() - began
            passes = -(-len(times) // retention.MAX_BATCHES)
            print(
                f"{kind}: {name}: {rows} rows in {len(times)} batches ({passes} sweep passes), "
                f"{total:.1f} s; per batch p50 {statistics.median(times):.0f} ms, "
                f"max {max(times):.0f} ms"
            )
        began = time.perf_counter()
        changed = retention.sweep_retention(rt, now)
        print(
            f"{kind}: a sweep pass with nothing left to do: "
            f"{(time.perf_counter() - began) * 1000:.0f} ms ({changed} rows changed)"
        )
        began = time.perf_counter()
        with rt.sessions.begin() as session:
            erasure = forget(session, rt.config, parse_identifier("+27830000042"), utcnow())
        print(
            f"{kind}: forget one person among {args.messages} messages and {args.tickets} "
            f"tickets (reads every table): {(time.perf_counter() - began) * 1000:.0f} ms, "
            f"{erasure.counts.get('messages', 0)} messages erased"
        )
        rt.close()


if __name__ == "__main__":
    main()
