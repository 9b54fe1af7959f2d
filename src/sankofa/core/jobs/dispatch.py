"""`enqueue()`: the one way to ask for work after the current transaction commits.

The job row is written in the caller's transaction, so it exists exactly when
the caller's changes do (a rollback leaves no job). Handing the job to a
worker happens in `transaction.on_commit`, through the dispatcher the settings
choose: the embedded worker (no broker: wake this process's worker threads;
every worker polls the table anyway) or Celery (send one `run_job` message).
A dispatch that fails leaves the job queued; the sweeper sends it again.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from functools import partial
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from sankofa.core.actors import Actor
from sankofa.core.jobs.config import broker_url
from sankofa.core.jobs.models import Job
from sankofa.core.jobs.registry import Task, check_json, lookup

logger = logging.getLogger("sankofa.jobs")


def enqueue(actor: Actor, task: str | Task[..., Any], /, *args: Any, **kwargs: Any) -> Job:
    """Record a job running `task(actor, *args, **kwargs)`; it is dispatched after commit.

    `task` is a registered name or the `Task` itself. The arguments must be JSON
    values (`registry.check_json`); InvalidJob is raised otherwise, before anything
    is written.
    """
    spec = lookup(task if isinstance(task, str) else task.name)
    arguments = {"args": list(args), "kwargs": kwargs}
    check_json(arguments, "arguments")
    job = Job.objects.create(
        name=spec.name,
        arguments=arguments,
        max_attempts=spec.max_attempts,
        requested_by=actor.user_id,
        requested_by_name=actor.name,
        requested_as_operator=actor.is_operator,
        requested_as_admin=actor.is_admin,
    )
    dispatch_on_commit(job.pk, job.run_after)
    return job


def dispatch_on_commit(job_id: int, run_after: datetime) -> None:
    """After the current transaction commits (now, outside one), hand the job to a worker."""
    transaction.on_commit(partial(dispatch, job_id, run_after), robust=True)


def dispatch(job_id: int, run_after: datetime) -> bool:
    """Hand a queued job to the configured workers; False (and logged) if that failed."""
    sender = current_dispatcher()
    try:
        sent = sender.send(job_id, run_after)
    except Exception as exc:  # a broker that is down must not fail the caller's request
        logger.warning("job %s: dispatch failed, it stays queued: %s", job_id, exc)
        return False
    if sent:
        Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    return True


class Dispatcher(Protocol):
    """Hands a job to workers. `send` returns True if a message went to a broker."""

    def send(self, job_id: int, run_after: datetime) -> bool: ...


class EmbeddedDispatcher:
    """No broker: wake the worker threads of this process; other processes poll the table."""

    def send(self, job_id: int, run_after: datetime) -> bool:
        wake_workers()
        return False


_work = threading.Condition()


def wake_workers() -> None:
    with _work:
        _work.notify_all()


def wait_for_work(timeout: float) -> None:
    """Block until `enqueue` in this process wakes the workers, or `timeout` seconds pass."""
    with _work:
        _work.wait(timeout)


def current_dispatcher() -> Dispatcher:
    if broker_url() is None:
        return EmbeddedDispatcher()
    from sankofa.core.jobs.celery import CeleryDispatcher

    return CeleryDispatcher()
