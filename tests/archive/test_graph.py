"""The archive as a graph: children of any object, and where an object occurs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sankofa.archive import graph, services
from sankofa.archive.store import object_store
from sankofa.core.actors import Actor
from sankofa.swhid.identifiers import CoreSWHID, ObjectType
from tests.archive.repos import commit_files, git, new_repo

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator("test")


def swhid(kind: ObjectType, hex_id: str) -> CoreSWHID:
    return CoreSWHID(kind, bytes.fromhex(hex_id))


def test_children_of_each_type(node_home: Path, repo: Path) -> None:
    visit = services.archive_origin(OPERATOR, str(repo))
    store = object_store()
    head = git(repo, "rev-parse", "HEAD")
    kids = graph.children(store, swhid(ObjectType.REVISION, head))
    assert [str(k.swhid) for k in kids] == [
        f"swh:1:dir:{git(repo, 'rev-parse', 'HEAD^{tree}')}",
        f"swh:1:rev:{git(repo, 'rev-parse', 'HEAD^')}",
    ]
    tree = graph.children(store, swhid(ObjectType.DIRECTORY, git(repo, "rev-parse", "HEAD^{tree}")))
    assert [(k.label, k.swhid.object_type) for k in tree] == [
        (b"README", ObjectType.CONTENT),
        (b"src", ObjectType.DIRECTORY),
    ]
    tag = graph.children(store, swhid(ObjectType.RELEASE, git(repo, "rev-parse", "v1")))
    assert str(tag[0].swhid) == f"swh:1:rev:{git(repo, 'rev-parse', 'v1^{commit}')}"
    snp = graph.children(store, CoreSWHID(ObjectType.SNAPSHOT, bytes(visit.snapshot.sha1_git)))
    assert {k.label for k in snp} == {b"HEAD", b"refs/heads/main", b"refs/tags/v1"}
    assert (
        graph.children(store, swhid(ObjectType.CONTENT, git(repo, "rev-parse", "HEAD:README")))
        == []
    )


def test_provenance_of_a_file_across_origins(node_home: Path, repo: Path, tmp_path: Path) -> None:
    services.archive_origin(OPERATOR, str(repo))
    other = new_repo(tmp_path / "other")
    commit_files(other, {"unrelated": b"u\n"}, "start")
    commit_files(other, {"vendored/a.py": b"print(1)\n"}, "vendor a.py")
    services.archive_origin(OPERATOR, str(other))
    blob = git(repo, "rev-parse", "HEAD:src/a.py")
    found = graph.provenance(object_store(), swhid(ObjectType.CONTENT, blob))
    occurrences = {(o.revision.object_id.hex(), o.path) for o in found.occurrences}
    assert occurrences == {
        (git(repo, "rev-parse", "HEAD^"), b"src/a.py"),
        (git(other, "rev-parse", "HEAD"), b"vendored/a.py"),
    }
    assert found.origins == sorted([repo.resolve().as_uri(), other.resolve().as_uri()])
    lonely = graph.provenance(
        object_store(), swhid(ObjectType.CONTENT, git(other, "rev-parse", "HEAD:unrelated"))
    )
    assert lonely.origins == [other.resolve().as_uri()]


def test_provenance_of_a_revision_and_snapshot(node_home: Path, repo: Path) -> None:
    visit = services.archive_origin(OPERATOR, str(repo))
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    found = graph.provenance(object_store(), swhid(ObjectType.REVISION, first))
    assert found.origins == [repo.resolve().as_uri()]
    snp = CoreSWHID(ObjectType.SNAPSHOT, bytes(visit.snapshot.sha1_git))
    assert graph.provenance(object_store(), snp).origins == [repo.resolve().as_uri()]


def test_unknown_objects_are_not_archived(node_home: Path, repo: Path) -> None:
    services.archive_origin(OPERATOR, str(repo))
    for kind in ObjectType:
        with pytest.raises(graph.NotArchived):
            graph.children(object_store(), swhid(kind, "1" * 40))
