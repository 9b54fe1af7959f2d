"""Publishing: review, publication (ARKs minted, everything frozen) and withdrawal.

A draft of a record whose community requires review is `submit`ted to review and
published by a curator of that community; otherwise its owner publishes it (`submit`
then publishes at once). Publication mints the version's ARK, and the concept ARK the
first time, stamps both into the metadata and moves the record's `latest` pointer.
A withdrawn version becomes a tombstone: its metadata stays, `resolve` still finds it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sankofa.core.actors import Actor
from sankofa.datasets import access, events, metadata
from sankofa.datasets.errors import InvalidState
from sankofa.datasets.identifiers import assign_ark
from sankofa.datasets.models import Record, Version


def needs_review(record: Record) -> bool:
    return record.community is not None and record.community.review_required


def submit(actor: Actor, version_id: int) -> Version:
    """Hand a draft over: to review if its community requires it, else publish it now."""
    with transaction.atomic():
        version = access.locked_version(version_id)
        access.require_owner(actor, version.record, "submit this draft")
        access.require_draft(version, "submit")
        _require_metadata(version)
        if not needs_review(version.record):
            return _publish(actor, version)
        version.state = Version.State.IN_REVIEW
        version.save(update_fields=["state"])
        access.record_change(actor, version.record, version, "submit")
    return version


def publish(actor: Actor, version_id: int) -> Version:
    """Publish a version: by a curator after review, or by the owner when there is none."""
    with transaction.atomic():
        version = access.locked_version(version_id)
        record = version.record
        if needs_review(record):
            access.require_curator(actor, record, "publish in this community")
            if version.state != Version.State.IN_REVIEW:
                raise InvalidState(
                    f"cannot publish version {version.number}: it is "
                    f"{version.get_state_display()}, and this community publishes only "
                    "versions submitted for review"
                )
        else:
            if not access.can_curate(actor, record):
                access.require_owner(actor, record, "publish this version")
            if version.state not in (Version.State.DRAFT, Version.State.IN_REVIEW):
                raise InvalidState(
                    f"cannot publish version {version.number}: it is already "
                    f"{version.get_state_display()}"
                )
        _require_metadata(version)
        return _publish(actor, version)


def _require_metadata(version: Version) -> None:
    if version.metadata is None:
        raise InvalidState(
            f"version {version.number} has no metadata yet: set its DataCite metadata first"
        )


def _publish(actor: Actor, version: Version) -> Version:
    record = version.record
    first = record.ark is None
    if first:
        assign_ark(record)
    assign_ark(version)
    resource = version.resource()
    assert resource is not None and record.ark is not None and version.ark is not None
    metadata.store(
        version,
        metadata.stamped(
            resource, version.ark, record.ark, version_doi=version.doi, concept_doi=record.doi
        ),
    )
    version.state = Version.State.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    record.latest = version
    record.save(update_fields=["latest"])
    access.record_change(
        actor,
        record,
        version,
        "publish",
        ark=version.ark,
        concept_ark=record.ark,
        concept_ark_minted=first,
        files=version.files.count(),
    )
    events.published(actor, version)
    return version


def withdraw(actor: Actor, version_id: int, reason: str) -> Version:
    """Withdraw a published version (curators and admins): it stays as a tombstone."""
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValueError("a withdrawal needs a reason, shown on the tombstone")
    with transaction.atomic():
        version = access.locked_version(version_id)
        record = version.record
        access.require_curator(actor, record, "withdraw this version")
        if version.state != Version.State.PUBLISHED:
            raise InvalidState(
                f"cannot withdraw version {version.number}: it is "
                f"{version.get_state_display()}, only published versions can be withdrawn"
            )
        version.state = Version.State.WITHDRAWN
        version.withdrawn_at = timezone.now()
        version.withdrawal_reason = reason
        version.save(update_fields=["state", "withdrawn_at", "withdrawal_reason"])
        record.latest = _newest_shown(record)
        record.save(update_fields=["latest"])
        access.record_change(actor, record, version, "withdraw", ark=version.ark, reason=reason)
        events.withdrawn(actor, version)
    return version


def _newest_shown(record: Record) -> Version | None:
    """The newest published version, or when none is left the newest tombstone."""
    versions = record.versions.order_by("-number")
    return (
        versions.filter(state=Version.State.PUBLISHED).first()
        or versions.filter(state=Version.State.WITHDRAWN).first()
    )
