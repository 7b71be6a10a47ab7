"""Where background work runs: RQ on Redis in production, a thread in embedded mode.

Both take the same plain, importable job functions, so ``make run`` exercises
exactly the code that the worker runs in production. Enqueueing never raises:
the database is the source of truth and the sweeper re-enqueues what was lost.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from typing import Any

import redis
from rq import Queue, SimpleWorker
from rq.exceptions import StopRequested
from rq.scheduler import RQScheduler

log = logging.getLogger(__name__)
QUEUE_NAME = "deskbot"
MARKER_TTL_SECONDS = 120  # bounds how long a marker whose job vanished can suppress enqueues
JobFunc = Callable[..., Any]


def redis_connection(url: str) -> redis.Redis:
    """Short timeouts: a webhook must answer fast even when Redis is gone."""
    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=2.0)


def blocking_connection(url: str) -> redis.Redis:
    """For long blocking reads (RQ's BLPOP, the inbox pop): no socket timeout, which would
    cut every idle wait short and send RQ into its reconnect backoff while Redis is fine.
    TCP keepalive and a health check before reuse notice a dead server instead."""
    return redis.Redis.from_url(
        url, socket_connect_timeout=2.0, socket_keepalive=True, health_check_interval=30
    )


class RedisJobQueue:
    """RQ on Redis; failures to reach Redis are logged and left to the sweeper."""

    in_workers = True

    def __init__(self, url: str, name: str = QUEUE_NAME) -> None:
        self.url = url
        self.connection = redis_connection(url)
        self.queue = Queue(name, connection=self.connection)

    @cached_property
    def blocking(self) -> redis.Redis:
        """The worker's connection for blocking reads (see :func:`blocking_connection`)."""
        return blocking_connection(self.url)

    @cached_property
    def blocking_queue(self) -> Queue:
        return Queue(self.queue.name, connection=self.blocking)

    def enqueue(self, func: JobFunc, *args: Any) -> bool:
        try:
            self.queue.enqueue(func, *args, result_ttl=0, failure_ttl=86400)
        except redis.RedisError as exc:
            log.warning("could not enqueue %s: %s", func.__name__, exc)
            return False
        return True

    def enqueue_in(self, delay: timedelta, func: JobFunc, *args: Any) -> bool:
        try:
            self.queue.enqueue_in(delay, func, *args, result_ttl=0, failure_ttl=86400)
        except redis.RedisError as exc:
            log.warning("could not schedule %s: %s", func.__name__, exc)
            return False
        return True

    def enqueue_once(self, key: str, func: JobFunc, *args: Any) -> bool:
        """Enqueue unless a job for ``key`` is already queued and has not started yet.

        That job calls :meth:`started` before it reads the database, so it sees
        everything committed before this call: skipping is safe, and under load it
        turns many doorbells for one recipient into one job. A marker is set only
        while its job sits in the queue; if the job is lost anyway (a worker killed
        between dequeue and ``started``), the marker expires and the sweeper, which
        enqueues without markers, delivers the rows meanwhile.
        """
        marker = self._marker(key)
        try:
            if not self.connection.set(marker, b"1", nx=True, ex=MARKER_TTL_SECONDS):
                return True
        except redis.RedisError as exc:
            log.warning("could not enqueue %s: %s", func.__name__, exc)
            return False
        if self.enqueue(func, *args):
            return True
        with contextlib.suppress(redis.RedisError):  # else it expires; the sweeper re-enqueues
            self.connection.delete(marker)
        return False

    def started(self, key: str) -> None:
        """A job for ``key`` is about to read the database: the next commit needs a new job."""
        try:
            self.connection.delete(self._marker(key))
        except redis.RedisError as exc:
            log.warning("could not clear the queued marker for %s: %s", key, exc)

    def _marker(self, key: str) -> str:
        return f"deskbot:queued:{self.queue.name}:{key}"

    @property
    def inbox_list(self) -> str:
        return f"deskbot:inbox:{self.queue.name}"

    def ring_inbox(self, peer: str) -> bool:
        """Tell the workers' inbox loops that ``peer`` has a stored message waiting.

        One RPUSH instead of an RQ job: this runs on every webhook in queued mode.
        """
        try:
            self.connection.rpush(self.inbox_list, peer)
        except redis.RedisError as exc:
            log.warning("could not ring the inbox for a sender: %s", exc)
            return False
        return True

    def next_inbox(self, timeout: float) -> str | None:
        """The next sender to handle, waiting up to ``timeout`` seconds (whole seconds)."""
        item = self.blocking.blpop([self.inbox_list], timeout=max(1, int(timeout)))
        return item[1].decode() if item else None

    def healthy(self) -> bool:
        try:
            return bool(self.connection.ping())
        except redis.RedisError:
            return False


class InProcessJobQueue:
    """A single background thread running due jobs in order; delayed jobs wait in a heap.

    ``runner`` wraps every call (it installs the runtime), so jobs see the same
    world as under RQ.
    """

    in_workers = False

    def __init__(
        self,
        runner: Callable[[JobFunc, tuple[Any, ...]], None],
        inbox_job: JobFunc,
    ) -> None:
        self._runner = runner
        self._inbox_job = inbox_job
        self._heap: list[tuple[float, int, JobFunc, tuple[Any, ...]]] = []
        self._counter = itertools.count()
        self._cond = threading.Condition()
        self._busy = False
        self._thread: threading.Thread | None = None
        self._stopped = False

    def enqueue(self, func: JobFunc, *args: Any) -> bool:
        return self.enqueue_in(timedelta(0), func, *args)

    def enqueue_in(self, delay: timedelta, func: JobFunc, *args: Any) -> bool:
        with self._cond:
            due = time.monotonic() + max(delay.total_seconds(), 0.0)
            heapq.heappush(self._heap, (due, next(self._counter), func, args))
            self._ensure_thread()
            self._cond.notify_all()
        return True

    def enqueue_once(self, key: str, func: JobFunc, *args: Any) -> bool:
        """No deduplication in process: enqueueing costs next to nothing here."""
        return self.enqueue(func, *args)

    def started(self, key: str) -> None:
        pass

    def ring_inbox(self, peer: str) -> bool:
        return self.enqueue(self._inbox_job, peer)

    def healthy(self) -> bool:
        return not self._stopped

    def wait_idle(self, timeout: float = 10.0, horizon: float = 0.0) -> bool:
        """Block until no job is running or due within ``horizon`` seconds (tests, CLI)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                due_soon = self._heap and self._heap[0][0] <= time.monotonic() + horizon
                if not self._busy and not due_soon:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="deskbot-jobs", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._heap or self._heap[0][0] > time.monotonic()):
                    wait = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._cond.wait(wait)
                if self._stopped:
                    return
                _, _, func, args = heapq.heappop(self._heap)
                self._busy = True
            try:
                self._runner(func, args)
            except Exception:  # a failed job must not kill the queue; the sweeper retries
                log.exception("job %s failed", getattr(func, "__name__", func))
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


class ThreadScheduler(RQScheduler):
    """RQ's scheduler (it moves due ``enqueue_in`` jobs onto the queue) run as a thread.

    RQ starts it as a forked process; a fork would inherit the worker's open database
    connections, and outlive a killed worker holding one mid-transaction, blocking
    every writer behind its locks. Signals stay with the worker's main thread.
    """

    def __init__(self, *args: Any, stop: threading.Event | None = None, **kwargs: Any) -> None:
        self._stop_event = stop or threading.Event()
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def _stop_requested(self) -> bool:
        """RQ's loop checks this flag; here it is the worker's stop event."""
        return self._stop_event.is_set()

    @_stop_requested.setter
    def _stop_requested(self, value: bool) -> None:
        if value:
            self._stop_event.set()

    def _install_signal_handlers(self) -> None:
        pass


def supervise_scheduler(
    queue: RedisJobQueue, stop: threading.Event, restart_after: float
) -> threading.Thread:
    """Run RQ's scheduler in a thread and start a fresh one whenever it dies (its loop ends
    on the first Redis error), ``restart_after`` seconds later, until ``stop`` is set."""

    def supervise() -> None:
        while not stop.is_set():
            scheduler = ThreadScheduler(
                [queue.blocking_queue], connection=queue.blocking, stop=stop
            )
            try:
                scheduler.work()
            except Exception as exc:  # Redis gone, most likely: start again after a pause
                log.warning("scheduler stopped (%s); restarting", exc)
            stop.wait(restart_after)

    thread = threading.Thread(target=supervise, name="deskbot-scheduler", daemon=True)
    thread.start()
    return thread


def work_until_stopped(queue: RedisJobQueue, *, burst: bool, restart_after: float) -> None:
    """Run RQ's worker loop, and start it again ``restart_after`` seconds after it quits.

    RQ quits on the first Redis error outside its dequeue wait (the suspension check, the
    maintenance tasks, its teardown); without a restart a Redis outage would leave this
    process alive, its threads sweeping, and no job ever run. Between attempts RQ's own
    reconnect backoff is capped at ``restart_after`` too, so after an outage jobs flow again
    within a sweep. A signal (RQ's warm shutdown) or the end of a burst ends the loop.
    """
    while True:
        try:
            worker = SimpleWorker(  # its constructor already talks to Redis
                [queue.blocking_queue],
                connection=queue.blocking,
                name=f"deskbot-{uuid.uuid4().hex[:8]}",
            )
            worker.max_connection_wait_time = restart_after
            worker.work(burst=burst, with_scheduler=False)
        except StopRequested:
            return
        except redis.RedisError as exc:
            log.warning("RQ worker lost Redis (%s); restarting", exc)
        else:
            if burst or getattr(worker, "_shutdown_requested_date", None) is not None:
                return
            log.warning("RQ worker quit (Redis unavailable?); restarting")
        try:
            time.sleep(restart_after)
        except StopRequested:  # RQ's signal handler, still installed, asked to stop
            return
