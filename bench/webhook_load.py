"""Load benchmark: N simulated customers run complete intakes through gunicorn +
PostgreSQL + Redis + deskbot workers + the real twilio SDK against a local fake
of Twilio's REST API. Prints inbound messages/s, webhook latency p50/p95/p99,
inbound-to-delivery p50/p99, and verifies every conversation produced exactly
one ticket and no message was lost or duplicated. Then measures a bare Flask
endpoint under the same gunicorn settings as the ceiling.

    .venv/bin/python bench/webhook_load.py [--customers 300] [--rate 300] [--web-workers 4]

Needs PostgreSQL (DATABASE_URL's server, default 127.0.0.1:5432 user postgres)
and Redis (REDIS_URL, default 127.0.0.1:6379). Sends traffic to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Message, Ticket  # noqa: E402
from tests.services import free_port, throwaway_postgres  # noqa: E402

ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = "bench-auth-token"
SCRIPT = [
    "hi",
    "Load Test Company {n}",
    "Thandi Mokoena",
    "yes",
    "The file server is down and nobody in the office can open documents",
    "yes",
]
REPLIES_PER_INTAKE = len(SCRIPT) + 1  # the first message gets a greeting and a question


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def wait_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


class RateLimiter:
    """Open-loop pacing: requests are released at a fixed rate, whatever the latency."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.next_at = time.monotonic()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            slot = self.next_at
            self.next_at = max(self.next_at + self.interval, time.monotonic() - 0.5)
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def drive(base_url: str, customers: int, rate: float, threads: int, sign: bool) -> dict:
    """Every customer sends the script in order; customers run concurrently."""
    validator = RequestValidator(AUTH_TOKEN)
    url = base_url + "/webhooks/twilio/messages"
    limiter = RateLimiter(rate)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    local = threading.local()

    def session() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    def customer(n: int) -> None:
        phone = f"+2782{n:07d}"
        for line in SCRIPT:
            form = {
                "MessageSid": "SM" + uuid.uuid4().hex,
                "AccountSid": ACCOUNT_SID,
                "From": f"whatsapp:{phone}",
                "To": "whatsapp:+14155238886",
                "Body": line.format(n=n),
                "NumMedia": "0",
            }
            headers = {"X-Twilio-Signature": validator.compute_signature(url, form)} if sign else {}
            limiter.wait()
            started = time.perf_counter()
            try:
                response = session().post(url, data=form, headers=headers, timeout=30)
                ok = response.status_code == 200
                detail = f"{response.status_code} {response.text[:80]}"
            except requests.RequestException as exc:
                ok, detail = False, str(exc)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(detail)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(customer, range(customers)))
    duration = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "duration": duration, "count": len(latencies)}


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--rate", type=float, default=300.0, help="target inbound messages/s")
    parser.add_argument("--threads", type=int, default=64, help="concurrent client connections")
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--job-workers", type=int, default=2)
    args = parser.parse_args()

    bin_dir = Path(sys.executable).parent
    pg_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    logs = ROOT / "bench" / "results"
    logs.mkdir(parents=True, exist_ok=True)

    with throwaway_postgres(pg_url) as db_url:
        engine = make_engine(db_url)
        upgrade(engine)
        fake = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.twilio_api", "--port", "0", "--account-sid",
             ACCOUNT_SID, "--auth-token", AUTH_TOKEN, "--lenient-numbers"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        fake_url = fake.stdout.readline().strip()  # type: ignore[union-attr]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(
            os.environ,
            DATABASE_URL=db_url,
            REDIS_URL=redis_url,
            DESKBOT_QUEUE=f"bench-{uuid.uuid4().hex[:6]}",
            TWILIO_ACCOUNT_SID=ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
            TWILIO_API_URL=fake_url,
            TWILIO_WHATSAPP_FROM="whatsapp:+14155238886",
            TWILIO_SMS_FROM="+15005550006",
            PUBLIC_URL=base,
            DESKBOT_SWEEP_INTERVAL="5",
        )
        gunicorn = [str(bin_dir / "gunicorn"), "--workers", str(args.web_workers), "--bind",
                    f"127.0.0.1:{port}", "--log-level", "warning"]
        processes = [start([*gunicorn, "webhooks:create_app()"], env, logs / "web.log")]
        processes += [
            start([str(bin_dir / "deskbot"), "worker"], env, logs / f"worker{i}.log")
            for i in range(args.job_workers)
        ]
        try:
            wait_http(base + "/healthz")
            run = drive(base, args.customers, args.rate, args.threads, sign=True)
            expected_out = args.customers * REPLIES_PER_INTAKE
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                delivered = requests.get(fake_url + "/_fake/stats", timeout=5).json()["messages"]
                if delivered >= expected_out:
                    break
                time.sleep(0.5)
            time.sleep(2)
            delivered = requests.get(fake_url + "/_fake/stats", timeout=5).json()["messages"]
            report = verify(engine, args.customers, delivered)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(15)
            fake.terminate()
            fake.wait(10)
            engine.dispose()

    ceiling = measure_ceiling(bin_dir, args, logs)
    print_report(args, run, report, ceiling)
    if run["errors"] or not report["ok"]:
        sys.exit(1)


