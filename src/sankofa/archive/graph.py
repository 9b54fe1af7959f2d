"""The archive as a graph: an object's children, and where an object occurs.

Children come from the objects themselves (trees, commits, tags in the
object store; snapshots in the database). Provenance asks git which archived
commits introduce a content or directory (`git log --find-object`), then
which archived heads contain those commits, then which visits' snapshots
point at those heads.
"""

from __future__ import annotations

from dataclasses import dataclass

from sankofa.archive import gitcmd
from sankofa.archive.models import Origin, Snapshot, SnapshotBranch, binary
from sankofa.archive.objectstore import GitObjectStore, ObjectMissing, ObjectStore
from sankofa.swhid import gitobjects
from sankofa.swhid.identifiers import CoreSWHID, ObjectType
from sankofa.swhid.model import (
    DIRECTORY_PERMS,
    REVISION_PERMS,
    BranchTargetType,
)

GIT_TYPES = {
    ObjectType.CONTENT: b"blob",
    ObjectType.DIRECTORY: b"tree",
    ObjectType.REVISION: b"commit",
    ObjectType.RELEASE: b"tag",
}
SWHID_TYPES = {v: k for k, v in GIT_TYPES.items()}
BRANCH_OBJECT_TYPES = {
    BranchTargetType.CONTENT: ObjectType.CONTENT,
    BranchTargetType.DIRECTORY: ObjectType.DIRECTORY,
    BranchTargetType.REVISION: ObjectType.REVISION,
    BranchTargetType.RELEASE: ObjectType.RELEASE,
    BranchTargetType.SNAPSHOT: ObjectType.SNAPSHOT,
}
PROVENANCE_LIMIT = 100


class NotArchived(LookupError):
    """The object is not in the archive."""


@dataclass(frozen=True)
class Child:
    label: bytes  # entry name, "parent", "directory", "target", or a branch name
    swhid: CoreSWHID | None  # None for an alias or dangling branch
    detail: str = ""  # perms for entries, alias target for aliases


@dataclass(frozen=True)
class Occurrence:
    revision: CoreSWHID
    path: bytes


@dataclass(frozen=True)
class Provenance:
    occurrences: list[Occurrence]
    origins: list[str]


def entry_type(perms: int) -> ObjectType:
    if perms == DIRECTORY_PERMS:
        return ObjectType.DIRECTORY
    if perms == REVISION_PERMS:
        return ObjectType.REVISION
    return ObjectType.CONTENT


def read_typed(store: ObjectStore, swhid: CoreSWHID) -> bytes:
    """The raw object, checking that its stored type is the one the SWHID names."""
    try:
        kind, data = store.read(swhid.object_id)
    except ObjectMissing:
        raise NotArchived(f"{swhid} is not in the archive") from None
    if SWHID_TYPES.get(kind) != swhid.object_type:
        raise NotArchived(f"{swhid} is not in the archive (a {kind.decode()} has that id)")
    return data


def children(store: ObjectStore, swhid: CoreSWHID) -> list[Child]:
    t = swhid.object_type
    if t is ObjectType.SNAPSHOT:
        return snapshot_children(swhid)
    data = read_typed(store, swhid)
    if t is ObjectType.DIRECTORY:
        return [
            Child(e.name, CoreSWHID(entry_type(e.perms), e.target), f"{e.perms:06o}")
            for e in gitobjects.parse_tree(data).entries
        ]
    if t is ObjectType.REVISION:
        rev = gitobjects.parse_commit(data)
        parents = [Child(b"parent", CoreSWHID(ObjectType.REVISION, p)) for p in rev.parents]
        return [Child(b"directory", CoreSWHID(ObjectType.DIRECTORY, rev.directory)), *parents]
    if t is ObjectType.RELEASE:
        rel = gitobjects.parse_tag(data)
        return [Child(b"target", CoreSWHID(rel.target_type, rel.target))]
    return []


