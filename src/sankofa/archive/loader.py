"""Loading a git origin into the object store, with nothing half-written visible.

A visit lists the origin's refs; if every target is already stored it
transfers nothing. Otherwise it fetches into a *quarantine*: a temporary bare
repository whose `objects/info/alternates` points at the store, so git's own
negotiation sends the store's heads as haves and only new objects travel.
The received pack is then filtered (objects already stored and contents over
the size limit are left out, the latter recorded as skipped with their
hashes), and moved into the store pack directory — the index last, which is
the moment git sees it. Only after that does the caller record the snapshot:
writes go bottom-up, and an interrupted load leaves at most an unreferenced
pack or a quarantine directory, which the next run ignores or removes.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sankofa.archive import gitcmd
from sankofa.archive.objectstore import (
    GitObjectStore,
    batch_check,
    pack_object_count,
    read_pack_index,
)
from sankofa.swhid.hashing import ContentHasher, ContentHashes
from sankofa.swhid.model import BranchTargetType, Snapshot, SnapshotBranch

REMOTE_SCHEMES = ("git", "http", "https")
TARGET_TYPES = {
    b"blob": BranchTargetType.CONTENT,
    b"tree": BranchTargetType.DIRECTORY,
    b"commit": BranchTargetType.REVISION,
    b"tag": BranchTargetType.RELEASE,
}
REMOTE_PREFIX = b"refs/r/"
DETACHED_HEAD = b"refs/h"


class LoaderError(Exception):
    """The origin could not be loaded; the message says why, in one line."""


@dataclass(frozen=True)
class RemoteRefs:
    refs: dict[bytes, bytes]
    head_symref: bytes | None
    head: bytes | None


@dataclass
class LoadResult:
    snapshot: Snapshot
    received: int = 0
    stored: int = 0
    packs: list[Path] = field(default_factory=list)
    skipped: list[ContentHashes] = field(default_factory=list)


def normalize_origin(text: str) -> tuple[str, str]:
    """(origin URL as recorded, URL given to git). Local paths become file:// URLs."""
    if not text or text.startswith("-") or "\n" in text or "\0" in text:
        raise LoaderError(f"not a git origin: {text!r}")
    parts = urlsplit(text)
    if parts.scheme in REMOTE_SCHEMES:
        if not parts.netloc:
            raise LoaderError(f"{text}: URL has no host")
        return text, text
    if parts.scheme == "file":
        path = Path(parts.path)
    elif "://" in text or "::" in text:
        raise LoaderError(f"{text}: unsupported scheme (use a path, file://, git://, http(s)://)")
    else:
        path = Path(text)
    path = path.resolve()
    if not path.exists():
        raise LoaderError(f"{text}: no such repository")
    url = path.as_uri()
    return url, url


def ls_remote(url: str) -> RemoteRefs:
    try:
        out = gitcmd.run(None, ["ls-remote", "--symref", url]).stdout
    except gitcmd.GitError as exc:
        raise LoaderError(f"{url}: {exc}") from exc
    refs: dict[bytes, bytes] = {}
    head_symref: bytes | None = None
    head: bytes | None = None
    for line in out.splitlines():
        value, _, name = line.partition(b"\t")
        if value.startswith(b"ref: "):
            if name == b"HEAD":
                head_symref = value[5:]
        elif name == b"HEAD":
            head = bytes.fromhex(value.decode())
        elif not name.endswith(b"^{}"):
            refs[name] = bytes.fromhex(value.decode())
    return RemoteRefs(refs, head_symref, head)


def build_snapshot(remote: RemoteRefs, types: dict[bytes, tuple[bytes, int]]) -> Snapshot:
    """Every ref plus HEAD (an alias when symbolic); refs to unknown objects are dangling."""
    branches: dict[bytes, SnapshotBranch | None] = {}
    for name, oid in remote.refs.items():
        kind = types.get(oid)
        branches[name] = None if kind is None else SnapshotBranch(oid, TARGET_TYPES[kind[0]])
    if remote.head_symref is not None:
        branches[b"HEAD"] = SnapshotBranch(remote.head_symref, BranchTargetType.ALIAS)
    elif remote.head is not None:
        kind = types.get(remote.head)
        branches[b"HEAD"] = None if kind is None else SnapshotBranch(
            remote.head, TARGET_TYPES[kind[0]]
        )
    return Snapshot.from_dict(branches)


