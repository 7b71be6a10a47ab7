"""``deskbot privacy export|forget PHONE|EMAIL``: a data subject's copy and erasure."""

from __future__ import annotations

import json
import sys

import click

from bot.cli.common import _runtime
from bot.privacy.erasure import ErasureRefused, Plan, forget, plan
from bot.privacy.export import export_person
from bot.privacy.subject import Identifier, IdentifierError, parse_identifier
from storage.db import utcnow


def _identifier(raw: str) -> Identifier:
    try:
        return parse_identifier(raw)
    except IdentifierError as exc:
        raise click.UsageError(str(exc)) from exc


@click.group("privacy")
def privacy_command() -> None:
    """Customers' personal data: a copy (export) or erasure (forget) on request."""


@privacy_command.command("export")
@click.argument("person", metavar="PHONE|EMAIL")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to FILE."
)
def export_command(person: str, output: str | None) -> None:
    """Everything held about PERSON as one JSON document (stdout, or --output FILE)."""
    identifier = _identifier(person)
    rt = _runtime()
    try:
        with rt.sessions() as session:
            document = export_person(session, rt.config, identifier, utcnow())
    finally:
        rt.close()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as file:
            file.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(text)


def _describe(found: Plan) -> str:
    subject = found.subject
    lines = [
        "This erases, for good:",
        f"  identifiers: {', '.join(sorted(subject.phones | subject.emails | subject.names))}",
        f"  conversations: {found.conversations} (deleted; a new message starts afresh)",
        f"  messages to or from them: {found.messages} (bodies, media, numbers)",
        f"  tickets: {', '.join(found.tickets) or 'none'} (contact details and their own "
        "words; staff notices about them lose their text)",
        f"  directory entries: {found.contacts}",
        "  and every other mention of these identifiers in any table.",
        "Kept: ticket references, dates, statuses, priorities, companies, time entries "
        "(statement totals do not change).",
    ]
    return "\n".join(lines)


@privacy_command.command("forget")
@click.argument("person", metavar="PHONE|EMAIL")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def forget_command(person: str, yes: bool) -> None:
    """Erase PERSON: messages, media, names, numbers and e-mail addresses go (replaced by a
    pseudonym where a record must stay); the erasure is recorded without personal data."""
    identifier = _identifier(person)
    rt = _runtime()
    try:
        with rt.sessions() as session:
            try:
                found = plan(session, rt.config, identifier)
            except ErasureRefused as exc:
                raise click.ClickException(str(exc)) from exc
        if not yes:
            click.echo(_describe(found))
            click.confirm(f"Erase {identifier.value}?", abort=True)
        with rt.sessions.begin() as session:
            erasure = forget(session, rt.config, identifier, utcnow())
    finally:
        rt.close()
    if erasure.record_id is None:
        click.echo(
            f"nothing is held about {identifier.value} (never known, or erased before): "
            "nothing changed"
        )
    else:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(erasure.counts.items()))
        click.echo(
            f"erased {identifier.value}: {counts}; recorded as erasure #{erasure.record_id} "
            f"(records now say {erasure.pseudonym})"
        )
    for listed in found.in_config:
        click.echo(
            f"warning: {listed} is still a contact in the configuration file "
            f"({rt.settings.config_path or 'the example config'}): remove it there, or the "
            "directory entry comes back at the next start",
            err=True,
        )
