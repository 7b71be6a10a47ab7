"""Load benchmark: N simulated customers run complete intakes through gunicorn +
PostgreSQL + Redis + deskbot workers + the real twilio SDK against a local fake of
Twilio's REST API (tests/fakes/twilio_api.py). Then a bare Flask endpoint that
answers empty TwiML runs under the same gunicorn settings, as the ceiling.

Phases:
  1. discover  one probe customer talks to the bot, reading what it awaits from
               GET /api/conversations after every message and answering that
               field, until a ticket exists. The answers become a fixed script,
               which a second probe replays blind; the timed run uses the script
               only if that replay also ends in exactly one ticket.
  2. timed     every customer sends the script in order (a message goes only
               after the previous one was answered); messages are released at
               --rate per second (open loop) over --connections keep-alive
               HTTP/1.1 connections. Forms and signatures are precomputed.
  3. drain     wait until every outbox row is delivered to the fake.
  4. verify    per customer exactly one ticket; every inbound MessageSid stored
               once; every outbound row sent exactly once (the fake's accepted
               messages equal the database's sids, no duplicates); per recipient
               the fake received messages in outbox order; every customer got as
               many replies as the probe did.
  5. ceiling   the same client against bench/ceiling_app.py at full speed.

Prints inbound messages/s, webhook latency p50/p95/p99, time from sending an
inbound message to the fake receiving each reply (p50/p99), the verification and
the ratio to the ceiling; exits 1 when verification fails.

Needs PostgreSQL (DATABASE_URL's server, default 127.0.0.1:5432 user postgres; a
throwaway database is created and dropped) and Redis (REDIS_URL, default
127.0.0.1:6379; a private queue name is used). Sends traffic to 127.0.0.1 only.
See bench/README.md for figures.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from sqlalchemy import Engine, select
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Conversation, Message, Ticket  # noqa: E402
from tests.services import free_port, throwaway_postgres  # noqa: E402

ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = "bench-auth-token"
API_TOKEN = "bench-api-token"
WHATSAPP_FROM = "whatsapp:+14155238886"
PATH = "/webhooks/twilio/messages"
OPENER = (
    "Hi, this is Thandi Mokoena from Load Test Company {n}, the file server is down "
    "and nobody can open documents"
)
# What a customer answers when the bot awaits a field (the API's conversation ``awaiting``).
ANSWERS = {
    "company": "Load Test Company {n}",
    "contact_name": "Thandi Mokoena",
    "contact_phone": "yes",
    "email": "thandi.mokoena.{n}@loadtest.example",
    "description": "The file server is down and nobody in the office can open documents",
    "impact": "Nobody in the office can open documents",
    "onsite_reason": "The server is in our office",
    "confirm": "yes",
}
MAX_STEPS = 12
PROBE_BASE = 9_000_000  # probe customers' numbers, far from the timed ones


def phone_of(n: int) -> str:
    return f"+2782{n:07d}"


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


# -- the services -------------------------------------------------------------------------


@dataclass
class Stack:
    base: str
    fake_url: str
    engine: Engine
    database: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    fake_pid: int = 0

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far, per component (PostgreSQL: this database's backends)."""
        with self.engine.connect() as conn:
            backends = [
                pid
                for (pid,) in conn.exec_driver_sql(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                )
            ]
        return {
            "web": cpu_seconds(process_tree(self.processes[0].pid)),
            "workers": cpu_seconds([p.pid for p in self.processes[1:]]),
            "fake_twilio": cpu_seconds([self.fake_pid]),
            "postgres": cpu_seconds(backends),
            "client": sum(os.times()[:2]),
        }


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)


def gunicorn_cmd(args: argparse.Namespace, port: int, app: str) -> list[str]:
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(args.web_workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--backlog",
        "2048",
    ]
    if args.web_threads > 1:
        cmd += [
            "--worker-class",
            "gthread",
            "--threads",
            str(args.web_threads),
            "--keep-alive",
            "5",
        ]
    return [*cmd, app]


