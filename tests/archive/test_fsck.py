"""fsck re-hashes every stored object and finds what visible snapshots lack."""

from __future__ import annotations

from pathlib import Path

import pytest

from sankofa.archive import services
from sankofa.archive.store import object_store
from sankofa.core.actors import Actor
from tests.archive.repos import commit_files, git

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator("test")


def test_clean_archive_passes(node_home: Path, repo: Path) -> None:
    services.archive_origin(OPERATOR, str(repo))
    report = services.check_archive(OPERATOR)
    assert report.ok
    assert report.checked == len(git(repo, "rev-list", "--objects", "--all").splitlines())


def test_corrupt_pack_is_reported(node_home: Path, repo: Path) -> None:
    commit_files(repo, {"data.txt": bytes(range(256)) * 64}, "data")
    services.archive_origin(OPERATOR, str(repo))
    object_store().close()
    (pack,) = object_store().pack_dir.glob("*.pack")
    pack.chmod(0o644)
    data = bytearray(pack.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF
    pack.write_bytes(bytes(data))
    report = services.check_archive(OPERATOR)
    assert not report.ok
    assert report.corrupt or report.errors


def test_lost_pack_is_reported_as_missing(node_home: Path, repo: Path) -> None:
    services.archive_origin(OPERATOR, str(repo))
    commit_files(repo, {"later.txt": b"later\n"}, "later")
    services.archive_origin(OPERATOR, str(repo))
    store = object_store()
    store.close()
    newest = max(store.pack_dir.glob("*.idx"), key=lambda p: p.stat().st_mtime_ns)
    newest.unlink()
    newest.with_suffix(".pack").unlink()
    report = services.check_archive(OPERATOR)
    assert not report.ok
    head = git(repo, "rev-parse", "HEAD")
    assert any(oid == head for oid, _ in report.missing)


def test_pack_copies_live_in_the_blob_store(node_home: Path, repo: Path) -> None:
    from sankofa.archive.models import Pack
    from sankofa.core.blobstore import get_blobstore

    services.archive_origin(OPERATOR, str(repo))
    pack = Pack.objects.get()
    blobs = get_blobstore()
    store_pack = object_store().pack_dir / f"{pack.name}.pack"
    assert blobs.open(pack.pack_digest).read() == store_pack.read_bytes()
    blobs.delete(pack.index_digest)
    report = services.check_archive(OPERATOR)
    assert (pack.name, f"blob store copy {pack.index_digest} of a pack") in report.missing
