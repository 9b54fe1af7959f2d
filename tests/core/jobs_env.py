"""Helpers of the job tests: bounded waits, the brokers, Celery worker subprocesses.

The brokers are Redis and RabbitMQ on 127.0.0.1 (SANKOFA_TEST_REDIS_URL,
SANKOFA_TEST_AMQP_URL); the fixtures are in `tests.core.jobs_fixtures`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from tests.conftest import ROOT, cli_env

T = TypeVar("T")

BROKERS = {
    "redis": os.environ.get("SANKOFA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": os.environ.get("SANKOFA_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
}
DEAD_BROKERS = {  # same schemes, a port nothing listens on
    "redis": "redis://127.0.0.1:1/0",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:1//",
}


def wait_for(probe: Callable[[], T], timeout: float, what: str) -> T:
    """Poll `probe` every 50 ms until it returns something true; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.05)


def wait_job(pk: int, status: str, timeout: float = 90.0) -> Any:
    from sankofa.core.jobs import Job

    def probe() -> Job | None:
        job = Job.objects.get(pk=pk)
        if job.status == "failed" and status != "failed":
            raise AssertionError(f"job {pk} failed: {job.last_error}")
        return job if job.status == status else None

    return wait_for(probe, timeout, f"job {pk} to be {status}")


@contextmanager
def celery_worker(home: Path, url: str, queue: str, *command: str) -> Iterator[Path]:
    """A real Celery worker process on `url`/`queue` and the node's database; yields its log.

    `command` defaults to `celery -A sankofa.core.jobs.celery worker` with the test tasks.
    """
    log = home.parent / f"worker-{queue}.log"
    env = cli_env(
        home,
        SANKOFA_JOBS_BROKER_URL=url,
        SANKOFA_JOBS_QUEUE=queue,
        SANKOFA_JOBS_SWEEP_INTERVAL="3600",
        PYTHONPATH=str(ROOT),
    )
    argv = list(command) or [
        "-m",
        "celery",
        "-A",
        "sankofa.core.jobs.celery",
        "worker",
        "--concurrency=2",
        "--pool=threads",  # quicker to stop; `sankofa worker` tests the default prefork pool
        "--include=tests.core.jobs_tasks",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname={queue}@%h",
        "--loglevel=INFO",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *argv],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(
            lambda: proc.poll() is not None or " ready." in log.read_text(),
            30,
            "the Celery worker to be ready",
        )
        assert proc.poll() is None, log.read_text()
        yield log
    finally:
        stop_process_group(proc)


def stop_process_group(proc: subprocess.Popen[Any]) -> None:
    """SIGTERM (a worker's warm shutdown), then SIGKILL to the group started for `proc`."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