def targets(remote: RemoteRefs) -> set[bytes]:
    found = set(remote.refs.values())
    if remote.head is not None:
        found.add(remote.head)
    return found


def load(store: GitObjectStore, url: str, tmp_root: Path, max_content_size: int) -> LoadResult:
    """Bring every object reachable from the origin's refs into `store`."""
    store.init()
    remote = ls_remote(url)
    wanted = targets(remote)
    result = LoadResult(snapshot=Snapshot.from_dict({}))
    if store.missing(wanted):
        with quarantine(store, tmp_root) as qdir:
            remote = fetch(qdir, url, remote)
            ingest(store, qdir, max_content_size, result)
    result.snapshot = build_snapshot(remote, store.types(targets(remote)))
    keep_refs(store, targets(remote))
    return result


@contextmanager
def quarantine(store: GitObjectStore, tmp_root: Path) -> Iterator[Path]:
    tmp_root.mkdir(parents=True, exist_ok=True)
    clean_stale_quarantines(tmp_root)
    qdir = Path(tempfile.mkdtemp(prefix="visit-", dir=tmp_root))
    try:
        (qdir / "owner").write_text(f"{socket.gethostname()} {os.getpid()}\n")
        gitcmd.run(None, ["init", "--quiet", "--bare", str(qdir / "repo")])
        repo = qdir / "repo"
        for key, value in store_config_items():
            gitcmd.run(repo, ["config", key, value])
        (repo / "objects" / "info" / "alternates").write_text(f"{store.objects_dir}\n")
        yield repo
    finally:
        shutil.rmtree(qdir, ignore_errors=True)


def store_config_items() -> list[tuple[str, str]]:
    from sankofa.archive.objectstore import STORE_CONFIG

    return [*STORE_CONFIG.items(), ("fetch.negotiationAlgorithm", "skipping")]


def clean_stale_quarantines(tmp_root: Path) -> None:
    """Remove quarantines left by processes of this host that no longer run."""
    host = socket.gethostname()
    for qdir in tmp_root.glob("visit-*"):
        try:
            owner_host, pid = (qdir / "owner").read_text().split()
        except (OSError, ValueError):
            owner_host, pid = host, "0"
        if owner_host == host and not process_alive(int(pid)):
            shutil.rmtree(qdir, ignore_errors=True)


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fetch(repo: Path, url: str, remote: RemoteRefs) -> RemoteRefs:
    """Fetch all refs (and a detached HEAD) into the quarantine; return the refs as fetched."""
    refspecs = [b"+refs/*:" + REMOTE_PREFIX + b"*"]
    if remote.head_symref is None and remote.head is not None:
        refspecs.append(b"+HEAD:" + DETACHED_HEAD)
    args: list[str | bytes] = [
        "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-gc",
        "--no-recurse-submodules", "--no-show-forced-updates", url, *refspecs,
    ]
    try:
        gitcmd.run(repo, args)
    except gitcmd.GitError as exc:
        raise LoaderError(f"{url}: fetch failed: {exc}") from exc
    out = gitcmd.run(repo, ["for-each-ref", "--format=%(objectname) %(refname)"]).stdout
    refs: dict[bytes, bytes] = {}
    head = None
    for line in out.splitlines():
        oid, _, name = line.partition(b" ")
        if name == DETACHED_HEAD:
            head = bytes.fromhex(oid.decode())
        elif name.startswith(REMOTE_PREFIX):
            refs[b"refs/" + name[len(REMOTE_PREFIX) :]] = bytes.fromhex(oid.decode())
    return RemoteRefs(refs, remote.head_symref, head if remote.head_symref is None else None)


