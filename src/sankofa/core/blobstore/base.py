"""The blob store interface shared by every backend.

A blob store keeps immutable byte strings ("blobs") under the lowercase
hexadecimal digest of their content.  With the default algorithm, SHA-256,
a digest is exactly 64 characters from ``0123456789abcdef``; in general its
length is twice the algorithm's ``digest_size``.  Any other string given as a
digest raises :class:`ValueError` before a backend touches its storage, so a
digest can never name anything outside the store.

Backends lay blobs out under the relative path returned by
:func:`blob_path`: ``<d[0:2]>/<d[2:4]>/<d>`` (for example
``ab/cd/abcd…``).  The same relative layout is used on disk and in object
storage, so a local tree can be copied into a bucket prefix verbatim.
"""

from __future__ import annotations

import abc
import hashlib
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

CHUNK_SIZE = 1 << 20
"""Bytes read from a stream at a time by every backend (1 MiB)."""

DEFAULT_ALGORITHM = "sha256"

_HEX = frozenset("0123456789abcdef")


class BlobNotFound(KeyError):
    """No blob with the requested digest is stored."""

    def __init__(self, digest: str) -> None:
        super().__init__(digest)
        self.digest = digest

    def __str__(self) -> str:
        return f"no blob {self.digest}"


class BlobIntegrityError(OSError):
    """A blob read back after writing does not have the expected size or digest."""


def digest_length(algorithm: str) -> int:
    """Return the length in hex characters of a digest made with ``algorithm``.

    Raises :class:`ValueError` for an algorithm :mod:`hashlib` does not know or
    one without a fixed digest size (the SHAKE family).
    """
    try:
        size = hashlib.new(algorithm).digest_size
    except (ValueError, TypeError) as exc:
        raise ValueError(f"unknown hash algorithm {algorithm!r}") from exc
    if size <= 0:
        raise ValueError(f"hash algorithm {algorithm!r} has no fixed digest size")
    return 2 * size


def check_digest(digest: object, length: int = 64) -> str:
    """Return ``digest`` if it is ``length`` lowercase hex characters, else raise ValueError."""
    if not isinstance(digest, str):
        raise ValueError(f"a blob digest must be a str, not {type(digest).__name__}")
    if len(digest) != length or not _HEX.issuperset(digest):
        raise ValueError(
            f"invalid blob digest {digest[:80]!r}: expected {length} lowercase hex characters"
        )
    return digest


def blob_path(digest: str) -> str:
    """Return the relative fan-out path ``<d[0:2]>/<d[2:4]>/<d>`` of a checked digest."""
    return f"{digest[0:2]}/{digest[2:4]}/{digest}"


def check_range(start: int, end: int) -> None:
    """Raise ValueError unless ``0 <= start <= end``."""
    if start < 0 or end < start:
        raise ValueError(f"invalid byte range [{start}, {end}): need 0 <= start <= end")


