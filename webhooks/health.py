"""``GET /healthz``: is the database reachable, is the queue reachable."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """``{"status", "database", "queue", "queue_kind", "transport"}``; 200 when the database
    answers, 503 when it does not (no token needed)."""
    rt = current_app.extensions["deskbot"]
    try:
        with rt.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError:
        database = "unreachable"
    queue = "ok" if rt.queue.healthy() else "unreachable"
    body = {
        "status": "ok" if database == "ok" else "error",
        "database": database,
        "queue": queue,
        "queue_kind": "redis" if rt.settings.redis_url else "in-process",
        "transport": rt.transport.name,
    }
    return jsonify(body), 200 if database == "ok" else 503
