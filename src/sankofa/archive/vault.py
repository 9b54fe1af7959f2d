"""Giving archived objects back: a directory as tar.gz, history as a bare git repository.

Output is built beside its destination under a temporary name and renamed
into place when complete, so a reader never sees half an archive. The
tarball never holds a member that could land outside the directory it is
extracted into: entry names that are empty, `.`, `..`, contain `/` or NUL,
name `.git`, or repeat within a tree are refused with the path where they
occur (the git-bare format gives such trees back bit for bit).
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sankofa.archive import gitcmd
from sankofa.archive.objectstore import GitObjectStore, ObjectMissing, ObjectStore
from sankofa.swhid import gitobjects
from sankofa.swhid.gitrefs import valid_ref_name
from sankofa.swhid.identifiers import CoreSWHID, ObjectType
from sankofa.swhid.model import (
    DIRECTORY_PERMS,
    REVISION_PERMS,
    SYMLINK_PERMS,
    BranchTargetType,
    DirectoryEntry,
    Snapshot,
)

SKIPPED_NOTICE = b"This content was not archived because of its size.\n"


class VaultError(Exception):
    """The object cannot be given back in that format; the message says where and why."""


@dataclass
class CookReport:
    files: int = 0
    total_bytes: int = 0
    skipped: list[bytes] = field(default_factory=list)


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self.pending:
            try:
                self.pending = next(self.chunks)
            except StopIteration:
                return 0
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def check_name(name: bytes, where: bytes) -> None:
    bad = (
        not name
        or name in (b".", b"..")
        or b"/" in name
        or b"\0" in name
        or name.lower() == b".git"
    )
    if bad:
        shown = (where + b"/" + name).decode("utf-8", "backslashreplace")
        raise VaultError(f"unsafe entry name {name!r} at {shown!r}: use the git-bare format")


def _decode(name: bytes) -> str:
    return name.decode("utf-8", "surrogateescape")


def cook_directory(
    store: ObjectStore,
    dir_id: bytes,
    out: Path,
    is_skipped: Callable[[bytes], bool] = lambda oid: False,
) -> CookReport:
    """Write the directory `dir_id` as a gzip-compressed tarball rooted at its SWHID."""
    root = str(CoreSWHID(ObjectType.DIRECTORY, dir_id)).encode()
    report = CookReport()
    with (
        _atomic_file(out) as tmp,
        tarfile.open(
            fileobj=tmp,
            mode="w:gz",
            format=tarfile.PAX_FORMAT,
            encoding="utf-8",
            errors="surrogateescape",
            compresslevel=6,
        ) as tar,
    ):
        stack: list[tuple[bytes, bytes]] = [(root, dir_id)]
        while stack:
            path, tree_id = stack.pop()
            tar.addfile(_info(path, tarfile.DIRTYPE, 0o755))
            stack.extend(reversed(_add_tree(store, tar, path, tree_id, report, is_skipped)))
    return report


def _read_tree(store: ObjectStore, tree_id: bytes, path: bytes) -> list[DirectoryEntry]:
    try:
        kind, data = store.read(tree_id)
    except ObjectMissing:
        raise VaultError(f"directory {tree_id.hex()} at {_decode(path)!r} is missing") from None
    if kind != b"tree":
        raise VaultError(f"{tree_id.hex()} at {_decode(path)!r} is a {kind.decode()}, not a tree")
    try:
        return list(gitobjects.parse_tree(data).entries)
    except gitobjects.MalformedObject as exc:
        raise VaultError(f"malformed directory at {_decode(path)!r}: {exc}") from None


def _add_tree(
    store: ObjectStore,
    tar: tarfile.TarFile,
    path: bytes,
    tree_id: bytes,
    report: CookReport,
    is_skipped: Callable[[bytes], bool],
) -> list[tuple[bytes, bytes]]:
    """Add the tree's files; return its subdirectories to visit."""
    entries = _read_tree(store, tree_id, path)
    seen: set[bytes] = set()
    subdirs: list[tuple[bytes, bytes]] = []
    for e in entries:
        check_name(e.name, path)
        if e.name in seen:
            raise VaultError(f"duplicate entry {_decode(path + b'/' + e.name)!r}: use git-bare")
        seen.add(e.name)
        child = path + b"/" + e.name
        if e.perms == DIRECTORY_PERMS:
            subdirs.append((child, e.target))
        elif e.perms == REVISION_PERMS:
            tar.addfile(_info(child, tarfile.DIRTYPE, 0o755))
        else:
            _add_blob(store, tar, child, e.perms, e.target, report, is_skipped)
    return subdirs


