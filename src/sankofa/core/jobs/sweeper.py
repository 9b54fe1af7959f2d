"""The sweeper: no job is lost, whatever died.

`sweep()` does two things, and is safe to run from several processes at once:

1. a `running` job whose worker process on this host is gone, or that has run
   longer than its task's `timeout`, counts as a failed attempt
   ("interrupted"): it is queued again with backoff, or failed after its last
   attempt;
2. with a broker, every queued job that was never handed to it (the broker was
   down when the job was asked) is dispatched, and so is a due job whose message
   was sent more than `REDISPATCH_AFTER` ago without being run (a lost
   message). A duplicate message is harmless: only one claim can win.

The embedded worker sweeps every `SANKOFA_JOBS_SWEEP_INTERVAL` seconds; so does
every Celery worker started with this app (`Sweeper`, a daemon thread).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone

from sankofa.core.jobs import periodic, runner
from sankofa.core.jobs.config import broker_url, sweep_interval
from sankofa.core.jobs.dispatch import dispatch
from sankofa.core.jobs.models import Job
from sankofa.core.jobs.registry import find

logger = logging.getLogger("sankofa.jobs")
REDISPATCH_AFTER = timedelta(minutes=5)
DEFAULT_TIMEOUT = 6 * 3600.0
BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    requeued: int = 0
    failed: int = 0
    dispatched: int = 0


def sweep(now: datetime | None = None) -> SweepReport:
    """Take back lost running jobs; with a broker, send queued jobs it never got."""
    now = now or timezone.now()
    requeued, failed = take_back_lost(now)
    dispatched = redispatch(now) if broker_url() is not None else 0
    return SweepReport(requeued, failed, dispatched)


def take_back_lost(now: datetime) -> tuple[int, int]:
    host = socket.gethostname()
    requeued = failed = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING).order_by("pk")[:BATCH]:
        spec = find(job.name)
        timeout = spec.timeout if spec is not None else DEFAULT_TIMEOUT
        owner, _, pid = job.worker.partition(" ")
        if owner == host and pid.isdigit() and not process_alive(int(pid)):
            why = f"interrupted: worker {job.worker} stopped while running this job"
        elif job.started is None or job.started < now - timedelta(seconds=timeout):
            why = f"interrupted: still running after {timeout:g} s (worker {job.worker})"
        else:
            continue
        outcome = runner.record_failure(job, spec, why)
        requeued += outcome is runner.Outcome.RETRYING
        failed += outcome is runner.Outcome.FAILED
    return requeued, failed


def redispatch(now: datetime) -> int:
    stale = now - REDISPATCH_AFTER
    pending = Job.objects.filter(status=Job.Status.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stale, run_after__lt=stale)
    )
    sent = 0
    for pk, run_after in pending.order_by("run_after").values_list("pk", "run_after")[:BATCH]:
        if not dispatch(pk, run_after):
            break  # the broker is still down: try again at the next sweep
        sent += 1
    return sent


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def schedule_periodic() -> None:
    """Enqueue the periodic tasks that are due (`periodic.run_due`), unless turned off."""
    if not periodic.enabled():
        return
    try:
        periodic.run_due()
    except Exception:
        logger.exception("scheduling periodic tasks failed")


class Sweeper:
    """A daemon thread that sweeps at once, then every `interval` seconds until stopped;
    from its second sweep on it also enqueues the periodic tasks that are due."""

    def __init__(self, interval: float | None = None) -> None:
        self.interval = sweep_interval() if interval is None else interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sankofa-jobs-sweeper", daemon=True)

    def start(self) -> Sweeper:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        first = True
        try:
            while not self._stop.is_set():
                close_old_connections()
                try:
                    report = sweep()
                except Exception:
                    logger.exception("job sweep failed")
                else:
                    if report != SweepReport():
                        logger.info("job sweep: %s", report)
                if not first:  # periodic tasks start one interval after the process
                    schedule_periodic()
                first = False
                self._stop.wait(self.interval)
        finally:
            connections.close_all()
