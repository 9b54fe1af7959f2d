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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sankofa.archive import gitcmd
from sankofa.archive import remote as sources
from sankofa.archive.objectstore import (
    GitObjectStore,
    batch_check,
    pack_object_count,
    read_pack_index,
)
from sankofa.archive.remote import LoaderError, RemoteRefs
from sankofa.core.jobs.sweeper import process_alive
from sankofa.swhid.gitrefs import read_packed_refs
from sankofa.swhid.hashing import ContentHasher, ContentHashes
from sankofa.swhid.model import GIT_BRANCH_TARGETS, BranchTargetType, Snapshot, SnapshotBranch

KEEP_PREFIX = b"refs/k/"


@dataclass
class LoadResult:
    snapshot: Snapshot
    received: int = 0
    stored: int = 0
    packs: list[Path] = field(default_factory=list)
    skipped: list[ContentHashes] = field(default_factory=list)
    # the visit's packs hold exactly every object its snapshot reaches, and nothing else
    complete: bool = False


def build_snapshot(remote: RemoteRefs, types: dict[bytes, tuple[bytes, int]]) -> Snapshot:
    """Every ref plus HEAD (an alias when symbolic); refs to unknown objects are dangling."""
    branches: dict[bytes, SnapshotBranch | None] = {}
    for name, oid in remote.refs.items():
        kind = types.get(oid)
        branches[name] = None if kind is None else SnapshotBranch(oid, GIT_BRANCH_TARGETS[kind[0]])
    if remote.head_symref is not None:
        branches[b"HEAD"] = SnapshotBranch(remote.head_symref, BranchTargetType.ALIAS)
    elif remote.head is not None:
        kind = types.get(remote.head)
        branches[b"HEAD"] = (
            None if kind is None else SnapshotBranch(remote.head, GIT_BRANCH_TARGETS[kind[0]])
        )
    return Snapshot.from_dict(branches)


def targets(remote: RemoteRefs) -> set[bytes]:
    found = set(remote.refs.values())
    if remote.head is not None:
        found.add(remote.head)
    return found


def load(store: GitObjectStore, url: str, tmp_root: Path, max_content_size: int) -> LoadResult:
    """Bring every object reachable from the origin's refs into `store`."""
    try:
        return _load(store, url, tmp_root, max_content_size)
    except gitcmd.GitError as exc:
        raise LoaderError(f"{url}: {exc}") from exc


def _load(store: GitObjectStore, url: str, tmp_root: Path, max_content_size: int) -> LoadResult:
    store.init()
    remote = sources.list_refs(url)
    wanted = targets(remote)
    result = LoadResult(snapshot=Snapshot.from_dict({}))
    types = store.types(wanted)
    missing = wanted - types.keys()
    if missing:
        with quarantine(store, tmp_root) as qdir:
            git_dir = sources.local_git_dir(url)
            was_empty = not _store_has_packs(store)
            if git_dir is not None and missing == wanted:
                sources.copy_local_objects(git_dir, qdir)
                reachable = connected(qdir, wanted, url)
            else:
                fetch(qdir, url, remote)
                reachable = None
            ingest(store, qdir, max_content_size, result, reachable)
            whole = result.stored == result.received and not result.skipped
            result.complete = whole and (reachable is not None or was_empty)
        types = store.types(wanted)
    result.snapshot = build_snapshot(remote, types)
    keep_refs(store, set(types))
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


# A quarantine without an owner line may be one another visit has just made and
# not yet signed; it counts as abandoned only once it is this old.
UNSIGNED_QUARANTINE_AGE = 3600.0


def clean_stale_quarantines(tmp_root: Path, now: float | None = None) -> None:
    """Remove quarantines left by processes of this host that no longer run."""
    host = socket.gethostname()
    now = time.time() if now is None else now
    for qdir in tmp_root.glob("visit-*"):
        try:
            owner_host, pid = (qdir / "owner").read_text().split()
        except (OSError, ValueError):
            if _age(qdir, now) < UNSIGNED_QUARANTINE_AGE:
                continue
            owner_host, pid = host, "0"
        if owner_host == host and not process_alive(int(pid)):
            shutil.rmtree(qdir, ignore_errors=True)


def _age(path: Path, now: float) -> float:
    try:
        return now - path.stat().st_mtime
    except OSError:
        return 0.0


def fetch(repo: Path, url: str, remote: RemoteRefs) -> None:
    """Fetch exactly the listed targets into the quarantine (no ref is written there)."""
    wanted = b"".join(oid.hex().encode() + b"\n" for oid in sorted(targets(remote)))
    args: list[str | bytes] = [
        "fetch",
        "--quiet",
        "--no-tags",
        "--no-write-fetch-head",
        "--no-auto-gc",
        "--no-recurse-submodules",
        "--no-show-forced-updates",
        "--stdin",
        url,
    ]
    try:
        gitcmd.run(repo, args, input=wanted, guarded=True)
    except gitcmd.GitError as exc:
        raise LoaderError(f"{url}: fetch failed: {exc}") from exc


