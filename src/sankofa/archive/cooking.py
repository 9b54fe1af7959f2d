"""The vault over the web: bundles cooked by background jobs and kept in the blob store.

A bundle is asked for by object and format (:func:`request_cook`); a job
(``archive.cook``, running :func:`run_cook`) cooks it with the same code as the
``sankofa vault`` command (:func:`sankofa.archive.services.give_back`), into a
temporary file that only enters the blob store once complete, so no reader ever
sees half a bundle. The ``VaultCook`` row indexes the blob store: a ``done``
row whose blob exists is a cache hit, and asking again costs nothing.

Formats, as Software Heritage names them:

``flat``       a directory as a gzip-compressed tarball rooted at ``swh:1:dir:<id>/``;
               a revision gives its root directory's tarball.
``git-bare``   a revision, release or snapshot as an (uncompressed) tar of the bare
               repository ``swh:1:<type>:<id>.git/``: the history up to it, with its refs.

Reading the archive is public, and so is asking for a bundle of what it holds (as
Software Heritage allows): the asker is recorded, and each (object, format) is cooked
once however often it is asked for. The job cooks as the node itself. Bundles not
fetched for a while are evicted (`sankofa.archive.vault_eviction`), and an operator may
delete blobs too: a bundle whose row or blob is gone is cooked again on the next
request.
"""

from __future__ import annotations

import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone

from sankofa.archive import graph, services, vault
from sankofa.archive.models import Snapshot, VaultCook
from sankofa.archive.store import object_store, tmp_root
from sankofa.core import jobs
from sankofa.core.actors import Actor
from sankofa.core.blobstore import BlobNotFound, get_blobstore
from sankofa.core.jobs import PermanentError
from sankofa.core.jobs.models import Job
from sankofa.swhid import gitobjects
from sankofa.swhid.identifiers import CoreSWHID, ObjectType

COOK_TASK = "archive.cook"
NODE = Actor.operator("vault")  # who cooks: the node, once someone may ask
FLAT: str = VaultCook.Format.FLAT.value
GIT_BARE: str = VaultCook.Format.GIT_BARE.value
FORMATS: dict[str, frozenset[ObjectType]] = {
    FLAT: frozenset({ObjectType.DIRECTORY, ObjectType.REVISION}),
    GIT_BARE: frozenset({ObjectType.REVISION, ObjectType.RELEASE, ObjectType.SNAPSHOT}),
}
Status = VaultCook.Status


class CookRefused(ValueError):
    """The format is unknown, or does not apply to this kind of object."""


class CookNotFound(LookupError):
    """Nobody asked for this bundle yet."""


class BundleNotReady(LookupError):
    """The bundle is not cooked (yet, or any more)."""


@dataclass(frozen=True)
class Bundle:
    """A cooked bundle: a blob of the node's blob store, and how to hand it out."""

    swhid: CoreSWHID
    fmt: str
    digest: str
    size: int

    @property
    def filename(self) -> str:
        stem = str(self.swhid).replace(":", "_")
        return f"{stem}.tar.gz" if self.fmt == FLAT else f"{stem}.git.tar"

    @property
    def content_type(self) -> str:
        return "application/gzip" if self.fmt == FLAT else "application/x-tar"

    def open(self, start: int = 0, end: int | None = None) -> BinaryIO:
        """The bytes ``[start, end)`` of the bundle (``end`` None: to the end)."""
        return get_blobstore().open_range(self.digest, start, self.size if end is None else end)


def check_format(swhid: CoreSWHID, fmt: str) -> None:
    """Raise CookRefused unless `fmt` is a format and applies to the object's type."""
    kinds = FORMATS.get(fmt)
    if kinds is None:
        raise CookRefused(f"Unknown bundle format {fmt!r}: use 'flat' or 'git-bare'.")
    if swhid.object_type not in kinds:
        names = " and ".join(sorted(k.name.lower() + "s" for k in kinds))
        raise CookRefused(f"{swhid}: only {names} can be cooked as {fmt!r} bundles.")


def check_archived(swhid: CoreSWHID) -> None:
    """Raise graph.NotArchived unless the archive holds the object."""
    if swhid.object_type is ObjectType.SNAPSHOT:
        if not Snapshot.objects.filter(sha1_git=swhid.object_id).exists():
            raise graph.NotArchived(f"{swhid} not found.")
        return
    try:
        graph.read_typed(object_store(), swhid)
    except graph.NotArchived:
        raise graph.NotArchived(f"{swhid} not found.") from None


def request_cook(actor: Actor, swhid: CoreSWHID, fmt: str) -> VaultCook:
    """Ask for the bundle; a job cooks it after commit unless it is cooked or on its way.

    A failed cook, or a done one whose blob is gone, is cooked again.
    Raises CookRefused (format) and graph.NotArchived (unknown object).
    """
    check_format(swhid, fmt)
    check_archived(swhid)
    with transaction.atomic():
        cook, created = VaultCook.objects.select_for_update().get_or_create(
            swhid=str(swhid), fmt=fmt
        )
        reconcile(cook)
        if not created and (cook.status in (Status.NEW, Status.PENDING) or bundle_present(cook)):
            return cook
        now = timezone.now()
        cook.status = Status.NEW
        cook.progress_message = "Waiting for a worker."
        cook.bundle_digest, cook.bundle_size = "", None
        cook.requested_by, cook.requested_by_name = actor.user_id, actor.name
        cook.requested, cook.started, cook.finished = now, None, None
        cook.job_id = jobs.enqueue(actor, COOK_TASK, cook.pk).pk
        cook.save()
    return cook


