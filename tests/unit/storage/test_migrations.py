"""Migrations create the same schema on an empty PostgreSQL database and an empty SQLite file."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import inspect

from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base
from tests.services import require, throwaway_postgres


def _tables_and_columns(engine) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    inspector = inspect(engine)
    return {
        table: {c["name"] for c in inspector.get_columns(table)}
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


def _expected() -> dict[str, set[str]]:
    return {t.name: {c.name for c in t.columns} for t in Base.metadata.sorted_tables}


def test_upgrade_empty_sqlite(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/fresh.db")
    upgrade(engine)
    assert _tables_and_columns(engine) == _expected()
    upgrade(engine)  # running it again is a no-op
    engine.dispose()


def test_upgrade_empty_postgres() -> None:
    url = os.environ.get("DATABASE_URL", "")
    require(url.startswith(("postgres", "postgresql")), "DATABASE_URL does not name PostgreSQL")
    with throwaway_postgres(url) as fresh:
        engine = make_engine(fresh)
        upgrade(engine)
        assert _tables_and_columns(engine) == _expected()
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_cli_db_upgrade(tmp_path, backend) -> None:
    from click.testing import CliRunner

    from bot.cli import main

    url = f"sqlite:///{tmp_path}/cli.db"
    result = CliRunner().invoke(main, ["db", "upgrade"], env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    engine = make_engine(url)
    assert "tickets" in inspect(engine).get_table_names()
    engine.dispose()
