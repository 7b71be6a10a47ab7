"""What every command shares: a runtime built from the environment, with configuration
errors reported as one line each instead of a traceback."""

from __future__ import annotations

import click

from bot.app import build_runtime
from bot.core.config import ConfigError
from bot.runtime import Runtime


def _runtime() -> Runtime:
    try:
        return build_runtime()
    except ConfigError as exc:
        raise click.ClickException("invalid configuration:\n" + "\n".join(exc.problems)) from exc
