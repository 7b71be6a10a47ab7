"""``GET /healthz``: is the database reachable, is the queue reachable."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.channels.transport import transport_problems

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """``{"status", "database", "queue", "queue_kind", "transport", "transport_status",
    "spooled"}``; 200 when the database answers, 503 when it does not (no token needed).
    A transport that cannot send (``transport_problems``) makes the status ``degraded``:
    messages are taken and kept, but nothing goes out until the configuration is fixed."""
    rt = current_app.extensions["deskbot"]
    try:
        with rt.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError:
        database = "unreachable"
    queue = "ok" if rt.queue.healthy() else "unreachable"
    problems = transport_problems(rt.settings)
    status = "ok" if not problems else "degraded"
    body = {
        "status": status if database == "ok" else "error",
        "database": database,
        "queue": queue,
        "queue_kind": "redis" if rt.settings.redis_url else "in-process",
        "transport": rt.transport.name,
        "transport_status": "; ".join(problems) or "ok",
        "spooled": rt.spool.pending(),
    }
    return jsonify(body), 200 if database == "ok" else 503
