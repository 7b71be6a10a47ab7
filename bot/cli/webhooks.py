"""``deskbot webhooks``: send a signed ping to an endpoint, read the delivery log."""

from __future__ import annotations

import json

import click

from bot.cli.common import _runtime


@click.group("webhooks")
def webhooks_command() -> None:
    """Outbound webhooks of [[webhooks]]: test an endpoint, read the delivery log."""


@webhooks_command.command("test")
@click.argument("name")
def webhooks_test(name: str) -> None:
    """Send a signed ``ping`` event to endpoint NAME now and show its answer (exit 1 when
    it is not a 2xx). The ping is recorded in the delivery log and never retried."""
    from bot.messaging import webhook_outbox
    from bot.tickets.announcements import encode, event_body
    from storage.db import utcnow
    from storage.models import WebhookDelivery

    rt = _runtime()
    webhook = next((w for w in rt.config.webhooks if w.name == name), None)
    if webhook is None:
        known = ", ".join(w.name for w in rt.config.webhooks) or "none configured"
        raise click.ClickException(f"no webhook {name!r} in [[webhooks]] ({known})")
    now = utcnow()
    body = event_body("ping", now, {"ticket": None, "webhook": name})
    with rt.sessions.begin() as session:
        delivery = WebhookDelivery(
            webhook=name,
            event_id=body["id"],
            event_type="ping",
            ordering_key="ping",
            body=encode(body),
            status=webhook_outbox.PENDING,
            attempts=0,
            created_at=now,
        )
        session.add(delivery)
        session.flush()
        webhook_outbox.send_one(webhook, delivery, now, retries=False)
        outcome = (delivery.status, delivery.response_code, delivery.error, delivery.duration_ms)
    status, code, error, ms = outcome
    click.echo(f"ping {body['id']} to {webhook.url}: {code or error} in {ms} ms")
    if status != webhook_outbox.DELIVERED:
        raise click.ClickException(f"{name} did not accept the ping: {error}")


@webhooks_command.command("resend")
@click.argument("event_ids", nargs=-1)
@click.option("--failed", is_flag=True, help="Every failed delivery (of --webhook, if given).")
@click.option("--webhook", "name", default=None, help="Only this endpoint.")
def webhooks_resend(event_ids: tuple[str, ...], failed: bool, name: str | None) -> None:
    """Queue failed (or delivered) events again, e.g. after the PSA was down longer than the
    retries last: ``resend evt_…`` or ``resend --failed``. The same event id and body go
    out again (signed anew); they may now arrive after newer events of the same ticket,
    so receivers compare ``created_at``."""
    from sqlalchemy import select

    from bot.jobs.tasks import ring_webhooks
    from bot.messaging import webhook_outbox
    from storage.models import WebhookDelivery

    if not event_ids and not failed:
        raise click.UsageError("give event ids, or --failed")
    rt = _runtime()
    configured = {w.name for w in rt.config.webhooks}
    query = select(WebhookDelivery).where(WebhookDelivery.webhook.in_(configured))
    if event_ids:
        query = query.where(WebhookDelivery.event_id.in_(event_ids))
    if failed:
        query = query.where(WebhookDelivery.status == webhook_outbox.FAILED)
    if name:
        query = query.where(WebhookDelivery.webhook == name)
    with rt.sessions.begin() as session:
        rows = list(session.scalars(query.where(WebhookDelivery.status != webhook_outbox.PENDING)))
        for row in rows:
            row.status, row.attempts, row.next_attempt_at = webhook_outbox.PENDING, 0, None
        streams = {(row.webhook, row.ordering_key) for row in rows}
    for webhook, key in sorted(streams):
        ring_webhooks(rt, webhook, key)
    if hasattr(rt.queue, "wait_idle"):
        rt.queue.wait_idle(timeout=60)  # in-process queue: deliver before the command ends
    click.echo(f"{len(rows)} deliveries queued again")


@webhooks_command.command("log")
@click.option("--webhook", "name", default=None, help="Only this endpoint.")
@click.option("--ticket", "ref", default=None, help="Only events of this ticket.")
@click.option(
    "--status",
    type=click.Choice(["pending", "delivered", "failed"]),
    default=None,
    help="Only deliveries in this state.",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def webhooks_log(
    name: str | None, ref: str | None, status: str | None, limit: int, as_json: bool
) -> None:
    """The newest deliveries first: when, endpoint, event, ticket, state, attempts, the
    endpoint's last answer and how long it took."""
    from sqlalchemy import select

    from bot.tickets.records import parse_ref
    from storage.models import Ticket, WebhookDelivery

    rt = _runtime()
    query = (
        select(WebhookDelivery, Ticket.ref)
        .outerjoin(Ticket, WebhookDelivery.ticket_id == Ticket.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    if name:
        query = query.where(WebhookDelivery.webhook == name)
    if status:
        query = query.where(WebhookDelivery.status == status)
    if ref:
        number = parse_ref(ref, rt.config.helpdesk.ticket_prefix)
        if number is None:
            raise click.ClickException(f"not a ticket reference: {ref}")
        query = query.where(Ticket.number == number)
    with rt.sessions() as session:
        rows = session.execute(query).all()
    if not rows and not as_json:
        click.echo("no deliveries")
    for delivery, ticket_ref in rows:
        if as_json:
            click.echo(json.dumps(_row(delivery, ticket_ref), ensure_ascii=False))
            continue
        answer = delivery.response_code or (delivery.error or "-")
        retry = (
            f" next {delivery.next_attempt_at.isoformat(timespec='seconds')}"
            if delivery.status == "pending" and delivery.next_attempt_at
            else ""
        )
        click.echo(
            f"{delivery.created_at.isoformat(timespec='seconds')} {delivery.webhook:<12} "
            f"{delivery.event_type:<18} {ticket_ref or '-':<10} {delivery.status:<9} "
            f"attempts={delivery.attempts} last={answer} "
            f"{delivery.duration_ms if delivery.duration_ms is not None else '-'}ms "
            f"{delivery.event_id}{retry}"
        )


def _row(delivery, ticket_ref):  # type: ignore[no-untyped-def]
    def iso(value):  # type: ignore[no-untyped-def]
        return value.isoformat() if value else None

    return {
        "id": delivery.id,
        "webhook": delivery.webhook,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "ticket": ticket_ref,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "response_code": delivery.response_code,
        "error": delivery.error,
        "duration_ms": delivery.duration_ms,
        "created_at": iso(delivery.created_at),
        "delivered_at": iso(delivery.delivered_at),
        "next_attempt_at": iso(delivery.next_attempt_at),
    }
