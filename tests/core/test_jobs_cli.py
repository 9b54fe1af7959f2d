"""`sankofa worker` and `sankofa jobs` as real processes on the database the test shares."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from sankofa.archive import services
from sankofa.core.actors import Actor
from sankofa.core.jobs import Job
from tests.archive.repos import swh_identify
from tests.conftest import cli_env, run_cli
from tests.core.jobs_env import stop_process_group, wait_job

pytest_plugins = ["tests.core.jobs_fixtures"]
OPERATOR = Actor.operator("web")


def test_worker_once_archives_a_repository_asked_for_in_the_background(
    shared_db: Path, git_repo: Path
) -> None:
    job = services.request_visit(OPERATOR, str(git_repo))
    assert Job.objects.get(pk=job.pk).status == "queued"  # the request does not archive

    done = run_cli(shared_db, "worker", "--once")
    # the visit, then the description of the origin it queued on finishing
    assert (done.returncode, done.stdout) == (0, "2 jobs run: 2 succeeded\n"), done.stderr
    assert Job.objects.get(name="archive.metadata").status == "succeeded"
    row = Job.objects.get(pk=job.pk)
    assert row.status == "succeeded" and row.attempts == 1
    assert row.result["snapshot"] == swh_identify("--type", "snapshot", str(git_repo))
    assert row.result["origin"] == git_repo.resolve().as_uri()

    listed = run_cli(shared_db, "jobs", "list", "--status", "succeeded").stdout
    fields = next(line for line in listed.splitlines() if "archive.visit" in line).split("\t")
    assert fields[:4] == [str(job.pk), "succeeded", "archive.visit", "1/3"] and fields[5:] == [
        "web"
    ]
    assert run_cli(shared_db, "jobs", "list", "--status", "failed").stdout == ""
    shown = run_cli(shared_db, "jobs", "show", str(job.pk))
    assert "status\tsucceeded\n" in shown.stdout and "requested_by\tweb\n" in shown.stdout
    assert f'"snapshot": "{row.result["snapshot"]}"' in shown.stdout


def test_a_failing_visit_is_reported_retried_and_failed(shared_db: Path, git_repo: Path) -> None:
    job = services.request_visit(OPERATOR, str(git_repo))
    shutil.rmtree(git_repo)  # gone before any worker looks

    assert run_cli(shared_db, "worker", "--once").stdout == "1 jobs run: 1 retrying\n"
    row = Job.objects.get(pk=job.pk)
    assert (row.status, row.attempts) == ("queued", 1) and row.run_after > row.finished
    assert "no such repository" in row.error_line()
    assert run_cli(shared_db, "worker", "--once").stdout == "0 jobs run\n"  # backing off

    for attempt in (2, 3):  # `jobs retry` on a queued job: run it now
        assert run_cli(shared_db, "jobs", "retry", str(job.pk)).returncode == 0
        run_cli(shared_db, "worker", "--once")
        assert Job.objects.get(pk=job.pk).attempts == attempt
    row = Job.objects.get(pk=job.pk)
    assert row.status == "failed"
    listed = run_cli(shared_db, "jobs", "list", "--status", "failed").stdout
    assert listed.startswith(f"{job.pk}\tfailed\tarchive.visit\t3/3\t")
    assert listed.rstrip().endswith("no such repository")
    shown = run_cli(shared_db, "jobs", "show", str(job.pk)).stdout
    assert "last_error\tTraceback" in shown and "LoaderError" in shown

    again = run_cli(shared_db, "jobs", "retry", str(job.pk))
    assert again.stdout == f"{job.pk}\tqueued\tarchive.visit\n"
    assert Job.objects.get(pk=job.pk).attempts == 0
    Job.objects.filter(pk=job.pk).update(status="succeeded")
    refused = run_cli(shared_db, "jobs", "retry", str(job.pk))
    assert refused.returncode != 0
    assert refused.stderr == f"sankofa: job {job.pk} is succeeded; only failed or queued jobs\n"
    missing = run_cli(shared_db, "jobs", "show", "999999")
    assert (missing.returncode, missing.stderr) == (2, "sankofa: no job 999999\n")


def test_the_worker_serves_until_terminated(shared_db: Path, git_repo: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sankofa", "worker", "--concurrency", "2"],
        env=cli_env(shared_db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        job = services.request_visit(OPERATOR, str(git_repo))
        wait_job(job.pk, "succeeded", timeout=20)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        stop_process_group(proc)
    assert proc.returncode == 0, err
    assert err == "sankofa: embedded worker, 2 thread(s)\n"