def snapshot_children(swhid: CoreSWHID) -> list[Child]:
    from sankofa.archive.services import BRANCH_TYPES

    row = Snapshot.objects.filter(sha1_git=swhid.object_id).first()
    if row is None:
        raise NotArchived(f"{swhid} is not in the archive")
    result = []
    for name, target, code in row.branches.order_by("name").values_list(
        "name", "target", "target_type"
    ):
        if code == SnapshotBranch.TargetType.DANGLING:
            result.append(Child(binary(name), None, "dangling"))
            continue
        btype = BRANCH_TYPES[int(code)]
        if btype is BranchTargetType.ALIAS:
            alias = binary(target).decode("utf-8", "replace")
            result.append(Child(binary(name), None, "alias to " + alias))
        else:
            kind = BRANCH_OBJECT_TYPES[btype]
            result.append(Child(binary(name), CoreSWHID(kind, binary(target))))
    return result


def provenance(store: GitObjectStore, swhid: CoreSWHID) -> Provenance:
    t = swhid.object_type
    if t is ObjectType.SNAPSHOT:
        return Provenance([], origins_of_snapshot_ids([swhid.object_id]))
    read_typed(store, swhid)
    if t is ObjectType.RELEASE:
        return Provenance([], origins_of_heads(store, [swhid.object_id]))
    if t is ObjectType.REVISION:
        heads = heads_containing(store, swhid.object_id)
        return Provenance([Occurrence(swhid, b"")], origins_of_heads(store, heads))
    found = introducing_revisions(store, swhid)
    if t is ObjectType.DIRECTORY:
        found = revisions_with_root(store, swhid) + found
    tips: set[bytes] = set()
    for occ in found[:10]:
        tips |= heads_containing(store, occ.revision.object_id)
    return Provenance(found, origins_of_heads(store, sorted(tips)))


def introducing_revisions(store: GitObjectStore, swhid: CoreSWHID) -> list[Occurrence]:
    """Archived commits whose tree gains the object, with the path where it appears."""
    oid = swhid.object_id.hex().encode()
    args = [
        "log",
        "--glob=refs/k/*",
        "--root",
        "-t",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--format=commit %H",
        f"--find-object={oid.decode()}",
    ]
    out = gitcmd.run(store.root, args).stdout
    found: list[Occurrence] = []
    current = b""
    for line in out.splitlines():
        if line.startswith(b"commit "):
            current = line[7:]
        elif line.startswith(b":"):
            meta, _, path = line.partition(b"\t")
            if meta.split()[3] == oid and len(found) < PROVENANCE_LIMIT:
                rev = CoreSWHID(ObjectType.REVISION, bytes.fromhex(current.decode()))
                found.append(Occurrence(rev, unquote_path(path)))
    return found


def revisions_with_root(store: GitObjectStore, swhid: CoreSWHID) -> list[Occurrence]:
    """Archived commits whose root directory is the object."""
    out = gitcmd.run(store.root, ["log", "--glob=refs/k/*", "--format=%T %H"]).stdout
    want = swhid.object_id.hex().encode()
    return [
        Occurrence(CoreSWHID(ObjectType.REVISION, bytes.fromhex(line[41:].decode())), b"")
        for line in out.splitlines()
        if line[:40] == want
    ][:PROVENANCE_LIMIT]


def unquote_path(path: bytes) -> bytes:
    """Undo git's C-style quoting of a path in diff output."""
    if not (path.startswith(b'"') and path.endswith(b'"')):
        return path
    return path[1:-1].decode("unicode_escape").encode("latin-1")


def heads_containing(store: GitObjectStore, commit: bytes) -> set[bytes]:
    out = gitcmd.run(
        store.root,
        ["for-each-ref", "--format=%(objectname)", f"--contains={commit.hex()}", "refs/k/"],
    ).stdout
    return {bytes.fromhex(h.decode()) for h in out.split()}


def origins_of_heads(store: GitObjectStore, heads: list[bytes] | set[bytes]) -> list[str]:
    snapshots = SnapshotBranch.objects.filter(target__in=list(heads)).values("snapshot")
    qs = Origin.objects.filter(visits__snapshot__in=snapshots)
    return list(qs.distinct().order_by("url").values_list("url", flat=True))


def origins_of_snapshot_ids(ids: list[bytes]) -> list[str]:
    qs = Origin.objects.filter(visits__snapshot__sha1_git__in=ids)
    return list(qs.distinct().order_by("url").values_list("url", flat=True))
