"""Fault benchmark: complete intakes while Twilio, PostgreSQL or Redis is down, on the
production shape (gunicorn, 2 ``deskbot worker``s, the real twilio SDK against the local
fake of Twilio's REST API), with a PRIVATE PostgreSQL and a PRIVATE Redis on free ports
(tests/services.py) so that stopping them touches nothing shared.

For each scenario, ``--customers`` customers send the intake script (found by a probe, as
in bench/webhook_load.py) at the start of an outage of ``--outage`` seconds:

  twilio    the fake answers 503 to every send for the outage (by time, not by count)
  postgres  the database server is stopped (webhooks spool to the Redis stream)
  redis     the Redis server is stopped, then started empty (jobs and spool are gone)

Printed per scenario: messages sent and answered 200 (and 503), inbound messages stored,
customers ticketed (exactly one ticket each), outbound messages delivered to the fake and
failed, duplicates (an inbound MessageSid stored twice, or one outbox row accepted twice by
the fake), and the recovery time: from the end of the outage to the last reply delivered.

    .venv/bin/python bench/faults.py --customers 20 --outage 150
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import webhook_load as load  # noqa: E402

from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Message, Ticket  # noqa: E402
from tests.services import PrivatePostgres, PrivateRedis, free_port  # noqa: E402

SCENARIOS = ("twilio", "postgres", "redis")
SWEEP_SECONDS = 2


class Stack:
    """Private PostgreSQL and Redis, the fake Twilio, gunicorn and two workers."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.postgres = PrivatePostgres()
        self.redis = PrivateRedis()
        self.processes: list[subprocess.Popen[bytes]] = []

    @contextlib.contextmanager
    def running(self) -> Iterator[Stack]:
        self.postgres.init()
        self.postgres.start()
        self.redis.start()
        self.engine = make_engine(self.postgres.url)
        upgrade(self.engine)
        fake = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.fakes.twilio_api",
                "--account-sid",
                load.ACCOUNT_SID,
                "--auth-token",
                load.AUTH_TOKEN,
                "--lenient-numbers",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.fake_url = fake.stdout.readline().strip()  # type: ignore[union-attr]
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = dict(
            os.environ,
            DATABASE_URL=self.postgres.url,
            REDIS_URL=self.redis.url,
            DESKBOT_QUEUE=f"faults-{uuid.uuid4().hex[:6]}",
            DESKBOT_API_TOKEN=load.API_TOKEN,
            TWILIO_ACCOUNT_SID=load.ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=load.AUTH_TOKEN,
            TWILIO_API_URL=self.fake_url,
            TWILIO_WHATSAPP_FROM=load.WHATSAPP_FROM,
            TWILIO_SMS_FROM="+15005550006",
            PUBLIC_URL=self.base,
            DESKBOT_SWEEP_INTERVAL=str(SWEEP_SECONDS),
            PYTHONPATH=str(ROOT),
        )
        web = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers=2",
            "--worker-class=gthread",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "webhooks:create_app()",
        ]
        self.processes.append(load.start(web, env, self.logs / "web.log"))
        for i in range(2):
            worker = [str(Path(sys.executable).parent / "deskbot"), "worker"]
            self.processes.append(load.start(worker, env, self.logs / f"worker{i}.log"))
        try:
            load.wait_http(self.base + "/healthz", timeout=180)
            yield self
        finally:
            for process in self.processes:
                process.terminate()
            for process in self.processes:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(15)
            fake.terminate()
            fake.wait(10)
            self.engine.dispose()
            self.redis.cleanup()
            self.postgres.cleanup()

    # -- what the fake and the database say ---------------------------------------------------
    def fake(self, action: str, **args: Any) -> Any:
        response = requests.post(f"{self.fake_url}/_fake/{action}", json=args, timeout=10)
        response.raise_for_status()
        return response.json()

    def fake_messages(self) -> list[dict[str, Any]]:
        return requests.get(f"{self.fake_url}/_fake/messages", timeout=30).json()["messages"]

    def last_id(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.max(Message.id))) or 0)

    def counts(self, phones: list[str], since: int) -> dict[str, int]:
        """This scenario's figures: its customers, and outbound rows written since ``since``."""
        with self.engine.connect() as conn:
            inbound = conn.execute(
                select(Message.twilio_sid).where(
                    Message.direction == "inbound", Message.peer.in_(phones)
                )
            ).all()
            outbound = conn.execute(
                select(Message.status, Message.twilio_sid).where(
                    Message.direction == "outbound", Message.id > since
                )
            ).all()
            tickets = Counter(
                phone
                for (phone,) in conn.execute(
                    select(Ticket.customer_phone).where(Ticket.customer_phone.in_(phones))
                )
            )
        sids = Counter(sid for (sid,) in inbound)
        accepted = Counter(m["sid"] for m in self.fake_messages())
        our_sids = {sid for _, sid in outbound if sid}
        return {
            "stored": len(inbound),
            "ticketed": sum(1 for phone in phones if tickets[phone] == 1),
            "extra_tickets": sum(max(0, n - 1) for n in tickets.values()),
            "delivered": sum(1 for sid in our_sids if sid in accepted),
            "pending": sum(1 for status, _ in outbound if status == "pending"),
            "failed": sum(1 for status, _ in outbound if status == "failed"),
            "duplicates": sum(n - 1 for n in sids.values() if n > 1)
            + sum(n - 1 for n in accepted.values() if n > 1),
        }

    def settled(self) -> bool:
        with self.engine.connect() as conn:
            unhandled = conn.scalar(
                select(func.count(Message.id)).where(
                    Message.direction == "inbound", Message.processed_at.is_(None)
                )
            )
            pending = conn.scalar(
                select(func.count(Message.id)).where(
                    Message.direction == "outbound", Message.status == "pending"
                )
            )
        return not unhandled and not pending


