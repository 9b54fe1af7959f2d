"""What a revision changed: the files it adds, removes or modifies, with line counts.

Computed by git itself on the object store (``git diff-tree --numstat``), against the
revision's first parent; a root revision is compared with the empty tree. Paths are
the raw bytes git stores (``-z`` output, never quoted).
"""

from __future__ import annotations

from dataclasses import dataclass

from sankofa.archive import gitcmd, graph
from sankofa.archive.store import object_store
from sankofa.core.actors import Actor
from sankofa.swhid import gitobjects
from sankofa.swhid.identifiers import CoreSWHID, ObjectType

MAX_FILES = 1000  # a diffstat lists at most this many files (the totals count them all)


@dataclass(frozen=True)
class FileChange:
    """One changed path; ``added`` and ``removed`` are None for a binary file."""

    path: bytes
    added: int | None
    removed: int | None


@dataclass(frozen=True)
class Diffstat:
    """The changes of a revision against ``base`` (its first parent, None for a root)."""

    base: bytes | None
    parents: tuple[bytes, ...]
    files: list[FileChange]
    files_changed: int
    insertions: int
    deletions: int

    @property
    def truncated(self) -> bool:
        return self.files_changed > len(self.files)


def diffstat(actor: Actor, rev_id: bytes) -> Diffstat:
    """The diffstat of a revision against its first parent (``git diff --numstat``).

    Raises `graph.NotArchived` for an unknown revision. A first parent the archive
    does not hold leaves the diffstat empty (``base`` is still that parent).
    """
    store = object_store()
    data = graph.read_typed(store, CoreSWHID(ObjectType.REVISION, rev_id))
    parents = gitobjects.parse_commit(data).parents
    base = parents[0] if parents else None
    if base is not None and store.info(base) is None:
        return Diffstat(base, parents, [], 0, 0, 0)
    args = ["diff-tree", "-r", "--numstat", "-z", "--no-renames", "--no-commit-id"]
    if base is None:
        args += ["--root", rev_id.hex()]
    else:
        args += [base.hex(), rev_id.hex()]
    out = gitcmd.run(store.root, args).stdout
    return _parse(base, parents, out)


def _parse(base: bytes | None, parents: tuple[bytes, ...], out: bytes) -> Diffstat:
    """Read ``--numstat -z`` records: ``<added>\\t<removed>\\t<path>\\0`` (``-`` if binary)."""
    files: list[FileChange] = []
    count = insertions = deletions = 0
    for record in out.split(b"\0"):
        if not record:
            continue
        added, removed, path = record.split(b"\t", 2)
        plus = int(added) if added != b"-" else None
        minus = int(removed) if removed != b"-" else None
        count += 1
        insertions += plus or 0
        deletions += minus or 0
        if len(files) < MAX_FILES:
            files.append(FileChange(path, plus, minus))
    return Diffstat(base, parents, files, count, insertions, deletions)
