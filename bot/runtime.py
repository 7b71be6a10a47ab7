"""Everything a web process or a worker needs, built once from the environment.

A job finds its runtime through :func:`current`: the in-process queue installs
its own for each job, an RQ worker installs one for the whole process. Nothing
else is global, so tests can build as many isolated runtimes as they like.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config, load_config
from bot.jobqueue import InProcessJobQueue, JobQueue, RedisJobQueue
from bot.outbox import PEERS_KEY, Outbox
from bot.settings import Settings
from bot.transport import Transport, make_transport
from storage.db import make_engine, make_sessions

if TYPE_CHECKING:
    from bot.business_calendar import BusinessCalendar

log = logging.getLogger(__name__)
_current: contextvars.ContextVar[Runtime | None] = contextvars.ContextVar(
    "deskbot_runtime", default=None
)
_process_default: list[Runtime] = []


@dataclass
class Runtime:
    settings: Settings
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    transport: Transport
    outbox: Outbox
    queue: JobQueue = field(init=False)

    @classmethod
    def build(cls, settings: Settings | None = None, config: Config | None = None) -> Runtime:
        settings = settings or Settings.from_env()
        config = config or load_config(settings.config_path)
        engine = make_engine(settings.database_url)
        runtime = cls(
            settings=settings,
            config=config,
            engine=engine,
            sessions=make_sessions(engine),
            transport=make_transport(settings),
            outbox=Outbox(settings),
        )
        if settings.redis_url:
            runtime.queue = RedisJobQueue(settings.redis_url, settings.queue_name)
        else:
            runtime.queue = InProcessJobQueue(runtime.run_job)
        event.listen(runtime.sessions, "after_commit", runtime._kick_jobs)
        event.listen(runtime.sessions, "after_rollback", _forget_peers)
        return runtime

    @cached_property
    def calendar(self) -> BusinessCalendar:
        from bot.business_calendar import BusinessCalendar

        return BusinessCalendar.from_config(self.config)

    @cached_property
    def nlu(self) -> Any:
        """The parser, loaded on first use (its model is cached on disk)."""
        from nlu.parser import load_parser

        return load_parser(
            self.settings.rasa_url,
            languages=list(self.config.helpdesk.languages),
            companies=[company.name for company in self.config.companies],
            ticket_prefix=self.config.helpdesk.ticket_prefix,
        )

    def run_job(self, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
        with use(self):
            func(*args)

    @property
    def queued_inbound(self) -> bool:
        """Handle inbound messages in workers (webhooks only store them): with Redis,
        unless ``DESKBOT_INBOUND=inline``; without Redis always inline."""
        return isinstance(self.queue, RedisJobQueue) and self.settings.inbound_mode != "inline"

    def _kick_jobs(self, session: Session) -> None:
        """After commit: ring each sender's processing job and each recipient's delivery
        job, unless one is already queued."""
        from bot.delivery import deliver_pending, delivery_key
        from bot.inbound import INBOX_KEY

        for peer in sorted(session.info.pop(INBOX_KEY, set())):
            self.queue.ring_inbox(peer)
        for peer in sorted(session.info.pop(PEERS_KEY, set())):
            self.queue.enqueue_once(delivery_key(peer), deliver_pending, peer)

    def close(self) -> None:
        if isinstance(self.queue, InProcessJobQueue):
            self.queue.stop()
        self.engine.dispose()


def _forget_peers(session: Session) -> None:
    from bot.inbound import INBOX_KEY

    session.info.pop(PEERS_KEY, None)
    session.info.pop(INBOX_KEY, None)


@contextmanager
def use(runtime: Runtime) -> Iterator[Runtime]:
    token = _current.set(runtime)
    try:
        yield runtime
    finally:
        _current.reset(token)


def install_process_default(runtime: Runtime) -> None:
    """For an RQ worker: every job in this process uses ``runtime``."""
    _process_default[:] = [runtime]


def current() -> Runtime:
    runtime = _current.get() or (_process_default[0] if _process_default else None)
    if runtime is None:
        runtime = Runtime.build()
        install_process_default(runtime)
    return runtime
