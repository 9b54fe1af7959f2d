"""The bytes of an unfinished upload: one file per upload under ``SANKOFA_HOME/uploads``.

A writer takes an exclusive, non-blocking ``flock`` on the file for as long as it
appends, so two requests (in any processes of this host) never write one upload at
once.  Bytes are appended at the upload's recorded offset, flushed and fsynced
before the new offset is recorded; a file found longer than the recorded offset
(a process that died between the two) is cut back to it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from sankofa.core.blobstore import CHUNK_SIZE


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...


class Readable(Protocol):
    """Where a body comes from: a file, or a request (``HttpRequest.read``)."""

    def read(self, size: int, /) -> bytes: ...


class PartialBusy(Exception):
    """Another request is writing this upload now."""


@dataclass(frozen=True)
class Received:
    """What one append took from its stream: `count` bytes, and whether it ended early."""

    count: int
    interrupted: bool


def uploads_dir(home: Path) -> Path:
    return home / "uploads"


def partial_path(home: Path, upload_id: str) -> Path:
    return uploads_dir(home) / f"{upload_id}.part"


def create(path: Path) -> None:
    """Create the empty file of a new upload."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as out:
        os.fsync(out.fileno())


@contextlib.contextmanager
def locked(path: Path) -> Iterator[BinaryIO]:
    """The file opened for reading and writing under an exclusive lock; PartialBusy if taken."""
    handle = open(path, "r+b")  # noqa: SIM115 - closed below, after the lock is released
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise PartialBusy(str(path)) from None
            raise
        yield handle
    finally:
        handle.close()  # releases the lock


def reconcile(handle: BinaryIO, offset: int) -> int:
    """Make the file exactly `offset` bytes long if it is longer; return the bytes it holds.

    A file shorter than `offset` (bytes lost by the filesystem) keeps its length:
    the caller then records the smaller offset, so the client sends them again.
    """
    size = os.fstat(handle.fileno()).st_size
    if size > offset:
        handle.truncate(offset)
        os.fsync(handle.fileno())
        return offset
    return size


def append(
    handle: BinaryIO, offset: int, stream: Readable, limit: int, hasher: Hasher | None
) -> Received:
    """Copy up to `limit` bytes of `stream` to the file at `offset`, then fsync.

    A stream that ends or fails before `limit` bytes is an interrupted request:
    what arrived is kept (and synced) and the count says how much.
    """
    handle.seek(offset)
    count = 0
    interrupted = False
    while count < limit:
        try:
            chunk = stream.read(min(CHUNK_SIZE, limit - count))
        except OSError:  # the connection broke
            chunk = b""
        if not chunk:
            interrupted = True
            break
        handle.write(chunk)
        if hasher is not None:
            hasher.update(chunk)
        count += len(chunk)
    handle.flush()
    os.fsync(handle.fileno())
    return Received(count, interrupted)


def cut(handle: BinaryIO, offset: int) -> None:
    """Discard every byte from `offset` on (a chunk whose checksum did not match)."""
    handle.truncate(offset)
    os.fsync(handle.fileno())


def digests(path: Path) -> tuple[str, str]:
    """The (sha256, md5) hex digests of the file, read once in chunks."""
    sha256 = hashlib.sha256()
    md5 = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            sha256.update(chunk)
            md5.update(chunk)
    return sha256.hexdigest(), md5.hexdigest()


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)
