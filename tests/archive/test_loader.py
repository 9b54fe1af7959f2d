"""Loading git origins: snapshots as the reference computes them, stored once, cheap re-visits."""

from __future__ import annotations

from pathlib import Path

import pytest

from sankofa.archive import loader, services
from sankofa.archive.models import Origin, Pack, Snapshot, Visit
from sankofa.archive.store import object_store
from sankofa.core.actors import Actor, PermissionDenied
from tests.archive.repos import commit_files, git, new_repo, swh_identify

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator("test")


def snp(visit: Visit) -> str:
    assert visit.snapshot is not None
    return str(visit.snapshot)


def test_snapshot_matches_reference(node_home: Path, repo: Path) -> None:
    visit = services.archive_origin(OPERATOR, str(repo))
    assert visit.status == Visit.Status.FULL
    assert snp(visit) == swh_identify("--type", "snapshot", str(repo))
    assert visit.origin.url == repo.resolve().as_uri()
    store = object_store()
    all_objects = git(repo, "rev-list", "--objects", "--all").split("\n")
    ids = {bytes.fromhex(line[:40]) for line in all_objects}
    assert store.missing(ids) == set()
    assert visit.objects_stored == len(ids)  # every tag, commit, tree and blob, once


def test_revisit_unchanged_transfers_nothing(node_home: Path, repo: Path) -> None:
    first = services.archive_origin(OPERATOR, str(repo))
    packs = sorted(p.name for p in object_store().pack_dir.glob("*.pack"))
    second = services.archive_origin(OPERATOR, str(repo))
    assert (second.number, second.objects_received) == (2, 0)
    assert second.snapshot_id == first.snapshot_id
    assert sorted(p.name for p in object_store().pack_dir.glob("*.pack")) == packs
    assert Snapshot.objects.count() == 1


def test_revisit_fetches_only_new_objects(node_home: Path, repo: Path) -> None:
    services.archive_origin(OPERATOR, str(repo))
    commit_files(repo, {"src/c.py": b"print(3)\n"}, "third")
    visit = services.archive_origin(OPERATOR, str(repo))
    # commit, root tree, src tree, one blob
    assert visit.objects_stored == 4
    assert snp(visit) == swh_identify("--type", "snapshot", str(repo))


def test_fork_is_stored_once(node_home: Path, repo: Path, tmp_path: Path) -> None:
    services.archive_origin(OPERATOR, str(repo))
    fork = tmp_path / "fork"
    git(tmp_path, "clone", "-q", "--mirror", str(repo), str(fork))
    commit_repo = tmp_path / "fork-work"
    git(tmp_path, "clone", "-q", str(fork), str(commit_repo))
    commit_files(commit_repo, {"NEW": b"fork only\n"}, "fork change")
    git(commit_repo, "push", "-q", "origin", "main")
    visit = services.archive_origin(OPERATOR, str(fork))
    assert visit.objects_received <= 4
    assert visit.objects_stored == 3  # commit, root tree, blob
    assert Origin.objects.count() == 2


def test_repeated_content_across_unrelated_origins_is_stored_once(
    node_home: Path, tmp_path: Path
) -> None:
    shared = {"LICENSE": b"the same licence text\n" * 50}
    a = new_repo(tmp_path / "a")
    commit_files(a, {**shared, "a.txt": b"a\n"})
    b = new_repo(tmp_path / "b")
    commit_files(b, {**shared, "b.txt": b"b\n"})
    services.archive_origin(OPERATOR, str(a))
    visit = services.archive_origin(OPERATOR, str(b))
    assert visit.objects_received == 4  # commit, tree, two blobs
    assert visit.objects_stored == 3  # the licence blob was already there
    ids = [oid for oid in object_store().iter_ids()]
    assert len(ids) == len(set(ids)) == 7


