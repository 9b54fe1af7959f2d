"""Canonical manifests: the exact bytes hashed to identify each kind of object.

The manifests of directories, revisions and releases are the bodies of git ``tree``,
``commit`` and ``tag`` objects, so their identifiers are git's. The snapshot manifest
is Software Heritage's. None of them includes the ``<type> <length>\\0`` header,
which :func:`sankofa.swhid.hashing.git_object_id` adds.

Directory (git tree)
    The concatenation, for each entry, of::

        <perms in octal ASCII, no leading zero> SP <name> NUL <raw target id>

    Entries are sorted by name, comparing bytes, where the name of a directory entry
    (perms with file-type bits ``040000``) compares as if followed by ``/``. A
    directory's perms are therefore written ``40000``.

Revision (git commit) and release (git tag)
    A sequence of header lines, ``<key> SP <value> LF``, where every LF inside a value
    is followed by one SP (continuation line); then, if the message is not None, one
    LF and the message verbatim. The headers are, in order:

    * commit: ``tree <hex>``, ``parent <hex>`` for each parent, ``author <ident>``,
      ``committer <ident>``, then the extra headers;
    * tag: ``object <hex>``, ``type <blob|tree|commit|tag>``, ``tag <name>``,
      ``tagger <ident>`` (only if the release has an author), then the extra headers.

    Ids are written in lowercase hexadecimal. ``<ident>`` is
    ``<fullname> SP <seconds in decimal> SP <offset bytes>``, or the fullname alone for
    a release author without date.

Snapshot
    For each branch, in increasing byte order of names::

        <target type> SP <name> NUL <length of target in ASCII decimal> : <target>

    where the target type is ``content``, ``directory``, ``revision``, ``release``,
    ``snapshot`` or ``alias`` (the target of an alias is the name of a branch), and a
    dangling branch is written ``dangling SP <name> NUL 0:``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sankofa.swhid.identifiers import ObjectType
from sankofa.swhid.model import (
    DIRECTORY_PERMS,
    DirectoryEntry,
    Person,
    Release,
    Revision,
    SnapshotBranch,
    Timestamp,
)

__all__ = [
    "GIT_OBJECT_TYPES",
    "directory_manifest",
    "format_headers",
    "format_ident",
    "release_manifest",
    "revision_manifest",
    "snapshot_manifest",
]

GIT_OBJECT_TYPES: Mapping[ObjectType, bytes] = {
    ObjectType.CONTENT: b"blob",
    ObjectType.DIRECTORY: b"tree",
    ObjectType.REVISION: b"commit",
    ObjectType.RELEASE: b"tag",
}
"""The git object type word of each SWHID object type git knows."""

_FILE_TYPE_MASK = 0o170000  # the S_IFMT bits of a mode


def _tree_sort_key(entry: DirectoryEntry) -> bytes:
    # Same rule as model.is_directory_perms, inlined: this runs once per entry.
    if entry.perms & _FILE_TYPE_MASK == DIRECTORY_PERMS:
        return entry.name + b"/"
    return entry.name


def directory_manifest(entries: Iterable[DirectoryEntry]) -> bytes:
    """Return the git tree body of ``entries`` (sorted here; see the module docstring)."""
    ordered = sorted(entries, key=_tree_sort_key)
    return b"".join([b"%o %s\x00%s" % (entry.perms, entry.name, entry.target) for entry in ordered])


def format_ident(person: Person, date: Timestamp | None) -> bytes:
    """Return ``<fullname> SP <seconds> SP <offset>``, or the fullname if ``date`` is None."""
    if date is None:
        return person.fullname
    return b"%s %d %s" % (person.fullname, date.seconds, date.offset_bytes)


def format_headers(headers: Iterable[tuple[bytes, bytes]], message: bytes | None) -> bytes:
    """Return the header lines then, unless ``message`` is None, LF and the message.

    Each header is ``<key> SP <value> LF`` with every LF of the value followed by SP.
    """
    parts: list[bytes] = []
    for key, value in headers:
        parts += (key, b" ", value.replace(b"\n", b"\n "), b"\n")
    if message is not None:
        parts += (b"\n", message)
    return b"".join(parts)


def revision_manifest(rev: Revision) -> bytes:
    """Return the canonical git commit body of ``rev`` (ignores ``raw_manifest``)."""
    headers = [(b"tree", rev.directory.hex().encode())]
    headers += [(b"parent", parent.hex().encode()) for parent in rev.parents]
    headers.append((b"author", format_ident(rev.author, rev.date)))
    headers.append((b"committer", format_ident(rev.committer, rev.committer_date)))
    headers += rev.extra_headers
    return format_headers(headers, rev.message)


def release_manifest(rel: Release) -> bytes:
    """Return the canonical git tag body of ``rel`` (ignores ``raw_manifest``)."""
    try:
        git_type = GIT_OBJECT_TYPES[rel.target_type]
    except KeyError:
        raise ValueError(f"a git tag cannot target a {rel.target_type.name.lower()}") from None
    headers = [
        (b"object", rel.target.hex().encode()),
        (b"type", git_type),
        (b"tag", rel.name),
    ]
    if rel.author is not None:
        headers.append((b"tagger", format_ident(rel.author, rel.date)))
    headers += rel.extra_headers
    return format_headers(headers, rel.message)


def snapshot_manifest(branches: Mapping[bytes, SnapshotBranch | None]) -> bytes:
    """Return the Software Heritage snapshot manifest of ``branches``.

    See the module docstring for the format.
    """
    parts: list[bytes] = []
    for name in sorted(branches):
        branch = branches[name]
        if branch is None:
            parts += (b"dangling ", name, b"\x000:")
        else:
            target = branch.target
            parts += (
                branch.target_type.value.encode(),
                b" ",
                name,
                b"\x00%d:" % len(target),
                target,
            )
    return b"".join(parts)
