"""Run one job: claim it atomically, call its task, record the outcome.

Every transport (the embedded worker, a Celery worker) runs jobs through
`run(job_id)` or `run_next()`, so claiming, retries and error records are the
same everywhere.

Claiming is safe with any number of workers: a claim is one
`UPDATE … SET status='running' WHERE id=… AND status='queued'`, which only one
worker can win; to pick the next due job PostgreSQL uses
`SELECT … FOR UPDATE SKIP LOCKED`, so workers never wait on each other's rows.

A failed attempt puts the job back in the queue after `backoff_delay` seconds;
after `max_attempts` attempts (or a `PermanentError`, or a permission refusal)
it is `failed` for good. Each failure is logged on the `sankofa.jobs` logger
and its traceback kept in `last_error`.
"""

from __future__ import annotations

import enum
import logging
import os
import random
import socket
import traceback
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from sankofa.core.actors import PermissionDenied
from sankofa.core.jobs.dispatch import dispatch_on_commit
from sankofa.core.jobs.models import Job
from sankofa.core.jobs.registry import InvalidJob, PermanentError, Task, check_json, find

logger = logging.getLogger("sankofa.jobs")
ERROR_LIMIT = 8000


class Outcome(enum.Enum):
    SUCCEEDED = "succeeded"
    RETRYING = "retrying"
    FAILED = "failed"
    NOT_DUE = "not due"  # still queued, its run_after is in the future
    TAKEN = "taken"  # another worker has it, or it has ended


def backoff_delay(attempt: int, base: float, cap: float, jitter: float) -> float:
    """Seconds to wait after failed attempt number `attempt` (1, 2, …).

    base * 2**(attempt - 1) * (1 + jitter / 4), at most `cap`; `jitter` is in [0, 1).
    Before the cap, each delay is at least twice the previous one's minimum and
    more than the previous one's maximum, so delays grow whatever the jitter.
    """
    if attempt < 1:
        raise ValueError("attempts are counted from 1")
    exponent = min(attempt - 1, 64)
    return min(cap, base * 2.0**exponent * (1.0 + jitter / 4.0))


def worker_name() -> str:
    """`<host> <pid>`: lets the sweeper tell a job whose process died on this host."""
    return f"{socket.gethostname()} {os.getpid()}"


def claim(job_id: int, now: datetime | None = None) -> Job | None:
    """Move a due queued job to running and count the attempt; None if another worker won."""
    now = now or timezone.now()
    won = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED, run_after__lte=now).update(
        status=Job.Status.RUNNING,
        attempts=F("attempts") + 1,
        started=now,
        finished=None,
        worker=worker_name(),
    )
    return Job.objects.get(pk=job_id) if won else None


def claim_next(now: datetime | None = None) -> Job | None:
    """Claim the due job that has waited longest, or None if none is due."""
    now = now or timezone.now()
    due = Job.objects.filter(status=Job.Status.QUEUED, run_after__lte=now).order_by(
        "run_after", "pk"
    )
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            pk = due.select_for_update(skip_locked=True).values_list("pk", flat=True).first()
            return None if pk is None else claim(pk, now)
    # SQLite: one writer at a time; a lost race only means another worker progressed
    for _ in range(100):
        pk = due.values_list("pk", flat=True).first()
        if pk is None:
            return None
        job = claim(pk, now)
        if job is not None:
            return job
    return None


def run(job_id: int) -> Outcome:
    """Run the job `job_id` if it is queued and due (a broker message names the job)."""
    job = claim(job_id)
    if job is None:
        due = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).values_list(
            "run_after", flat=True
        )
        when = due.first()
        return Outcome.NOT_DUE if when is not None and when > timezone.now() else Outcome.TAKEN
    return execute(job)


def run_next() -> Outcome | None:
    """Run the next due job, if any (the embedded worker polls with this)."""
    job = claim_next()
    return None if job is None else execute(job)


def execute(job: Job) -> Outcome:
    """Call a claimed job's task as its requester and record how it ended."""
    spec = find(job.name)
    try:
        if spec is None:
            raise PermanentError(f"no task named {job.name!r} in this worker")
        result = spec.func(job.actor(), *job.args, **job.kwargs)
        check_json(result, "result")
    except Exception as exc:
        permanent = isinstance(exc, PermanentError | PermissionDenied | InvalidJob)
        return record_failure(job, spec, error_text(exc), permanent=permanent)
    done = _running(job).update(status=Job.Status.SUCCEEDED, result=result, finished=timezone.now())
    if not done:
        logger.warning("job %s: finished after the sweeper took it back; result dropped", job.pk)
        return Outcome.TAKEN
    return Outcome.SUCCEEDED


def _running(job: Job) -> QuerySet[Job]:
    """The job's row if it is still this attempt's (the sweeper may have taken it back)."""
    return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts)


def error_text(exc: BaseException) -> str:
    text = "".join(traceback.format_exception(exc)).strip()
    return text if len(text) <= ERROR_LIMIT else "…" + text[-ERROR_LIMIT:]


def record_failure(
    job: Job, spec: Task[..., Any] | None, error: str, *, permanent: bool = False
) -> Outcome:
    """Queue the job again after its backoff, or fail it for good after its last attempt."""
    now = timezone.now()
    if permanent or spec is None or job.attempts >= job.max_attempts:
        if not _running(job).update(status=Job.Status.FAILED, last_error=error, finished=now):
            return Outcome.TAKEN
        logger.error(
            "job %s (%s) failed after %d attempt(s): %s",
            job.pk,
            job.name,
            job.attempts,
            error.splitlines()[-1],
        )
        return Outcome.FAILED
    delay = backoff_delay(job.attempts, spec.backoff, spec.max_backoff, random.random())
    run_after = now + timedelta(seconds=delay)
    with transaction.atomic():
        again = _running(job).update(
            status=Job.Status.QUEUED,
            last_error=error,
            finished=now,
            run_after=run_after,
            dispatched_at=None,
        )
        if again:
            dispatch_on_commit(job.pk, run_after)
    if not again:
        return Outcome.TAKEN
    logger.warning(
        "job %s (%s): attempt %d of %d failed, next in %.1f s: %s",
        job.pk,
        job.name,
        job.attempts,
        job.max_attempts,
        delay,
        error.splitlines()[-1],
    )
    return Outcome.RETRYING
