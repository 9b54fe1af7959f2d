"""Tasks the job tests run, in the test process and in worker subprocesses.

Each task appends one line per attempt to a file named by the test, so a test
reads what ran, where and when, whichever process ran it. Celery workers load
this module with `--include tests.core.jobs_tasks`.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from sankofa.core.actors import Actor
from sankofa.core.jobs import PermanentError, task

BACKOFF = 0.2


def append(path: str, *fields: object) -> int:
    """Append a line of `fields`; return how many lines the file now has."""
    line = " ".join(str(f) for f in fields) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)
    return len(Path(path).read_text().splitlines())


@task("tests.record", max_attempts=1)
def record(actor: Actor, path: str, tag: str, sleep: float = 0.0) -> dict[str, str | int]:
    """Note `tag`, the process and the thread that ran it."""
    time.sleep(sleep)
    append(path, tag, os.getpid(), threading.current_thread().name, time.time())
    return {"tag": tag, "actor": actor.name, "pid": os.getpid()}


@task("tests.flaky", max_attempts=4, backoff=BACKOFF, max_backoff=10.0)
def flaky(actor: Actor, path: str, succeed_on: int) -> int:
    """Fail until attempt number `succeed_on` (the file counts attempts); return that number."""
    n = append(path, time.time())
    if n < succeed_on:
        raise RuntimeError(f"attempt {n} of flaky fails")
    return n


@task("tests.hopeless", max_attempts=5)
def hopeless(actor: Actor) -> None:
    raise PermanentError("cannot ever work")


@task("tests.opaque", max_attempts=3)
def opaque(actor: Actor) -> object:
    return {b"bytes"}
