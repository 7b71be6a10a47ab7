"""The composition root: builds the runtime from the environment, connects the doorbells
of the lower layers to the jobs that answer them, and checks at boot that the
conversation table, the command tables and every customer-facing translation are
complete. A broken deploy fails here, not on the first customer.

Every feature module is imported here, at boot, so an import error stops the process
before it serves anything.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from bot.channels.smtp import SmtpServer
from bot.channels.transport import make_transport
from bot.conversation import intake, on_behalf, words  # noqa: F401  on_behalf: imported at boot
from bot.conversation import requests as customer_requests
from bot.core import logs
from bot.core.config import Config, load_config
from bot.core.i18n import registered
from bot.core.settings import Settings
from bot.directory import people
from bot.directory.sync import sync_directory
from bot.jobs import inbox, sweeper, tasks  # noqa: F401  sweeper: imported at boot
from bot.jobs.queue import InProcessJobQueue, RedisJobQueue
from bot.messaging.mail import Mailer
from bot.messaging.outbox import Outbox
from bot.messaging.spool import JournalSpool, RedisSpool, Spool
from bot.runtime import JobQueue, Runtime
from bot.staff import commands, signin  # noqa: F401  commands: the table checks itself on import
from bot.tickets import (  # noqa: F401  announcements, change_metrics: session listeners
    announcements,
    change_metrics,
    emails,
    notifications,
)
from bot.timers import after_hours
from storage.db import make_engine, make_sessions


def build_runtime(settings: Settings | None = None, config: Config | None = None) -> Runtime:
    """Everything a web process or a worker needs, from the environment unless given."""
    logs.install()  # every process that builds a runtime logs without personal data
    settings = settings or Settings.from_env()
    config = config or load_config(settings.config_path)
    engine = make_engine(settings.database_url)
    built: list[Runtime] = []

    def ring_delivery(peer: str) -> object:
        return tasks.ring_delivery(built[0], peer)

    def ring_mail() -> object:
        return tasks.ring_mail(built[0])

    queue: JobQueue
    spool: Spool
    if settings.redis_url:
        queue = RedisJobQueue(settings.redis_url, settings.queue_name)
        spool = RedisSpool(queue.connection, f"deskbot:spool:{settings.queue_name}")
    else:
        queue = InProcessJobQueue(
            lambda func, args: built[0].run_job(func, args), inbox.process_pending
        )
        spool = JournalSpool(settings.spool_dir)
    runtime = Runtime(
        settings=settings,
        config=config,
        engine=engine,
        sessions=make_sessions(engine),
        transport=make_transport(settings),
        outbox=Outbox(settings, ring_delivery, announce_to=tuple(people.managers(config))),
        queue=queue,
        mailer=Mailer(
            SmtpServer.from_url(settings.smtp_url) if settings.smtp_url else None,
            settings.mail_from,
            ring_mail,
        ),
        spool=spool,
    )
    runtime.sessions.configure(
        info={
            announcements.WIRING: announcements.Wiring(
                tuple(config.webhooks), lambda name, key: tasks.ring_webhooks(built[0], name, key)
            )
        }
    )
    built.append(runtime)
    return runtime


def customer_messages() -> tuple[str, ...]:
    """Every English source string a customer can receive, from every feature."""
    return (
        *customer_requests.MESSAGES,
        *words.MESSAGES,
        *notifications.MESSAGES,
        *after_hours.MESSAGES,
        *emails.MESSAGES,
    )


def check(config: Config) -> None:
    """Raise ``bot.conversation.intake.FlowError`` when the flow or a translation is incomplete:
    every message marked for translation, in every language customers or staff read."""
    intake.check_flow(config.all_languages, (*customer_messages(), *registered()))


def mirror_directory(runtime: Runtime) -> None:
    """Copy the config's companies, contacts and technicians into the database; processes
    starting together may race once on the same rows, so a conflict is retried."""
    for attempt in range(3):
        try:
            with runtime.sessions.begin() as session:
                sync_directory(session, runtime.config)
            return
        except (IntegrityError, OperationalError, ProgrammingError):
            if attempt == 2:
                raise
