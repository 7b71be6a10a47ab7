"""``deskbot oncall``: who is on call now and next, and dated overrides."""

from __future__ import annotations

from datetime import datetime

import click
from sqlalchemy import select

from bot.cli.common import _runtime
from bot.core.config import Config
from bot.directory.oncall import add_override, now_and_next, parse_local, staff_number
from bot.directory.people import describe, escalation_chain
from bot.directory.rotation import OnCallSlot
from storage.db import utcnow
from storage.models import OncallOverride

LOCAL_FORMAT = "%a %Y-%m-%d %H:%M"


# -- the command ------------------------------------------------------------------------------


def _local(config: Config, at: datetime) -> str:
    return at.astimezone(config.zone).strftime(LOCAL_FORMAT)


def _slot_line(config: Config, label: str, slot: OnCallSlot) -> str:
    return (
        f"{label:<9}{describe(config, slot.phone)}  "
        f"{_local(config, slot.starts_at)} -> {_local(config, slot.ends_at)}"
    )


@click.group("oncall", invoke_without_command=True)
@click.pass_context
def oncall_command(ctx: click.Context) -> None:
    """Who is on call now and next; manage dated overrides."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(oncall_show)


@oncall_command.command("show")
def oncall_show() -> None:
    """Who is on call now and who takes over next (local times), and the escalation chain."""
    rt = _runtime()
    try:
        config = rt.config
        with rt.sessions() as session:
            current, upcoming = now_and_next(rt.config, session)
        click.echo(f"Times in {config.helpdesk.timezone}")
        click.echo(_slot_line(config, "Now:", current))
        click.echo(_slot_line(config, "Next:", upcoming))
        chain = [describe(config, p) for p in escalation_chain(config)]
        click.echo(f"{'Then:':<9}" + (", ".join(chain) if chain else "no escalation configured"))
    finally:
        rt.close()


@oncall_command.command("override")
@click.argument("number")
@click.option("--from", "starts", required=True, help="Local start, YYYY-MM-DD[THH:MM].")
@click.option(
    "--to", "ends", required=True, help="Local end, YYYY-MM-DD[THH:MM] (a date: end of day)."
)
def oncall_override(number: str, starts: str, ends: str) -> None:
    """Put NUMBER on call from --from until --to, whatever the rotation says."""
    rt = _runtime()
    try:
        config = rt.config
        try:
            phone = staff_number(config, number)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="NUMBER") from exc
        try:
            start = parse_local(config, starts, end_of_day=False)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--from") from exc
        try:
            end = parse_local(config, ends, end_of_day=True)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--to") from exc
        if end <= start:
            raise click.BadParameter("must be after --from", param_hint="--to")
        with rt.sessions.begin() as session:
            override_id = add_override(session, phone, start, end).id
        click.echo(
            f"override {override_id}: {describe(config, phone)} on call "
            f"{_local(config, start)} -> {_local(config, end)} ({config.helpdesk.timezone})"
        )
    finally:
        rt.close()


@oncall_command.command("overrides")
@click.option("--all", "show_all", is_flag=True, help="Include overrides that have ended.")
def oncall_overrides(show_all: bool) -> None:
    """List overrides (current and future unless --all)."""
    rt = _runtime()
    try:
        config = rt.config
        query = select(OncallOverride).order_by(OncallOverride.starts_at, OncallOverride.id)
        if not show_all:
            query = query.where(OncallOverride.ends_at > utcnow())
        with rt.sessions() as session:
            rows = list(session.scalars(query))
        if not rows:
            click.echo("no overrides")
        for row in rows:
            click.echo(
                f"{row.id:>4}  {_local(config, row.starts_at)} -> {_local(config, row.ends_at)}  "
                f"{describe(config, row.phone)}"
            )
    finally:
        rt.close()


@oncall_command.command("remove")
@click.argument("override_id", type=int)
def oncall_remove(override_id: int) -> None:
    """Delete override OVERRIDE_ID (see ``deskbot oncall overrides``)."""
    rt = _runtime()
    try:
        with rt.sessions.begin() as session:
            row = session.get(OncallOverride, override_id)
            if row is None:
                raise click.BadParameter(f"no override {override_id}", param_hint="OVERRIDE_ID")
            session.delete(row)
        click.echo(f"override {override_id} removed")
    finally:
        rt.close()
