"""The database a benchmark runs on: a throwaway one on ``DATABASE_URL``'s PostgreSQL server
when that is set, else SQLite in a temporary directory; gone when the benchmark ends."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

from tests.services import throwaway_postgres


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        with throwaway_postgres(url) as fresh:
            yield fresh
        return
    with tempfile.TemporaryDirectory() as directory:
        yield f"sqlite:///{directory}/bench.db"