def niced(cmd: list[str], nice: int) -> list[str]:
    return ["nice", "-n", str(nice), *cmd] if nice else cmd


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants, from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children[ppid].append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of live processes (and of their reaped children)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def wait_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextlib.contextmanager
def deskbot_stack(args: argparse.Namespace, logs: Path) -> Iterator[Stack]:
    pg_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    with throwaway_postgres(pg_url) as db_url:
        engine = make_engine(db_url)
        upgrade(engine)
        fake = subprocess.Popen(
            niced(
                [
                    sys.executable,
                    "-m",
                    "tests.fakes.twilio_api",
                    "--port",
                    "0",
                    "--account-sid",
                    ACCOUNT_SID,
                    "--auth-token",
                    AUTH_TOKEN,
                    "--lenient-numbers",
                ],
                args.nice,
            ),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        fake_url = fake.stdout.readline().strip()  # type: ignore[union-attr]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        queue_name = f"bench-{uuid.uuid4().hex[:6]}"
        env = dict(
            os.environ,
            DATABASE_URL=db_url,
            REDIS_URL=redis_url,
            DESKBOT_QUEUE=queue_name,
            DESKBOT_API_TOKEN=API_TOKEN,
            TWILIO_ACCOUNT_SID=ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
            TWILIO_API_URL=fake_url,
            TWILIO_WHATSAPP_FROM=WHATSAPP_FROM,
            TWILIO_SMS_FROM="+15005550006",
            PUBLIC_URL=base,
            DESKBOT_SWEEP_INTERVAL="5",
            PYTHONPATH=str(ROOT),  # this tree, even when another checkout is installed
        )
        stack = Stack(
            base=base,
            fake_url=fake_url,
            engine=engine,
            database=engine.url.database or "",
            fake_pid=fake.pid,
        )
        stack.processes.append(
            start(gunicorn_cmd(args, port, "webhooks:create_app()"), env, logs / "web.log")
        )
        stack.processes += [
            start(
                niced([str(Path(sys.executable).parent / "deskbot"), "worker"], args.nice),
                env,
                logs / f"worker{i}.log",
            )
            for i in range(args.job_workers)
        ]
        try:
            wait_http(base + "/healthz")
            yield stack
        finally:
            for process in stack.processes:
                process.terminate()
            for process in stack.processes:
                process.wait(15)
            fake.terminate()
            fake.wait(10)
            engine.dispose()
            with contextlib.suppress(Exception):
                import redis

                connection = redis.Redis.from_url(redis_url)
                for key in connection.scan_iter(f"rq:*{queue_name}*"):
                    connection.delete(key)


# -- the HTTP client ----------------------------------------------------------------------


class Poster:
    """Signed form posts over one keep-alive connection (reconnects when the server closes)."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def post(self, body: bytes, signature: str) -> tuple[int, bytes]:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": signature,
        }
        for attempt in (1, 2):
            try:
                self.connection.request("POST", PATH, body, headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed while idle: the request was not
                # read, so sending it again on a fresh connection is not a duplicate.
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


@dataclass(frozen=True)
class Prepared:
    sid: str
    body: bytes
    signature: str


def prepare(base: str, n: int, text: str, validator: RequestValidator) -> Prepared:
    form = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": ACCOUNT_SID,
        "From": f"whatsapp:{phone_of(n)}",
        "To": WHATSAPP_FROM,
        "Body": text.format(n=n),
        "NumMedia": "0",
    }
    signature = validator.compute_signature(base + PATH, form)
    return Prepared(form["MessageSid"], urlencode(form).encode(), signature)


# -- phase 1: find a valid fixed script ----------------------------------------------------


def conversation_state(base: str, phone: str) -> dict[str, Any]:
    response = requests.get(
        base + "/api/conversations",
        params={"phone": phone},
        headers={"Authorization": f"Bearer {API_TOKEN}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


def discover_script(stack: Stack) -> list[str]:
    """Talk to the bot as a customer would, answering what it awaits, until a ticket exists."""
    validator = RequestValidator(AUTH_TOKEN)
    poster = Poster(stack.base)
    n = PROBE_BASE
    script = [OPENER]
    trail: list[str] = []
    line = OPENER
    for _ in range(MAX_STEPS):
        message = prepare(stack.base, n, line, validator)
        status, text = poster.post(message.body, message.signature)
        if status != 200:
            raise RuntimeError(f"probe message refused: {status} {text[:200]!r}")
        wait_handled(stack)
        state = conversation_state(stack.base, phone_of(n))
        trail.append(f"{line!r} -> state={state['state']} awaiting={state['awaiting']}")
        if state.get("ticket"):
            return script
        line = ANSWERS.get(state.get("awaiting") or "", "")
        if not line:
            raise RuntimeError("the probe does not know what to answer:\n  " + "\n  ".join(trail))
        script.append(line)
    steps = "\n  ".join(trail)
    raise RuntimeError(f"no ticket after {MAX_STEPS} messages:\n  {steps}")


def replay_probe(stack: Stack, script: list[str]) -> int:
    """Replay ``script`` blind as a second probe; returns its reply count once delivered."""
    validator = RequestValidator(AUTH_TOKEN)
    poster = Poster(stack.base)
    n = PROBE_BASE + 1
    for line in script:
        message = prepare(stack.base, n, line, validator)
        status, text = poster.post(message.body, message.signature)
        if status != 200:
            raise RuntimeError(f"replay message refused: {status} {text[:200]!r}")
    wait_handled(stack)
    with stack.engine.connect() as conn:
        tickets = conn.execute(select(Ticket.id).where(Ticket.customer_phone == phone_of(n))).all()
    if len(tickets) != 1:
        raise RuntimeError(f"the fixed script {script!r} gave {len(tickets)} tickets when replayed")
    wait_delivered(stack, timeout=30)
    time.sleep(1.0)  # replies that follow the ticket (hooks, after-hours) have been queued
    wait_delivered(stack, timeout=30)
    with stack.engine.connect() as conn:
        return len(
            conn.execute(
                select(Message.id).where(
                    Message.direction == "outbound", Message.peer == phone_of(n)
                )
            ).all()
        )


def pending_outbound(stack: Stack) -> int:
    with stack.engine.connect() as conn:
        return len(
            conn.execute(
                select(Message.id).where(
                    Message.direction == "outbound", Message.twilio_sid.is_(None)
                )
            ).all()
        )


def unhandled_inbound(stack: Stack) -> int:
    """Inbound messages stored but not yet handled by a worker (queued mode)."""
    with stack.engine.connect() as conn:
        return len(
            conn.execute(
                select(Message.id).where(
                    Message.direction == "inbound", Message.processed_at.is_(None)
                )
            ).all()
        )


def wait_handled(stack: Stack, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while unhandled_inbound(stack) and time.monotonic() < deadline:
        time.sleep(0.05)


def wait_delivered(stack: Stack, timeout: float) -> bool:
    """Every inbound message handled and every reply it caused accepted by the fake."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if unhandled_inbound(stack) == 0 and pending_outbound(stack) == 0:
            return True
        time.sleep(0.2)
    return False


# -- phase 2: the timed run ---------------------------------------------------------------


class Pacer:
    """Open-loop pacing: send slots at a fixed rate, whatever the latency (0 = no limit)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_at = time.perf_counter()
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self.lock:
            slot = self.next_at
            self.next_at = max(self.next_at + self.interval, time.perf_counter() - 0.25)
        delay = slot - time.perf_counter()
        if delay > 0:
            time.sleep(delay)


@dataclass
class Run:
    count: int
    duration: float
    latencies: list[float]
    errors: list[str]
    sent_at: dict[str, float]  # MessageSid -> wall-clock time the request went out


def drive(base: str, plans: list[list[Prepared]], rate: float, connections: int) -> Run:
    """Each customer's messages go in order, one after the other's answer; customers interleave."""
    ready: queue.SimpleQueue[tuple[int, int] | None] = queue.SimpleQueue()
    for customer in range(len(plans)):
        ready.put((customer, 0))
    remaining = [sum(len(plan) for plan in plans)]
    pacer = Pacer(rate)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    sent_at: dict[str, float] = {}

    def loop() -> None:
        poster = Poster(base)
        while True:
            item = ready.get()
            if item is None:
                return
            customer, step = item
            message = plans[customer][step]
            pacer.wait()
            wall = time.time()
            started = time.perf_counter()
            try:
                status, text = poster.post(message.body, message.signature)
                problem = None if status == 200 else f"{status} {text[:80]!r}"
            except OSError as exc:
                problem = repr(exc)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                sent_at[message.sid] = wall
                if problem:
                    errors.append(problem)
                remaining[0] -= 1
                done = remaining[0] == 0
            if step + 1 < len(plans[customer]):
                ready.put((customer, step + 1))
            if done:
                for _ in range(connections):
                    ready.put(None)

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    return Run(len(latencies), duration, latencies, errors, sent_at)


# -- phase 4: verification ----------------------------------------------------------------


def verify(
    stack: Stack, customers: int, plans: list[list[Prepared]], replies: int, run: Run
) -> dict[str, Any]:
    """Exactly one ticket each; every inbound stored once; every outbound sent once, in order."""
    phones = {phone_of(n) for n in range(customers)}
    problems: list[str] = []
    with stack.engine.connect() as conn:
        tickets = Counter(
            phone for (phone,) in conn.execute(select(Ticket.customer_phone)) if phone in phones
        )
        linked = sum(
            1
            for phone, ticket_id in conn.execute(select(Conversation.phone, Conversation.ticket_id))
            if phone in phones and ticket_id is not None
        )
        inbound = conn.execute(
            select(Message.id, Message.peer, Message.twilio_sid)
            .where(Message.direction == "inbound")
            .order_by(Message.id)
        ).all()
        outbound = conn.execute(
            select(Message.id, Message.peer, Message.twilio_sid, Message.status)
            .where(Message.direction == "outbound")
            .order_by(Message.id)
        ).all()
    fake = requests.get(stack.fake_url + "/_fake/requests", timeout=60).json()["requests"]
    accepted = [r for r in fake if r["path"].endswith("/Messages.json") and r["outcome"] == "ok"]

    if len(tickets) != customers or any(count != 1 for count in tickets.values()):
        problems.append(
            f"tickets: {sum(tickets.values())} for {customers} customers, "
            f"{sum(1 for c in tickets.values() if c > 1)} with more than one"
        )
    if linked != customers:
        problems.append(f"only {linked} of {customers} conversations link a ticket")
    expected_sids = {m.sid for plan in plans for m in plan}
    stored_sids = [sid for _, peer, sid in inbound if peer in phones]
    if len(stored_sids) != len(set(stored_sids)) or set(stored_sids) != expected_sids:
        problems.append(
            f"inbound: {len(expected_sids)} sent, {len(stored_sids)} stored, "
            f"{len(set(stored_sids))} distinct, "
            f"{len(expected_sids - set(stored_sids))} missing"
        )
    unsent = [row for row in outbound if row.twilio_sid is None]
    if unsent:
        problems.append(
            f"outbound: {len(unsent)} rows never sent "
            f"(statuses {dict(Counter(row.status for row in unsent))})"
        )
    fake_sids = [r["sid"] for r in accepted]
    db_sids = [row.twilio_sid for row in outbound if row.twilio_sid]
    if len(fake_sids) != len(set(fake_sids)) or sorted(fake_sids) != sorted(db_sids):
        problems.append(
            f"outbound: fake accepted {len(fake_sids)} messages "
            f"({len(set(fake_sids))} distinct), database sent {len(db_sids)}"
        )
    # Order per recipient: the fake's arrival order must follow the outbox order.
    arrival = {r["sid"]: i for i, r in enumerate(accepted)}
    by_peer: dict[str, list[int]] = defaultdict(list)
    for row in outbound:
        if row.twilio_sid in arrival:
            by_peer[row.peer].append(arrival[row.twilio_sid])
    disordered = [peer for peer, order in by_peer.items() if order != sorted(order)]
    if disordered:
        problems.append(f"order: {len(disordered)} recipients got messages out of order")
    per_customer = Counter(row.peer for row in outbound if row.peer in phones)
    short = [p for p in phones if per_customer.get(p, 0) != replies]
    if short:
        problems.append(
            f"replies: {len(short)} customers did not get exactly {replies} "
            f"replies (e.g. {short[0]}: {per_customer.get(short[0], 0)})"
        )

    # Inbound -> delivered: each reply is attributed to the last inbound before it.
    fake_time = {r["sid"]: r["time"] for r in accepted}
    last_inbound: dict[str, str] = {}
    events = sorted(
        [(row_id, "in", peer, sid) for row_id, peer, sid in inbound]
        + [(row.id, "out", row.peer, row.twilio_sid) for row in outbound]
    )
    delivery: list[float] = []
    for _, kind, peer, sid in events:
        if kind == "in":
            last_inbound[peer] = sid
        elif peer in phones and peer in last_inbound and sid in fake_time:
            trigger = run.sent_at.get(last_inbound[peer])
            if trigger is not None:
                delivery.append(fake_time[sid] - trigger)
    return {
        "ok": not problems,
        "problems": problems,
        "tickets": sum(tickets.values()),
        "inbound": len(stored_sids),
        "outbound": len(outbound),
        "outbound_to_customers": sum(per_customer.values()),
        "fake_accepted": len(fake_sids),
        "delivery": delivery,
    }


# -- phase 5: the ceiling -----------------------------------------------------------------


def measure_ceiling(args: argparse.Namespace, logs: Path, script: list[str]) -> Run:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start(
        gunicorn_cmd(args, port, "bench.ceiling_app:create_app()"),
        dict(os.environ),
        logs / "ceiling.log",
    )
    try:
        wait_http(base + "/")
        validator = RequestValidator(AUTH_TOKEN)
        plans = [
            [prepare(base, n, line, validator) for line in script] for n in range(args.customers)
        ]
        return drive(base, plans, 0.0, args.connections)
    finally:
        process.terminate()
        process.wait(10)


# -- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--customers",
        type=int,
        default=1000,
        help="simulated customers, one intake each (default 1000)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=250.0,
        help="target inbound messages/s, open loop; 0 = as fast as possible (default 250)",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=16,
        help="client keep-alive connections, one thread each (default 16)",
    )
    parser.add_argument(
        "--web-workers", type=int, default=2, help="gunicorn worker processes (default 2)"
    )
    parser.add_argument(
        "--web-threads",
        type=int,
        default=4,
        help="threads per gunicorn worker; >1 selects the gthread worker (default 4)",
    )
    parser.add_argument(
        "--job-workers", type=int, default=2, help="deskbot worker processes (default 2)"
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run deskbot workers and the fake Twilio under nice -n N "
        "(default 0; on a real deployment they run on other hosts)",
    )
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=180.0,
        help="seconds to wait for every reply to be delivered (default 180)",
    )
    parser.add_argument("--no-ceiling", action="store_true", help="skip the ceiling measurement")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logs = ROOT / "bench" / "results"
    logs.mkdir(parents=True, exist_ok=True)
    with deskbot_stack(args, logs) as stack:
        report: dict[str, Any] = {}
        script = discover_script(stack)
        replies = replay_probe(stack, script)
        print(
            f"script ({len(script)} messages, {replies} replies each): "
            + " | ".join(line.format(n="N") for line in script),
            flush=True,
        )
        validator = RequestValidator(AUTH_TOKEN)
        plans = [
            [prepare(stack.base, n, line, validator) for line in script]
            for n in range(args.customers)
        ]
        load = os.getloadavg()[0]
        cpu_before = stack.cpu()
        run = drive(stack.base, plans, args.rate, args.connections)
        drained_at = time.perf_counter()
        drained = wait_delivered(stack, args.drain_timeout)
        drain = time.perf_counter() - drained_at
        cpu_after = stack.cpu()
        report["cpu_ms_per_inbound"] = {
            k: round((cpu_after[k] - cpu_before[k]) * 1000 / max(run.count, 1), 2)
            for k in cpu_before
        }
        report["load_before"] = load
        time.sleep(1.0)
        report.update(verify(stack, args.customers, plans, replies, run))
        if not drained:
            report["ok"] = False
            report["problems"].append(f"outbox not drained within {args.drain_timeout:.0f} s")
    ceiling = None if args.no_ceiling else measure_ceiling(args, logs, script)
    figures = summarize(args, script, run, report, drain, ceiling)
    print_report(figures, report)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if run.errors or not report["ok"]:
        sys.exit(1)


def summarize(
    args: argparse.Namespace,
    script: list[str],
    run: Run,
    report: dict[str, Any],
    drain: float,
    ceiling: Run | None,
) -> dict[str, Any]:
    ms = [v * 1000 for v in run.latencies]
    delivery = [v * 1000 for v in report["delivery"]]
    rate = run.count / run.duration
    figures: dict[str, Any] = {
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "script_messages": len(script),
        "inbound": run.count,
        "errors": len(run.errors),
        "seconds": round(run.duration, 2),
        "inbound_per_s": round(rate, 1),
        "webhook_ms": {p: round(percentile(ms, p), 1) for p in (50, 95, 99)},
        "delivery_ms": {p: round(percentile(delivery, p)) for p in (50, 99)},
        "drain_after_run_s": round(drain, 1),
        "verified": report["ok"],
        "tickets": report["tickets"],
        "outbound": report["outbound"],
        "fake_accepted": report["fake_accepted"],
        "cpu_ms_per_inbound": report["cpu_ms_per_inbound"],
        "load_average_before": round(report["load_before"], 2),
    }
    if ceiling is not None:
        cms = [v * 1000 for v in ceiling.latencies]
        ceiling_rate = ceiling.count / ceiling.duration
        figures["ceiling"] = {
            "per_s": round(ceiling_rate, 1),
            "ms": {p: round(percentile(cms, p), 1) for p in (50, 99)},
            "errors": len(ceiling.errors),
        }
        figures["ratio_to_ceiling"] = round(rate / ceiling_rate, 3)
    return figures


def print_report(f: dict[str, Any], report: dict[str, Any]) -> None:
    c = f["config"]
    web = f"{c['web_workers']} gunicorn workers" + (
        f" x {c['web_threads']} threads (gthread)" if c["web_threads"] > 1 else " (sync)"
    )
    print(
        f"config                {c['customers']} customers, target {c['rate']:.0f}/s, "
        f"{c['connections']} connections, {web}, {c['job_workers']} deskbot workers"
        + (f" at nice {c['nice']}" if c["nice"] else "")
    )
    print(
        f"inbound messages      {f['inbound']} in {f['seconds']:.1f} s = "
        f"{f['inbound_per_s']:.0f} msg/s ({f['errors']} errors)"
    )
    w = f["webhook_ms"]
    print(f"webhook latency       p50 {w[50]:.1f} ms  p95 {w[95]:.1f} ms  p99 {w[99]:.1f} ms")
    d = f["delivery_ms"]
    print(
        f"inbound -> delivered  p50 {d[50]} ms  p99 {d[99]} ms "
        f"(outbox drained {f['drain_after_run_s']:.1f} s after the last inbound)"
    )
    print(f"tickets               {f['tickets']} for {c['customers']} customers")
    print(
        f"messages              inbound {report['inbound']}, outbound {report['outbound']} "
        f"({report['outbound_to_customers']} to customers), "
        f"accepted by fake Twilio {report['fake_accepted']}"
    )
    cpu = f["cpu_ms_per_inbound"]
    print(
        "CPU per inbound       "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in cpu.items())
        + f" (load average before the run {f['load_average_before']:.1f} on "
        f"{os.cpu_count()} CPUs)"
    )
    if "ceiling" in f:
        ce = f["ceiling"]
        print(
            f"ceiling (bare Flask)  {ce['per_s']:.0f} msg/s, p50 {ce['ms'][50]:.1f} ms, "
            f"p99 {ce['ms'][99]:.1f} ms; deskbot = {f['ratio_to_ceiling']:.0%} of it"
        )
    print(
        "verdict               "
        + (
            "OK: one ticket each, no loss, no duplicates, in order"
            if report["ok"] and not f["errors"]
            else "FAILED"
        )
    )
    for problem in report["problems"]:
        print("  - " + problem)


if __name__ == "__main__":
    main()
