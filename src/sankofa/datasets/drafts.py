"""Drafting: communities, new records and versions, their metadata and files.

Each service takes the acting `Actor` first, checks permission inside, runs in one
transaction and appends a `Change` to the record's audit trail.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, BinaryIO

from django.db import IntegrityError, transaction
from django.db.models import Max

from sankofa.core.actors import Actor, require
from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.datacite import Resource
from sankofa.core.identifiers.doi import Doi, DoiError
from sankofa.core.uploads import services as upload_services
from sankofa.core.uploads.models import Upload
from sankofa.datasets import access, events, files, metadata, quotas
from sankofa.datasets.errors import (
    DatasetError,
    FileNameTaken,
    InvalidState,
    NotFound,
    UploadUnusable,
)
from sankofa.datasets.models import Community, File, Record, Version

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def create_community(
    actor: Actor, slug: str, title: str, *, review_required: bool = False
) -> Community:
    """A new community (operators and admins); its curators get the role "curator" on
    `community.scope_key` through the accounts roles."""
    require(actor, "datasets.communities")
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise ValueError(
            f"community slug {slug!r}: use lower-case letters, digits and '-' (such as ocean-data)"
        )
    if not isinstance(title, str) or not title.strip():
        raise ValueError("a community needs a title")
    with transaction.atomic():
        if Community.objects.filter(slug=slug).exists():
            raise DatasetError(f"a community with the slug {slug!r} exists already")
        community = Community.objects.create(
            slug=slug, title=title, review_required=review_required
        )
        access.record_change(
            actor,
            None,
            None,
            "create_community",
            of_community=community,
            slug=slug,
            title=title,
            review_required=review_required,
        )
    return community


def create_draft(
    actor: Actor, community: Community | int | None = None, *, doi: str | None = None
) -> Version:
    """A new record owned by `actor`, with an empty draft as its version 1.

    `doi` is a DOI the dataset already has, registered elsewhere (a record moving to
    this node keeps it): the version is cited by it and this node never sends it to
    DataCite."""
    external = _external_doi(doi) if doi is not None else None
    with transaction.atomic():
        found = _community(community)
        require(actor, "datasets.deposit", found.scope_key if found is not None else None)
        if external is not None and Version.objects.filter(doi__iexact=external).exists():
            raise DatasetError(f"a dataset with the DOI {external} is on this node already")
        record = Record.objects.create(
            owner_id=actor.user_id, owner_name=actor.name, community=found
        )
        version = Version.objects.create(
            record=record,
            number=1,
            doi=external,
            doi_state=Version.DoiState.EXTERNAL if external else Version.DoiState.NONE,
        )
        details: dict[str, Any] = {"community": found.slug if found else None}
        if external:
            details["doi"] = external
        access.record_change(actor, record, version, "create_draft", **details)
        events.draft_created(actor, version)
    return version


def _external_doi(text: str) -> str:
    try:
        return str(Doi.parse(text))
    except DoiError as exc:
        raise DatasetError(f"DOI {text!r}: {exc}") from None


def _community(community: Community | int | None) -> Community | None:
    if community is None or isinstance(community, Community):
        return community
    try:
        return Community.objects.get(pk=community)
    except Community.DoesNotExist:
        raise NotFound(f"no community {community}") from None


def set_metadata(actor: Actor, version_id: int, resource: Resource) -> Version:
    """Replace a draft's DataCite metadata (the Resource type holds the mandatory fields)."""
    with transaction.atomic():
        version = access.locked_version(version_id)
        access.require_owner(actor, version.record, "edit this draft")
        access.require_draft(version, "set the metadata")
        metadata.store(version, resource)
        version.save()
        access.record_change(
            actor,
            version.record,
            version,
            "set_metadata",
            title=version.title,
            publication_year=version.publication_year,
            resource_type_general=version.resource_type_general,
        )
        events.metadata_changed(actor, version)
    return version


def add_file(
    actor: Actor,
    version_id: int,
    name: str,
    source: Path | str | BinaryIO,
    *,
    media_type: str | None = None,
    expected_size: int | None = None,
) -> File:
    """Add the file at path `source` (or read from the binary stream `source`) to a draft.

    The content goes to the blob store first (hashed on the way; identical content is
    stored once; a stream is stopped once it passes the quotas, see `quotas`); the row is
    written in a transaction after the draft and the quotas are checked again. A stream
    announced as `expected_size` bytes is refused before any of it is read if too large.
    """
    clean = files.check_name(name)
    version = _editable_draft(actor, version_id)  # fail early, before reading the content
    if expected_size is not None:
        quotas.require_room(version, expected_size)
    content = quotas.store_within(version, source)
    return attach(actor, version_id, clean, content, media_type=media_type)


