"""``GET /metrics``: Prometheus text format, ``deskbot_`` series.

Counters and histograms (messages in and out by channel and status, intake outcomes, SLA
warnings and breaches, pages and acknowledgements, delivery latency, webhook attempts, API
writes) are counted where things happen (``bot.core.metrics``); with
``PROMETHEUS_MULTIPROC_DIR`` set, every gunicorn worker (and every ``deskbot worker`` on
the host sharing the directory) writes there and this page adds them up. Levels (tickets by
priority and status, queue depths, the age of the oldest undelivered message) are read
from the database and Redis at each scrape, so every process agrees on them.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Iterator

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.channels.status import PENDING
from bot.messaging.webhook_outbox import PENDING as WEBHOOK_PENDING
from bot.runtime import Runtime
from bot.tickets.records import ALL_STATUSES
from storage.db import utcnow
from storage.models import Email, Message, Ticket, WebhookDelivery

log = logging.getLogger(__name__)
blueprint = Blueprint("metrics", __name__)


def counted_registry() -> CollectorRegistry:
    """This process's counters, or every process's under the multiprocess directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


class LiveLevels(Collector):
    """Levels read at scrape time from the database (and Redis for the job queue)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def collect(self) -> Iterator[GaugeMetricFamily]:
        tickets = GaugeMetricFamily(
            "deskbot_tickets", "Tickets by priority and status", labels=["priority", "status"]
        )
        depth = GaugeMetricFamily(
            "deskbot_queue_depth",
            "Work waiting: outbox (messages not yet handed to the provider), inbox (stored "
            "messages not yet handled), mail (e-mails not yet sent), webhooks (events not yet "
            "delivered), jobs (RQ queue)",
            labels=["queue"],
        )
        oldest = GaugeMetricFamily(
            "deskbot_outbox_oldest_pending_seconds",
            "Age of the oldest message still waiting for delivery (0 when none)",
        )
        try:
            with self.rt.sessions() as session:
                counts = session.execute(
                    select(Ticket.priority, Ticket.status, func.count()).group_by(
                        Ticket.priority, Ticket.status
                    )
                ).all()
                outbox, first = session.execute(
                    select(func.count(), func.min(Message.created_at)).where(
                        Message.direction == "outbound", Message.status == PENDING
                    )
                ).one()
                inbox = session.scalar(
                    select(func.count()).where(
                        Message.direction == "inbound", Message.processed_at.is_(None)
                    )
                )
                hooks = session.scalar(
                    select(func.count()).where(WebhookDelivery.status == WEBHOOK_PENDING)
                )
                mails = session.scalar(select(func.count()).where(Email.status == "pending"))
        except SQLAlchemyError:
            log.warning("metrics: the database did not answer")
            return
        seen = {(p, s): n for p, s, n in counts}
        for priority in self.rt.config.priority_names:
            for status in ALL_STATUSES:
                tickets.add_metric([priority, status], seen.pop((priority, status), 0))
        for (priority, status), n in seen.items():  # priorities no longer configured
            tickets.add_metric([priority, status], n)
        depth.add_metric(["outbox"], outbox or 0)
        depth.add_metric(["inbox"], inbox or 0)
        depth.add_metric(["mail"], mails or 0)
        depth.add_metric(["webhooks"], hooks or 0)
        jobs = self._jobs()
        if jobs is not None:
            depth.add_metric(["jobs"], jobs)
        oldest.add_metric([], (utcnow() - first).total_seconds() if first else 0.0)
        yield from (tickets, depth, oldest)

    def _jobs(self) -> int | None:
        queue = getattr(self.rt.queue, "queue", None)  # RQ's Queue, with Redis only
        if queue is None:
            return None
        try:
            return int(queue.count)
        except Exception:  # Redis unreachable: the level is unknown, not zero
            return None


@blueprint.get("/metrics")
def metrics() -> Response:
    """Prometheus text format: counters of this deployment's processes and levels read from
    the database (`deskbot_` series; docs/runbook.md lists them). Open unless
    `DESKBOT_METRICS_TOKEN` is set, then it needs `Authorization: Bearer <token>`."""
    token = os.environ.get("DESKBOT_METRICS_TOKEN", "").strip()
    if token:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            abort(401, "GET /metrics needs Authorization: Bearer <DESKBOT_METRICS_TOKEN>")
    live = CollectorRegistry(auto_describe=False)
    live.register(LiveLevels(current_app.extensions["deskbot"]))
    body = generate_latest(counted_registry()) + generate_latest(live)
    return Response(body, mimetype=CONTENT_TYPE_LATEST)
