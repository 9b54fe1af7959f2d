"""Giving objects back: directories as tar.gz, history as git-bare, bit for bit and safely."""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest

from sankofa.archive import services, vault
from sankofa.archive.models import SkippedContent
from sankofa.archive.objectstore import MemoryObjectStore
from sankofa.core.actors import Actor
from sankofa.demo.gitcraft import make_tricky_repo
from sankofa.swhid.identifiers import CoreSWHID, ObjectType
from sankofa.swhid.manifests import directory_manifest
from sankofa.swhid.model import CONTENT_PERMS, DIRECTORY_PERMS, DirectoryEntry
from tests.archive.repos import commit_files, git, new_repo, swh_identify

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator("test")


def core(kind: ObjectType, hex_id: str) -> CoreSWHID:
    return CoreSWHID(kind, bytes.fromhex(hex_id))


def extract(tarball: Path, into: Path) -> Path:
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="tar")
    (root,) = list(into.iterdir())
    return root


def test_directory_tarball_identifies_as_the_directory(
    node_home: Path, repo: Path, tmp_path: Path
) -> None:
    (repo / "run.sh").write_bytes(b"#!/bin/sh\necho hi\n")
    (repo / "run.sh").chmod(0o755)
    os.symlink("README", repo / "link")
    (repo / "empty-dir-stays-out").mkdir()
    commit_files(repo, {"deep/er/file": b"x" * 3_000_000}, "more")
    services.archive_origin(OPERATOR, str(repo))
    tree = git(repo, "rev-parse", "HEAD^{tree}")
    out = tmp_path / "out.tar.gz"
    services.give_back(OPERATOR, core(ObjectType.DIRECTORY, tree), "tar.gz", out)
    root = extract(out, tmp_path / "x")
    assert root.name == f"swh:1:dir:{tree}"
    assert swh_identify(str(root)) == f"swh:1:dir:{tree}"
    assert os.readlink(root / "link") == "README"
    assert os.access(root / "run.sh", os.X_OK)


def test_tricky_repository_round_trips(node_home: Path, tmp_path: Path) -> None:
    src = tmp_path / "tricky"
    make_tricky_repo(src)
    visit = services.archive_origin(OPERATOR, str(src))
    out = tmp_path / "tricky-vault.git"
    snp = CoreSWHID(ObjectType.SNAPSHOT, bytes(visit.snapshot.sha1_git))
    services.give_back(OPERATOR, snp, "git-bare", out)
    fmt = "--format=%(objectname) %(refname)"
    assert git(out, "for-each-ref", fmt) == git(src, "for-each-ref", fmt)
    git(out, "fsck", "--connectivity-only")
    assert swh_identify("--type", "snapshot", str(out)) == str(visit.snapshot)


