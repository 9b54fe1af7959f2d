"""The Celery transport: jobs run by Celery workers over RabbitMQ (amqp://) or Redis (redis://).

Set `SANKOFA_JOBS_BROKER_URL` and start workers with `sankofa worker`, or with
Celery's own command:

    celery -A sankofa.core.jobs.celery worker

Celery only carries job ids: one task, `sankofa.jobs.run(job_id)`, calls the
same `runner.run` as the embedded worker, so claims, retries (a new message
whose `eta` is the job's next `run_after`) and error records live in the
database. Messages are acknowledged after the task ran (`acks_late`), so a
worker that dies mid-job leaves its message to another. Each worker process
also runs the sweeper, which dispatches jobs the broker never received.

The app is built on first use from the settings (never at import), one per
broker URL and queue.
"""

from __future__ import annotations

import functools
import os
from datetime import datetime
from typing import Any

from celery import Celery, signals
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from sankofa.core.jobs.config import broker_url, queue_name

RUN_JOB = "sankofa.jobs.run"
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def get_app() -> Celery:
    """The Celery app for the configured broker and queue."""
    url = broker_url()
    if url is None:
        raise ImproperlyConfigured(
            "SANKOFA_JOBS_BROKER_URL is not set: the node runs its own jobs (`sankofa worker`)"
        )
    return _build(url, queue_name())


@functools.lru_cache(maxsize=8)
def _build(url: str, queue: str) -> Celery:
    app = Celery("sankofa", broker=url, set_as_current=False)
    app.conf.update(
        task_default_queue=queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_timeout=3,
        broker_connection_retry_on_startup=True,
        task_publish_retry_policy=PUBLISH_RETRY,
        enable_utc=True,
    )
    app.task(name=RUN_JOB)(run_job)
    signals.worker_ready.connect(_start_sweeper, weak=False, dispatch_uid="sankofa-sweeper")
    signals.worker_shutdown.connect(_stop_sweeper, weak=False, dispatch_uid="sankofa-sweeper")
    return app


def run_job(job_id: int) -> str:
    """The Celery task: run the job; one not yet due is sent again for its `run_after`."""
    from sankofa.core.jobs import runner
    from sankofa.core.jobs.dispatch import dispatch
    from sankofa.core.jobs.models import Job

    outcome = runner.run(job_id)
    if outcome is runner.Outcome.NOT_DUE:
        run_after = Job.objects.filter(pk=job_id).values_list("run_after", flat=True).first()
        if run_after is not None:
            dispatch(job_id, run_after)
    return outcome.value


class CeleryDispatcher:
    """Sends `sankofa.jobs.run(job_id)`, with an `eta` when the job is not yet due."""

    def send(self, job_id: int, run_after: datetime) -> bool:
        eta = run_after if run_after > timezone.now() else None
        get_app().send_task(RUN_JOB, args=[job_id], eta=eta)
        return True


_sweepers: list[Any] = []


def _start_sweeper(**kwargs: Any) -> None:
    from sankofa.core.jobs.sweeper import Sweeper

    _sweepers.append(Sweeper().start())


def _stop_sweeper(**kwargs: Any) -> None:
    while _sweepers:
        _sweepers.pop().stop(timeout=5)


def run_worker(concurrency: int) -> None:
    """Run a Celery worker in this process for the configured broker (blocks)."""
    get_app().worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--hostname=sankofa-{os.getpid()}@%h",
            "--without-gossip",  # job state is in the database: workers need not talk
            "--without-mingle",
            "--loglevel=INFO",
        ]
    )


def __getattr__(name: str) -> Any:
    """`app`, for `celery -A sankofa.core.jobs.celery`: sets Django up, then builds the app."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
    django.setup()
    return get_app()
