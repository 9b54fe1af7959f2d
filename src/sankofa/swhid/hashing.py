"""Git object hashing and the content hashes of Software Heritage.

A git object id is the digest of the object's *header* followed by its body::

    <type> SP <decimal length of body> NUL <body>

``type`` is one of ``blob``, ``tree``, ``commit``, ``tag`` (``snapshot`` is the
Software Heritage extension used for snapshots). The length is written in ASCII
decimal without leading zeros. The digest algorithm is a parameter (``sha1`` for
SWHID v1 and classic git repositories, ``sha256`` for git's SHA-256 object format).

A content (a file's bytes) is identified by four digests, all computed in one pass:

* ``sha1``: SHA-1 of the bytes alone;
* ``sha1_git``: SHA-1 of ``b"blob <length>\\0" + bytes`` -- the git blob id, which is
  the object id of the SWHID ``swh:1:cnt:<hex>``;
* ``sha256``: SHA-256 of the bytes alone;
* ``blake2s256``: BLAKE2s with a 32-byte digest, of the bytes alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

__all__ = [
    "ContentHasher",
    "ContentHashes",
    "content_hashes",
    "git_object_header",
    "git_object_id",
]


def git_object_header(object_type: bytes, length: int) -> bytes:
    """Return the git header ``<object_type> SP <length in ASCII decimal> NUL``.

    >>> git_object_header(b"blob", 12)
    b'blob 12\\x00'
    """
    if length < 0:
        raise ValueError(f"object length must be non-negative, got {length}")
    return b"%s %d\x00" % (object_type, length)


def git_object_id(object_type: bytes, data: bytes, algorithm: str = "sha1") -> bytes:
    """Return the raw digest of ``git_object_header(object_type, len(data)) + data``.

    ``algorithm`` is any name :func:`hashlib.new` accepts; the data is not copied.
    """
    hasher = hashlib.new(algorithm)
    hasher.update(git_object_header(object_type, len(data)))
    hasher.update(data)
    return hasher.digest()


@dataclass(frozen=True, slots=True)
class ContentHashes:
    """The digests identifying a content; every digest is raw bytes (not hex)."""

    sha1: bytes
    sha1_git: bytes
    sha256: bytes
    blake2s256: bytes
    length: int


class ContentHasher:
    """Streaming computation of :class:`ContentHashes` for a content of known length.

    The length must be known up front because the git blob header, which starts the
    ``sha1_git`` digest, contains it. Feed the bytes with :meth:`update` in chunks of
    any size, then call :meth:`digests`, which raises :class:`ValueError` if the number
    of bytes fed differs from the announced length.
    """

    __slots__ = ("_blake2s256", "_fed", "_length", "_sha1", "_sha1_git", "_sha256")

    def __init__(self, length: int) -> None:
        self._length = length
        self._fed = 0
        self._sha1 = hashlib.sha1()
        self._sha1_git = hashlib.sha1(git_object_header(b"blob", length))
        self._sha256 = hashlib.sha256()
        self._blake2s256 = hashlib.blake2s(digest_size=32)

    def update(self, chunk: bytes | memoryview) -> None:
        """Feed the next bytes of the content."""
        self._fed += len(chunk) if isinstance(chunk, bytes) else chunk.nbytes
        self._sha1.update(chunk)
        self._sha1_git.update(chunk)
        self._sha256.update(chunk)
        self._blake2s256.update(chunk)

    def digests(self) -> ContentHashes:
        """Return the digests of the bytes fed so far, which must be exactly ``length``."""
        if self._fed != self._length:
            raise ValueError(
                f"content announced as {self._length} bytes long but {self._fed} bytes were fed"
            )
        return ContentHashes(
            sha1=self._sha1.digest(),
            sha1_git=self._sha1_git.digest(),
            sha256=self._sha256.digest(),
            blake2s256=self._blake2s256.digest(),
            length=self._length,
        )


def content_hashes(data: bytes) -> ContentHashes:
    """Return the :class:`ContentHashes` of ``data``, held entirely in memory."""
    hasher = ContentHasher(len(data))
    hasher.update(data)
    return hasher.digests()
