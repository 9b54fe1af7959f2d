"""A blob store in a directory of the local filesystem.

Layout under ``root``::

    root/ab/cd/abcd…     one read-only (0o444) file per blob, named by its digest
    root/tmp/            writes in progress; leftovers of interrupted writes

A write goes to a fresh file in ``root/tmp``, is flushed and fsynced, made
read-only, then renamed into place with :func:`os.replace` (atomic within one
filesystem, which ``root/tmp`` shares with the blobs), and the destination
directory is fsynced.  A reader therefore sees either no file or the whole
blob.  A process killed mid-write leaves a file in ``root/tmp`` that no reader
ever looks at; :meth:`LocalBlobStore.cleanup` removes such leftovers.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sankofa.core.blobstore.base import (
    CHUNK_SIZE,
    DEFAULT_ALGORITHM,
    BlobNotFound,
    BlobStore,
    blob_path,
)

BLOB_MODE = 0o444
TMP_DIR_NAME = "tmp"
_HEX_PAIRS = frozenset(f"{i:02x}" for i in range(256))


class LocalBlobStore(BlobStore):
    """Blobs as read-only files under ``root`` (created on first write)."""

    def __init__(self, root: Path | str, *, algorithm: str = DEFAULT_ALGORITHM) -> None:
        super().__init__(algorithm=algorithm)
        self.root = Path(root).absolute()
        self.tmp_dir = self.root / TMP_DIR_NAME

    def __repr__(self) -> str:
        return f"LocalBlobStore({str(self.root)!r})"

    def path(self, digest: str) -> Path:
        """Return the file that holds (or would hold) a blob; raise ValueError for a bad digest."""
        return self.root / blob_path(self.check_digest(digest))

    # -- writing ---------------------------------------------------------

    def put(self, stream: BinaryIO) -> str:
        fd, name = self._mkstemp()
        tmp = Path(name)
        try:
            hasher = self.new_hash()
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK_SIZE):
                    hasher.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            return self._commit(tmp, hasher.hexdigest())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_file(self, path: Path, *, link: bool = False) -> str:
        """Store the content of the file at ``path`` and return its digest.

        With ``link=True`` the blob is made a hard link to ``path`` when both are
        on the same filesystem, which costs no extra bytes; otherwise (or when
        linking fails) the content is copied.  A linked blob shares its inode
        with ``path``: the file becomes read-only (0o444), and the caller must
        not modify it in place afterwards, or the blob would change with it.
        """
        if not link:
            return super().put_file(path)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.tmp_dir / f"link-{uuid.uuid4().hex}"
        try:
            os.link(path, tmp)
        except OSError:  # another filesystem (EXDEV), or hard links not supported
            return super().put_file(path)
        try:
            hasher = self.new_hash()
            with open(tmp, "rb") as stream:
                while chunk := stream.read(CHUNK_SIZE):
                    hasher.update(chunk)
            return self._commit(tmp, hasher.hexdigest())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def _mkstemp(self) -> tuple[int, str]:
        try:
            return tempfile.mkstemp(prefix="put-", dir=self.tmp_dir)
        except FileNotFoundError:
            self.tmp_dir.mkdir(parents=True, exist_ok=True)
            return tempfile.mkstemp(prefix="put-", dir=self.tmp_dir)

    def _commit(self, tmp: Path, digest: str) -> str:
        final = self.root / blob_path(digest)
        if final.exists():
            tmp.unlink()
            return digest
        os.chmod(tmp, BLOB_MODE)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        _fsync_directory(final.parent)
        return digest

    def delete(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)

    def cleanup(self, older_than: float = 3600.0) -> int:
        """Remove files left in ``root/tmp`` by interrupted writes; return how many.

        Only files not modified for ``older_than`` seconds are removed, so that
        writes in progress in other processes are left alone; ``0`` removes all.
        """
        cutoff = time.time() - older_than
        removed = 0
        try:
            entries = list(os.scandir(self.tmp_dir))
        except FileNotFoundError:
            return 0
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_mtime <= cutoff:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    # -- reading ---------------------------------------------------------

    def open(self, digest: str) -> BinaryIO:
        path = self.path(digest)
        try:
            return open(path, "rb")
        except FileNotFoundError:
            raise BlobNotFound(digest) from None

    def exists(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def size(self, digest: str) -> int:
        path = self.path(digest)
        try:
            return path.stat().st_size
        except FileNotFoundError:
            raise BlobNotFound(digest) from None

    def iter_digests(self) -> Iterator[str]:
        for top in _hex_subdirs(self.root):
            for mid in _hex_subdirs(top):
                prefix = os.path.basename(top) + os.path.basename(mid)
                with os.scandir(mid) as entries:
                    for entry in entries:
                        name = entry.name
                        if (
                            len(name) == self.digest_length
                            and name.startswith(prefix)
                            and _is_lower_hex(name)
                            and entry.is_file(follow_symlinks=False)
                        ):
                            yield name


def _hex_subdirs(directory: Path | str) -> list[str]:
    """Return the paths of the two-hex-character subdirectories of ``directory``."""
    try:
        with os.scandir(directory) as entries:
            return [
                e.path for e in entries if e.name in _HEX_PAIRS and e.is_dir(follow_symlinks=False)
            ]
    except FileNotFoundError:
        return []


def _is_lower_hex(name: str) -> bool:
    return all(c in "0123456789abcdef" for c in name)


def _fsync_directory(directory: Path) -> None:
    """Make a rename into ``directory`` durable (a no-op where directories cannot be opened)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
