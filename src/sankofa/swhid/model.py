"""The Software Heritage object model: directories, revisions, releases, snapshots.

Every object is a frozen value whose identifier is the git object id of its
*manifest* (see :mod:`sankofa.swhid.manifests` for the exact byte formats):

========== ============== ===================================================
object     git type       identifier
========== ============== ===================================================
Directory  ``tree``       ``git_object_id(b"tree", directory.manifest())``
Revision   ``commit``     ``git_object_id(b"commit", revision.manifest())``
Release    ``tag``        ``git_object_id(b"tag", release.manifest())``
Snapshot   ``snapshot``   ``git_object_id(b"snapshot", snapshot.manifest())``
========== ============== ===================================================

Contents (files) are not modelled here: they are identified by their git blob id,
see :mod:`sankofa.swhid.hashing`.

Objects parsed from git that cannot be reproduced byte for byte from their fields
(non-canonical objects) carry ``raw_manifest``: the exact body of the git object,
*without* the ``<type> <length>\\0`` header. When it is set, :meth:`manifest` returns
it, so the identifier is the one git computed. ``.id`` is always SHA-1 (SWHID v1);
``object_id(algorithm)`` hashes the same manifest with another algorithm.

Identifiers are computed on first use and cached in the (immutable) value.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from sankofa.swhid.hashing import git_object_id
from sankofa.swhid.identifiers import ObjectType

__all__ = [
    "CONTENT_PERMS",
    "DIRECTORY_PERMS",
    "EXECUTABLE_PERMS",
    "GIT_BRANCH_TARGETS",
    "REVISION_PERMS",
    "SYMLINK_PERMS",
    "BranchTargetType",
    "Branches",
    "Directory",
    "DirectoryEntry",
    "Person",
    "Release",
    "Revision",
    "Snapshot",
    "SnapshotBranch",
    "Timestamp",
    "is_directory_perms",
]

CONTENT_PERMS = 0o100644
"""A regular file (git mode ``100644``)."""
EXECUTABLE_PERMS = 0o100755
"""An executable regular file (git mode ``100755``)."""
SYMLINK_PERMS = 0o120000
"""A symbolic link; its target path is the content (git mode ``120000``)."""
DIRECTORY_PERMS = 0o040000
"""A subdirectory (git writes the mode as ``40000``, without leading zero)."""
REVISION_PERMS = 0o160000
"""A revision of another repository: a git submodule, or *gitlink* (``160000``)."""

_FILE_TYPE_MASK = 0o170000  # the S_IFMT bits of a mode


def is_directory_perms(perms: int) -> bool:
    """Whether ``perms`` denote a directory (``S_ISDIR``: file-type bits ``040000``).

    This is the rule git uses to sort tree entries, so it also applies to unusual
    directory modes such as ``040755`` found in very old trees.
    """
    return perms & _FILE_TYPE_MASK == DIRECTORY_PERMS


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """One entry of a directory: ``name`` (any bytes but NUL), git ``perms``, ``target``.

    ``target`` is the raw id of a content, a directory or (perms ``160000``) a revision.
    """

    name: bytes
    perms: int
    target: bytes

    def __post_init__(self) -> None:
        if b"\x00" in self.name:
            raise ValueError(f"directory entry name contains NUL: {self.name!r}")
        if self.perms < 0:
            raise ValueError(f"directory entry perms must be non-negative: {self.perms}")

    @property
    def object_type(self) -> ObjectType:
        """The type of the target: directory, revision (gitlink) or else content."""
        if is_directory_perms(self.perms):
            return ObjectType.DIRECTORY
        if self.perms & _FILE_TYPE_MASK == REVISION_PERMS:
            return ObjectType.REVISION
        return ObjectType.CONTENT


class _Hashed:
    """What Directory, Revision, Release and Snapshot share: a manifest and a cached id.

    The manifest is ``raw_manifest`` when the object keeps one (non-canonical
    objects keep their bytes so their id is preserved), else the canonical bytes;
    the id is the hash of ``<git type> SP <length> NUL <manifest>``.
    """

    __slots__ = ()
    GIT_TYPE: ClassVar[bytes]
    _id: bytes | None

    def canonical_manifest(self) -> bytes:
        raise NotImplementedError

    def manifest(self) -> bytes:
        raw: bytes | None = getattr(self, "raw_manifest", None)
        return raw if raw is not None else self.canonical_manifest()

    def object_id(self, algorithm: str = "sha1") -> bytes:
        """The object's id under ``algorithm``."""
        return git_object_id(self.GIT_TYPE, self.manifest(), algorithm)

    @property
    def id(self) -> bytes:
        """The SHA-1 id: the digest of the object's SWHID."""
        cached = self._id
        if cached is None:
            cached = self.object_id()
            object.__setattr__(self, "_id", cached)
        return cached


