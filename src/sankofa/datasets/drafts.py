"""Drafting: communities, new records and versions, their metadata and files.

Each service takes the acting `Actor` first, checks permission inside, runs in one
transaction and appends a `Change` to the record's audit trail.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from django.db import IntegrityError, transaction
from django.db.models import Max

from sankofa.core.actors import Actor, require
from sankofa.core.formats.datacite import Resource
from sankofa.datasets import access, events, files, metadata
from sankofa.datasets.errors import DatasetError, FileNameTaken, InvalidState, NotFound
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


def create_draft(actor: Actor, community: Community | int | None = None) -> Version:
    """A new record owned by `actor`, with an empty draft as its version 1."""
    with transaction.atomic():
        found = _community(community)
        require(actor, "datasets.deposit", found.scope_key if found is not None else None)
        record = Record.objects.create(
            owner_id=actor.user_id, owner_name=actor.name, community=found
        )
        version = Version.objects.create(record=record, number=1)
        access.record_change(
            actor, record, version, "create_draft", community=found.slug if found else None
        )
        events.draft_created(actor, version)
    return version


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
) -> File:
    """Add the file at path `source` (or read from the binary stream `source`) to a draft.

    The content goes to the blob store first (hashed on the way; identical content is
    stored once); the row is written in a transaction after the draft is checked again.
    """
    clean = files.check_name(name)
    _editable_draft(actor, version_id)  # fail early, before reading the content
    content = files.store_content(source)
    with transaction.atomic():
        version = access.locked_version(version_id)
        access.require_owner(actor, version.record, "edit this draft")
        access.require_draft(version, "add a file")
        if version.files.filter(name=clean).exists():
            raise FileNameTaken(f"version {version.number} already has a file named {clean!r}")
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
        )
    return added


def _editable_draft(actor: Actor, version_id: int) -> None:
    try:
        version = Version.objects.select_related("record__community").get(pk=version_id)
    except Version.DoesNotExist:
        raise NotFound(f"no dataset version {version_id}") from None
    access.require_owner(actor, version.record, "edit this draft")
    access.require_draft(version, "add a file")


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