def verify(engine, customers: int, delivered: int) -> dict:  # type: ignore[no-untyped-def]
    """Exactly one ticket per customer; every inbound stored once; every reply delivered once."""
    with engine.connect() as conn:
        per_customer = conn.execute(
            select(Ticket.customer_phone, func.count()).group_by(Ticket.customer_phone)
        ).all()
        inbound = conn.execute(
            select(func.count(), func.count(func.distinct(Message.twilio_sid))).where(
                Message.direction == "inbound"
            )
        ).one()
        outbound = conn.execute(
            select(Message.peer, Message.id, Message.status, Message.created_at, Message.sent_at)
            .where(Message.direction == "outbound")
            .order_by(Message.id)
        ).all()
        inbound_rows = conn.execute(
            select(Message.peer, Message.id, Message.created_at)
            .where(Message.direction == "inbound")
            .order_by(Message.id)
        ).all()
    last_inbound: dict[str, list[tuple[int, float]]] = {}
    for peer, row_id, created in inbound_rows:
        last_inbound.setdefault(peer, []).append((row_id, created.timestamp()))
    delivery: list[float] = []
    for peer, row_id, status, _created, sent_at in outbound:
        if sent_at is None:
            continue
        trigger = max((t for i, t in last_inbound.get(peer, []) if i < row_id), default=None)
        if trigger is not None:
            delivery.append(sent_at.timestamp() - trigger)
    undelivered = sum(1 for row in outbound if row.sent_at is None)
    tickets_ok = len(per_customer) == customers and all(count == 1 for _, count in per_customer)
    expected_out = customers * REPLIES_PER_INTAKE
    return {
        "tickets": sum(count for _, count in per_customer),
        "tickets_ok": tickets_ok,
        "inbound": inbound[0],
        "inbound_unique": inbound[1],
        "outbound": len(outbound),
        "undelivered": undelivered,
        "fake_received": delivered,
        "delivery": delivery,
        "ok": tickets_ok
        and inbound[0] == inbound[1] == customers * len(SCRIPT)
        and len(outbound) == expected_out
        and undelivered == 0
        and delivered == expected_out,
    }


def measure_ceiling(bin_dir: Path, args: argparse.Namespace, logs: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start(
        [str(bin_dir / "gunicorn"), "--workers", str(args.web_workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "bench.ceiling_app:create_app()"],
        dict(os.environ), logs / "ceiling.log",
    )
    try:
        wait_http(base + "/")
        return drive(base, args.customers, 100000.0, args.threads, sign=True)
    finally:
        process.terminate()
        process.wait(10)


def print_report(args: argparse.Namespace, run: dict, report: dict, ceiling: dict) -> None:
    ms = [v * 1000 for v in run["latencies"]]
    rate = run["count"] / run["duration"]
    ceiling_rate = ceiling["count"] / ceiling["duration"]
    delivery = [v * 1000 for v in report["delivery"]]
    print(f"customers {args.customers}, target rate {args.rate:.0f}/s, {args.threads} connections, "
          f"{args.web_workers} gunicorn workers, {args.job_workers} deskbot workers")
    print(f"inbound messages      {run['count']} in {run['duration']:.1f} s = {rate:.0f} msg/s "
          f"({len(run['errors'])} errors)")
    print(f"webhook latency       p50 {percentile(ms, 50):.1f} ms  p95 {percentile(ms, 95):.1f} ms  "
          f"p99 {percentile(ms, 99):.1f} ms")
    print(f"inbound -> delivered  p50 {percentile(delivery, 50):.0f} ms  "
          f"p99 {percentile(delivery, 99):.0f} ms")
    print(f"tickets               {report['tickets']} for {args.customers} customers "
          f"({'one each' if report['tickets_ok'] else 'MISMATCH'})")
    print(f"messages              inbound {report['inbound']} (unique {report['inbound_unique']}), "
          f"outbound {report['outbound']}, undelivered {report['undelivered']}, "
          f"received by fake Twilio {report['fake_received']}")
    cms = [v * 1000 for v in ceiling["latencies"]]
    print(f"ceiling (bare Flask)  {ceiling_rate:.0f} msg/s, p99 {percentile(cms, 99):.1f} ms; "
          f"deskbot at target rate = {rate / ceiling_rate:.0%} of the ceiling's throughput")
    print("verdict               " + ("OK: no loss, no duplicates" if report["ok"] and not run["errors"]
                                       else "FAILED"))
    if statistics.median(ms) if ms else 0:
        pass


if __name__ == "__main__":
    main()
