"""Background jobs: `enqueue()` after commit, run by the embedded worker or by Celery.

    @task("archive.visit", max_attempts=3, backoff=60)
    def visit(actor: Actor, url: str) -> dict[str, str]: ...

    job = enqueue(actor, "archive.visit", url)   # inside the service's transaction

The job row is written in the caller's transaction and handed to a worker only
after it commits; the database holds every job's state (see docs/jobs.md).
This package can be imported before Django is set up (Celery imports it to find
its app): names that need the models are loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sankofa.core.jobs.registry import InvalidJob, PermanentError, Task, task

if TYPE_CHECKING:
    from sankofa.core.jobs.dispatch import enqueue
    from sankofa.core.jobs.models import Job
    from sankofa.core.jobs.services import (
        JobNotFound,
        JobNotRetryable,
        get_job,
        jobs_for,
        retry_job,
    )
    from sankofa.core.jobs.sweeper import sweep

__all__ = [
    "InvalidJob",
    "Job",
    "JobNotFound",
    "JobNotRetryable",
    "PermanentError",
    "Task",
    "enqueue",
    "get_job",
    "jobs_for",
    "retry_job",
    "sweep",
    "task",
]

_LAZY = {
    "enqueue": "dispatch",
    "Job": "models",
    "JobNotFound": "services",
    "JobNotRetryable": "services",
    "get_job": "services",
    "jobs_for": "services",
    "retry_job": "services",
    "sweep": "sweeper",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
