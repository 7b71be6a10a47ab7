"""The inbound spool: where a webhook keeps a validated Twilio form while the database
cannot take it, so that Twilio (which does not retry a messaging webhook) gets its 200
only once the message is durable somewhere.

- With Redis: a Redis stream (``XADD``; durable as Redis's own persistence is, see the
  runbook).
- Without Redis: a journal directory on local disk, one file per form, written to a
  temporary name, fsync'd, renamed and the directory fsync'd.

The sweeper drains the spool oldest first into the database once it is back (see
``bot.jobs.spooled``); an entry is removed only after its transaction commits, and the
MessageSid's uniqueness makes a replay after a crash a no-op: exactly once. While
anything is spooled, new forms join the spool too, so arrival order is kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import redis

log = logging.getLogger(__name__)
Entry = dict[str, Any]
Handle = Callable[[Entry], None]
DRAIN_LOCK_SECONDS = 60
BATCH = 100


class SpoolUnavailable(Exception):
    """The spool cannot take an entry either: the webhook answers 503."""


class Spool(Protocol):
    name: str

    def append(self, entry: Entry) -> None: ...
    def pending(self) -> bool: ...
    def drain(self, handle: Handle) -> int: ...


class RedisSpool:
    """A Redis stream, drained by one worker at a time (a lock key with a lease)."""

    name = "redis"

    def __init__(self, connection: redis.Redis, key: str) -> None:
        self.connection = connection
        self.key = key
        self.lock_key = f"{key}:drain"

    def append(self, entry: Entry) -> None:
        try:
            self.connection.xadd(self.key, {"entry": json.dumps(entry)})
        except redis.RedisError as exc:
            raise SpoolUnavailable(f"Redis: {exc}") from exc

    def pending(self) -> bool:
        try:
            return bool(self.connection.xlen(self.key))
        except redis.RedisError:
            return False  # nothing can have been spooled where nothing is reachable

    def drain(self, handle: Handle) -> int:
        """Handle every entry oldest first; stops (keeping the entry) when ``handle`` raises."""
        token = os.urandom(8).hex()
        if not self.connection.set(self.lock_key, token, nx=True, ex=DRAIN_LOCK_SECONDS):
            return 0  # another worker is draining
        done = 0
        try:
            while True:
                entries = self.connection.xrange(self.key, count=BATCH)
                if not entries:
                    return done
                for entry_id, fields in entries:
                    handle(json.loads(fields[b"entry"]))
                    self.connection.xdel(self.key, entry_id)
                    self.connection.expire(self.lock_key, DRAIN_LOCK_SECONDS)
                    done += 1
        finally:
            if self.connection.get(self.lock_key) == token.encode():
                self.connection.delete(self.lock_key)


class JournalSpool:
    """A directory of fsync'd files named by arrival time, drained under a file lock."""

    name = "journal"
    _counter = itertools.count()

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def append(self, entry: Entry) -> None:
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._counter):06d}.json"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary = self.directory / f".{name}.tmp"
            with temporary.open("w", encoding="utf-8") as file:
                json.dump(entry, file)
                file.flush()
                os.fsync(file.fileno())
            temporary.rename(self.directory / name)
            self._sync_directory()
        except OSError as exc:
            raise SpoolUnavailable(f"journal {self.directory}: {exc}") from exc

    def pending(self) -> bool:
        return any(True for _ in self._names())

    def drain(self, handle: Handle) -> int:
        done = 0
        with self._locked() as locked:
            if not locked:
                return 0
            while names := sorted(self._names()):
                for name in names:
                    path = self.directory / name
                    handle(json.loads(path.read_text(encoding="utf-8")))
                    path.unlink()
                    self._sync_directory()
                    done += 1
        return done

    def _names(self) -> Iterator[str]:
        try:
            with os.scandir(self.directory) as entries:
                yield from (e.name for e in entries if e.name.endswith(".json"))
        except FileNotFoundError:
            return

    def _sync_directory(self) -> None:
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[bool]:
        if not self.directory.exists():
            yield False
            return
        with (self.directory / ".drain.lock").open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False  # another process is draining
                return
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
