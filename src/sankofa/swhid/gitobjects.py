"""Parsing of git object bodies (without the ``<type> <length>\\0`` header).

Every parser returns a model object whose :meth:`manifest` is exactly the bytes
given, hence whose id is the one git computes: when re-serializing the parsed fields
(:mod:`sankofa.swhid.manifests`) does not reproduce the input -- a tree mode written
``040000``, unsorted entries, odd spacing, a missing author, headers in an unusual
order, a missing final newline -- the object keeps ``raw_manifest`` set to the input.
A tree with two entries of the same name is also kept raw, even when sorted. Such
objects are *non-canonical*; their fields are a best-effort reading of the bytes.

Only what cannot be represented at all raises :class:`MalformedObject`: truncated
tree entries, modes that are not octal, missing or invalid object references
(``tree``, ``parent``, ``object``), unknown tag target types. Nothing else is
raised, whatever the input bytes.

Tree
    A sequence of ``<octal mode> SP <name> NUL <raw id>`` with a raw id of the digest
    size of the hash algorithm (20 bytes for SHA-1). A name runs from the first space
    after the mode to the next NUL and may contain any other byte, ``/`` included.

Commit and tag
    Header lines ``<key> SP <value> LF``; a line starting with SP continues the value
    of the previous header (the SP is dropped, the LF kept). A line without SP is a
    header with an empty value (non-canonical). The first empty line ends the headers
    and the rest is the message; without one the message is None.

    A commit must start with ``tree <hex>``, followed by its ``parent <hex>`` lines.
    The first ``author`` and the first ``committer`` header after them are the author
    and committer; all other headers are extra headers, in order. A missing author or
    committer reads as ``Person(b"")`` dated ``Timestamp(0, b"+0000")``.

    A tag must start with ``object <hex>`` and ``type <blob|tree|commit|tag>``. The
    first ``tag`` header after them is the name (``b""`` if missing) and the first
    ``tagger`` header the author (None if missing); other headers are extra headers.

    An ident (author, committer, tagger) is split at its last two spaces into fullname,
    seconds and offset, the offset being kept verbatim. If the seconds are not a
    decimal integer, the whole value is the fullname, and the date is None for a tag,
    ``Timestamp(0, b"+0000")`` for a commit (non-canonical).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import NamedTuple

from sankofa.swhid.manifests import (
    GIT_OBJECT_TYPES,
    directory_manifest,
    release_manifest,
    revision_manifest,
)
from sankofa.swhid.model import (
    Directory,
    DirectoryEntry,
    Person,
    Release,
    Revision,
    Timestamp,
)

__all__ = [
    "MalformedObject",
    "parse_commit",
    "parse_object",
    "parse_tag",
    "parse_tree",
]

_OCTAL_DIGITS = b"01234567"
_HEX_DIGITS = b"0123456789abcdefABCDEF"
_SECONDS = re.compile(rb"-?[0-9]+")
_MISSING_PERSON = Person(b"")
_MISSING_DATE = Timestamp(0, b"+0000")
_TAG_TARGET_TYPES = {git: object_type for object_type, git in GIT_OBJECT_TYPES.items()}


class MalformedObject(ValueError):
    """A git object body that cannot be read as its type.

    ``object_type`` is the git type (``"tree"``...), ``offset`` the byte offset in the
    body where the problem was found, ``reason`` what is wrong there.
    """

    def __init__(self, object_type: str, offset: int, reason: str) -> None:
        super().__init__(f"malformed git {object_type} at byte {offset}: {reason}")
        self.object_type = object_type
        self.offset = offset
        self.reason = reason


def _digest_size(algorithm: str) -> int:
    return hashlib.new(algorithm).digest_size


def parse_tree(raw: bytes, *, algorithm: str = "sha1") -> Directory:
    """Parse a git tree body into a :class:`Directory`, entries in the order found."""
    size = _digest_size(algorithm)
    entries: list[DirectoryEntry] = []
    find = raw.find
    pos, end = 0, len(raw)
    while pos < end:
        space = find(b" ", pos)
        if space < 0:
            raise MalformedObject("tree", pos, "entry mode is not followed by a space")
        mode = raw[pos:space]
        if not mode or mode.strip(_OCTAL_DIGITS):
            raise MalformedObject("tree", pos, f"entry mode {mode[:20]!r} is not octal")
        nul = find(b"\x00", space + 1)
        if nul < 0:
            raise MalformedObject("tree", space + 1, "entry name is not terminated by NUL")
        next_pos = nul + 1 + size
        if next_pos > end:
            raise MalformedObject(
                "tree", nul + 1, f"entry id truncated: {end - nul - 1} of {size} bytes"
            )
        entries.append(DirectoryEntry(raw[space + 1 : nul], int(mode, 8), raw[nul + 1 : next_pos]))
        pos = next_pos
    canonical = directory_manifest(entries) == raw
    if canonical and len({entry.name for entry in entries}) != len(entries):
        canonical = False  # git would write the same bytes, but a name is ambiguous
    return Directory(tuple(entries), raw_manifest=None if canonical else raw)


class _Header(NamedTuple):
    key: bytes
    value: bytes
    offset: int


def _split_headers(raw: bytes, kind: str) -> tuple[list[_Header], bytes | None]:
    """Split a commit or tag body into its headers and message (None if no blank line)."""
    headers: list[_Header] = []
    values: list[list[bytes]] = []  # the lines of each header value
    pos, end = 0, len(raw)
    message: bytes | None = None
    while pos < end:
        eol = raw.find(b"\n", pos)
        if eol < 0:
            eol = end
        line = raw[pos:eol]
        if not line:
            message = raw[eol + 1 :]
            break
        if line.startswith(b" "):
            if not values:
                raise MalformedObject(kind, pos, "continuation line before any header")
            values[-1].append(line[1:])
        else:
            key, _, value = line.partition(b" ")
            headers.append(_Header(key, b"", pos))
            values.append([value])
        pos = eol + 1
    headers = [
        header._replace(value=b"\n".join(lines))
        for header, lines in zip(headers, values, strict=True)
    ]
    return headers, message


def _object_id(header: _Header, size: int, kind: str) -> bytes:
    value = header.value
    if len(value) != 2 * size or value.strip(_HEX_DIGITS):
        raise MalformedObject(
            kind,
            header.offset,
            f"{header.key.decode('ascii', 'replace')} is not {2 * size} hex digits: "
            f"{value[:100]!r}",
        )
    return bytes.fromhex(value.decode("ascii"))


def _parse_ident(value: bytes) -> tuple[Person, Timestamp | None]:
    parts = value.rsplit(b" ", 2)
    if len(parts) == 3 and _SECONDS.fullmatch(parts[1]):
        return Person(parts[0]), Timestamp(int(parts[1]), parts[2])
    return Person(value), None


def _pop_first(headers: list[_Header], key: bytes) -> _Header | None:
    for index, header in enumerate(headers):
        if header.key == key:
            return headers.pop(index)
    return None


def _pop_ident(headers: list[_Header], key: bytes) -> tuple[Person, Timestamp]:
    header = _pop_first(headers, key)
    if header is None:
        return _MISSING_PERSON, _MISSING_DATE
    person, date = _parse_ident(header.value)
    return person, date if date is not None else _MISSING_DATE


def _expect(headers: list[_Header], index: int, key: bytes, kind: str) -> _Header:
    if index >= len(headers):
        offset = headers[-1].offset if headers else 0
        raise MalformedObject(kind, offset, f"missing {key.decode()} header")
    header = headers[index]
    if header.key != key:
        raise MalformedObject(
            kind, header.offset, f"expected {key.decode()} header, found {header.key[:40]!r}"
        )
    return header


def parse_commit(raw: bytes, *, algorithm: str = "sha1") -> Revision:
    """Parse a git commit body into a :class:`Revision`."""
    size = _digest_size(algorithm)
    headers, message = _split_headers(raw, "commit")
    directory = _object_id(_expect(headers, 0, b"tree", "commit"), size, "commit")
    index = 1
    while index < len(headers) and headers[index].key == b"parent":
        index += 1
    parents = tuple(_object_id(header, size, "commit") for header in headers[1:index])
    rest = headers[index:]
    author, date = _pop_ident(rest, b"author")
    committer, committer_date = _pop_ident(rest, b"committer")
    revision = Revision(
        directory=directory,
        parents=parents,
        author=author,
        date=date,
        committer=committer,
        committer_date=committer_date,
        message=message,
        extra_headers=tuple((header.key, header.value) for header in rest),
    )
    if revision_manifest(revision) != raw:
        revision = replace(revision, raw_manifest=raw)
    return revision


def parse_tag(raw: bytes, *, algorithm: str = "sha1") -> Release:
    """Parse a git tag body into a :class:`Release`."""
    size = _digest_size(algorithm)
    headers, message = _split_headers(raw, "tag")
    target = _object_id(_expect(headers, 0, b"object", "tag"), size, "tag")
    type_header = _expect(headers, 1, b"type", "tag")
    target_type = _TAG_TARGET_TYPES.get(type_header.value)
    if target_type is None:
        raise MalformedObject(
            "tag", type_header.offset, f"unknown target type {type_header.value[:40]!r}"
        )
    rest = headers[2:]
    name_header = _pop_first(rest, b"tag")
    tagger_header = _pop_first(rest, b"tagger")
    author, date = (None, None) if tagger_header is None else _parse_ident(tagger_header.value)
    release = Release(
        name=b"" if name_header is None else name_header.value,
        target=target,
        target_type=target_type,
        author=author,
        date=date,
        message=message,
        extra_headers=tuple((header.key, header.value) for header in rest),
    )
    if release_manifest(release) != raw:
        release = replace(release, raw_manifest=raw)
    return release


def parse_object(
    object_type: bytes, raw: bytes, *, algorithm: str = "sha1"
) -> Directory | Revision | Release | None:
    """Parse a git object body of the given git type.

    ``blob`` returns None: a blob has no structure, its bytes are the content (hash
    them with :func:`sankofa.swhid.hashing.content_hashes`). ``tree``, ``commit`` and
    ``tag`` are parsed as above; any other type raises :class:`MalformedObject`.
    """
    if object_type == b"blob":
        return None
    if object_type == b"tree":
        return parse_tree(raw, algorithm=algorithm)
    if object_type == b"commit":
        return parse_commit(raw, algorithm=algorithm)
    if object_type == b"tag":
        return parse_tag(raw, algorithm=algorithm)
    raise MalformedObject(
        object_type.decode("ascii", "replace"), 0, f"unknown git object type {object_type!r}"
    )
