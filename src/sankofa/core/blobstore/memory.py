"""A blob store held in process memory, for tests and throw-away nodes.

Blobs are kept as the tuple of chunks read from the stream, so storing a blob
costs its size plus one chunk, never a second full copy; :meth:`open` joins the
chunks into a fresh in-memory file.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from typing import BinaryIO

from sankofa.core.blobstore.base import CHUNK_SIZE, DEFAULT_ALGORITHM, BlobNotFound, BlobStore


class MemoryBlobStore(BlobStore):
    """Blobs in a dictionary; content is lost when the process ends."""

    def __init__(self, *, algorithm: str = DEFAULT_ALGORITHM) -> None:
        super().__init__(algorithm=algorithm)
        self._blobs: dict[str, tuple[bytes, ...]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryBlobStore(<{len(self._blobs)} blobs>)"

    def put(self, stream: BinaryIO) -> str:
        hasher = self.new_hash()
        chunks: list[bytes] = []
        while chunk := stream.read(CHUNK_SIZE):
            hasher.update(chunk)
            chunks.append(bytes(chunk))
        digest = hasher.hexdigest()
        with self._lock:
            self._blobs.setdefault(digest, tuple(chunks))
        return digest

    def delete(self, digest: str) -> None:
        digest = self.check_digest(digest)
        with self._lock:
            self._blobs.pop(digest, None)

    def _chunks(self, digest: str) -> tuple[bytes, ...]:
        digest = self.check_digest(digest)
        try:
            return self._blobs[digest]
        except KeyError:
            raise BlobNotFound(digest) from None

    def open(self, digest: str) -> BinaryIO:
        return io.BytesIO(b"".join(self._chunks(digest)))

    def exists(self, digest: str) -> bool:
        return self.check_digest(digest) in self._blobs

    def size(self, digest: str) -> int:
        return sum(map(len, self._chunks(digest)))

    def iter_digests(self) -> Iterator[str]:
        with self._lock:
            digests = list(self._blobs)
        yield from digests

    def verify(self, digest: str) -> bool:
        hasher = self.new_hash()
        for chunk in self._chunks(digest):
            hasher.update(chunk)
        return hasher.hexdigest() == digest
