"""The Flask app factory: defaults, then the environment, then test overrides."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, jsonify
from sqlalchemy import inspect
from werkzeug.exceptions import HTTPException

from bot import app as startup
from bot.app import build_runtime
from bot.core import logs
from bot.core.settings import Settings
from bot.jobs.queue import InProcessJobQueue
from bot.jobs.sweeper import sweep_job
from bot.runtime import Runtime
from webhooks import api, api_write, board, health, media, metrics, simulator, twilio

log = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 64 * 1024  # Twilio's largest form is a few KB


def create_app(runtime: Runtime | None = None, settings: Settings | None = None) -> Flask:
    logs.install()  # gunicorn loads the app here: its logs are cleaned like ours
    runtime = runtime or build_runtime(settings)
    startup.check(runtime.config)
    _check_tables(runtime)
    startup.mirror_directory(runtime)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.extensions["deskbot"] = runtime

    app.register_blueprint(twilio.blueprint)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(board.blueprint)
    app.register_blueprint(api_write.blueprint)
    app.register_blueprint(metrics.blueprint)
    app.register_blueprint(media.blueprint)
    if runtime.settings.transport == "console" or runtime.settings.simulator_enabled:
        app.register_blueprint(simulator.blueprint)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        return jsonify(error=exc.description or exc.name), exc.code or 500

    if isinstance(runtime.queue, InProcessJobQueue):
        runtime.queue.enqueue_in(timedelta(seconds=1), sweep_job)
    return app


def _check_tables(runtime: Runtime) -> None:
    if not inspect(runtime.engine).has_table("tickets"):
        raise RuntimeError(
            f"database {runtime.engine.url.render_as_string(hide_password=True)} has no deskbot "
            "tables: run `deskbot db upgrade` first"
        )
