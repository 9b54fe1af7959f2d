"""Jobs in one process: enqueue's checks and timing, the runner's records, visibility, sweeps."""

from __future__ import annotations

import logging
import math
import socket
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sankofa.core import jobs
from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.jobs import InvalidJob, Job, dispatch, registry, runner, sweeper
from sankofa.core.jobs.checks import check_jobs
from tests.core import jobs_tasks

pytest_plugins = ["tests.core.jobs_fixtures"]
pytestmark = pytest.mark.django_db(transaction=True)

OPERATOR = Actor.operator("cli")
ALICE = Actor("alice", user_id=1)
BOB = Actor("bob", user_id=2)


class Sent:
    """Records what the after-commit dispatch hands over (the embedded transport's wake-up)."""

    def __init__(self) -> None:
        self.jobs: list[int] = []

    def send(self, job_id: int, run_after: Any) -> bool:
        self.jobs.append(job_id)
        return False


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Sent:
    recorder = Sent()
    monkeypatch.setattr(dispatch, "current_dispatcher", lambda: recorder)
    return recorder


def test_a_job_is_dispatched_after_commit_and_not_at_all_after_rollback(
    sent: Sent, tmp_path: Path
) -> None:
    out = str(tmp_path / "ran")
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        jobs.enqueue(ALICE, "tests.record", out, "lost")
        1 / 0  # noqa: B018
    assert Job.objects.count() == 0 and sent.jobs == []

    with transaction.atomic():
        job = jobs.enqueue(ALICE, jobs_tasks.record, out, "kept")
        assert sent.jobs == []  # nothing leaves before the commit
    assert sent.jobs == [job.pk]
    row = Job.objects.get(pk=job.pk)
    assert (row.status, row.name, row.args, row.max_attempts) == (
        "queued",
        "tests.record",
        [out, "kept"],
        1,
    )
    assert (row.requested_by, row.requested_by_name, row.dispatched_at) == (1, "alice", None)


@pytest.mark.parametrize(
    "bad",
    [b"bytes", (1, 2), {1: "int key"}, math.nan, math.inf, {"x": {2, 3}}, object(), [Path("/")]],
)
def test_arguments_must_be_json_values(bad: object, tmp_path: Path) -> None:
    with pytest.raises(InvalidJob):
        jobs.enqueue(ALICE, "tests.record", str(tmp_path), bad)
    with pytest.raises(InvalidJob):
        jobs.enqueue(ALICE, "tests.record", path=str(tmp_path), tag=bad)
    assert Job.objects.count() == 0


def test_json_arguments_round_trip() -> None:
    value = {"a": [1, 2.5, None, True, "é"], "b": {"c": []}}
    job = jobs.enqueue(ALICE, "tests.record", "/dev/null", value, sleep=0)
    assert Job.objects.get(pk=job.pk).arguments == {
        "args": ["/dev/null", value],
        "kwargs": {"sleep": 0},
    }


def test_unknown_task_names_are_refused() -> None:
    with pytest.raises(InvalidJob, match="no task named"):
        jobs.enqueue(ALICE, "tests.nothing-like-this")
    assert Job.objects.count() == 0


def test_task_registration_rules() -> None:
    with pytest.raises(InvalidJob):
        registry.task("UPPER")
    with pytest.raises(ValueError, match="max_attempts"):
        registry.task("tests.zero", max_attempts=0)
    with pytest.raises(ValueError, match="already registered"):
        registry.task("tests.record")(lambda actor: None)
    # the same function registered again (a module imported twice) is not a conflict
    assert (
        registry.task("tests.record", max_attempts=1)(jobs_tasks.record.func).name == "tests.record"
    )
    assert "archive.visit" in registry.names()  # found in the archive app's tasks module
    assert jobs_tasks.record(ALICE, "/dev/null", "direct")["tag"] == "direct"


@given(
    attempt=st.integers(1, 40),
    base=st.floats(0.01, 100),
    jitter=st.floats(0, 1, exclude_max=True),
    later_jitter=st.floats(0, 1, exclude_max=True),
)
def test_backoff_doubles_with_a_quarter_of_jitter_up_to_the_cap(
    attempt: int, base: float, jitter: float, later_jitter: float
) -> None:
    cap = 3600.0
    delay = runner.backoff_delay(attempt, base, cap, jitter)
    plain = base * 2 ** (attempt - 1)
    assert min(plain, cap) <= delay <= min(plain * 1.25, cap)
    later = runner.backoff_delay(attempt + 1, base, cap, later_jitter)
    assert later > delay or later == cap