def probe_script(stack: Stack) -> list[str]:
    """The intake script, discovered by a probe customer against the healthy stack."""
    view = load.Stack(base=stack.base, fake_url=stack.fake_url, engine=stack.engine, database="")
    return load.discover_script(view)


def send_all(stack: Stack, script: list[str], first: int, customers: int) -> Counter[int]:
    """Every customer sends the whole script, one message after the other's answer."""
    validator = RequestValidator(load.AUTH_TOKEN)
    poster = load.Poster(stack.base)
    answers: Counter[int] = Counter()
    for line in script:
        for n in range(first, first + customers):
            message = load.prepare(stack.base, n, line, validator)
            status, _ = poster.post(message.body, message.signature)
            answers[status] += 1
    return answers


def run_scenario(
    stack: Stack, name: str, script: list[str], args: argparse.Namespace, first: int
) -> dict[str, Any]:
    phones = [load.phone_of(n) for n in range(first, first + args.customers)]
    since = stack.last_id()
    started = time.monotonic()
    if name == "twilio":
        stack.fake("fail_during", seconds=args.outage, status=503)
    elif name == "postgres":
        stack.postgres.stop()
    else:
        stack.redis.stop()
    answers = send_all(stack, script, first, args.customers)
    time.sleep(max(0.0, args.outage - (time.monotonic() - started)))
    if name == "postgres":
        stack.postgres.start()
    elif name == "redis":
        stack.redis.start()
    back = time.monotonic()
    deadline = back + args.timeout
    while time.monotonic() < deadline and not stack.settled():
        time.sleep(0.5)
    recovered = time.monotonic() - back if stack.settled() else float("nan")
    time.sleep(SWEEP_SECONDS * 2)  # a few more sweeps: nothing is handled or sent twice
    counts = stack.counts(phones, since)
    return {
        "scenario": name,
        "outage_s": args.outage,
        "sent": sum(answers.values()),
        "answered_200": answers.get(200, 0),
        "answered_503": answers.get(503, 0),
        **counts,
        "customers": args.customers,
        "recovery_s": round(recovered, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--outage", type=float, default=60.0, help="seconds each outage lasts")
    parser.add_argument("--timeout", type=float, default=300.0, help="wait for recovery")
    parser.add_argument("--only", choices=SCENARIOS, action="append", help="run only these")
    args = parser.parse_args(argv)
    logs = Path(tempfile.mkdtemp(prefix="deskbot-faults-"))
    rows = []
    with Stack(logs).running() as stack:
        script = probe_script(stack)
        for index, name in enumerate(args.only or SCENARIOS):
            row = run_scenario(stack, name, script, args, first=100_000 * (index + 1))
            rows.append(row)
            print(json.dumps(row), flush=True)
    print()
    print(
        "| scenario | outage | sent | 200 / 503 | stored | ticketed | delivered | failed "
        "| duplicates | recovery |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['scenario']} | {r['outage_s']:g} s | {r['sent']} | {r['answered_200']} / "
            f"{r['answered_503']} | {r['stored']} | {r['ticketed']}/{r['customers']} | "
            f"{r['delivered']} | {r['failed']} | {r['duplicates']} | {r['recovery_s']} s |"
        )
    print(f"logs: {logs}")
    if any(r["failed"] or r["duplicates"] or r["ticketed"] != r["customers"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
