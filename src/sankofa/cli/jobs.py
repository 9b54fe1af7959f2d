"""Job commands: worker, jobs list, jobs show, jobs retry."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from sankofa.cli.errors import CommandError

STATUSES = ["queued", "running", "succeeded", "failed"]


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "worker",
        help="run background jobs (Celery worker when SANKOFA_JOBS_BROKER_URL is set)",
    )
    p.add_argument(
        "--once", action="store_true", help="run the jobs due now from the database, then exit"
    )
    p.add_argument("--concurrency", "-c", type=positive, default=1, metavar="N")
    p.set_defaults(func=run_worker, needs_django=True)

    p = sub.add_parser("jobs", help="background jobs")
    jsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    ls = jsub.add_parser("list", help="list jobs, newest first")
    ls.add_argument("--status", choices=STATUSES)
    ls.set_defaults(func=run_list, needs_django=True)
    show = jsub.add_parser("show", help="a job's state, result and last error")
    show.add_argument("id", type=int, metavar="ID")
    show.set_defaults(func=run_show, needs_django=True)
    retry = jsub.add_parser("retry", help="queue a failed job again, from its first attempt")
    retry.add_argument("id", type=int, metavar="ID")
    retry.set_defaults(func=run_retry, needs_django=True)


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _actor() -> Any:
    from sankofa.core.actors import Actor

    return Actor.operator("cli")


def run_worker(args: argparse.Namespace) -> int:
    from sankofa.core.jobs.config import broker_url
    from sankofa.core.jobs.embedded import EmbeddedWorker

    if args.once:
        outcomes = EmbeddedWorker(args.concurrency).drain()
        summary = ", ".join(f"{n} {o.value}" for o, n in sorted(outcomes.items(), key=str))
        print(f"{sum(outcomes.values())} jobs run" + (f": {summary}" if summary else ""))
        return 0
    if broker_url() is not None:
        from sankofa.core.jobs.celery import run_worker as run_celery_worker

        run_celery_worker(args.concurrency)
        return 0
    worker = EmbeddedWorker(args.concurrency).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"sankofa: embedded worker, {args.concurrency} thread(s)", file=sys.stderr)
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    worker.stop()
    return 0


def run_list(args: argparse.Namespace) -> int:
    from sankofa.core import jobs

    for job in jobs.jobs_for(_actor(), args.status):
        print(
            f"{job.pk}\t{job.status}\t{job.name}\t{job.attempts}/{job.max_attempts}\t"
            f"{job.created.isoformat(timespec='seconds')}\t{job.requested_by_name}\t"
            f"{job.error_line() if job.status != 'succeeded' else ''}".rstrip("\t")
        )
    return 0


def run_show(args: argparse.Namespace) -> int:
    import json

    from sankofa.core import jobs

    try:
        job = jobs.get_job(_actor(), args.id)
    except jobs.JobNotFound as exc:
        raise CommandError(str(exc)) from None
    when = {k: getattr(job, k) for k in ("created", "run_after", "started", "finished")}
    print(f"id\t{job.pk}\nname\t{job.name}\nstatus\t{job.status}")
    print(f"attempts\t{job.attempts}/{job.max_attempts}")
    print(f"arguments\t{json.dumps(job.arguments, sort_keys=True)}")
    user = f" (user {job.requested_by})" if job.requested_by is not None else ""
    print(f"requested_by\t{job.requested_by_name}{user}")
    for key, value in when.items():
        if value is not None:
            print(f"{key}\t{value.isoformat(timespec='seconds')}")
    if job.result is not None:
        print(f"result\t{json.dumps(job.result, sort_keys=True)}")
    if job.last_error:
        print("last_error\t" + job.last_error.replace("\n", "\n\t"))
    return 0


def run_retry(args: argparse.Namespace) -> int:
    from sankofa.core import jobs

    try:
        job = jobs.retry_job(_actor(), args.id)
    except (jobs.JobNotFound, jobs.JobNotRetryable) as exc:
        raise CommandError(str(exc)) from None
    print(f"{job.pk}\t{job.status}\t{job.name}")
    return 0