def attach(
    actor: Actor,
    version_id: int,
    name: str,
    content: files.StoredContent,
    *,
    media_type: str | None = None,
    **details: Any,
) -> File:
    """Name content already in the blob store as a file of a draft (quotas checked under
    the record's lock); `details` go into the audit trail with it."""
    clean = files.check_name(name)
    with transaction.atomic():
        version = locked_draft_for_file(actor, version_id, clean)
        quotas.require_room(version, content.size, content.sha256)
        try:
            with transaction.atomic():
                added = File.objects.create(
                    version=version,
                    name=clean,
                    size=content.size,
                    sha256=content.sha256,
                    md5=content.md5,
                    media_type=media_type or files.media_type_of(clean),
                )
        except IntegrityError:
            raise FileNameTaken(
                f"version {version.number} already has a file named {clean!r}"
            ) from None
        access.record_change(
            actor,
            version.record,
            version,
            "add_file",
            name=clean,
            size=content.size,
            sha256=content.sha256,
            **details,
        )
    return added


def add_upload(
    actor: Actor, version_id: int, upload_id: str, name: str, *, media_type: str | None = None
) -> File:
    """Add a finished resumable upload of `actor` to a draft as the file `name`; the upload
    is used up (its bytes are already in the blob store, where the file names them)."""
    clean = files.check_name(name)
    version = _editable_draft(actor, version_id)
    try:
        upload = upload_services.get_upload(actor, upload_id)
    except upload_services.UploadError as exc:
        raise UploadUnusable(str(exc)) from None
    if not upload.complete:
        raise UploadUnusable(
            f"upload {upload.pk} is not finished: {upload.offset} of {upload.length} bytes "
            "arrived; send the rest first"
        )
    quotas.require_room(version, upload.length, upload.sha256)
    if upload.blob == upload.sha256:
        content = files.StoredContent(sha256=upload.sha256, md5=upload.md5, size=upload.length)
    else:  # a blob store of another algorithm: store the bytes again under their SHA-256
        with get_blobstore().open(upload.blob) as stream:
            content = quotas.store_within(version, stream)
    with transaction.atomic():
        if not Upload.objects.filter(pk=upload.pk, complete=True).delete()[0]:
            raise UploadUnusable(f"upload {upload.pk} was used already")
        return attach(
            actor, version_id, clean, content, media_type=media_type, upload=str(upload.pk)
        )


def locked_draft_for_file(actor: Actor, version_id: int, name: str) -> Version:
    """The draft `version_id`, locked, if `actor` may add a file `name` to it (in the
    caller's transaction)."""
    version = access.locked_version(version_id)
    access.require_owner(actor, version.record, "edit this draft")
    access.require_draft(version, "add a file")
    if version.files.filter(name=name).exists():
        raise FileNameTaken(f"version {version.number} already has a file named {name!r}")
    return version


def _editable_draft(actor: Actor, version_id: int) -> Version:
    try:
        version = Version.objects.select_related("record__community").get(pk=version_id)
    except Version.DoesNotExist:
        raise NotFound(f"no dataset version {version_id}") from None
    access.require_owner(actor, version.record, "edit this draft")
    access.require_draft(version, "add a file")
    return version


def remove_file(actor: Actor, version_id: int, name: str) -> None:
    """Remove the file `name` from a draft (its blob stays: other versions may share it)."""
    with transaction.atomic():
        version = access.locked_version(version_id)
        access.require_owner(actor, version.record, "edit this draft")
        access.require_draft(version, "remove a file")
        found = version.files.filter(name=name).first()
        if found is None:
            raise NotFound(f"version {version.number} has no file named {name!r}")
        found.delete()
        access.record_change(
            actor, version.record, version, "remove_file", name=name, sha256=found.sha256
        )


def new_version(actor: Actor, record_id: int) -> Version:
    """A draft of the next version, starting from the latest published one: its metadata
    (less its ARKs) and its files, by reference to the same blobs."""
    with transaction.atomic():
        record = access.locked_record(record_id)
        access.require_owner(actor, record, "start a new version")
        open_version = record.versions.filter(
            state__in=[Version.State.DRAFT, Version.State.IN_REVIEW]
        ).first()
        if open_version is not None:
            raise InvalidState(
                f"record {record.pk} already has version {open_version.number} "
                f"({open_version.get_state_display()}): finish or discard it first"
            )
        base = record.versions.filter(state=Version.State.PUBLISHED).order_by("-number").first()
        if base is None:
            raise InvalidState(f"record {record.pk} has no published version to start from")
        number = (record.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        draft = Version.objects.create(
            record=record, number=number, access=base.access, embargo_until=base.embargo_until
        )
        resource = base.resource()
        if resource is not None:
            metadata.store(draft, metadata.without_own_arks(resource))
            draft.save()
        File.objects.bulk_create(
            File(
                version=draft,
                name=f.name,
                size=f.size,
                sha256=f.sha256,
                md5=f.md5,
                media_type=f.media_type,
            )
            for f in base.files.all()
        )
        access.record_change(actor, record, draft, "new_version", number=number, base=base.number)
        events.draft_created(actor, draft)
    return draft


def discard_draft(actor: Actor, version_id: int) -> None:
    """Delete a draft (its files' blobs stay); a record left with no version goes too."""
    with transaction.atomic():
        version = access.locked_version(version_id)
        record = version.record
        access.require_owner(actor, record, "discard this draft")
        access.require_draft(version, "discard the draft")
        number = version.number
        version.delete()
        access.record_change(
            actor, record, None, "discard_draft", number=number, record_id=record.pk
        )
        if not record.versions.exists():
            record.delete()  # its audit trail stays, naming the record by number