def cook_status(actor: Actor, swhid: CoreSWHID, fmt: str) -> VaultCook:
    """The cook of this bundle; CookNotFound if nobody asked for it."""
    check_format(swhid, fmt)
    cook = VaultCook.objects.filter(swhid=str(swhid), fmt=fmt).first()
    if cook is None:
        raise CookNotFound(f"Cooking of {swhid} was never requested.")
    reconcile(cook)
    return cook


def open_bundle(actor: Actor, swhid: CoreSWHID, fmt: str) -> Bundle:
    """The cooked bundle, its last access noted; BundleNotReady unless it is done and kept."""
    check_format(swhid, fmt)
    cook = VaultCook.objects.filter(swhid=str(swhid), fmt=fmt, status=Status.DONE).first()
    if cook is None or cook.bundle_size is None or not bundle_present(cook):
        raise BundleNotReady(f"Cooked archive for {swhid} not found.")
    VaultCook.objects.filter(pk=cook.pk).update(last_access=timezone.now())
    return Bundle(swhid, fmt, cook.bundle_digest, cook.bundle_size)


def bundle_present(cook: VaultCook) -> bool:
    return cook.status == Status.DONE and bool(cook.bundle_digest) and _blob_exists(cook)


def _blob_exists(cook: VaultCook) -> bool:
    try:
        return get_blobstore().exists(cook.bundle_digest)
    except (ValueError, BlobNotFound):
        return False


def reconcile(cook: VaultCook) -> None:
    """A cook still new or pending whose job has ended (a worker died) has failed."""
    if cook.status not in (Status.NEW, Status.PENDING) or cook.job_id is None:
        return
    job = Job.objects.filter(pk=cook.job_id).first()
    if job is not None and job.status not in (Job.Status.SUCCEEDED, Job.Status.FAILED):
        return
    reason = job.error_line() if job is not None else "its job is gone"
    _finish(cook, Status.FAILED, f"The cooking stopped before the end: {reason}")


def _finish(
    cook: VaultCook, status: str, message: str, digest: str = "", size: int | None = None
) -> None:
    cook.status, cook.progress_message = status, message
    cook.bundle_digest, cook.bundle_size, cook.finished = digest, size, timezone.now()
    cook.save(
        update_fields=["status", "progress_message", "bundle_digest", "bundle_size", "finished"]
    )


# --- the job --------------------------------------------------------------------------------


def run_cook(cook_id: int) -> dict[str, str | int | None]:
    """Cook the bundle of `cook_id` into the blob store and record the outcome.

    A cook that is not ``new`` any more (cooked, or failed meanwhile) is left alone.
    The reason of a failure is recorded; the job fails too (without retrying when
    trying again cannot help).
    """
    started = VaultCook.objects.filter(pk=cook_id, status=Status.NEW).update(
        status=Status.PENDING, started=timezone.now(), progress_message="Cooking."
    )
    cook = VaultCook.objects.get(pk=cook_id)
    result: dict[str, str | int | None] = {"swhid": cook.swhid, "format": cook.fmt}
    if not started:
        return result | {"status": cook.status}
    try:
        digest, size, message = cook_bundle(CoreSWHID.from_string(cook.swhid), cook.fmt)
    except (vault.VaultError, graph.NotArchived, CookRefused) as exc:
        _finish(cook, Status.FAILED, str(exc))
        raise PermanentError(str(exc)) from None
    except Exception as exc:
        _finish(cook, Status.FAILED, f"The cooking failed: {type(exc).__name__}: {exc}")
        raise
    _finish(cook, Status.DONE, message, digest, size)
    return result | {"status": Status.DONE.value, "digest": digest, "size": size}


def cook_bundle(swhid: CoreSWHID, fmt: str) -> tuple[str, int, str]:
    """(digest, size, progress message) of the bundle, cooked and put in the blob store."""
    check_format(swhid, fmt)
    tmp_root().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cook-", dir=tmp_root()) as tmp:
        if fmt == FLAT:
            path = Path(tmp) / "bundle.tar.gz"
            root = root_directory(swhid)
            report = services.give_back(NODE, root, "tar.gz", path)
            message = f"Done: {report.files} files, {report.total_bytes} bytes."
            if report.skipped:
                message += f" {len(report.skipped)} too large to archive, replaced by a notice."
        else:
            repo = Path(tmp) / "repo.git"
            services.give_back(NODE, swhid, "git-bare", repo)
            path = Path(tmp) / "bundle.tar"
            tar_directory(repo, path, f"{swhid}.git")
            message = "Done."
        store = get_blobstore()
        digest = store.put_file(path, link=True)
        return digest, store.size(digest), message


def root_directory(swhid: CoreSWHID) -> CoreSWHID:
    """The directory a flat bundle holds: the object itself, or a revision's root."""
    if swhid.object_type is ObjectType.DIRECTORY:
        return swhid
    commit = gitobjects.parse_commit(graph.read_typed(object_store(), swhid))
    return CoreSWHID(ObjectType.DIRECTORY, commit.directory)


def tar_directory(source: Path, out: Path, name: str) -> None:
    """Write `source` as an uncompressed tar under the top directory `name` (no dates, owners)."""

    def plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
        info.mode = 0o755 if info.isdir() or info.mode & 0o100 else 0o644
        return info

    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with (
        os.fdopen(fd, "wb") as stream,
        tarfile.open(fileobj=stream, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.add(source, arcname=name, filter=plain)
