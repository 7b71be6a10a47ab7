"""What every command shares: a runtime built from the environment, and one clear line
per configuration problem (``NAME: reason``, exit code 2) instead of a traceback."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click
import redis
from sqlalchemy.exc import OperationalError

from bot.app import build_runtime
from bot.core.config import ConfigError
from bot.core.settings import SettingsError
from bot.runtime import Runtime

CONFIG_EXIT_CODE = 2


def _runtime() -> Runtime:
    return build_runtime()


def refuse(problems: list[str]) -> NoReturn:
    """Print each problem on its own line to stderr and exit with the configuration code."""
    for problem in problems:
        click.echo(problem, err=True)
    sys.exit(CONFIG_EXIT_CODE)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ConfiguredGroup(click.Group):
    """A command group whose commands report bad settings, a bad configuration file and an
    unreachable database or Redis as ``NAME: reason`` lines, never as a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            refuse(exc.problems)
        except ConfigError as exc:
            refuse(exc.problems)
        except OperationalError as exc:
            refuse([f"DATABASE_URL: cannot use the database: {_first_line(exc)}"])
        except redis.ConnectionError as exc:
            refuse([f"REDIS_URL: cannot reach Redis: {_first_line(exc)}"])
