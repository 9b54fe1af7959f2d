"""Dataset models: a `Record` is the concept, its `Version`s are what gets published.

A version starts as a `draft` (metadata and files editable by its owner), may wait
`in_review` for a curator of its community, becomes `published` (frozen: metadata and
files never change again) and may later be `withdrawn` (a tombstone: its metadata stays,
its files are no longer offered). Both a record and each published version have an
ARK; the record's ARK (the concept ARK) resolves to its latest published version.

Frozen versions are protected here too, not only by the services: `Version.save()`
refuses to change anything of a published version but its withdrawal, and `File.save()`
and `File.delete()` refuse files of a published or withdrawn version. (Bulk
`QuerySet.update()`/`delete()` bypass model methods: only the services write here.)

Files hold no bytes: `sha256` names the blob in the node's blob store, so identical
content is stored once, and a new version lists its predecessor's blobs by reference.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from sankofa.core.formats.datacite import Resource, xml47
from sankofa.datasets.errors import FrozenVersion
from sankofa.datasets.usage_models import UsageEvent, UsageSalt  # noqa: F401  (registered)

__all__ = ["AccessRequest", "Change", "Community", "File", "MintedArk", "Record", "Version"]


class Community(models.Model):
    """A collection with its own curators (the role "curator" on scope `scope_key`)."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    review_required = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.slug

    @property
    def scope_key(self) -> str:
        """The role scope of this community (as `sankofa.accounts.roles.scope_key` makes it)."""
        return f"datasets.community:{self.pk}"


class Record(models.Model):
    """The concept: what every version of one dataset shares."""

    # minted when the first version is published; drafts-only records have none
    ark = models.CharField(max_length=128, unique=True, null=True, blank=True)
    # the depositor: a user id (no foreign key: accounts may live elsewhere)
    owner_id = models.BigIntegerField(null=True, blank=True)
    owner_name = models.CharField(max_length=200, blank=True, default="")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    # the concept DOI (reserved with the first draft when DataCite is configured)
    doi = models.CharField(max_length=255, unique=True, null=True, blank=True)
    # the newest published version (or, when all are withdrawn, the newest tombstone)
    latest = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.ark or f"record {self.pk}"


