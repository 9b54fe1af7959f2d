"""The embedded worker on a real database shared by threads and processes (SQLite file in WAL
mode, or PostgreSQL): after-commit dispatch, retries with growing delays, no double runs."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from sankofa.core import jobs
from sankofa.core.actors import Actor
from sankofa.core.jobs import Job, runner
from sankofa.core.jobs.embedded import EmbeddedWorker
from tests.conftest import ROOT, cli_env
from tests.core import jobs_tasks
from tests.core.jobs_env import wait_for, wait_job

pytest_plugins = ["tests.core.jobs_fixtures"]
ALICE = Actor("alice", user_id=1)


@contextmanager
def worker(concurrency: int = 2) -> Iterator[EmbeddedWorker]:
    w = EmbeddedWorker(concurrency, poll=0.2, sweep_interval=3600).start()
    try:
        yield w
    finally:
        w.stop(timeout=10)


def lines(path: Path) -> list[list[str]]:
    return [ln.split() for ln in path.read_text().splitlines()] if path.exists() else []


def test_only_committed_jobs_run_and_only_after_the_commit(shared_db: Path) -> None:
    out = shared_db / "ran"
    with worker():
        with pytest.raises(KeyError), transaction.atomic():
            jobs.enqueue(ALICE, "tests.record", str(out), "rolled-back")
            raise KeyError("the request failed")
        with transaction.atomic():
            job = jobs.enqueue(ALICE, "tests.record", str(out), "committed")
            time.sleep(0.5)  # the workers poll meanwhile: the row is not theirs to see yet
            assert not out.exists()
        done = wait_job(job.pk, "succeeded", timeout=10)
    assert [ln[0] for ln in lines(out)] == ["committed"]
    assert Job.objects.count() == 1 and done.result["tag"] == "committed"


def test_failures_are_retried_with_growing_delays_then_failed(shared_db: Path) -> None:
    hopeless, recovers = shared_db / "hopeless", shared_db / "recovers"
    with worker():
        bad = jobs.enqueue(ALICE, "tests.flaky", str(hopeless), 99)
        good = jobs.enqueue(ALICE, "tests.flaky", str(recovers), 3)
        ok = wait_job(good.pk, "succeeded", timeout=15)
        failed = wait_job(bad.pk, "failed", timeout=15)
    assert (ok.attempts, ok.result) == (3, 3)
    assert ok.error_line() == "RuntimeError: attempt 2 of flaky fails"
    assert failed.attempts == failed.max_attempts == 4
    assert failed.error_line() == "RuntimeError: attempt 4 of flaky fails"
    starts = [float(ln[0]) for ln in lines(hopeless)]
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(gaps) == 3
    for n, gap in enumerate(gaps, 1):  # each wait is at least backoff * 2^(n-1)
        assert gap >= jobs_tasks.BACKOFF * 2 ** (n - 1) * 0.99, gaps
    assert gaps[0] < gaps[1] < gaps[2], gaps


def test_concurrent_workers_never_run_a_job_twice(shared_db: Path) -> None:
    """A `sankofa worker --once` process and two in-process workers drain one queue."""
    out = shared_db / "ran"
    count = 60
    with transaction.atomic():
        for i in range(count):
            jobs.enqueue(ALICE, "tests.record", str(out), f"t{i}", 0.03)
    other = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, tests.core.jobs_tasks; from sankofa.cli.main import main; "
            "sys.exit(main(['worker', '--once', '--concurrency', '3']))",
        ],
        env=cli_env(shared_db, PYTHONPATH=str(ROOT)),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(
            lambda: Job.objects.filter(worker__endswith=f" {other.pid}").exists(),
            20,
            "the worker process to claim a job",
        )
        with worker(concurrency=3), worker(concurrency=3):
            wait_for(
                lambda: Job.objects.filter(status="succeeded").count() == count,
                30,
                "every job to succeed",
            )
        printed, err = other.communicate(timeout=30)
    finally:
        if other.poll() is None:
            other.kill()
            other.wait()
    assert other.returncode == 0, err
    ran = lines(out)
    assert Counter(ln[0] for ln in ran) == Counter(f"t{i}" for i in range(count))  # once each
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}
    by_process = Counter(ln[1] for ln in ran)
    assert by_process.keys() == {str(os.getpid()), str(other.pid)}, by_process
    assert (
        printed
        == f"{by_process[str(other.pid)]} jobs run: {by_process[str(other.pid)]} succeeded\n"
    )


@pytest.mark.skipif(
    "postgresql" not in connection.settings_dict["ENGINE"],
    reason="SQLite has one writer at a time: claims there are a conditional UPDATE",
)
def test_postgres_claims_skip_rows_another_worker_holds(shared_db: Path) -> None:
    first = jobs.enqueue(ALICE, "tests.record", "/dev/null", "first")
    second = jobs.enqueue(ALICE, "tests.record", "/dev/null", "second")
    locked, release = threading.Event(), threading.Event()

    def hold_first() -> None:
        try:
            with transaction.atomic():
                Job.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_first)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        claimed = runner.claim_next()
        assert claimed is not None and claimed.pk == second.pk
        assert time.monotonic() - started < 2  # did not wait for the lock
    finally:
        release.set()
        holder.join(10)
    assert runner.claim_next().pk == first.pk  # type: ignore[union-attr]
