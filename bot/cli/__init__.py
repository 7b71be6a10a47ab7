"""The ``deskbot`` command; ``docs/reference.md`` shows every subcommand's ``--help``."""

from __future__ import annotations

import json
import logging
import threading

import click

from bot.cli.common import ConfiguredGroup, _runtime, refuse
from bot.cli.oncall import oncall_command
from bot.cli.privacy import privacy_command
from bot.cli.report import report_command
from bot.cli.webhooks import webhooks_command
from bot.conversation.intake import FlowError
from bot.core import logs
from bot.core.config import ConfigError, config_warnings, load_config
from bot.core.settings import Settings


@click.group(cls=ConfiguredGroup)
@click.option("--verbose", "-v", is_flag=True, help="Log at debug level.")
def main(verbose: bool) -> None:
    """deskbot: the WhatsApp/SMS front door of an IT support desk."""
    try:
        logs.install(logging.DEBUG if verbose else logging.INFO)
    except ValueError as exc:  # DESKBOT_LOG_FORMAT
        raise click.UsageError(str(exc)) from exc


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the web app (webhooks, API, simulator) with Flask's threaded server."""
    from webhooks import create_app

    app = create_app(_runtime())
    click.echo(f"deskbot on http://{host}:{port}  (simulator: http://{host}:{port}/simulator)")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (tests, cron).")
@click.option(
    "--metrics-port",
    type=int,
    default=None,
    help="Also serve this worker's Prometheus counters on http://0.0.0.0:PORT/metrics "
    "(for workers on hosts without a web process).",
)
def worker(burst: bool, metrics_port: int | None) -> None:
    """Run an RQ worker with its scheduler, plus the sweeper that re-enqueues lost work."""
    from prometheus_client import start_http_server

    from bot.jobs import inbox as inbox_loop
    from bot.jobs.queue import RedisJobQueue, supervise_scheduler, work_until_stopped
    from bot.jobs.sweeper import run_in_thread
    from bot.runtime import install_process_default
    from webhooks.metrics import counted_registry

    rt = _runtime()
    if not isinstance(rt.queue, RedisJobQueue):
        raise click.ClickException(
            "deskbot worker needs REDIS_URL (without it jobs run in-process)"
        )
    rt.queue.blocking.ping()  # an unreachable REDIS_URL is one clear line, not a retry loop
    install_process_default(rt)
    if metrics_port is not None:
        start_http_server(metrics_port, registry=counted_registry())
    stop = threading.Event()
    scheduler = supervise_scheduler(rt.queue, stop, rt.settings.sweep_interval)
    run_in_thread(rt, stop)
    inbox = inbox_loop.run_in_thread(rt, rt.queue, stop)
    try:
        # Blocking reads use their own connection, without a socket timeout (RQ's BLPOP
        # waits longer than any such timeout); RQ's loop is restarted when Redis drops it.
        work_until_stopped(rt.queue, burst=burst, restart_after=rt.settings.sweep_interval)
    finally:
        stop.set()
        scheduler.join(timeout=5)
        inbox.join(timeout=30)  # let a sender being handled finish its transaction


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema to the newest version."""
    from storage.db import make_engine
    from storage.migrate import upgrade

    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    click.echo(f"database {engine.url.render_as_string(hide_password=True)} is up to date")


@main.command("check-config")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
def check_config(file: str | None) -> None:
    """Validate a configuration file (default: $DESKBOT_CONFIG or the example)."""
    from bot import app as startup

    path = file or Settings.from_env().config_path
    try:
        config = load_config(path)
        startup.check(config)
    except ConfigError as exc:
        refuse(exc.problems)
    except FlowError as exc:
        refuse([f"{path or 'example config'}: helpdesk.languages: {exc}"])
    for warning in config_warnings(config):
        click.echo(f"{path or 'example config'}: warning: {warning}", err=True)
    click.echo(
        f"{path or 'example config'}: ok ({len(config.companies)} companies, "
        f"{len(config.technicians)} technicians, priorities {', '.join(config.priority_names)})"
    )


@main.group()
def tickets() -> None:
    """Look at tickets."""


@tickets.command("list")
@click.option("--status", default=None, help="Only tickets with this status.")
def tickets_list(status: str | None) -> None:
    """One line per ticket."""
    from sqlalchemy import select

    from storage.models import Ticket

    rt = _runtime()
    with rt.sessions() as session:
        query = select(Ticket).order_by(Ticket.id)
        if status:
            query = query.where(Ticket.status == status)
        for t in session.scalars(query):
            click.echo(
                f"{t.ref:<10} {t.status:<16} {t.priority:<9} {t.company_name:<24} "
                f"{t.contact_name:<20} {t.description[:50]}"
            )


@tickets.command("show")
@click.argument("ref")
def tickets_show(ref: str) -> None:
    """A ticket in full, as JSON."""
    from bot.tickets.records import find_ticket, ticket_json

    rt = _runtime()
    with rt.sessions() as session:
        ticket = find_ticket(session, rt.config.helpdesk.ticket_prefix, ref)
        if ticket is None:
            raise click.ClickException(f"no ticket {ref}")
        click.echo(json.dumps(ticket_json(ticket), indent=2, ensure_ascii=False))


@main.command()
@click.option("--from", "sender", required=True, help="Your phone number, E.164.")
@click.option("--channel", type=click.Choice(["whatsapp", "sms"]), default="whatsapp")
def chat(sender: str, channel: str) -> None:
    """Talk to the bot from a terminal, through the same webhook code path as Twilio."""
    from bot.cli.terminal_chat import run_chat

    run_chat(_runtime(), sender, channel)


@main.group()
def nlu() -> None:
    """The embedded NLU parser (trained from nlu/data, Rasa's YAML format)."""


@nlu.command("train")
@click.option("--force", is_flag=True, help="Retrain even when the cached model is current.")
def nlu_train(force: bool) -> None:
    """Train the embedded parser and cache it (keyed by the training data's hash)."""
    from nlu.cli_support import train_command

    click.echo(train_command(force=force))


@nlu.command("eval")
@click.option("--test-fraction", default=0.2, show_default=True, type=float)
@click.option("--errors", is_flag=True, help="List the misclassified examples.")
def nlu_eval(test_fraction: float, errors: bool) -> None:
    """Held-out split: intent accuracy, per-intent F1, entity precision/recall, latency."""
    from nlu.cli_support import eval_command

    click.echo(eval_command(test_fraction=test_fraction, show_errors=errors))


main.add_command(oncall_command)
main.add_command(report_command)
main.add_command(privacy_command)
main.add_command(webhooks_command)


if __name__ == "__main__":
    main()
