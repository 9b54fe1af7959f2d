"""Jobs through real Celery workers on real Redis and RabbitMQ (127.0.0.1), on the database the
test shares with them: the same runner, retries as new messages, and nothing lost while the
broker is down."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

from django.db import transaction

from sankofa.archive import services
from sankofa.core import jobs
from sankofa.core.actors import Actor
from sankofa.core.jobs import Job
from tests.archive.repos import swh_identify
from tests.core import jobs_tasks
from tests.core.jobs_env import DEAD_BROKERS, celery_worker, wait_job

pytest_plugins = ["tests.core.jobs_fixtures"]
ALICE = Actor("alice", user_id=1)


def test_a_celery_worker_runs_jobs_and_retries_failures(
    shared_db: Path, broker: tuple[str, str], settings: object
) -> None:
    _, url = broker
    queue = settings.SANKOFA_JOBS_QUEUE  # type: ignore[attr-defined]
    out, flaky, hopeless = (shared_db / name for name in ("out", "flaky", "hopeless"))
    with celery_worker(shared_db, url, queue) as log:
        with transaction.atomic():
            one = jobs.enqueue(ALICE, "tests.record", str(out), "one")
            recovers = jobs.enqueue(ALICE, "tests.flaky", str(flaky), 3)
            fails = jobs.enqueue(ALICE, "tests.flaky", str(hopeless), 99)
        assert Job.objects.get(pk=one.pk).dispatched_at is not None  # sent after the commit
        done = wait_job(one.pk, "succeeded")
        retried = wait_job(recovers.pk, "succeeded")
        failed = wait_job(fails.pk, "failed")
        assert "sankofa.jobs.run" in log.read_text()
    assert done.result["pid"] != os.getpid() and done.result["actor"] == "alice"
    assert (retried.attempts, retried.result) == (3, 3)
    assert failed.attempts == 4
    assert failed.error_line() == "RuntimeError: attempt 4 of flaky fails"
    starts = [float(line) for line in hopeless.read_text().split()]
    waits = [b - a for a, b in itertools.pairwise(starts)]
    assert all(w >= jobs_tasks.BACKOFF * 2**n * 0.99 for n, w in enumerate(waits)), waits


def test_a_job_asked_while_the_broker_is_down_is_swept_to_it_later(
    shared_db: Path, broker: tuple[str, str], settings: object, git_repo: Path
) -> None:
    """Jobs asked while the broker is down stay queued, then reach it by a sweep.

    First by the worker's own sweep when it starts; then, with the worker running
    (its next sweep an hour away), by this process's sweep once the broker is back.
    """
    kind, url = broker
    queue = settings.SANKOFA_JOBS_QUEUE  # type: ignore[attr-defined]
    settings.SANKOFA_JOBS_BROKER_URL = DEAD_BROKERS[kind]  # type: ignore[attr-defined]
    early = services.request_visit(Actor.operator("web"), str(git_repo))
    assert jobs.sweep().dispatched == 0  # still down: nothing sent, nothing lost
    row = Job.objects.get(pk=early.pk)
    assert (row.status, row.dispatched_at, row.attempts) == ("queued", None, 0)

    sankofa_worker = ("-m", "sankofa", "worker", "--concurrency", "2")
    with celery_worker(shared_db, url, queue, *sankofa_worker):
        first = wait_job(early.pk, "succeeded")  # the worker swept it when it started
        late = services.request_visit(Actor.operator("web"), str(git_repo))
        time.sleep(0.5)  # a running worker does not see it: it was never sent
        row = Job.objects.get(pk=late.pk)
        assert (row.status, row.dispatched_at, row.attempts) == ("queued", None, 0)

        settings.SANKOFA_JOBS_BROKER_URL = url  # type: ignore[attr-defined]
        assert jobs.sweep().dispatched == 1
        done = wait_job(late.pk, "succeeded")
    for job in (first, done):
        assert job.dispatched_at is not None and job.attempts == 1
        assert job.result["snapshot"] == swh_identify("--type", "snapshot", str(git_repo))
