"""gunicorn settings the Procfile loads (``-c python:webhooks.gunicorn_conf``): logs in
``DESKBOT_LOG_FORMAT``, and a dead worker's metrics files released (multiprocess mode)."""

from __future__ import annotations

import os
import sys
from typing import Any

from prometheus_client import multiprocess

from bot.core import logs
from bot.core.settings import Settings, SettingsError

_FORMAT = logs.log_format()
_FORMATTER: dict[str, Any] = (
    {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(message)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",
    }
    if _FORMAT == "json"
    else {"format": logs.TEXT_FORMAT}
)
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"deskbot": _FORMATTER},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "deskbot",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
    },
}


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)


def on_starting(server: Any) -> None:
    """Bad environment values stop gunicorn with one ``NAME: reason`` line each and exit
    code 2, as the ``deskbot`` commands do, instead of a traceback in every worker."""
    try:
        Settings.from_env()
    except SettingsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        sys.exit(2)
