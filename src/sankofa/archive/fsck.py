"""Checking the archive: every stored object re-hashed, every visible reference present.

Three passes: (1) stream every object out of the packs and recompute its id
from its bytes (constant memory per object, whatever its size); (2) walk
everything reachable from the archived heads and list what is absent
(contents recorded as skipped are expected to be absent); (3) check that each
visible snapshot's branch targets are stored.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field

from sankofa.archive import gitcmd
from sankofa.archive.objectstore import GitObjectStore
from sankofa.swhid.hashing import git_object_header

CHUNK = 1 << 20


@dataclass
class FsckReport:
    checked: int = 0
    corrupt: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.corrupt or self.missing or self.errors)


def rehash_all(store: GitObjectStore, report: FsckReport) -> None:
    proc = gitcmd.popen(
        store.root,
        ["cat-file", "--batch", "--batch-all-objects", "--unordered"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out = proc.stdout
    assert out is not None and proc.stderr is not None
    try:
        while header := out.readline():
            parts = header.split()
            if len(parts) != 3:
                report.errors.append(
                    "unexpected output from git: " + header.decode(errors="replace")
                )
                break
            claimed, kind, size = parts[0].decode(), parts[1], int(parts[2])
            h = hashlib.sha1(git_object_header(kind, size))
            left = size
            while left:
                chunk = out.read(min(CHUNK, left))
                if not chunk:
                    break
                h.update(chunk)
                left -= len(chunk)
            out.read(1)
            report.checked += 1
            if left:
                report.corrupt.append((claimed, "truncated"))
            elif h.hexdigest() != claimed:
                report.corrupt.append((claimed, f"bytes hash to {h.hexdigest()}"))
    finally:
        out.close()
        err = proc.stderr.read()
        if proc.wait() != 0:
            report.errors.append("unreadable object store: " + _last_line(err))


def _last_line(err: bytes) -> str:
    lines = [ln for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
    return " / ".join(lines[-2:]) if lines else "git failed"


def reachable_missing(store: GitObjectStore, skipped: set[bytes], report: FsckReport) -> None:
    """Objects reachable from the archived heads that are not in the store."""
    if not any(store.pack_dir.glob("*.idx")):
        return
    proc = gitcmd.run(
        store.root,
        ["rev-list", "--objects", "--missing=print", "--glob=refs/k/*", "--"],
        check=False,
    )
    if proc.returncode != 0:
        report.errors.append("cannot walk the archived history: " + _last_line(proc.stderr))
    for line in proc.stdout.splitlines():
        if line.startswith(b"?"):
            oid = bytes.fromhex(line[1:41].decode())
            if oid not in skipped:
                report.missing.append((oid.hex(), "reachable from an archived head"))


def targets_missing(
    store: GitObjectStore, targets: Iterable[bytes], skipped: set[bytes], report: FsckReport
) -> None:
    for oid in sorted(store.missing(targets)):
        if oid not in skipped:
            report.missing.append((oid.hex(), "target of a snapshot branch"))


def fsck(store: GitObjectStore, targets: Iterable[bytes], skipped: set[bytes]) -> FsckReport:
    report = FsckReport()
    rehash_all(store, report)
    reachable_missing(store, skipped, report)
    targets_missing(store, targets, skipped, report)
    return report
