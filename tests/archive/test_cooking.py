"""Vault cooking as background jobs: bundles in the blob store, cached, failures recorded.

Bundles are checked against git itself: a flat bundle holds what `git archive` gives,
a git-bare bundle clones and passes `git fsck` with the source's history and refs.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from sankofa.archive import cooking, graph, services
from sankofa.archive.models import VaultCook
from sankofa.core.actors import Actor
from sankofa.core.blobstore import get_blobstore
from sankofa.core.jobs import Job, runner
from sankofa.demo.gitcraft import git_env
from sankofa.swhid.identifiers import CoreSWHID, ObjectType
from tests.api import conftest as api_fixtures
from tests.api.conftest import Archived
from tests.archive.repos import commit_files, new_repo

ALICE = Actor("alice", user_id=7)
PUBLIC = Actor("public")

simple = api_fixtures.simple  # the archived crafted repositories, as fixtures
tricky = api_fixtures.tricky


def core(kind: ObjectType, hex_id: str) -> CoreSWHID:
    return CoreSWHID(kind, bytes.fromhex(hex_id))


def run_jobs() -> list[runner.Outcome]:
    """Run the queued cooking jobs here and now, as a worker would (other jobs are left)."""
    queued = Job.objects.filter(name="archive.cook", status=Job.Status.QUEUED).order_by("pk")
    return [runner.run(pk) for pk in queued.values_list("pk", flat=True)]


def cooked(swhid: CoreSWHID, fmt: str) -> bytes:
    cooking.request_cook(ALICE, swhid, fmt)
    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    with cooking.open_bundle(PUBLIC, swhid, fmt).open() as stream:
        return stream.read()


def entries(tarball: bytes) -> dict[str, tuple[str, ...]]:
    """path -> (kind, details): files with their exec bit and bytes, links with targets."""
    found: dict[str, tuple[str, ...]] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), errors="surrogateescape") as tar:
        for m in tar.getmembers():
            name = m.name.rstrip("/")
            if m.isdir():
                found[name] = ("dir",)
            elif m.issym():
                found[name] = ("link", m.linkname)
            else:
                data = tar.extractfile(m).read()  # type: ignore[union-attr]
                found[name] = ("file", str(bool(m.mode & 0o100)), data.hex())
    return found


def git_archive(repo: Archived, treeish: str, prefix: str) -> bytes:
    return repo.git("archive", "--format=tar", f"--prefix={prefix}/", treeish)


def test_flat_bundle_of_a_directory_is_what_git_archive_gives(simple: Archived) -> None:
    tree = core(ObjectType.DIRECTORY, simple.ids["tree3"])
    bundle = cooked(tree, "flat")
    assert bundle[:2] == b"\x1f\x8b"  # gzip
    assert entries(bundle) == entries(git_archive(simple, simple.ids["tree3"], str(tree)))
    row = VaultCook.objects.get()
    assert (row.status, row.bundle_size, row.requested_by) == ("done", len(bundle), 7)
    assert row.progress_message.startswith("Done: 3 files")
    assert get_blobstore().exists(row.bundle_digest)


def test_flat_bundle_of_a_revision_holds_its_root_directory(tricky: Archived) -> None:
    rev = core(ObjectType.REVISION, tricky.ids["commit_latin1"])
    root = core(ObjectType.DIRECTORY, tricky.ids["tree_root"])
    bundle = cooked(rev, "flat")
    expected = entries(git_archive(tricky, tricky.ids["tree_root"], str(root)))
    # git archive leaves out empty directories; the bundle keeps every directory
    empty = tricky.git(
        "ls-tree", "-r", "-t", "--format=%(objectname) %(path)", tricky.ids["tree_root"]
    )
    for line in empty.decode().splitlines():
        oid, path = line.split(" ", 1)
        if oid == "4b825dc642cb6eb9a060e54bf8d69288fbee4904":  # the empty tree
            expected[f"{root}/{path}"] = ("dir",)
    assert entries(bundle) == expected
    assert any(kind[0] == "link" for kind in expected.values())  # symlinks kept


def unpack_and_clone(bundle: bytes, top: str, tmp_path: Path) -> Path:
    with tarfile.open(fileobj=io.BytesIO(bundle)) as tar:
        assert {m.name.split("/")[0] for m in tar.getmembers()} == {top}
        tar.extractall(tmp_path / "x", filter="tar")
    clone = tmp_path / "clone"
    git = ["git", "-c", "protocol.file.allow=always"]
    subprocess.run([*git, "clone", "-q", str(tmp_path / "x" / top), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "fsck", "--strict"], check=True, env=git_env())
    return clone


def out(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, check=True, text=True, env=git_env()
    ).stdout


def test_git_bare_bundle_of_a_revision_clones_with_its_history(
    simple: Archived, tmp_path: Path
) -> None:
    rev = core(ObjectType.REVISION, simple.ids["commit2"])
    bundle = cooked(rev, "git-bare")
    tarfile.open(fileobj=io.BytesIO(bundle), mode="r:").close()  # a plain tar
    clone = unpack_and_clone(bundle, f"{rev}.git", tmp_path)
    assert out(clone, "rev-parse", "HEAD").strip() == simple.ids["commit2"]
    assert out(clone, "rev-list", "HEAD") == simple.git("rev-list", simple.ids["commit2"]).decode()
    assert (
        out(clone, "ls-tree", "-r", "HEAD")
        == simple.git("ls-tree", "-r", simple.ids["commit2"]).decode()
    )


def test_git_bare_bundle_of_a_snapshot_has_every_ref(simple: Archived, tmp_path: Path) -> None:
    snp = CoreSWHID.from_string(simple.snapshot)
    bundle = cooked(snp, "git-bare")
    with tarfile.open(fileobj=io.BytesIO(bundle)) as tar:
        tar.extractall(tmp_path / "x", filter="tar")
    bare = tmp_path / "x" / f"{snp}.git"
    fmt = "--format=%(objectname) %(refname)"
    assert out(bare, "for-each-ref", fmt) == simple.git("for-each-ref", fmt).decode()
    subprocess.run(["git", "-C", str(bare), "fsck", "--strict"], check=True, env=git_env())


def test_a_bundle_is_cooked_once_and_again_only_when_its_blob_is_gone(simple: Archived) -> None:
    tree = core(ObjectType.DIRECTORY, simple.ids["tree3"])
    first = cooking.request_cook(ALICE, tree, "flat")
    again = cooking.request_cook(PUBLIC, tree, "flat")  # still new: the same cook, no new job
    assert (first.pk, first.status, again.status) == (again.pk, "new", "new")
    assert Job.objects.filter(name="archive.cook").count() == 1
    run_jobs()
    done = cooking.request_cook(PUBLIC, tree, "flat")  # cache hit
    assert (done.status, Job.objects.filter(name="archive.cook").count()) == ("done", 1)
    assert run_jobs() == []

    get_blobstore().delete(done.bundle_digest)  # evicted by an operator
    with pytest.raises(cooking.BundleNotReady):
        cooking.open_bundle(PUBLIC, tree, "flat")
    assert cooking.request_cook(PUBLIC, tree, "flat").status == "new"
    assert Job.objects.filter(name="archive.cook").count() == 2
    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    assert get_blobstore().exists(cooking.open_bundle(PUBLIC, tree, "flat").digest)


@pytest.mark.django_db(transaction=True)
def test_a_failed_cook_says_why_leaves_no_bundle_and_can_be_asked_again(
    node_home: Path, tmp_path: Path, settings: object
) -> None:
    settings.SANKOFA_MAX_CONTENT_SIZE = 1000  # type: ignore[attr-defined]
    src = new_repo(tmp_path / "big")
    commit_files(src, {"big.bin": b"\x01" * 5000, "small": b"s\n"})
    visit = services.archive_origin(ALICE.operator("test"), str(src))
    snp = CoreSWHID(ObjectType.SNAPSHOT, bytes(visit.snapshot.sha1_git))  # type: ignore[union-attr]
    blobs_before = set(get_blobstore().iter_digests())

    cooking.request_cook(ALICE, snp, "git-bare")
    assert run_jobs() == [runner.Outcome.FAILED]
    row = cooking.cook_status(PUBLIC, snp, "git-bare")
    assert row.status == "failed" and "skipped for their size" in row.progress_message
    assert (row.bundle_digest, row.bundle_size) == ("", None)
    assert set(get_blobstore().iter_digests()) == blobs_before
    with pytest.raises(cooking.BundleNotReady):
        cooking.open_bundle(PUBLIC, snp, "git-bare")

    assert cooking.request_cook(ALICE, snp, "git-bare").status == "new"
    assert Job.objects.filter(name="archive.cook").count() == 2


def test_a_cook_whose_job_died_is_failed_and_can_be_asked_again(simple: Archived) -> None:
    tree = core(ObjectType.DIRECTORY, simple.ids["tree3"])
    row = cooking.request_cook(ALICE, tree, "flat")
    assert row.job_id is not None
    Job.objects.filter(pk=row.job_id).update(
        status=Job.Status.FAILED, last_error="Traceback ...\nLostJob: the worker died"
    )
    row = cooking.cook_status(PUBLIC, tree, "flat")
    assert row.status == "failed" and "LostJob: the worker died" in row.progress_message
    assert cooking.request_cook(ALICE, tree, "flat").status == "new"
    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    assert cooking.cook_status(PUBLIC, tree, "flat").status == "done"


def test_unknown_objects_wrong_formats_and_unasked_bundles_are_refused(simple: Archived) -> None:
    missing = core(ObjectType.DIRECTORY, "00" * 20)
    with pytest.raises(graph.NotArchived, match="not found"):
        cooking.request_cook(ALICE, missing, "flat")
    blob = simple.git("rev-parse", "HEAD:README.md").decode().strip()
    refused = [
        (core(ObjectType.CONTENT, blob), "flat"),
        (core(ObjectType.DIRECTORY, simple.ids["tree3"]), "git-bare"),
        (core(ObjectType.RELEASE, simple.ids["tag_annotated"]), "flat"),
        (core(ObjectType.DIRECTORY, simple.ids["tree3"]), "zip"),
    ]
    for swhid, fmt in refused:
        with pytest.raises(cooking.CookRefused):
            cooking.request_cook(ALICE, swhid, fmt)
    with pytest.raises(cooking.CookNotFound, match="never requested"):
        cooking.cook_status(PUBLIC, core(ObjectType.DIRECTORY, simple.ids["tree3"]), "flat")
    assert VaultCook.objects.count() == 0 and Job.objects.filter(name="archive.cook").count() == 0