class BlobStore(abc.ABC):
    """A content-addressed store of immutable blobs.

    Implementations must make :meth:`put` atomic (a reader sees either no blob
    or the whole blob), idempotent (storing existing content does not rewrite
    it) and streaming (memory use bounded independently of the blob size).
    Instances are safe to share between threads.
    """

    def __init__(self, *, algorithm: str = DEFAULT_ALGORITHM) -> None:
        self.algorithm = algorithm
        self.digest_length = digest_length(algorithm)

    def check_digest(self, digest: str) -> str:
        """Return ``digest`` if it is well formed for this store, else raise ValueError."""
        return check_digest(digest, self.digest_length)

    def new_hash(self) -> hashlib._Hash:
        """Return a fresh hash object of this store's algorithm."""
        return hashlib.new(self.algorithm)

    # -- writing ---------------------------------------------------------

    @abc.abstractmethod
    def put(self, stream: BinaryIO) -> str:
        """Store everything ``stream`` yields until EOF and return its hex digest.

        The stream is read in chunks of :data:`CHUNK_SIZE` bytes.  If the stream
        raises, the exception propagates and nothing becomes visible.
        """

    def put_bytes(self, data: bytes) -> str:
        """Store ``data`` and return its hex digest."""
        return self.put(io.BytesIO(data))

    def put_file(self, path: Path, *, link: bool = False) -> str:
        """Store the content of the regular file at ``path`` and return its hex digest.

        ``link=True`` allows a backend to share storage with the file instead of
        copying it (see :meth:`LocalBlobStore.put_file`); other backends copy.
        """
        del link
        with open(path, "rb") as stream:
            return self.put(stream)

    @abc.abstractmethod
    def delete(self, digest: str) -> None:
        """Remove a blob; removing a blob that is not stored is not an error."""

    # -- reading ---------------------------------------------------------

    @abc.abstractmethod
    def open(self, digest: str) -> BinaryIO:
        """Return a readable, seekable binary file of the blob; raise BlobNotFound if absent."""

    def open_range(self, digest: str, start: int, end: int) -> BinaryIO:
        """Return a readable, seekable file of the blob's bytes ``[start, end)``.

        ``end`` is exclusive and clamped to the blob's size, like a slice, so a
        range starting at or past the end is empty.  An HTTP ``Range: bytes=a-b``
        header (inclusive) corresponds to ``open_range(digest, a, b + 1)``.
        Raises ValueError unless ``0 <= start <= end``, BlobNotFound if absent.
        """
        check_range(start, end)
        inner = self.open(digest)
        try:
            size = inner.seek(0, io.SEEK_END)
        except BaseException:
            inner.close()
            raise
        lo, hi = min(start, size), min(end, size)
        return io.BufferedReader(WindowReader(inner, lo, hi - lo), CHUNK_SIZE)

    @abc.abstractmethod
    def exists(self, digest: str) -> bool:
        """Return whether a blob is stored."""

    def missing(self, digests: Iterable[str]) -> set[str]:
        """Return the subset of ``digests`` that is not stored.

        Every digest is checked for well-formedness before any lookup.
        """
        wanted = {self.check_digest(d) for d in digests}
        return {d for d in wanted if not self.exists(d)}

    @abc.abstractmethod
    def size(self, digest: str) -> int:
        """Return a blob's length in bytes; raise BlobNotFound if absent."""

    @abc.abstractmethod
    def iter_digests(self) -> Iterator[str]:
        """Yield the digest of every stored blob once, in no particular order."""

    def verify(self, digest: str) -> bool:
        """Re-hash a stored blob and return whether its content still has ``digest``.

        Raises BlobNotFound if the blob is absent.
        """
        digest = self.check_digest(digest)
        hasher = self.new_hash()
        with self.open(digest) as stream:
            while chunk := stream.read(CHUNK_SIZE):
                hasher.update(chunk)
        return hasher.hexdigest() == digest


class Window(io.RawIOBase):
    """A raw, seekable view of ``length`` bytes starting at ``offset`` of something.

    Subclasses say how to read: :meth:`_fetch` returns up to ``want`` bytes at the
    current position (never empty while bytes are left); :meth:`_moved` hears of seeks.
    """

    def __init__(self, offset: int, length: int) -> None:
        super().__init__()
        self._offset = offset
        self._length = length
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        new = seek_position(self._pos, self._length, offset, whence)
        if new != self._pos:
            self._moved()
            self._pos = new
        return self._pos

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), self._length - self._pos)
        if want <= 0:
            return 0
        data = self._fetch(want)
        view[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def _fetch(self, want: int) -> bytes:
        raise NotImplementedError

    def _moved(self) -> None:
        """The position changed by a seek."""


class WindowReader(Window):
    """A window on the seekable ``inner``; closing the view closes ``inner``."""

    def __init__(self, inner: BinaryIO, offset: int, length: int) -> None:
        super().__init__(offset, length)
        self._inner = inner

    def _fetch(self, want: int) -> bytes:
        self._inner.seek(self._offset + self._pos)
        return self._inner.read(want)

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


def seek_position(pos: int, length: int, offset: int, whence: int) -> int:
    """Return the new position of a seek on a stream of ``length`` bytes at ``pos``."""
    if whence == io.SEEK_SET:
        new = offset
    elif whence == io.SEEK_CUR:
        new = pos + offset
    elif whence == io.SEEK_END:
        new = length + offset
    else:
        raise ValueError(f"invalid whence {whence!r}")
    if new < 0:
        raise OSError(f"negative seek position {new}")
    return new
