"""The periodic fixity check: every published file read back, a report kept for admins."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sankofa.core import jobs
from sankofa.core.blobstore import LocalBlobStore, clear_blobstore_cache
from sankofa.core.jobs import runner
from sankofa.datasets import fixity, services
from sankofa.datasets.models import File, Version
from tests.conftest import run_cli
from tests.datasets.conftest import ADA, BOB, OPERATOR, resource

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.core.jobs_fixtures"]

MakeFile = Callable[[str, bytes], Path]


def published(owner: object, make_file: MakeFile, files: dict[str, bytes]) -> Version:
    draft = services.create_draft(owner)  # type: ignore[arg-type]
    services.set_metadata(owner, draft.pk, resource())  # type: ignore[arg-type]
    for name, content in files.items():
        services.add_file(owner, draft.pk, name, make_file(name, content))  # type: ignore[arg-type]
    return services.submit(owner, draft.pk)  # type: ignore[arg-type]


def damage(store: LocalBlobStore, sha256: str, content: bytes) -> None:
    path = store.path(sha256)
    os.chmod(path, 0o644)
    path.write_bytes(content)


def test_an_intact_store_gives_a_clean_report(
    node_home: Path, make_file: MakeFile, blobs: LocalBlobStore
) -> None:
    published(ADA, make_file, {"a.csv": b"a,b\n1,2\n", "same.csv": b"a,b\n1,2\n"})
    published(BOB, make_file, {"c.txt": b"c" * 3000})
    services.create_draft(ADA)  # drafts are not checked
    report = fixity.check_all()
    assert (report.files, report.blobs, report.bytes) == (3, 2, 8 + 3000)
    assert report.ok and report.bad == [] and report.finished >= report.started
    assert "all files intact" in fixity.render(report)


def test_damaged_and_missing_blobs_are_reported_by_file(
    node_home: Path, make_file: MakeFile, blobs: LocalBlobStore
) -> None:
    first = published(ADA, make_file, {"keep.csv": b"fine\n", "rot.csv": b"original bytes\n"})
    second = published(BOB, make_file, {"gone.bin": b"\x00\x01\x02", "short.txt": b"12345"})
    rows = {f.name: f for f in File.objects.all()}
    damage(blobs, rows["rot.csv"].sha256, b"Original bytes\n")  # same size, other bytes
    damage(blobs, rows["short.txt"].sha256, b"123")
    blobs.path(rows["gone.bin"].sha256).unlink()
    report = fixity.check_all()
    assert report.files == 4 and report.bad_count == 3 and not report.ok
    found = {(b.record, b.version, b.name, b.problem) for b in report.bad}
    assert found == {
        (first.record_id, 1, "rot.csv", "checksum"),
        (second.record_id, 1, "gone.bin", "missing"),
        (second.record_id, 1, "short.txt", "size"),
    }
    text = fixity.render(report)
    assert "3 bad file(s)" in text and f"sha256 {rows['rot.csv'].sha256}: checksum" in text


def test_the_periodic_job_keeps_its_report_for_admins(
    node_home: Path, make_file: MakeFile, blobs: LocalBlobStore
) -> None:
    assert fixity.last_report() is None
    version = published(ADA, make_file, {"x.csv": b"x\n"})
    damage(blobs, version.files.get().sha256, b"y\n")
    job = jobs.enqueue(OPERATOR, "datasets.fixity_all")
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded"
    last = fixity.last_report()
    assert last is not None
    report, job_id = last
    assert job_id == job.pk and report.bad_count == 1
    assert report.bad[0].name == "x.csv" and report.bad[0].problem == "checksum"


def test_the_command_checks_and_prints_the_report(shared_db: Path, settings: object) -> None:
    settings.SANKOFA_BLOBSTORE_URL = (shared_db / "blobs").as_uri()  # type: ignore[attr-defined]
    clear_blobstore_cache()
    none_yet = run_cli(shared_db, "datasets", "fixity")
    assert none_yet.returncode != 0 and "no fixity report yet" in none_yet.stderr
    make = shared_db / "x.csv"
    make.write_bytes(b"x\n")
    version = published(ADA, lambda name, content: make, {"x.csv": b"x\n"})
    clean = run_cli(shared_db, "datasets", "fixity", "--run")
    assert clean.returncode == 0 and "1 files, 1 distinct blobs, 2 bytes intact" in clean.stdout
    damage(LocalBlobStore(shared_db / "blobs"), version.files.get().sha256, b"y\n")
    bad = run_cli(shared_db, "datasets", "fixity", "--run")
    assert bad.returncode == 1 and "'x.csv'" in bad.stdout and ": checksum" in bad.stdout
    clear_blobstore_cache()
