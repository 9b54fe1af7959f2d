"""Resumable uploads as services: create, inspect, append to, terminate and expire.

Every call names its actor; only people (actors with a user id) upload, and an upload
is visible to its owner alone (and to the node itself).  Limits, from the settings:
``SANKOFA_UPLOAD_MAX_SIZE`` bytes per upload, ``SANKOFA_UPLOAD_USER_QUOTA`` bytes of
unfinished uploads per person, and ``SANKOFA_UPLOAD_EXPIRY`` seconds after its last
write an unfinished upload expires (see :func:`expire_uploads`).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.blobstore import get_blobstore
from sankofa.core.uploads import partial, protocol
from sankofa.core.uploads.models import Upload
from sankofa.core.uploads.protocol import Checksum

GiB = 1 << 30


class UploadError(Exception):
    """A refused upload request; the message says why."""


class UploadNotFound(UploadError):
    """No such upload, or not the actor's."""


class UploadGone(UploadError):
    """The upload expired."""


class UploadTooLarge(UploadError):
    """Over SANKOFA_UPLOAD_MAX_SIZE, the person's quota, or the upload's own length."""


class OffsetMismatch(UploadError):
    """The request's offset is not the upload's."""


class UploadBusy(UploadError):
    """Another request is writing the upload now."""


class ChecksumMismatch(UploadError):
    """The body does not have the digest the client announced; it was discarded."""


def max_size() -> int:
    return int(getattr(settings, "SANKOFA_UPLOAD_MAX_SIZE", 50 * GiB))


def user_quota() -> int:
    return int(getattr(settings, "SANKOFA_UPLOAD_USER_QUOTA", 100 * GiB))


def expiry() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "SANKOFA_UPLOAD_EXPIRY", 7 * 86400)))


def home() -> Path:
    return Path(settings.HOME)


def path_of(upload: Upload) -> Path:
    return partial.partial_path(home(), str(upload.id))


def _uploader(actor: Actor) -> int:
    if actor.user_id is None:
        raise PermissionDenied(f"{actor.name} may not upload: sign in with a token")
    return actor.user_id


def create_upload(actor: Actor, length: int, metadata: dict[str, str]) -> Upload:
    """A new, empty upload of `length` bytes owned by `actor` (complete at once if 0)."""
    owner = _uploader(actor)
    if length > max_size():
        raise UploadTooLarge(f"Upload-Length: {length} bytes is over the limit of {max_size()}")
    pending = Upload.objects.filter(owner_id=owner, complete=False).aggregate(n=Sum("length"))
    if (pending["n"] or 0) + length > user_quota():
        raise UploadTooLarge(
            f"Upload-Length: your unfinished uploads would exceed your quota of {user_quota()}"
            " bytes; finish or delete some first"
        )
    upload = Upload(
        owner_id=owner,
        length=length,
        metadata=protocol.format_metadata(metadata),
        expires=_new_expiry(),
    )
    partial.create(path_of(upload))
    upload.save(force_insert=True)
    if length == 0:
        with partial.locked(path_of(upload)):
            _finish(upload)
    return upload


def _new_expiry() -> dt.datetime:
    return timezone.now() + expiry()


def get_upload(actor: Actor, upload_id: uuid.UUID | str) -> Upload:
    """The actor's upload; UploadNotFound if there is none, UploadGone if it expired."""
    try:
        upload = Upload.objects.get(pk=upload_id)
    except (Upload.DoesNotExist, ValidationError, ValueError):
        raise UploadNotFound(f"no upload {upload_id}") from None
    if not actor.oversees_node and upload.owner_id != actor.user_id:
        raise UploadNotFound(f"no upload {upload_id}")
    if not upload.complete and upload.expires <= timezone.now():
        raise UploadGone(f"upload {upload_id} expired on {upload.expires.isoformat()}")
    return upload


def upload_status(actor: Actor, upload_id: uuid.UUID | str) -> Upload:
    """The upload as it stands; one whose bytes all arrived is completed first if need be."""
    upload = get_upload(actor, upload_id)
    if not upload.complete and upload.offset == upload.length:
        try:
            with partial.locked(path_of(upload)) as handle:
                if _reconciled(upload, handle).offset == upload.length:
                    _finish(upload)
        except (partial.PartialBusy, FileNotFoundError):
            upload.refresh_from_db()
    return upload