def test_git_bare_of_snapshot_equals_origin(node_home: Path, repo: Path, tmp_path: Path) -> None:
    visit = services.archive_origin(OPERATOR, str(repo))
    out = tmp_path / "back.git"
    snp = CoreSWHID(ObjectType.SNAPSHOT, bytes(visit.snapshot.sha1_git))
    services.give_back(OPERATOR, snp, "git-bare", out)
    assert git(out, "for-each-ref") == git(repo, "for-each-ref")
    assert git(out, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(out, "rev-list", "--objects", "--all") == git(repo, "rev-list", "--objects", "--all")
    git(out, "fsck", "--strict")


def test_git_bare_of_revision_and_release(node_home: Path, repo: Path, tmp_path: Path) -> None:
    services.archive_origin(OPERATOR, str(repo))
    head = git(repo, "rev-parse", "HEAD")
    services.give_back(OPERATOR, core(ObjectType.REVISION, head), "git-bare", tmp_path / "r.git")
    assert git(tmp_path / "r.git", "rev-parse", "HEAD") == head
    assert git(tmp_path / "r.git", "rev-list", "--count", "HEAD") == "2"
    tag = git(repo, "rev-parse", "v1")
    services.give_back(OPERATOR, core(ObjectType.RELEASE, tag), "git-bare", tmp_path / "t.git")
    assert git(tmp_path / "t.git", "rev-parse", "refs/tags/v1") == tag


def test_wrong_format_and_unknown_objects_are_refused(
    node_home: Path, repo: Path, tmp_path: Path
) -> None:
    services.archive_origin(OPERATOR, str(repo))
    head = git(repo, "rev-parse", "HEAD")
    with pytest.raises(vault.VaultError, match="git-bare"):
        services.give_back(OPERATOR, core(ObjectType.REVISION, head), "tar.gz", tmp_path / "a")
    with pytest.raises(services.graph.NotArchived):
        services.give_back(OPERATOR, core(ObjectType.DIRECTORY, "0" * 40), "tar.gz", tmp_path / "b")
    # a revision's id asked for as a directory is not that directory
    with pytest.raises(services.graph.NotArchived, match="commit"):
        services.give_back(OPERATOR, core(ObjectType.DIRECTORY, head), "tar.gz", tmp_path / "c")
    assert not any(p.name.startswith((".vault", "a", "b", "c")) for p in tmp_path.iterdir())


def test_existing_output_is_never_overwritten(node_home: Path, repo: Path, tmp_path: Path) -> None:
    services.archive_origin(OPERATOR, str(repo))
    out = tmp_path / "exists.tar.gz"
    out.write_bytes(b"precious")
    tree = git(repo, "rev-parse", "HEAD^{tree}")
    with pytest.raises(vault.VaultError, match="exists"):
        services.give_back(OPERATOR, core(ObjectType.DIRECTORY, tree), "tar.gz", out)
    assert out.read_bytes() == b"precious"


@pytest.mark.parametrize("name", [b"..", b".", b"a/b", b"/abs", b".git", b".GIT", b""])
def test_unsafe_names_are_refused_in_tarballs(tmp_path: Path, name: bytes) -> None:
    store = MemoryObjectStore()
    blob = store.add(b"blob", b"payload")
    entries = [DirectoryEntry(name, CONTENT_PERMS, blob)]
    tree = store.add(b"tree", directory_manifest(entries))
    out = tmp_path / "o.tar.gz"
    with pytest.raises(vault.VaultError, match="unsafe entry name"):
        vault.cook_directory(store, tree, out)
    assert list(tmp_path.iterdir()) == []


def test_duplicate_names_are_refused_in_tarballs(tmp_path: Path) -> None:
    """A symlink and a directory of the same name would let a tar write through the link."""
    store = MemoryObjectStore()
    link = store.add(b"blob", b"/etc")
    inner = store.add(b"tree", directory_manifest([DirectoryEntry(b"passwd", CONTENT_PERMS, link)]))
    raw = b"120000 x\0" + link + b"40000 x\0" + inner
    tree = store.add(b"tree", raw)
    with pytest.raises(vault.VaultError, match="duplicate"):
        vault.cook_directory(store, tree, tmp_path / "o.tar.gz")
    assert list(tmp_path.iterdir()) == []


def test_deep_tree_does_not_recurse(tmp_path: Path) -> None:
    store = MemoryObjectStore()
    node = store.add(b"tree", directory_manifest([]))
    for _ in range(3000):
        node = store.add(b"tree", directory_manifest([DirectoryEntry(b"d", DIRECTORY_PERMS, node)]))
    report = vault.cook_directory(store, node, tmp_path / "deep.tar.gz")
    assert report.files == 0
    with tarfile.open(tmp_path / "deep.tar.gz") as tar:
        assert len(tar.getmembers()) == 3001


def test_skipped_content_becomes_a_notice_in_tarballs_and_blocks_git_bare(
    node_home: Path, tmp_path: Path, settings: object
) -> None:
    settings.SANKOFA_MAX_CONTENT_SIZE = 1000  # type: ignore[attr-defined]
    src = new_repo(tmp_path / "big")
    commit_files(src, {"big.bin": b"\x01" * 5000, "small": b"s\n"})
    visit = services.archive_origin(OPERATOR, str(src))
    skipped = SkippedContent.objects.get()
    assert skipped.length == 5000
    tree = git(src, "rev-parse", "HEAD^{tree}")
    out = tmp_path / "big.tar.gz"
    report = services.give_back(OPERATOR, core(ObjectType.DIRECTORY, tree), "tar.gz", out)
    assert report.skipped == [bytes(skipped.sha1_git)]
    root = extract(out, tmp_path / "x")
    assert (root / "big.bin").read_bytes() == vault.SKIPPED_NOTICE
    assert (root / "small").read_bytes() == b"s\n"
    snp = CoreSWHID(ObjectType.SNAPSHOT, bytes(visit.snapshot.sha1_git))
    with pytest.raises(vault.VaultError, match="skipped"):
        services.give_back(OPERATOR, snp, "git-bare", tmp_path / "big.git")
    assert not (tmp_path / "big.git").exists()


@pytest.mark.parametrize(
    "name",
    [b"refs/heads/main", b"refs/tags/v1.0", b"refs/pull/12/head", b"refs/heads/caf\xc3\xa9",
     b"HEAD", b"refs/heads/a..b", b"refs/heads/.hidden", b"refs/heads/x.lock", b"refs/heads/x/",
     b"refs/heads/a b", b"refs/heads/a@{1}", b"refs//x", b"refs/heads/x.", b"refs/../../etc",
     b"refs/heads/a\\b", b"refs/heads/a:b", b"refs/heads/tab\t", b"refs/heads/q?"],
)  # fmt: skip
def test_ref_names_agree_with_git(name: bytes, tmp_path: Path) -> None:
    import subprocess

    git_says = (
        subprocess.run(["git", "check-ref-format", name], capture_output=True).returncode == 0
    )
    try:
        vault.check_refname(name)
        ours = True
    except vault.VaultError:
        ours = False
    assert ours == (git_says and name.startswith(b"refs/"))


def test_git_bare_links_a_visits_own_packs_and_repacks_otherwise(
    node_home: Path, repo: Path, tmp_path: Path
) -> None:
    from sankofa.archive.store import object_store

    first = services.archive_origin(OPERATOR, str(repo))
    linked = tmp_path / "linked.git"
    services.give_back(OPERATOR, CoreSWHID(ObjectType.SNAPSHOT, bytes(first.snapshot.sha1_git)),
                       "git-bare", linked)  # fmt: skip
    (store_pack,) = object_store().pack_dir.glob("*.pack")
    (out_pack,) = (linked / "objects" / "pack").glob("*.pack")
    assert out_pack.stat().st_ino == store_pack.stat().st_ino  # a hard link, no copy
    commit_files(repo, {"more": b"more\n"}, "more")
    second = services.archive_origin(OPERATOR, str(repo))
    repacked = tmp_path / "repacked.git"
    services.give_back(OPERATOR, CoreSWHID(ObjectType.SNAPSHOT, bytes(second.snapshot.sha1_git)),
                       "git-bare", repacked)  # fmt: skip
    (out_pack,) = (repacked / "objects" / "pack").glob("*.pack")
    assert out_pack.stat().st_ino not in {
        p.stat().st_ino for p in object_store().pack_dir.glob("*.pack")
    }
    assert git(repacked, "rev-list", "--objects", "--all") == git(
        repo, "rev-list", "--objects", "--all"
    )
    git(repacked, "fsck", "--strict")