def ingest(
    store: GitObjectStore,
    repo: Path,
    max_size: int,
    result: LoadResult,
    reachable: set[bytes] | None = None,
) -> None:
    """Move the quarantine's packs into the store, keeping only new objects of the visit.

    Left out: objects already stored, objects seen in an earlier pack of this
    visit, objects not in `reachable` (when given), and contents over `max_size`
    (recorded as skipped, with all their hashes).
    """
    pack_dir = repo / "objects" / "pack"
    seen: set[bytes] = set()
    has_packs = _store_has_packs(store)
    for idx in sorted(pack_dir.glob("*.idx")):
        oids = list(read_pack_index(idx))
        result.received += len(oids)
        present = set(oids) - store.missing(oids) if has_packs else set()
        big = oversized(repo, oids, max_size)
        result.skipped.extend(hash_content(repo, oid) for oid in big - seen)
        keep = [
            o
            for o in oids
            if o not in present
            and o not in big
            and o not in seen
            and (reachable is None or o in reachable)
        ]
        seen.update(oids)
        if not keep:
            continue
        if len(keep) != len(oids):
            idx = repack(repo, idx, keep)
        result.stored += len(keep)
        result.packs.append(move_pack(idx, store.pack_dir))


def connected(repo: Path, wanted: set[bytes], url: str) -> set[bytes]:
    """Every object reachable from `wanted`; the origin is refused if any is absent."""
    listing = b"".join(o.hex().encode() + b"\n" for o in wanted)
    out = gitcmd.run(
        repo, ["rev-list", "--objects", "--missing=print", "--stdin"], input=listing, guarded=True
    ).stdout
    reachable: set[bytes] = set()
    absent: list[bytes] = []
    for line in out.splitlines():
        if line[:1] == b"?":
            absent.append(line[1:41])
        else:
            reachable.add(bytes.fromhex(line[:40].decode()))
    if absent:
        raise LoaderError(
            f"{url}: repository is incomplete: {len(absent)} objects missing, "
            f"e.g. {absent[0].decode()}"
        )
    return reachable


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


def hash_content(repo: Path, oid: bytes) -> ContentHashes:
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
    out = gitcmd.run(
        repo,
        ["pack-objects", "--quiet", "--delta-base-offset", str(base)],
        input=listing,
        guarded=True,
    )
    name = out.stdout.strip().decode()
    for ext in (".idx", ".rev", ".pack", ".keep"):
        idx.with_suffix(ext).unlink(missing_ok=True)
    new_idx = base.parent / f"keep-{name}.idx"
    final = base.parent / f"pack-{name}.idx"
    new_idx.with_suffix(".pack").rename(final.with_suffix(".pack"))
    new_idx.rename(final)
    return final


def move_pack(idx: Path, pack_dir: Path) -> Path:
    """Move pack then index into the store, named by the pack's checksum as git names it.

    git sees a pack once its index is there, so the index moves last.
    """
    pack = idx.with_suffix(".pack")
    with pack.open("rb") as f:
        f.seek(-20, os.SEEK_END)
        name = "pack-" + f.read(20).hex()
    target = pack_dir / f"{name}.idx"
    if target.exists():
        return target
    fd = os.open(pack, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    for ext in (".pack", ".rev"):
        src = idx.with_suffix(ext)
        if src.exists():
            os.replace(src, target.with_suffix(ext))
    os.replace(idx, target)
    return target


def keep_refs(store: GitObjectStore, oids: set[bytes]) -> None:
    """One ref per archived head (`oids`, all stored), so later fetches negotiate with them.

    The refs are written straight into `packed-refs` under git's own lock file
    (`packed-refs.lock`, created exclusively, renamed into place), which costs
    one file write however many heads a visit brings.
    """
    new = {KEEP_PREFIX + o.hex().encode(): o.hex().encode() for o in oids}
    if not new or new.keys() <= read_packed_refs(bytes(store.root / "packed-refs")).keys():
        return
    with packed_refs_lock(store.root) as (current, write):
        refs = dict(current)
        refs.update(new)
        write(refs)


@contextmanager
def packed_refs_lock(
    root: Path,
) -> Iterator[tuple[dict[bytes, bytes], Callable[[dict[bytes, bytes]], None]]]:
    path = root / "packed-refs"
    lock = root / "packed-refs.lock"
    deadline = time.monotonic() + 60
    while True:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                raise LoaderError(f"{lock}: locked for over a minute") from None
            time.sleep(0.05)
    done = False

    def write(refs: dict[bytes, bytes]) -> None:
        nonlocal done
        body = b"".join(refs[name] + b" " + name + b"\n" for name in sorted(refs))
        os.write(fd, b"# pack-refs with: sorted \n" + body)
        os.fsync(fd)
        os.replace(lock, path)
        done = True

    try:
        yield read_packed_refs(bytes(path)), write
    finally:
        os.close(fd)
        if not done:
            lock.unlink(missing_ok=True)


def pack_count(idx: Path) -> int:
    return pack_object_count(idx)