def append(
    actor: Actor,
    upload_id: uuid.UUID | str,
    offset: int,
    stream: partial.Readable,
    length: int,
    checksum: Checksum | None = None,
) -> Upload:
    """Write `length` bytes of `stream` at `offset`; complete the upload after its last byte.

    A stream that ends early keeps what arrived (unless a checksum was announced, which
    cannot be verified then). Raises OffsetMismatch, UploadTooLarge (past the upload's
    length), UploadBusy, or ChecksumMismatch (nothing kept).
    """
    upload = get_upload(actor, upload_id)
    if upload.complete:
        if offset != upload.length or length:
            raise OffsetMismatch(f"Upload-Offset: the upload is complete ({upload.length} bytes)")
        return upload
    try:
        with partial.locked(path_of(upload)) as handle:
            upload = _reconciled(upload, handle)
            if offset != upload.offset:
                raise OffsetMismatch(
                    f"Upload-Offset: {offset} is not the upload's offset {upload.offset}"
                )
            if offset + length > upload.length:
                raise UploadTooLarge(
                    f"Content-Length: {length} bytes at {offset} overrun the upload's"
                    f" {upload.length} bytes"
                )
            _write(upload, handle, stream, length, checksum)
            if upload.offset == upload.length:
                _finish(upload)
    except partial.PartialBusy:
        raise UploadBusy(f"upload {upload_id} is being written by another request") from None
    except FileNotFoundError:
        raise UploadNotFound(f"no upload {upload_id}") from None
    return upload


def _reconciled(upload: Upload, handle: BinaryIO) -> Upload:
    """The upload re-read under the lock, its offset and file made to agree."""
    upload.refresh_from_db()
    held = partial.reconcile(handle, upload.offset)
    if held != upload.offset:
        Upload.objects.filter(pk=upload.pk).update(offset=held)
        upload.offset = held
    return upload


def _write(
    upload: Upload,
    handle: BinaryIO,
    stream: partial.Readable,
    length: int,
    checksum: Checksum | None,
) -> None:
    hasher = checksum.new_hash() if checksum is not None else None
    got = partial.append(handle, upload.offset, stream, length, hasher)
    if (
        hasher is not None
        and checksum is not None
        and (got.interrupted or hasher.digest() != checksum.digest)
    ):
        partial.cut(handle, upload.offset)  # a checksum that cannot be verified discards too
        if got.interrupted:
            return
        raise ChecksumMismatch(
            f"Upload-Checksum: the body's {checksum.algorithm} digest differs; discarded"
        )
    upload.offset += got.count
    upload.expires = _new_expiry()
    Upload.objects.filter(pk=upload.pk).update(offset=upload.offset, expires=upload.expires)


def _finish(upload: Upload) -> None:
    """Hash the whole file, put it in the blob store, then mark the upload complete."""
    path = path_of(upload)
    sha256, md5 = partial.digests(path)
    blob = get_blobstore().put_file(path, link=True)
    upload.blob, upload.sha256, upload.md5 = blob, sha256, md5
    upload.complete, upload.completed = True, timezone.now()
    with transaction.atomic():
        Upload.objects.filter(pk=upload.pk).update(
            blob=blob, sha256=sha256, md5=md5, complete=True, completed=upload.completed
        )
    partial.remove(path)


def terminate(actor: Actor, upload_id: uuid.UUID | str) -> None:
    """Forget the upload and free its partial file (a completed upload's blob stays)."""
    upload = get_upload(actor, upload_id)
    Upload.objects.filter(pk=upload.pk).delete()
    partial.remove(path_of(upload))


def expire_uploads(actor: Actor, now: dt.datetime | None = None) -> int:
    """Remove the unfinished uploads past their expiry, and stray partial files; return how many.

    Only the node itself (an operator or admin) may; a stray file is one with no
    upload row, left alone until it is older than the expiry period.
    """
    if not actor.oversees_node:
        raise PermissionDenied(f"{actor.name} may not expire uploads")
    now = now or timezone.now()
    expired = list(
        Upload.objects.filter(complete=False, expires__lte=now).values_list("pk", flat=True)
    )
    for pk in expired:
        Upload.objects.filter(pk=pk, complete=False, expires__lte=now).delete()
        partial.remove(partial.partial_path(home(), str(pk)))
    return len(expired) + _remove_strays(now)


def _remove_strays(now: dt.datetime) -> int:
    directory = partial.uploads_dir(home())
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return 0
    cutoff = (now - expiry()).timestamp()
    removed = 0
    for entry in entries:
        name = entry.name.removesuffix(".part")
        if not entry.name.endswith(".part") or entry.stat().st_mtime > cutoff:
            continue
        try:
            known = Upload.objects.filter(pk=uuid.UUID(name)).exists()
        except ValueError:
            known = False
        if not known:
            partial.remove(Path(entry.path))
            removed += 1
    return removed
