"""Periodic tasks: registered tasks that the node runs every so often by itself.

    every("datasets.lift_embargoes", timedelta(days=1))      # in an app's tasks module

`run_due()` enqueues, as the node (``Actor.operator("scheduler")``), each periodic task
whose time has come. Every worker's sweeper thread calls it after each sweep (the
embedded worker of `sankofa serve` and `sankofa worker`, and Celery workers), so any
number of processes may call it at once: a row per task (`PeriodicRun`) records its
last and next run, and a process claims a due task with one conditional
``UPDATE … SET runs = runs + 1, next_run = … WHERE id = … AND runs = <what it read>``;
only one process wins, the others see zero rows changed and enqueue nothing.

A task never run before is due at once; changing its interval takes effect from its
last run. ``SANKOFA_PERIODIC_JOBS=off`` stops a process from scheduling anything.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sankofa.core.actors import Actor
from sankofa.core.jobs.dispatch import enqueue
from sankofa.core.jobs.models import Job, PeriodicRun
from sankofa.core.jobs.registry import check_name, discover

__all__ = ["Periodic", "claim", "enabled", "every", "periodic_tasks", "row_of", "run_due"]

logger = logging.getLogger("sankofa.jobs")
SCHEDULER = Actor.operator("scheduler")
MIN_INTERVAL = timedelta(seconds=1)


@dataclass(frozen=True)
class Periodic:
    """The task `task` is run every `interval` (a duration, or a function that reads it
    from the settings when asked)."""

    task: str
    interval: timedelta | Callable[[], timedelta]

    def every(self) -> timedelta:
        value = self.interval() if callable(self.interval) else self.interval
        return max(value, MIN_INTERVAL)


_periodic: dict[str, Periodic] = {}
_lock = threading.Lock()


def every(task: str, interval: timedelta | Callable[[], timedelta]) -> Periodic:
    """Run the registered task `task` (with no argument but the actor) every `interval`."""
    check_name(task)
    entry = Periodic(task, interval)
    with _lock:
        _periodic[task] = entry
    return entry


def periodic_tasks() -> list[Periodic]:
    """Every periodic task, after the apps' tasks modules registered theirs."""
    discover()
    with _lock:
        return [_periodic[name] for name in sorted(_periodic)]


def enabled() -> bool:
    """``SANKOFA_PERIODIC_JOBS`` (default on): whether this process schedules tasks."""
    value = str(getattr(settings, "SANKOFA_PERIODIC_JOBS", "on")).strip().lower()
    return value not in ("off", "0", "false", "no")


def row_of(name: str) -> PeriodicRun:
    """The task's row, created (never run, due at once) if missing."""
    PeriodicRun.objects.bulk_create([PeriodicRun(name=name)], ignore_conflicts=True)
    return PeriodicRun.objects.get(name=name)


def due_at(row: PeriodicRun, interval: timedelta) -> datetime | None:
    """When the task is due: never run -> None (at once); else its last run + interval."""
    if row.last_run is None:
        return None
    if row.next_run is not None and abs(row.interval - interval.total_seconds()) < 1e-6:
        return row.next_run
    return row.last_run + interval


def claim(row: PeriodicRun, interval: timedelta, now: datetime) -> bool:
    """Take the run of `row` that is due `now`, if no other process took it since `row` was
    read (its `runs` count is unchanged): one conditional UPDATE, which one process wins."""
    won = PeriodicRun.objects.filter(pk=row.pk, runs=row.runs).update(
        runs=F("runs") + 1,
        last_run=now,
        next_run=now + interval,
        interval=interval.total_seconds(),
    )
    return bool(won)


def run_due(now: datetime | None = None) -> list[Job]:
    """Enqueue every periodic task that is due; the jobs this process enqueued."""
    now = now or timezone.now()
    started: list[Job] = []
    for entry in periodic_tasks():
        interval = entry.every()
        row = row_of(entry.task)
        when = due_at(row, interval)
        if when is not None and when > now:
            continue
        with transaction.atomic():
            if not claim(row, interval, now):
                continue  # another process took this run
            job = enqueue(SCHEDULER, entry.task)
            PeriodicRun.objects.filter(pk=row.pk).update(last_job=job.pk)
        logger.info("periodic task %s: job %s", entry.task, job.pk)
        started.append(job)
    return started
