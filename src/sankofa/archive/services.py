"""Archive services: the only code that changes what the archive shows.

Each takes the acting `Actor` first and checks permission inside. A visit is
recorded as `ongoing` before any transfer; its snapshot and final status are
written in one transaction after the objects are in the store.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from sankofa.archive import fsck, gitcmd, graph, loader, metadata, vault
from sankofa.archive.models import (
    Origin,
    Pack,
    SkippedContent,
    Snapshot,
    SnapshotBranch,
    Visit,
    binary,
)
from sankofa.archive.objectstore import GitObjectStore, pack_object_count
from sankofa.archive.remote import LoaderError, normalize_origin
from sankofa.archive.store import object_store, tmp_root
from sankofa.core import jobs
from sankofa.core.actors import Actor, require
from sankofa.core.blobstore import get_blobstore
from sankofa.core.jobs.sweeper import process_alive
from sankofa.swhid import model as m
from sankofa.swhid.hashing import ContentHashes
from sankofa.swhid.identifiers import CoreSWHID, ObjectType

TARGET_TYPE_CODES = {
    m.BranchTargetType.CONTENT: SnapshotBranch.TargetType.CONTENT,
    m.BranchTargetType.DIRECTORY: SnapshotBranch.TargetType.DIRECTORY,
    m.BranchTargetType.REVISION: SnapshotBranch.TargetType.REVISION,
    m.BranchTargetType.RELEASE: SnapshotBranch.TargetType.RELEASE,
    m.BranchTargetType.SNAPSHOT: SnapshotBranch.TargetType.SNAPSHOT,
    m.BranchTargetType.ALIAS: SnapshotBranch.TargetType.ALIAS,
}
BRANCH_TYPES = {int(code): bt for bt, code in TARGET_TYPE_CODES.items()}


class OriginNotFound(LookupError):
    pass


def archive_origin(actor: Actor, text: str) -> Visit:
    """Visit a git origin: archive what is new and record the snapshot it shows."""
    require(actor, "archive.load")
    origin_url, fetch_url = normalize_origin(text)
    visit = start_visit(origin_url)
    try:
        result = loader.load(
            object_store(), fetch_url, tmp_root(), settings.SANKOFA_MAX_CONTENT_SIZE
        )
    except (LoaderError, OSError) as exc:
        fail_visit(visit, str(exc))
        raise
    return finish_visit(visit, result)


def request_visit(actor: Actor, text: str) -> jobs.Job:
    """Ask for `archive_origin` to run as a background job (after the caller's commit)."""
    require(actor, "archive.load")
    origin_url, _ = normalize_origin(text)  # refuse what can never be archived now
    return jobs.enqueue(actor, "archive.visit", origin_url)


def start_visit(origin_url: str) -> Visit:
    with transaction.atomic():
        Origin.objects.get_or_create(url=origin_url)
        # the row lock serialises concurrent visits of one origin while they take a number
        origin = Origin.objects.select_for_update().get(url=origin_url)
        abandon_dead_visits(origin)
        number = (origin.visits.aggregate(n=Max("number"))["n"] or 0) + 1
        return Visit.objects.create(
            origin=origin,
            number=number,
            date=timezone.now(),
            status=Visit.Status.ONGOING,
            worker=f"{socket.gethostname()} {os.getpid()}",
        )


def abandon_dead_visits(origin: Origin) -> None:
    """Visits left `ongoing` by a process of this host that died are marked failed."""
    host = socket.gethostname()
    for visit in origin.visits.filter(status=Visit.Status.ONGOING):
        owner, _, pid = visit.worker.partition(" ")
        if owner == host and pid.isdigit() and not process_alive(int(pid)):
            visit.status = Visit.Status.FAILED
            visit.message = "interrupted: the process that ran this visit stopped"
            visit.finished = timezone.now()
            visit.save(update_fields=["status", "message", "finished"])


def fail_visit(visit: Visit, message: str) -> None:
    visit.status = Visit.Status.FAILED
    visit.message = message[:2000]
    visit.finished = timezone.now()
    visit.save(update_fields=["status", "message", "finished"])


def finish_visit(visit: Visit, result: loader.LoadResult) -> Visit:
    """Copy the new packs to the blob store, then make the snapshot visible in one transaction."""
    blobs = get_blobstore()
    copies = {
        idx: (blobs.put_file(idx.with_suffix(".pack"), link=True), blobs.put_file(idx, link=True))
        for idx in result.packs
    }
    with transaction.atomic():
        visit = _record_visit(visit, result, copies)
        metadata.on_visit_finished(visit)  # describes the origin from its tree, after commit
        return visit


def _record_visit(
    visit: Visit, result: loader.LoadResult, copies: dict[Path, tuple[str, str]]
) -> Visit:
    snapshot = save_snapshot(result.snapshot)
    save_skipped(result.skipped, visit.origin)
    for idx, (pack_digest, index_digest) in copies.items():
        Pack.objects.get_or_create(
            name=idx.stem,
            defaults={
                "visit": visit,
                "object_count": pack_object_count(idx),
                "size": idx.with_suffix(".pack").stat().st_size + idx.stat().st_size,
                "pack_digest": pack_digest,
                "closure_of": snapshot if result.complete else None,
                "index_digest": index_digest,
            },
        )
    visit.snapshot = snapshot
    visit.status = Visit.Status.FULL
    visit.finished = timezone.now()
    visit.objects_received = result.received
    visit.objects_stored = result.stored
    visit.save()
    return visit


def save_snapshot(snapshot: m.Snapshot) -> Snapshot:
    row, created = Snapshot.objects.get_or_create(
        sha1_git=snapshot.id, defaults={"branch_count": len(snapshot.branches)}
    )
    if created:
        SnapshotBranch.objects.bulk_create(
            (
                SnapshotBranch(
                    snapshot=row,
                    name=name,
                    target=None if b is None else b.target,
                    target_type=SnapshotBranch.TargetType.DANGLING
                    if b is None
                    else TARGET_TYPE_CODES[b.target_type],
                )
                for name, b in snapshot.branches.items()
            ),
            batch_size=2000,
        )
    return row


def save_skipped(skipped: Iterable[ContentHashes], origin: Origin) -> None:
    limit = settings.SANKOFA_MAX_CONTENT_SIZE
    for h in skipped:
        SkippedContent.objects.get_or_create(
            sha1_git=h.sha1_git,
            defaults={
                "sha1": h.sha1,
                "sha256": h.sha256,
                "blake2s256": h.blake2s256,
                "length": h.length,
                "reason": f"content larger than {limit} bytes",
                "origin": origin,
            },
        )


def snapshot_model(row: Snapshot) -> m.Snapshot:
    """The pure snapshot a row stands for (its id recomputes to the row's)."""
    branches: dict[bytes, m.SnapshotBranch | None] = {}
    for name, target, code in row.branches.values_list("name", "target", "target_type"):
        if code == SnapshotBranch.TargetType.DANGLING:
            branches[binary(name)] = None
        else:
            branches[binary(name)] = m.SnapshotBranch(binary(target), BRANCH_TYPES[int(code)])
    return m.Snapshot.from_dict(branches)


def find_origin(url: str) -> Origin:
    candidates = [url]
    with contextlib.suppress(LoaderError):
        candidates.append(normalize_origin(url)[0])
    origin = Origin.objects.filter(url__in=candidates).first()
    if origin is None:
        raise OriginNotFound(f"no origin {url}")
    return origin


def give_back(actor: Actor, swhid: CoreSWHID, fmt: str, out: Path) -> vault.CookReport:
    """Cook `swhid` into `out`: a directory as tar.gz; revision, release, snapshot as git-bare."""
    require(actor, "archive.vault")
    store = object_store()
    t = swhid.object_type
    if fmt == "tar.gz":
        if t is not ObjectType.DIRECTORY:
            raise vault.VaultError(f"{swhid}: tar.gz gives back directories; use git-bare")
        graph.read_typed(store, swhid)
        return vault.cook_directory(store, swhid.object_id, out, is_skipped)
    if fmt != "git-bare":
        raise vault.VaultError(f"unknown format {fmt!r} (tar.gz or git-bare)")
    snapshot = snapshot_row = None
    if t is ObjectType.SNAPSHOT:
        snapshot_row = Snapshot.objects.filter(sha1_git=swhid.object_id).first()
        if snapshot_row is None:
            raise graph.NotArchived(f"{swhid} is not in the archive")
        snapshot = snapshot_model(snapshot_row)
    elif t in (ObjectType.REVISION, ObjectType.RELEASE):
        graph.read_typed(store, swhid)
    else:
        raise vault.VaultError(f"{swhid}: git-bare gives back revisions, releases and snapshots")
    refs, head = vault.bare_refs(swhid, store, snapshot)
    tips = sorted(set(refs.values()) | ({swhid.object_id} if snapshot is None else set()))
    skipped = SkippedContent.objects.count() and reachable_skipped(store, tips)
    if skipped:
        raise vault.VaultError(
            f"{swhid}: {len(skipped)} content(s) were skipped for their size "
            f"(e.g. swh:1:cnt:{skipped[0].hex()}); a bare repository cannot be given back whole"
        )
    vault.cook_git_bare(store, tips, refs, head, out, closure_packs(store, snapshot_row))
    return vault.CookReport()


def closure_packs(store: GitObjectStore, snapshot: Snapshot | None) -> list[Path] | None:
    """The store packs holding exactly what `snapshot` reaches, if one visit brought just that."""
    if snapshot is None:
        return None
    names = snapshot.closure_packs.values_list("visit", "name")
    by_visit: dict[int | None, list[Path]] = {}
    for visit, name in names:
        by_visit.setdefault(visit, []).append(store.pack_dir / f"{name}.idx")
    for packs in by_visit.values():
        if all(p.exists() and p.with_suffix(".pack").exists() for p in packs):
            return packs
    return None


def is_skipped(oid: bytes) -> bool:
    return SkippedContent.objects.filter(sha1_git=oid).exists()


def reachable_skipped(store: GitObjectStore, tips: list[bytes]) -> list[bytes]:
    proc = gitcmd.run(
        store.root,
        ["rev-list", "--objects", "--missing=print", "--stdin"],
        input=b"".join(t.hex().encode() + b"\n" for t in tips),
        check=False,
    )
    missing = [
        bytes.fromhex(ln[1:41].decode()) for ln in proc.stdout.splitlines() if ln[:1] == b"?"
    ]
    found = SkippedContent.objects.filter(sha1_git__in=missing).values_list("sha1_git", flat=True)
    return [binary(oid) for oid in found]


def check_archive(actor: Actor) -> fsck.FsckReport:
    """Re-hash every stored object and look for anything a visible snapshot needs but lacks."""
    require(actor, "archive.fsck")
    store = object_store()
    skipped = {binary(s) for s in SkippedContent.objects.values_list("sha1_git", flat=True)}
    targets = {
        binary(t)
        for t in SnapshotBranch.objects.exclude(
            target_type__in=[SnapshotBranch.TargetType.ALIAS, SnapshotBranch.TargetType.DANGLING]
        )
        .values_list("target", flat=True)
        .distinct()
    }
    report = fsck.fsck(store, targets, skipped)
    copies = dict(Pack.objects.values_list("pack_digest", "name"))
    copies.update(Pack.objects.values_list("index_digest", "name"))
    copies.pop("", None)
    for digest in sorted(get_blobstore().missing(copies)):
        report.missing.append((copies[digest], f"blob store copy {digest} of a pack"))
    return report


def list_origins() -> list[tuple[Origin, int, Visit | None]]:
    result: list[tuple[Origin, int, Visit | None]] = []
    for origin in Origin.objects.annotate(n=Count("visits")).order_by("url"):
        last = origin.visits.order_by("-number").first()
        result.append((origin, origin.n, last))
    return result


def list_visits(origin_url: str) -> list[Visit]:
    origin = find_origin(origin_url)
    return list(origin.visits.select_related("snapshot").order_by("number"))


@dataclass(frozen=True)
class Description:
    fields: list[tuple[str, str]]
    children: list[graph.Child]
    provenance: graph.Provenance | None


def describe(actor: Actor, swhid: CoreSWHID, provenance: bool = False) -> Description:
    """What an archived object is: its type, size or headers, and its children."""
    require(actor, "archive.read")
    store = object_store()
    fields: list[tuple[str, str]] = []
    if swhid.object_type is ObjectType.CONTENT:
        skipped = SkippedContent.objects.filter(sha1_git=swhid.object_id).first()
        if skipped is not None:
            fields = [("length", str(skipped.length)), ("status", "skipped: " + skipped.reason)]
        else:
            info = store.info(swhid.object_id)
            if info is None or info[0] != b"blob":
                raise graph.NotArchived(f"{swhid} is not in the archive")
            fields = [("length", str(info[1]))]
    kids = graph.children(store, swhid)
    prov = graph.provenance(store, swhid) if provenance else None
    return Description(fields, kids, prov)