def ingest(store: GitObjectStore, repo: Path, max_size: int, result: LoadResult) -> None:
    """Move the quarantine's packs into the store, leaving out stored and oversized objects."""
    pack_dir = repo / "objects" / "pack"
    for idx in sorted(pack_dir.glob("pack-*.idx")):
        oids = list(read_pack_index(idx))
        result.received += len(oids)
        present = set(oids) - store.missing(oids) if _store_has_packs(store) else set()
        big = oversized(repo, oids, max_size)
        for oid in big:
            result.skipped.append(hash_content(store, repo, oid))
        keep = [o for o in oids if o not in present and o not in big]
        if not keep:
            continue
        if len(keep) != len(oids):
            idx = repack(repo, idx, keep)
        result.stored += len(keep)
        result.packs.append(move_pack(idx, store.pack_dir))


def _store_has_packs(store: GitObjectStore) -> bool:
    return any(store.pack_dir.glob("pack-*.idx"))


def oversized(repo: Path, oids: list[bytes], max_size: int) -> set[bytes]:
    lines = batch_check(repo, oids, "%(objecttype) %(objectsize)")
    big: set[bytes] = set()
    for oid, line in zip(oids, lines, strict=True):
        kind, _, size = line.partition(b" ")
        if kind == b"blob" and int(size) > max_size:
            big.add(oid)
    return big


def hash_content(store: GitObjectStore, repo: Path, oid: bytes) -> ContentHashes:
    """All hashes of a content, streamed from the quarantine in constant memory."""
    reader = GitObjectStore(repo)
    try:
        _kind, size, chunks = reader.stream(oid)
        hasher = ContentHasher(size)
        for chunk in chunks:
            hasher.update(chunk)
        return hasher.digests()
    finally:
        reader.close()


def repack(repo: Path, idx: Path, keep: list[bytes]) -> Path:
    """Write a pack of only `keep` (deltas reused where their base stays) and drop the old one."""
    base = repo / "objects" / "pack" / "keep"
    listing = b"".join(o.hex().encode() + b"\n" for o in keep)
    out = gitcmd.run(repo, ["pack-objects", "--quiet", "--delta-base-offset", str(base)], input=listing)
    name = out.stdout.strip().decode()
    for ext in (".idx", ".rev", ".pack", ".keep"):
        idx.with_suffix(ext).unlink(missing_ok=True)
    new_idx = base.parent / f"keep-{name}.idx"
    final = base.parent / f"pack-{name}.idx"
    new_idx.with_suffix(".pack").rename(final.with_suffix(".pack"))
    new_idx.rename(final)
    return final


def move_pack(idx: Path, pack_dir: Path) -> Path:
    """Move pack then index into the store; git sees the pack once its index is there."""
    target = pack_dir / idx.name
    if target.exists():
        return target
    for ext in (".pack", ".rev"):
        src = idx.with_suffix(ext)
        if src.exists():
            os.replace(src, target.with_suffix(ext))
    fd = os.open(target.with_suffix(".pack"), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(idx, target)
    return target


def keep_refs(store: GitObjectStore, oids: set[bytes]) -> None:
    """One ref per archived head, so later fetches negotiate with everything archived."""
    if not oids:
        return
    names = [b"refs/k/" + o.hex().encode() for o in sorted(oids)]
    existing = set(
        gitcmd.run(store.root, ["for-each-ref", "--format=%(refname)", "refs/k/"]).stdout.split()
    )
    new = [(n, n[7:]) for n in names if n not in existing]
    present = store.types(bytes.fromhex(h.decode()) for _, h in new)
    commands = b"".join(
        b"update " + n + b" " + h + b"\n" for n, h in new if bytes.fromhex(h.decode()) in present
    )
    if commands:
        gitcmd.run(store.root, ["update-ref", "--no-deref", "--stdin"], input=commands)
        if len(new) > 100:
            gitcmd.run(store.root, ["pack-refs", "--all"])


def pack_count(idx: Path) -> int:
    return pack_object_count(idx)