def _add_blob(
    store: ObjectStore,
    tar: tarfile.TarFile,
    path: bytes,
    perms: int,
    oid: bytes,
    report: CookReport,
    is_skipped: Callable[[bytes], bool],
) -> None:
    try:
        _kind, size, chunks = store.stream(oid)
    except ObjectMissing:
        if not is_skipped(oid):
            raise VaultError(f"content {oid.hex()} at {_decode(path)!r} is missing") from None
        report.skipped.append(oid)
        size, chunks = len(SKIPPED_NOTICE), iter([SKIPPED_NOTICE])
    report.files += 1
    report.total_bytes += size
    if perms == SYMLINK_PERMS:
        info = _info(path, tarfile.SYMTYPE, 0o777)
        info.linkname = _decode(b"".join(chunks))
        tar.addfile(info)
        return
    info = _info(path, tarfile.REGTYPE, 0o755 if perms & 0o111 else 0o644)
    info.size = size
    tar.addfile(info, io.BufferedReader(_ChunkReader(chunks), 1 << 20))


def _info(path: bytes, kind: bytes, mode: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(_decode(path))
    info.type = kind
    info.mode = mode
    info.mtime = 0
    info.uname = info.gname = ""
    return info


class _atomic_file:
    """A temporary file beside `out`, renamed to `out` only if the block succeeds."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def __enter__(self) -> io.BufferedWriter:
        if self.out.exists():
            raise VaultError(f"{self.out}: already exists")
        fd, name = tempfile.mkstemp(prefix=".vault-", dir=self.out.parent)
        self.tmp = Path(name)
        self.file = os.fdopen(fd, "wb")
        return self.file

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.file.close()
        if exc_type is None:
            os.replace(self.tmp, self.out)
        else:
            self.tmp.unlink(missing_ok=True)


def bare_refs(
    swhid: CoreSWHID, store: ObjectStore, snapshot: Snapshot | None
) -> tuple[dict[bytes, bytes], bytes]:
    """(refs, HEAD file content) for the git-bare output of a revision, release or snapshot."""
    oid = swhid.object_id
    if swhid.object_type is ObjectType.REVISION:
        return {b"refs/heads/master": oid}, b"ref: refs/heads/master\n"
    if swhid.object_type is ObjectType.RELEASE:
        _kind, data = store.read(oid)
        tag = gitobjects.parse_tag(data)
        name = b"refs/tags/" + (tag.name or oid.hex().encode())
        check_refname(name)
        head = (
            tag.target.hex().encode() + b"\n"
            if tag.target_type is ObjectType.REVISION
            else b"ref: refs/heads/master\n"
        )
        return {name: oid}, head
    assert snapshot is not None
    refs: dict[bytes, bytes] = {}
    head = b"ref: refs/heads/master\n"
    for name, branch in snapshot.branches.items():
        if branch is None:
            continue
        if name == b"HEAD":
            head = (
                b"ref: " + branch.target + b"\n"
                if branch.target_type is BranchTargetType.ALIAS
                else branch.target.hex().encode() + b"\n"
            )
            continue
        if branch.target_type is BranchTargetType.ALIAS:
            continue
        check_refname(name)
        refs[name] = branch.target
    return refs, head


def check_refname(name: bytes) -> None:
    """Refuse ref names git would refuse, so nothing is written outside refs/."""
    if not name.startswith(b"refs/") or not valid_ref_name(name):
        raise VaultError(f"invalid ref name {name!r}")


def cook_git_bare(
    store: GitObjectStore,
    tips: list[bytes],
    refs: dict[bytes, bytes],
    head: bytes,
    out: Path,
    packs: list[Path] | None = None,
) -> None:
    """A bare repository at `out` holding every object reachable from `tips`, and `refs`.

    `packs`, when given, are store packs known to hold exactly those objects:
    they are hard-linked (copied across filesystems) instead of re-packed, as
    `git clone` does from a local path.
    """
    if out.exists() and any(out.iterdir()):
        raise VaultError(f"{out}: already exists and is not empty")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".vault-", dir=out.parent))
    try:
        gitcmd.run(None, ["init", "--quiet", "--bare", "--template=", str(tmp)])
        if packs:
            _link_packs(packs, tmp / "objects" / "pack")
        else:
            _pack_reachable(store, tips, tmp / "objects" / "pack" / "pack")
        lines = [h.hex().encode() + b" " + n + b"\n" for n, h in sorted(refs.items())]
        (tmp / "packed-refs").write_bytes(b"# pack-refs with: sorted \n" + b"".join(lines))
        (tmp / "HEAD").write_bytes(head)
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _pack_reachable(store: GitObjectStore, tips: list[bytes], base: Path) -> None:
    listing = b"".join(t.hex().encode() + b"\n" for t in tips)
    try:
        gitcmd.run(
            store.root,
            ["pack-objects", "--quiet", "--revs", "--delta-base-offset", str(base)],
            input=listing,
            guarded=True,
        )
    except gitcmd.GitError as exc:
        raise VaultError(f"cannot pack the objects: {exc}") from None


def _link_packs(packs: list[Path], pack_dir: Path) -> None:
    for idx in packs:
        for src in (idx.with_suffix(".pack"), idx):
            dst = pack_dir / src.name
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