def test_backoff_counts_attempts_from_one() -> None:
    with pytest.raises(ValueError):
        runner.backoff_delay(0, 1.0, 10.0, 0.0)


def test_a_job_runs_once_as_its_requester(tmp_path: Path) -> None:
    job = jobs.enqueue(ALICE, "tests.record", str(tmp_path / "out"), "once")
    assert runner.run(job.pk) is runner.Outcome.SUCCEEDED
    assert runner.run(job.pk) is runner.Outcome.TAKEN
    row = Job.objects.get(pk=job.pk)
    assert row.status == "succeeded" and row.attempts == 1
    assert row.result["actor"] == "alice" and row.result["tag"] == "once"
    assert row.started is not None and row.finished is not None and row.started <= row.finished
    assert (tmp_path / "out").read_text().count("once") == 1


def test_a_claim_is_won_once() -> None:
    job = jobs.enqueue(ALICE, "tests.record", "/dev/null", "t")
    assert runner.claim(job.pk) is not None
    assert runner.claim(job.pk) is None
    assert runner.claim_next() is None
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_job_not_yet_due_waits() -> None:
    job = jobs.enqueue(ALICE, "tests.record", "/dev/null", "t")
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now() + timedelta(hours=1))
    assert runner.run(job.pk) is runner.Outcome.NOT_DUE
    assert runner.run_next() is None
    assert Job.objects.get(pk=job.pk).status == "queued"


def test_a_failure_is_queued_again_with_backoff_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    job = jobs.enqueue(ALICE, "tests.flaky", str(tmp_path / "n"), 99)
    before = timezone.now()
    with caplog.at_level(logging.WARNING, "sankofa.jobs"):
        assert runner.run(job.pk) is runner.Outcome.RETRYING
    row = Job.objects.get(pk=job.pk)
    assert row.status == "queued" and row.attempts == 1
    assert row.error_line() == "RuntimeError: attempt 1 of flaky fails"  # builtins unqualified
    assert "Traceback" in row.last_error
    wait = (row.run_after - before).total_seconds()
    assert jobs_tasks.BACKOFF <= wait <= jobs_tasks.BACKOFF * 1.25 + 1
    assert "attempt 1 of 4 failed" in caplog.text


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("tests.hopeless", "PermanentError: cannot ever work"),
        ("tests.opaque", "InvalidJob: result: set is not a JSON value"),
    ],
)
def test_some_failures_are_final_at_once(
    name: str, error: str, caplog: pytest.LogCaptureFixture
) -> None:
    job = jobs.enqueue(ALICE, name)
    with caplog.at_level(logging.ERROR, "sankofa.jobs"):
        assert runner.run(job.pk) is runner.Outcome.FAILED
    row = Job.objects.get(pk=job.pk)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.error_line().endswith(error)
    assert f"job {job.pk} ({name}) failed after 1 attempt(s)" in caplog.text


def test_a_job_runs_with_its_requesters_permissions(git_repo: Path) -> None:
    job = jobs.enqueue(BOB, "archive.visit", str(git_repo))  # bob is no operator
    assert runner.run(job.pk) is runner.Outcome.FAILED
    assert (
        Job.objects.get(pk=job.pk)
        .error_line()
        .endswith("PermissionDenied: bob may not archive.load")
    )


def test_a_task_this_worker_lacks_fails_for_good() -> None:
    job = Job.objects.create(name="tests.retired", max_attempts=5, requested_by_name="x")
    assert runner.run(job.pk) is runner.Outcome.FAILED
    assert "no task named 'tests.retired'" in Job.objects.get(pk=job.pk).last_error


def test_request_visit_checks_first_and_enqueues_the_origin(git_repo: Path, sent: Sent) -> None:
    from sankofa.archive import services
    from sankofa.archive.remote import LoaderError

    with pytest.raises(PermissionDenied):
        services.request_visit(BOB, str(git_repo))
    with pytest.raises(LoaderError, match="no such repository"):
        services.request_visit(OPERATOR, str(git_repo / "missing"))
    assert Job.objects.count() == 0 and sent.jobs == []
    job = services.request_visit(OPERATOR, str(git_repo))
    assert (job.name, job.args, sent.jobs) == (
        "archive.visit",
        [git_repo.resolve().as_uri()],
        [job.pk],
    )


