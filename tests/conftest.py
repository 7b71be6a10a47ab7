"""Fixtures: a migrated database per test session (PostgreSQL when DATABASE_URL
says so, else SQLite), emptied between tests; runtimes, apps and a customer
helper that sends signed webhooks like Twilio does."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.app import build_runtime
from bot.core.config import load_config
from bot.core.settings import Settings
from bot.jobs.queue import InProcessJobQueue
from bot.runtime import Runtime, use
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base
from tests.fakes.twilio_api import FakeTwilio, sign
from tests.services import PrivateRedis, redis_reachable, require, throwaway_postgres

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "test-auth-token"
PUBLIC_URL = "https://deskbot.example.test"
API_TOKEN = "test-api-token"
WHATSAPP_FROM = "whatsapp:+14155238886"
SMS_FROM = "+15005550006"


@pytest.fixture(autouse=True)
def _travel_if_asked() -> Iterator[None]:
    """``DESKBOT_TEST_NOW=2026-11-24T10:00+02:00`` runs the suite at that moment (clock
    ticking), to check that nothing depends on whether the desk happens to be open."""
    moment = os.environ.get("DESKBOT_TEST_NOW")
    if not moment:
        yield
        return
    import time_machine

    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url.startswith(("postgres://", "postgresql")):
        with throwaway_postgres(url) as test_url:
            upgrade(make_engine(test_url))
            yield test_url
        return
    directory = tempfile.mkdtemp(prefix="deskbot-test-")
    test_url = f"sqlite:///{directory}/test.db"
    upgrade(make_engine(test_url))
    yield test_url


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0"
    return url


@pytest.fixture
def shared_redis(redis_url: str) -> str:
    require(redis_reachable(redis_url), f"Redis at {redis_url} is not reachable")
    return redis_url


def _empty_database(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))
    engine.dispose()


@pytest.fixture
def clean_db(database_url: str) -> str:
    _empty_database(database_url)
    return database_url


@pytest.fixture
def base_settings(clean_db: str) -> Settings:
    return Settings(
        database_url=clean_db,
        transport="console",
        api_token=API_TOKEN,
        sweep_interval=0.5,
        queue_name=f"deskbot-test-{uuid.uuid4().hex[:8]}",
        twilio_whatsapp_from=WHATSAPP_FROM,
        twilio_sms_from=SMS_FROM,
        spool_dir=Path(tempfile.mkdtemp(prefix="deskbot-spool-")),
    )


@pytest.fixture
def config():  # type: ignore[no-untyped-def]
    return load_config()


RuntimeFactory = Callable[..., Runtime]


@pytest.fixture
def make_runtime(base_settings: Settings, config) -> Iterator[RuntimeFactory]:  # type: ignore[no-untyped-def]
    built: list[Runtime] = []

    def factory(config_override=None, **overrides: Any) -> Runtime:  # type: ignore[no-untyped-def]
        runtime = build_runtime(replace(base_settings, **overrides), config_override or config)
        built.append(runtime)
        return runtime

    yield factory
    for runtime in built:
        runtime.close()


@pytest.fixture
def runtime(make_runtime: RuntimeFactory) -> Runtime:
    """Embedded mode: in-process queue, console transport."""
    return make_runtime()


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as fake:
        yield fake


def twilio_overrides(fake: FakeTwilio) -> dict[str, Any]:
    return {
        "transport": "twilio",
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_api_url": fake.url,
        "public_url": PUBLIC_URL,
    }


@pytest.fixture
def twilio_runtime(make_runtime: RuntimeFactory, fake_twilio: FakeTwilio) -> Runtime:
    """Signed webhooks and the real SDK talking to the fake; in-process queue."""
    return make_runtime(**twilio_overrides(fake_twilio))


class Phone:
    """A person's phone: sends webhooks the way Twilio would, reads what came back."""

    def __init__(self, client, runtime: Runtime, number: str, channel: str = "whatsapp") -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.runtime = runtime
        self.number = number
        self.channel = channel

    def address(self) -> str:
        return f"whatsapp:{self.number}" if self.channel == "whatsapp" else self.number

    def form(self, body: str, sid: str | None = None, **extra: str) -> dict[str, str]:
        to = WHATSAPP_FROM if self.channel == "whatsapp" else SMS_FROM
        form = {
            "MessageSid": sid or "SM" + uuid.uuid4().hex,
            "AccountSid": ACCOUNT_SID,
            "From": self.address(),
            "To": to,
            "Body": body,
            "NumMedia": "0",
        }
        form.update(extra)
        return form

    def post(self, form: dict[str, str], path: str = "/webhooks/twilio/messages"):  # type: ignore[no-untyped-def]
        headers = {}
        token = self.runtime.settings.twilio_auth_token
        if token:
            base = self.runtime.settings.public_url or "http://localhost"
            headers["X-Twilio-Signature"] = sign(token, base + path, form)
        return self.client.post(path, data=form, headers=headers)

    def says(self, body: str, **extra: str):  # type: ignore[no-untyped-def]
        response = self.post(self.form(body, **extra))
        assert response.status_code == 200, response.get_data(as_text=True)
        settle(self.runtime)
        return response

    def inbox(self) -> list[str]:
        """Bodies of every message the system has queued for this number, oldest first."""
        from sqlalchemy import select

        from storage.models import Message

        with self.runtime.sessions() as session:
            return list(
                session.scalars(
                    select(Message.body)
                    .where(Message.direction == "outbound", Message.peer == self.number)
                    .order_by(Message.id)
                )
            )

    def last(self) -> str:
        inbox = self.inbox()
        assert inbox, f"nothing was sent to {self.number}"
        return inbox[-1]

    def conversation(self) -> dict[str, Any]:
        response = self.client.get(
            f"/api/conversations?phone={self.number.replace('+', '%2B')}",
            headers={"Authorization": f"Bearer {API_TOKEN}"},
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()


def settle(runtime: Runtime, timeout: float = 10.0) -> None:
    """Wait for the in-process queue to run what is due now."""
    if isinstance(runtime.queue, InProcessJobQueue):
        assert runtime.queue.wait_idle(timeout=timeout), "jobs did not finish"


@pytest.fixture
def app(runtime: Runtime):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    return create_app(runtime)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def phone(client, runtime: Runtime) -> Callable[..., Phone]:  # type: ignore[no-untyped-def]
    def factory(number: str, channel: str = "whatsapp") -> Phone:
        return Phone(client, runtime, number, channel)

    return factory


@pytest.fixture
def api_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_TOKEN}"}


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    yield server
    server.cleanup()


