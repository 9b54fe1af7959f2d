"""The embedded worker: threads that poll the job table; no service besides the database.

Use it as `sankofa worker` (its own process), or inside a server process:

    worker = EmbeddedWorker(concurrency=2).start()
    ...
    worker.stop()

A worker thread runs the next due job; when none is due it sleeps until the
next job's `run_after`, at most `poll` seconds, or until `enqueue` in this
process wakes it. Several workers (threads or processes) may share a database:
claims are atomic (see `runner`).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import close_old_connections, connections
from django.db.models import Min
from django.utils import timezone

from sankofa.core.jobs import runner
from sankofa.core.jobs.dispatch import wait_for_work, wake_workers
from sankofa.core.jobs.models import Job
from sankofa.core.jobs.sweeper import Sweeper, sweep

logger = logging.getLogger("sankofa.jobs")


def seconds_to_next_job(limit: float) -> float:
    """Seconds until the earliest queued job is due, at least 50 ms (a due job another worker
    is claiming), at most `limit`."""
    first: datetime | None = Job.objects.filter(status=Job.Status.QUEUED).aggregate(
        t=Min("run_after")
    )["t"]
    if first is None:
        return limit
    return max(0.05, min(limit, (first - timezone.now()) / timedelta(seconds=1)))


class EmbeddedWorker:
    """`concurrency` threads running due jobs, plus a sweeper thread."""

    def __init__(
        self, concurrency: int = 1, poll: float = 1.0, sweep_interval: float | None = None
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.poll = poll
        self.outcomes: Counter[runner.Outcome] = Counter()
        self._sweep_interval = sweep_interval
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sweeper: Sweeper | None = None

    def start(self) -> EmbeddedWorker:
        """Start the threads (daemons) and return at once."""
        self._sweeper = Sweeper(self._sweep_interval).start()
        for i in range(self.concurrency):
            self._spawn(self._serve, f"sankofa-jobs-{i}")
        return self

    def stop(self, timeout: float | None = 30.0) -> None:
        """Let running jobs finish, then stop every thread (at most `timeout` seconds each)."""
        self._stop.set()
        wake_workers()
        if self._sweeper is not None:
            self._sweeper.stop(timeout)
        for thread in self._threads:
            thread.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def drain(self) -> Counter[runner.Outcome]:
        """Sweep once, then run every due job with `concurrency` threads until none is due."""
        sweep()
        for i in range(self.concurrency):
            self._spawn(self._drain, f"sankofa-jobs-{i}")
        for thread in self._threads:
            thread.join()
        return self.outcomes

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=self._guarded, args=(target,), name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _guarded(self, target: Callable[[], None]) -> None:
        try:
            target()
        finally:
            connections.close_all()  # this thread's connections

    def _count(self, outcome: runner.Outcome) -> None:
        with self._lock:
            self.outcomes[outcome] += 1

    def _drain(self) -> None:
        while not self._stop.is_set():
            outcome = runner.run_next()
            if outcome is None:
                return
            self._count(outcome)

    def _serve(self) -> None:
        while not self._stop.is_set():
            close_old_connections()
            try:
                outcome = runner.run_next()
                if outcome is None:
                    wait_for_work(seconds_to_next_job(self.poll))
                else:
                    self._count(outcome)
            except Exception:  # the database went away: log, wait, try again
                logger.exception("embedded job worker")
                self._stop.wait(self.poll)