def test_empty_repository_gives_empty_snapshot(node_home: Path, tmp_path: Path) -> None:
    empty = new_repo(tmp_path / "empty")
    visit = services.archive_origin(OPERATOR, str(empty))
    assert visit.status == Visit.Status.FULL
    assert snp(visit) == swh_identify("--type", "snapshot", str(empty))


def test_detached_head_is_a_revision_branch(node_home: Path, repo: Path) -> None:
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    git(repo, "checkout", "-q", "--detach", first)
    visit = services.archive_origin(OPERATOR, str(repo))
    assert snp(visit) == swh_identify("--type", "snapshot", str(repo))
    head = visit.snapshot.branches.get(name=b"HEAD")
    assert bytes(head.target).hex() == first


def test_missing_origin_is_a_clear_error(node_home: Path, tmp_path: Path) -> None:
    with pytest.raises(loader.LoaderError, match="no such repository"):
        services.archive_origin(OPERATOR, str(tmp_path / "nope"))


def test_not_a_repository_fails_the_visit(node_home: Path, tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(loader.LoaderError, match="plain"):
        services.archive_origin(OPERATOR, str(tmp_path / "plain"))
    visit = Visit.objects.get()
    assert visit.status == Visit.Status.FAILED and visit.snapshot is None
    assert "plain" in visit.message


@pytest.mark.parametrize("bad", ["ext::sh -c touch% /tmp/pwned", "-uhack", "ssh://host/x", ""])
def test_dangerous_urls_are_refused(node_home: Path, bad: str) -> None:
    with pytest.raises(loader.LoaderError):
        services.archive_origin(OPERATOR, bad)
    assert not Visit.objects.exists()


def test_only_permitted_actors_archive(node_home: Path, repo: Path) -> None:
    with pytest.raises(PermissionDenied):
        services.archive_origin(Actor("someone", user_id=7), str(repo))


def test_packs_are_recorded(node_home: Path, repo: Path) -> None:
    visit = services.archive_origin(OPERATOR, str(repo))
    pack = Pack.objects.get()
    assert pack.visit == visit and pack.object_count == visit.objects_stored
    assert (object_store().pack_dir / f"{pack.name}.idx").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_visits_of_one_origin(node_home: Path, repo: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("threads need a shared database; covered on PostgreSQL")

    def visit(_: int) -> Visit:
        try:
            return services.archive_origin(OPERATOR, str(repo))
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        visits = list(pool.map(visit, range(4)))
    assert sorted(v.number for v in visits) == [1, 2, 3, 4]
    assert {v.snapshot_id for v in visits} == {visits[0].snapshot_id}
    assert services.check_archive(OPERATOR).ok


def test_object_store_created_by_many_at_once(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from sankofa.archive.objectstore import GitObjectStore

    root = tmp_path / "store"
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: GitObjectStore(root).init(), range(8)))
    assert (root / "HEAD").is_file() and (root / "objects" / "pack").is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no temporary left behind
    assert git(root, "config", "gc.auto") == "0"


def test_stale_quarantines_are_cleaned_but_fresh_unsigned_ones_kept(tmp_path: Path) -> None:
    import os
    import socket

    from sankofa.archive.loader import UNSIGNED_QUARANTINE_AGE, clean_stale_quarantines

    host = socket.gethostname()
    dead_pid = 2**22 + 7  # above the kernel's pid_max, so never a running process
    dirs = {name: tmp_path / f"visit-{name}" for name in ("fresh", "old", "dead", "alive")}
    for qdir in dirs.values():
        qdir.mkdir()
    (dirs["dead"] / "owner").write_text(f"{host} {dead_pid}\n")
    (dirs["alive"] / "owner").write_text(f"{host} {os.getpid()}\n")
    now = dirs["fresh"].stat().st_mtime + 1
    old = now - UNSIGNED_QUARANTINE_AGE - 10
    os.utime(dirs["old"], (old, old))

    clean_stale_quarantines(tmp_path, now=now)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["visit-alive", "visit-fresh"]