class Version(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "draft"
        IN_REVIEW = "in_review", "in review"
        PUBLISHED = "published", "published"
        WITHDRAWN = "withdrawn", "withdrawn"

    class Access(models.TextChoices):
        OPEN = "open", "open"
        EMBARGOED = "embargoed", "embargoed"
        RESTRICTED = "restricted", "restricted"
        METADATA_ONLY = "metadata_only", "metadata only"

    class DoiState(models.TextChoices):
        NONE = "", "none"
        DRAFT = "draft", "reserved"
        REGISTERED = "registered", "registered"
        FINDABLE = "findable", "findable"
        # registered by someone else (an imported record keeps its DOI): never sent to
        # DataCite by this node, cited all the same
        EXTERNAL = "external", "registered elsewhere"

    CITABLE_DOI_STATES = frozenset({DoiState.REGISTERED, DoiState.FINDABLE, DoiState.EXTERNAL})

    FROZEN_STATES = frozenset({State.PUBLISHED, State.WITHDRAWN})
    # what a published version may still change: its withdrawal, the state of its DOI at
    # DataCite, and its access when an embargo is lifted (see `_refuse_frozen_changes`)
    WITHDRAWAL_FIELDS = frozenset(
        {"state", "withdrawn_at", "withdrawal_reason", "doi_state", "access"}
    )

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    # minted at publication (drafts have none)
    ark = models.CharField(max_length=128, unique=True, null=True, blank=True)
    # DataCite kernel-4.7 XML, as written by sankofa.core.formats.datacite.xml47
    metadata = models.BinaryField(null=True, blank=True)
    title = models.TextField(blank=True, default="")
    publication_year = models.PositiveSmallIntegerField(null=True, blank=True)
    resource_type_general = models.CharField(max_length=64, blank=True, default="")
    created = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True, default="")
    # who may download the files: open; embargoed until `embargo_until` (then open);
    # restricted (access requests granted by the owner); metadata only (no files)
    access = models.CharField(max_length=16, choices=Access.choices, default=Access.OPEN)
    embargo_until = models.DateField(null=True, blank=True)
    # the version DOI (reserved at draft, registered at publication) and its DataCite state
    doi = models.CharField(max_length=255, unique=True, null=True, blank=True)
    doi_state = models.CharField(
        max_length=16, choices=DoiState.choices, blank=True, default=DoiState.NONE
    )

    class Meta:
        ordering = ["record_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="datasets_version_number"),
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(state__in=["draft", "in_review"]),
                name="datasets_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.state in self.FROZEN_STATES

    def resource(self) -> Resource | None:
        """The DataCite resource of this version, or None before metadata is set."""
        if self.metadata is None:
            return None
        return xml47.read(bytes(self.metadata))

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            self._refuse_frozen_changes()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.pk is not None and _stored_state(self.pk) in self.FROZEN_STATES:
            raise FrozenVersion(f"version {self.pk} is {_stored_state(self.pk)}: it is kept")
        return super().delete(*args, **kwargs)

    def _refuse_frozen_changes(self) -> None:
        stored = Version.objects.filter(pk=self.pk).first()
        if stored is None or stored.state not in self.FROZEN_STATES:
            return
        changed = [
            field.attname
            for field in self._meta.concrete_fields
            if field.attname not in self.WITHDRAWAL_FIELDS
            and _value(self, field.attname) != _value(stored, field.attname)
        ]
        if self.access != stored.access and not (
            stored.access == self.Access.EMBARGOED and self.access == self.Access.OPEN
        ):
            changed.append("access")  # only the lifting of an embargo changes a frozen one
        if stored.state == self.State.WITHDRAWN and self.state != self.State.WITHDRAWN:
            changed.append("state")
        if self.state not in self.FROZEN_STATES:
            changed.append("state")
        if changed:
            raise FrozenVersion(
                f"version {self.pk} is {stored.state}: published versions cannot be modified "
                f"(attempted to change {', '.join(sorted(set(changed)))})"
            )


def _value(obj: models.Model, attname: str) -> object:
    value = getattr(obj, attname)
    return bytes(value) if isinstance(value, memoryview) else value


def _stored_state(version_id: int) -> str | None:
    return Version.objects.filter(pk=version_id).values_list("state", flat=True).first()


class File(models.Model):
    """One named file of a version: the bytes are the blob `sha256` of the blob store."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    md5 = models.CharField(max_length=32)
    media_type = models.CharField(max_length=255, default="application/octet-stream")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="datasets_file_name"),
        ]
        indexes = [models.Index(fields=["sha256"], name="datasets_file_sha256")]

    def __str__(self) -> str:
        return self.name

    def _refuse_frozen(self) -> None:
        state = _stored_state(self.version_id)
        if state in Version.FROZEN_STATES:
            raise FrozenVersion(
                f"version {self.version_id} is {state}: its files cannot be added, changed "
                "or removed"
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_frozen()
        return super().delete(*args, **kwargs)


class MintedArk(models.Model):
    """Every ARK this node minted, once: records and versions share one name space, and
    an ARK is never given again (not even one whose holder is gone)."""

    value = models.CharField(max_length=128, unique=True)
    minted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.value


class AccessRequest(models.Model):
    """Someone asking the owner of a restricted record for its files.

    Granted requests give a time-limited link (`expires`); the token itself is never
    stored, only its SHA-256 (`token_hash`)."""

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        GRANTED = "granted", "granted"
        REFUSED = "refused", "refused"

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="access_requests")
    requester_id = models.BigIntegerField(null=True, blank=True)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    message = models.TextField(blank=True, default="")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    decided_by = models.CharField(max_length=200, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, default="")
    expires = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["token_hash"], name="datasets_access_token")]

    def __str__(self) -> str:
        return f"access request {self.pk} ({self.state})"


class Change(models.Model):
    """One entry of the audit trail: who did what to which record, and when."""

    # null for changes of a community, or once a discarded record is gone (the entry stays)
    record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    action = models.CharField(max_length=32)
    details = models.JSONField(default=dict, blank=True)
    actor_name = models.CharField(max_length=200)
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_name}"
