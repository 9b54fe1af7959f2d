"""The archive's object store: git objects in git packs, behind a small interface.

`ObjectStore` is what the vault, `show`, the graph queries and fsck need: look
up an object's type and size, read it whole or streamed, ask which ids are
missing, and enumerate everything. `GitObjectStore` keeps objects in a bare git
repository (packs with their indexes: the most compact layout known, and the
one git itself transfers); `MemoryObjectStore` is its in-memory twin for tests.
Objects are identified by raw 20-byte sha1_git ids (the SWHID's digest).
"""

from __future__ import annotations

import abc
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from sankofa.archive import gitcmd
from sankofa.swhid.hashing import git_object_header

CHUNK = 1 << 20
OBJECT_TYPES = (b"blob", b"tree", b"commit", b"tag")


class ObjectMissing(KeyError):
    """The object is not in the store."""


class ObjectStore(abc.ABC):
    @abc.abstractmethod
    def info(self, oid: bytes) -> tuple[bytes, int] | None:
        """(git type, size) of an object, or None if it is missing."""

    @abc.abstractmethod
    def read(self, oid: bytes) -> tuple[bytes, bytes]:
        """(git type, data); raises ObjectMissing."""

    def stream(self, oid: bytes) -> tuple[bytes, int, Iterator[bytes]]:
        """(git type, size, chunks): for objects of any size in constant memory."""
        kind, data = self.read(oid)
        return kind, len(data), iter([data])

    @abc.abstractmethod
    def missing(self, oids: Iterable[bytes]) -> set[bytes]:
        """The ids among `oids` that are not stored."""

    @abc.abstractmethod
    def iter_ids(self) -> Iterator[bytes]:
        """Every stored id (order unspecified)."""

    def __contains__(self, oid: object) -> bool:
        return isinstance(oid, bytes) and self.info(oid) is not None


class MemoryObjectStore(ObjectStore):
    def __init__(self) -> None:
        self.objects: dict[bytes, tuple[bytes, bytes]] = {}

    def add(self, kind: bytes, data: bytes) -> bytes:
        oid = hashlib.sha1(git_object_header(kind, len(data)) + data).digest()
        self.objects[oid] = (kind, data)
        return oid

    def info(self, oid: bytes) -> tuple[bytes, int] | None:
        found = self.objects.get(oid)
        return None if found is None else (found[0], len(found[1]))

    def read(self, oid: bytes) -> tuple[bytes, bytes]:
        try:
            return self.objects[oid]
        except KeyError:
            raise ObjectMissing(oid.hex()) from None

    def missing(self, oids: Iterable[bytes]) -> set[bytes]:
        return {o for o in oids if o not in self.objects}

    def iter_ids(self) -> Iterator[bytes]:
        return iter(list(self.objects))