def test_jobs_are_seen_by_their_requester_and_by_those_who_oversee_the_node() -> None:
    a = jobs.enqueue(ALICE, "tests.record", "/dev/null", "a")
    b = jobs.enqueue(BOB, "tests.record", "/dev/null", "b")
    n = jobs.enqueue(OPERATOR, "tests.record", "/dev/null", "n")

    def ids(actor: Actor, status: str | None = None) -> list[int]:
        return [j.pk for j in jobs.jobs_for(actor, status)]

    assert ids(ALICE) == [a.pk] and ids(BOB) == [b.pk]
    assert ids(OPERATOR) == ids(Actor("root", user_id=9, is_admin=True)) == [n.pk, b.pk, a.pk]
    assert ids(Actor("anonymous")) == []
    runner.run(a.pk)
    assert ids(ALICE, "succeeded") == [a.pk] and ids(ALICE, "queued") == []
    with pytest.raises(ValueError, match="unknown job status"):
        jobs.jobs_for(ALICE, "lost")
    assert jobs.get_job(ALICE, a.pk).pk == a.pk
    with pytest.raises(jobs.JobNotFound):
        jobs.get_job(ALICE, b.pk)


def test_retry_runs_a_failed_job_again_from_its_first_attempt(sent: Sent) -> None:
    job = jobs.enqueue(ALICE, "tests.hopeless")
    runner.run(job.pk)
    with pytest.raises(jobs.JobNotFound):
        jobs.retry_job(BOB, job.pk)
    again = jobs.retry_job(ALICE, job.pk)
    assert (again.status, again.attempts) == ("queued", 0)
    assert sent.jobs == [job.pk, job.pk]
    assert runner.run(job.pk) is runner.Outcome.FAILED
    done = jobs.enqueue(ALICE, "tests.record", "/dev/null", "x")
    runner.run(done.pk)
    with pytest.raises(jobs.JobNotRetryable, match="is succeeded"):
        jobs.retry_job(OPERATOR, done.pk)


def test_the_sweeper_takes_back_jobs_whose_worker_is_gone() -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname()
    now = timezone.now()

    def running(attempts: int, worker: str, started: Any) -> Job:
        job = jobs.enqueue(ALICE, "tests.flaky", "/dev/null", 2)
        Job.objects.filter(pk=job.pk).update(
            status="running", attempts=attempts, worker=worker, started=started
        )
        return job

    died = running(1, f"{host} {dead.pid}", now)
    stuck = running(1, "elsewhere 1", now - timedelta(days=1))
    last = running(4, f"{host} {dead.pid}", now)
    alive = running(1, runner.worker_name(), now)
    assert jobs.sweep() == sweeper.SweepReport(requeued=2, failed=1, dispatched=0)
    rows = {j.pk: j for j in Job.objects.all()}
    assert rows[died.pk].status == rows[stuck.pk].status == "queued"
    assert rows[died.pk].error_line().startswith("interrupted: worker")
    assert "still running after" in rows[stuck.pk].error_line()
    assert rows[last.pk].status == "failed" and rows[alive.pk].status == "running"


def test_dispatch_to_a_dead_broker_leaves_the_job_queued(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.SANKOFA_JOBS_BROKER_URL = "redis://127.0.0.1:1/0"
    with caplog.at_level(logging.WARNING, "sankofa.jobs"):
        job = jobs.enqueue(ALICE, "tests.record", "/dev/null", "t")
    row = Job.objects.get(pk=job.pk)
    assert (row.status, row.dispatched_at) == ("queued", None)
    assert f"job {job.pk}: dispatch failed, it stays queued" in caplog.text
    assert jobs.sweep().dispatched == 0


@pytest.mark.parametrize(
    ("setting", "value", "check_id"),
    [
        ("SANKOFA_JOBS_BROKER_URL", "http://127.0.0.1:6379", "sankofa.E101"),
        ("SANKOFA_JOBS_BROKER_URL", "redis://", "sankofa.E101"),
        ("SANKOFA_JOBS_QUEUE", "", "sankofa.E102"),
        ("SANKOFA_JOBS_QUEUE", "two words", "sankofa.E102"),
        ("SANKOFA_JOBS_SWEEP_INTERVAL", 0, "sankofa.E103"),
    ],
)
def test_checks_refuse_bad_job_settings(
    settings: Any, setting: str, value: object, check_id: str
) -> None:
    assert check_jobs() == []
    setattr(settings, setting, value)
    assert [m.id for m in check_jobs()] == [check_id]


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "amqp://guest:guest@127.0.0.1:5672//"])
def test_checks_accept_broker_urls(settings: Any, url: str) -> None:
    settings.SANKOFA_JOBS_BROKER_URL = url
    assert check_jobs() == []