@dataclass(frozen=True, slots=True)
class Directory(_Hashed):
    """A directory: its entries, and the raw tree bytes when they are not canonical.

    ``entries`` may be in any order: the manifest sorts them as git does.
    """

    GIT_TYPE: ClassVar[bytes] = b"tree"

    entries: tuple[DirectoryEntry, ...]
    raw_manifest: bytes | None = None
    _id: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def canonical_manifest(self) -> bytes:
        """The git tree body, entries sorted as git does."""
        from sankofa.swhid.manifests import directory_manifest

        return directory_manifest(self.entries)


_NAME_EMAIL = re.compile(rb"^(.*?) ?<([^>]*)>", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Person:
    """An author, committer or tagger, as the raw bytes git stores (``name <email>``).

    Only ``fullname`` is part of the object; :attr:`name` and :attr:`email` are
    best-effort views of it.
    """

    fullname: bytes

    @property
    def name(self) -> bytes | None:
        """The bytes before ``<email>`` (one separating space removed), if any."""
        match = _NAME_EMAIL.match(self.fullname)
        return match.group(1) if match else None

    @property
    def email(self) -> bytes | None:
        """The bytes between the first ``<`` and the next ``>``, if any."""
        match = _NAME_EMAIL.match(self.fullname)
        return match.group(2) if match else None


_OFFSET = re.compile(rb"([+-])([0-9]{2})([0-9]{2})")


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A git date: seconds since the Unix epoch and the UTC offset bytes as found.

    ``offset_bytes`` is usually ``[+-]HHMM`` but is kept verbatim, so ``-0000`` and
    malformed offsets such as ``+02000`` survive.
    """

    seconds: int
    offset_bytes: bytes

    def offset_minutes(self) -> int | None:
        """The offset from UTC in minutes, or None if ``offset_bytes`` is not ``[+-]HHMM``."""
        match = _OFFSET.fullmatch(self.offset_bytes)
        if match is None:
            return None
        minutes = int(match.group(2)) * 60 + int(match.group(3))
        return -minutes if match.group(1) == b"-" else minutes


@dataclass(frozen=True, slots=True)
class Revision(_Hashed):
    """A git commit.

    ``extra_headers`` are the headers following ``committer``, in order (for example
    ``encoding``, ``mergetag``, ``gpgsig``); a value may span several lines.
    ``message`` None means the commit has no blank line and no message at all;
    ``b""`` means a blank line followed by nothing.
    """

    GIT_TYPE: ClassVar[bytes] = b"commit"

    directory: bytes
    parents: tuple[bytes, ...]
    author: Person
    date: Timestamp
    committer: Person
    committer_date: Timestamp
    message: bytes | None
    extra_headers: tuple[tuple[bytes, bytes], ...] = ()
    raw_manifest: bytes | None = None
    _id: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def canonical_manifest(self) -> bytes:
        """The git commit body."""
        from sankofa.swhid.manifests import revision_manifest

        return revision_manifest(self)


@dataclass(frozen=True, slots=True)
class Release(_Hashed):
    """A git annotated tag, pointing at a content, directory, revision or release.

    ``author`` (the tagger) is None for old tags without a ``tagger`` header; ``date``
    may be None only if the tagger line has no date (then ``author`` holds the whole
    line). ``message`` None means no blank line and no message.
    """

    GIT_TYPE: ClassVar[bytes] = b"tag"

    name: bytes
    target: bytes
    target_type: ObjectType
    author: Person | None
    date: Timestamp | None
    message: bytes | None
    extra_headers: tuple[tuple[bytes, bytes], ...] = ()
    raw_manifest: bytes | None = None
    _id: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.target_type is ObjectType.SNAPSHOT:
            raise ValueError("a release cannot target a snapshot: git has no such object")
        if self.author is None and self.date is not None:
            raise ValueError("a release date needs an author: git writes it on the tagger line")

    def canonical_manifest(self) -> bytes:
        """The git tag body."""
        from sankofa.swhid.manifests import release_manifest

        return release_manifest(self)


class BranchTargetType(enum.Enum):
    """What a snapshot branch points at; the value is the word used in the manifest."""

    CONTENT = "content"
    DIRECTORY = "directory"
    REVISION = "revision"
    RELEASE = "release"
    SNAPSHOT = "snapshot"
    ALIAS = "alias"

    @property
    def object_type(self) -> ObjectType | None:
        """The SWHID object type of the target, None for an alias (a branch name)."""
        return _BRANCH_OBJECT_TYPES.get(self)


_BRANCH_OBJECT_TYPES = {
    BranchTargetType.CONTENT: ObjectType.CONTENT,
    BranchTargetType.DIRECTORY: ObjectType.DIRECTORY,
    BranchTargetType.REVISION: ObjectType.REVISION,
    BranchTargetType.RELEASE: ObjectType.RELEASE,
    BranchTargetType.SNAPSHOT: ObjectType.SNAPSHOT,
}

GIT_BRANCH_TARGETS = {
    b"blob": BranchTargetType.CONTENT,
    b"tree": BranchTargetType.DIRECTORY,
    b"commit": BranchTargetType.REVISION,
    b"tag": BranchTargetType.RELEASE,
}
"""What a git ref pointing at an object of each git type is, as a snapshot branch."""


@dataclass(frozen=True, slots=True)
class SnapshotBranch:
    """A branch target: a raw object id, or for an alias the name of another branch."""

    target: bytes
    target_type: BranchTargetType


class Branches(Mapping[bytes, SnapshotBranch | None]):
    """An immutable, hashable mapping of branch names, iterated in sorted byte order."""

    __slots__ = ("_hash", "_items", "_mapping")

    def __init__(self, branches: Mapping[bytes, SnapshotBranch | None]) -> None:
        self._items = tuple(sorted(branches.items(), key=lambda item: item[0]))
        self._mapping = dict(self._items)
        self._hash: int | None = None

    def __getitem__(self, name: bytes) -> SnapshotBranch | None:
        return self._mapping[name]

    def __iter__(self) -> Iterator[bytes]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._items)
        return self._hash

    def __repr__(self) -> str:
        return f"Branches({self._mapping!r})"

    def sorted_items(self) -> tuple[tuple[bytes, SnapshotBranch | None], ...]:
        """The ``(name, branch)`` pairs sorted by name."""
        return self._items


@dataclass(frozen=True, slots=True)
class Snapshot(_Hashed):
    """The branches of an origin at one visit; a None branch is dangling.

    Any mapping given as ``branches`` is stored as an immutable :class:`Branches`.
    """

    GIT_TYPE: ClassVar[bytes] = b"snapshot"

    branches: Mapping[bytes, SnapshotBranch | None]
    _id: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.branches, Branches):
            object.__setattr__(self, "branches", Branches(self.branches))

    @classmethod
    def from_dict(cls, branches: Mapping[bytes, SnapshotBranch | None]) -> Snapshot:
        """Build a snapshot from a mapping (for example a dict) of branch names."""
        return cls(Branches(branches))

    def canonical_manifest(self) -> bytes:
        """The snapshot manifest (see :func:`sankofa.swhid.manifests.snapshot_manifest`)."""
        from sankofa.swhid.manifests import snapshot_manifest

        return snapshot_manifest(self.branches)
