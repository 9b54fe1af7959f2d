"""File names a version may hold, and storing content into the blob store while hashing it.

A file name is one path segment: no ``/`` or ``\\`` (a version has no folders), not
``.`` or ``..``, no control characters (C0, DEL, C1) nor the invisible bidirectional
and zero-width format characters that make a name read differently from what it is,
no leading or trailing space, at most 255 UTF-8 bytes. Names are kept in Unicode NFC,
so the two spellings of "é" are the same name.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sankofa.core.blobstore import CHUNK_SIZE, BlobIntegrityError, get_blobstore
from sankofa.datasets.errors import InvalidFileName

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAX_NAME_BYTES = 255
# bidirectional embeddings/overrides/isolates, zero-width characters, BOM
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def check_name(name: object) -> str:
    """The NFC form of `name` if it is an acceptable file name; InvalidFileName otherwise."""
    if not isinstance(name, str):
        raise InvalidFileName(f"a file name must be text, not {type(name).__name__}")
    if not name:
        raise InvalidFileName("a file name must not be empty")
    shown = repr(name[:80])
    if "/" in name or "\\" in name:
        raise InvalidFileName(
            f"file name {shown} must not contain '/' or '\\': files of a dataset have no folders"
        )
    if name in (".", ".."):
        raise InvalidFileName(f"file name {shown} is reserved ('.' and '..' name folders)")
    for char in name:
        if unicodedata.category(char) == "Cc":
            raise InvalidFileName(
                f"file name {shown} contains the control character U+{ord(char):04X}"
            )
        if char in _INVISIBLE:
            raise InvalidFileName(
                f"file name {shown} contains the invisible character U+{ord(char):04X}, "
                "which makes a name read differently from what it is"
            )
    if name != name.strip():
        raise InvalidFileName(f"file name {shown} must not start or end with a space")
    normal = unicodedata.normalize("NFC", name)
    if len(normal.encode("utf-8")) > MAX_NAME_BYTES:
        raise InvalidFileName(f"file name {shown}… is longer than {MAX_NAME_BYTES} bytes in UTF-8")
    return normal


def media_type_of(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


@dataclass(frozen=True)
class StoredContent:
    sha256: str
    md5: str
    size: int


class HashingReader(io.RawIOBase):
    """Reads `inner` and hashes (SHA-256, MD5) and counts what passes through."""

    def __init__(self, inner: BinaryIO) -> None:
        super().__init__()
        self._inner = inner
        self.sha256 = hashlib.sha256()
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._inner.read(min(len(view), CHUNK_SIZE))
        if not data:
            return 0
        view[: len(data)] = data
        self.sha256.update(data)
        self.md5.update(data)
        self.size += len(data)
        return len(data)


def store_content(source: Path | str | BinaryIO) -> StoredContent:
    """Put the file at `source` (a path, or a binary stream read to its end) into the
    node's blob store, computing SHA-256, MD5 and size on the way (constant memory)."""
    if isinstance(source, str | Path):
        with open(source, "rb") as stream:
            return _store_stream(stream)
    return _store_stream(source)


def _store_stream(stream: BinaryIO) -> StoredContent:
    store = get_blobstore()
    reader = HashingReader(stream)
    digest = store.put(io.BufferedReader(reader, CHUNK_SIZE))
    sha256 = reader.sha256.hexdigest()
    if digest != sha256:  # a store of another algorithm, or a broken one
        raise BlobIntegrityError(
            f"the blob store named the content {digest}, not its SHA-256 {sha256}"
        )
    return StoredContent(sha256=sha256, md5=reader.md5.hexdigest(), size=reader.size)