class _CatFile:
    """A long-lived `git cat-file --batch-command` process (one request at a time)."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = gitcmd.popen(
                self.git_dir,
                ["cat-file", "--batch-command"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self.proc

    def _ask(self, command: bytes, oid: bytes) -> tuple[subprocess.Popen[bytes], bytes, int] | None:
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(command + b" " + oid.hex().encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline()
        parts = header.split()
        if len(parts) != 3:
            if not header:
                self.close()
                raise OSError(f"git cat-file stopped while reading {oid.hex()}")
            return None
        return proc, parts[1], int(parts[2])

    def info(self, oid: bytes) -> tuple[bytes, int] | None:
        with self.lock:
            found = self._ask(b"info", oid)
            return None if found is None else (found[1], found[2])

    def stream(self, oid: bytes) -> Iterator[bytes]:
        """Yield the type, the size, then the data in chunks; holds the lock throughout."""
        with self.lock:
            found = self._ask(b"contents", oid)
            if found is None:
                raise ObjectMissing(oid.hex())
            proc, kind, size = found
            out = proc.stdout
            assert out is not None
            left = size
            try:
                if not left:
                    out.read(1)  # an empty object: only its newline follows
                yield kind
                yield str(size).encode()
                while left:
                    chunk = out.read(min(CHUNK, left))
                    if not chunk:
                        raise OSError(f"short read of {oid.hex()}")
                    left -= len(chunk)
                    if not left:
                        out.read(
                            1
                        )  # the newline after the object, before the last chunk is handed out
                    yield chunk
            finally:
                if left:  # abandoned or failed mid-object: the pipe is out of step
                    self.close()

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.kill()
            self.proc.wait()
            self.proc = None


class GitObjectStore(ObjectStore):
    """Objects in a bare git repository at `root`, read through git itself."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cat = _CatFile(root)

    @property
    def objects_dir(self) -> Path:
        return self.root / "objects"

    @property
    def pack_dir(self) -> Path:
        return self.root / "objects" / "pack"

    def init(self) -> None:
        """Create the repository if needed; never lets git prune or repack on its own.

        It is made complete under a temporary name and renamed into place, so
        processes or threads starting at once all see either no store or a whole one.
        """
        if (self.root / "HEAD").exists():
            return
        self.root.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".init-", dir=self.root.parent))
        try:
            gitcmd.run(None, ["init", "--quiet", "--bare", "--template=", str(tmp)])
            for key, value in STORE_CONFIG.items():
                gitcmd.run(tmp, ["config", key, value])
            (tmp / "objects" / "pack").mkdir(parents=True, exist_ok=True)
            (tmp / "refs" / "heads").mkdir(parents=True, exist_ok=True)
            (tmp / "refs" / "tags").mkdir(parents=True, exist_ok=True)
            os.rename(tmp, self.root)
        except OSError:
            if not (self.root / "HEAD").exists():
                raise  # not a lost race: a real failure
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def info(self, oid: bytes) -> tuple[bytes, int] | None:
        return self._cat.info(oid)

    def read(self, oid: bytes) -> tuple[bytes, bytes]:
        kind, _size, chunks = self.stream(oid)
        return kind, b"".join(chunks)

    def stream(self, oid: bytes) -> tuple[bytes, int, Iterator[bytes]]:
        gen = self._cat.stream(oid)
        kind = next(gen)
        size = int(next(gen))
        return kind, size, gen

    def missing(self, oids: Iterable[bytes]) -> set[bytes]:
        wanted = list(dict.fromkeys(oids))
        if not wanted:
            return set()
        out = batch_check(self.root, wanted, "%(objectname)")
        return {oid for oid, line in zip(wanted, out, strict=True) if line.endswith(b" missing")}

    def types(self, oids: Iterable[bytes]) -> dict[bytes, tuple[bytes, int]]:
        """Type and size of each present object among `oids` (one git process)."""
        wanted = list(dict.fromkeys(oids))
        result: dict[bytes, tuple[bytes, int]] = {}
        for oid, line in zip(wanted, batch_check(self.root, wanted), strict=True):
            parts = line.split()
            if len(parts) == 3:
                result[oid] = (parts[1], int(parts[2]))
        return result

    def iter_ids(self) -> Iterator[bytes]:
        for idx in sorted(self.pack_dir.glob("pack-*.idx")):
            yield from read_pack_index(idx)

    def iter_objects(self) -> Iterator[tuple[bytes, bytes, bytes]]:
        """(claimed id, type, data) for every packed object, straight from git."""
        proc = gitcmd.popen(
            self.root,
            ["cat-file", "--batch", "--batch-all-objects", "--unordered"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        try:
            yield from _read_batch(proc.stdout)
        finally:
            proc.stdout.close()
            err = proc.stderr.read()
            if proc.wait() != 0:
                raise gitcmd.GitError(["cat-file", "--batch-all-objects"], proc.returncode, err)

    def close(self) -> None:
        self._cat.close()


STORE_CONFIG = {
    "gc.auto": "0",
    "core.logAllRefUpdates": "false",
    "pack.threads": "2",
    "fetch.unpackLimit": "1",
    "transfer.unpackLimit": "1",
    "fetch.fsckObjects": "false",
    "transfer.fsckObjects": "false",
    "receive.autogc": "false",
    "uploadpack.allowAnySHA1InWant": "true",
}


def _read_batch(out: IO[bytes]) -> Iterator[tuple[bytes, bytes, bytes]]:
    while header := out.readline():
        parts = header.split()
        if len(parts) != 3:
            continue
        size = int(parts[2])
        data = out.read(size)
        out.read(1)
        yield bytes.fromhex(parts[0].decode()), parts[1], data


def batch_check(git_dir: Path, oids: list[bytes], fmt: str | None = None) -> list[bytes]:
    """One `git cat-file --batch-check` answer line per id, in order."""
    args = ["cat-file", "--batch-check" + (f"={fmt}" if fmt else ""), "--buffer"]
    proc = gitcmd.popen(
        git_dir, args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stdout is not None
    stdin = proc.stdin

    def feed() -> None:
        try:
            for start in range(0, len(oids), 4096):
                stdin.write(b"".join(o.hex().encode() + b"\n" for o in oids[start : start + 4096]))
        finally:
            stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    lines = proc.stdout.read().splitlines()
    writer.join()
    err = proc.stderr.read() if proc.stderr else b""
    if proc.wait() != 0 or len(lines) != len(oids):
        raise gitcmd.GitError(args, proc.returncode, err)
    return lines


def read_pack_index(idx: Path) -> Iterator[bytes]:
    """Object ids of a version-2 pack index: magic, version, 256 fan-out words, sorted ids."""
    with idx.open("rb") as f:
        head = f.read(8)
        if head != b"\xfftOc\x00\x00\x00\x02":
            raise ValueError(f"{idx}: not a version 2 pack index")
        fanout = f.read(256 * 4)
        count = int.from_bytes(fanout[-4:], "big")
        left = count
        while left:
            n = min(left, 65536)
            block = f.read(20 * n)
            if len(block) != 20 * n:
                raise ValueError(f"{idx}: truncated")
            for i in range(0, len(block), 20):
                yield block[i : i + 20]
            left -= n


def pack_object_count(idx: Path) -> int:
    with idx.open("rb") as f:
        f.seek(8 + 255 * 4)
        return int.from_bytes(f.read(4), "big")