def worker_env(runtime: Runtime) -> dict[str, str]:
    """The environment of a ``deskbot worker`` process serving ``runtime``'s queue."""
    s = runtime.settings
    env = dict(os.environ)
    env.update(
        DATABASE_URL=s.database_url,
        REDIS_URL=s.redis_url or "",
        DESKBOT_QUEUE=s.queue_name,
        DESKBOT_SWEEP_INTERVAL=str(max(s.sweep_interval, 1.0)),
        DESKBOT_TRANSPORT=s.transport,
        TWILIO_ACCOUNT_SID=s.twilio_account_sid or "",
        TWILIO_AUTH_TOKEN=s.twilio_auth_token or "",
        TWILIO_API_URL=s.twilio_api_url,
        TWILIO_WHATSAPP_FROM=s.twilio_whatsapp_from or "",
        TWILIO_SMS_FROM=s.twilio_sms_from or "",
        PUBLIC_URL=s.public_url or "",
    )
    return env


class WorkerProcess:
    """A real ``deskbot worker`` in a subprocess (so it can be killed mid-job)."""

    def __init__(self, runtime: Runtime) -> None:
        self.env = worker_env(runtime)
        self.process: subprocess.Popen[bytes] | None = None
        handle, path = tempfile.mkstemp(prefix="deskbot-worker-", suffix=".log")
        os.close(handle)
        self.log_path = Path(path)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "worker"],
            env=self.env,
            cwd=ROOT,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )
        time.sleep(0.2)
        assert self.process.poll() is None, self.log_path.read_text()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def worker_factory() -> Iterator[Callable[[Runtime], WorkerProcess]]:
    started: list[WorkerProcess] = []

    def factory(runtime: Runtime) -> WorkerProcess:
        worker = WorkerProcess(runtime)
        worker.start()
        started.append(worker)
        return worker

    yield factory
    for worker in started:
        worker.stop()


@pytest.fixture
def in_runtime(runtime: Runtime) -> Iterator[Runtime]:
    with use(runtime):
        yield runtime
