"""``deskbot report``: a company's monthly statement of time and parts."""

from __future__ import annotations

import sys

import click

from bot.core.config import ConfigError, load_config
from bot.core.settings import Settings
from bot.tickets.report import ReportError, monthly_statement, to_csv, to_text
from storage.db import make_engine, make_sessions


@click.command("report")
@click.option("--company", required=True, help="Company name as configured (any case).")
@click.option("--month", required=True, help="Calendar month, YYYY-MM (helpdesk's local time).")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "text"]), default="csv", show_default=True
)
def report_command(company: str, month: str, fmt: str) -> None:
    """Monthly statement of time and parts for one company (CSV on stdout)."""
    settings = Settings.from_env()
    try:
        config = load_config(settings.config_path)
    except ConfigError as exc:
        raise click.ClickException("invalid configuration:\n" + "\n".join(exc.problems)) from exc
    engine = make_engine(settings.database_url)
    try:
        with make_sessions(engine)() as session:
            statement = monthly_statement(session, config, company, month)
    except ReportError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        engine.dispose()
    sys.stdout.write(to_csv(statement) if fmt == "csv" else to_text(statement))
