"""What a handler needs from the process it runs in: settings, configuration, database
sessions, the transport, the outbox, the mail outbox and the job queue, in one object
passed as ``rt``.

It is built only by the composition root (``bot.app.build_runtime``). Jobs find the
runtime of their process with :func:`current`: the in-process queue installs one per
job, an RQ worker one for the whole process. Nothing builds a runtime behind the caller's
back: :func:`current` without an installed runtime is a programming error and says so.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.calendar.business import BusinessCalendar
from bot.channels.transport import Transport
from bot.core.config import Config
from bot.core.settings import Settings
from bot.messaging.mail import Mailer
from bot.messaging.outbox import Outbox
from bot.messaging.spool import Spool
from nlu.parser import load_parser

JobFunc = Callable[..., Any]
_current: contextvars.ContextVar[Runtime | None] = contextvars.ContextVar(
    "deskbot_runtime", default=None
)
_process_default: list[Runtime] = []


class JobQueue(Protocol):
    """Where background work goes: RQ on Redis, or a thread in this process."""

    in_workers: bool  # inbound messages are handled by worker processes, not the webhook

    def enqueue(self, func: JobFunc, *args: Any) -> bool: ...
    def enqueue_in(self, delay: timedelta, func: JobFunc, *args: Any) -> bool: ...
    def enqueue_once(self, key: str, func: JobFunc, *args: Any) -> bool: ...
    def started(self, key: str) -> None: ...
    def ring_inbox(self, peer: str) -> bool: ...
    def healthy(self) -> bool: ...


@dataclass
class Runtime:
    settings: Settings
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    transport: Transport
    outbox: Outbox
    queue: JobQueue
    mailer: Mailer
    spool: Spool  # where webhooks keep forms while the database is down

    @cached_property
    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar.from_config(self.config)

    @cached_property
    def nlu(self) -> Any:
        """The parser, loaded on first use (its model is cached on disk)."""
        return load_parser(
            self.settings.rasa_url,
            languages=list(self.config.helpdesk.languages),
            companies=[company.name for company in self.config.companies],
            ticket_prefix=self.config.helpdesk.ticket_prefix,
        )

    def run_job(self, func: JobFunc, args: tuple[Any, ...]) -> None:
        with use(self):
            func(*args)

    @property
    def queued_inbound(self) -> bool:
        """Handle inbound messages in workers (webhooks only store them): with Redis,
        unless ``DESKBOT_INBOUND=inline``; without Redis always inline."""
        return self.queue.in_workers and self.settings.inbound_mode != "inline"

    def close(self) -> None:
        stop = getattr(self.queue, "stop", None)
        if stop is not None:
            stop()
        self.engine.dispose()


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


class NoRuntime(RuntimeError):
    """A job ran where no runtime was installed (a wiring bug, never a user error)."""


def current() -> Runtime:
    """The runtime of this job or process; raises :class:`NoRuntime` when none is installed."""
    runtime = _current.get() or (_process_default[0] if _process_default else None)
    if runtime is None:
        raise NoRuntime(
            "no deskbot runtime is installed: build one with bot.app.build_runtime() and run "
            "the job inside bot.runtime.use(runtime) or install_process_default(runtime)"
        )
    return runtime
