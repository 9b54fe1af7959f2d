"""Relational state of the software archive: what is visible.

Objects themselves (contents, directories, revisions, releases) live in the
git-pack object store; the database holds what makes them visible — origins,
visits and the snapshots they found — plus skipped contents and the packs
that were ingested. A snapshot row is only written after every object it
reaches is in the object store, so a visible snapshot never references a
missing object.
"""

from __future__ import annotations

from django.db import models


def binary(value: bytes | memoryview | None) -> bytes:
    """A BinaryField's value as bytes (databases may hand back memoryview)."""
    if value is None:
        raise ValueError("no value")
    return bytes(value)


class Origin(models.Model):
    url = models.TextField(unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url


class Snapshot(models.Model):
    """A snapshot, deduplicated by its intrinsic id (the SWHID's 20 bytes)."""

    sha1_git = models.BinaryField(max_length=20, unique=True)
    branch_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return "swh:1:snp:" + bytes(self.sha1_git).hex()


class SnapshotBranch(models.Model):
    """One branch: raw name bytes, target bytes (an object id or, for an alias, a branch name)."""

    class TargetType(models.IntegerChoices):
        CONTENT = 1, "content"
        DIRECTORY = 2, "directory"
        REVISION = 3, "revision"
        RELEASE = 4, "release"
        SNAPSHOT = 5, "snapshot"
        ALIAS = 6, "alias"
        DANGLING = 7, "dangling"

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="branches")
    name = models.BinaryField()
    target = models.BinaryField(null=True)
    target_type = models.PositiveSmallIntegerField(choices=TargetType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "name"], name="snapshot_branch_unique_name")
        ]
        indexes = [models.Index(fields=["target"], name="snapshot_branch_target")]


class Visit(models.Model):
    class Status(models.TextChoices):
        CREATED = "created"
        ONGOING = "ongoing"
        FULL = "full"
        PARTIAL = "partial"
        FAILED = "failed"
        NOT_FOUND = "not_found"

    origin = models.ForeignKey(Origin, on_delete=models.CASCADE, related_name="visits")
    number = models.PositiveIntegerField()
    type = models.CharField(max_length=16, default="git")
    date = models.DateTimeField()
    finished = models.DateTimeField(null=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CREATED)
    snapshot = models.ForeignKey(
        Snapshot, null=True, on_delete=models.PROTECT, related_name="visits"
    )
    worker = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    objects_received = models.PositiveIntegerField(default=0)
    objects_stored = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["origin", "number"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "number"], name="visit_unique_number")
        ]


class Pack(models.Model):
    """A git pack moved into the object store by a visit (its bytes are also in the blob store)."""

    name = models.CharField(max_length=100, unique=True)
    visit = models.ForeignKey(Visit, null=True, on_delete=models.SET_NULL, related_name="packs")
    object_count = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField()
    closure_of = models.ForeignKey(
        Snapshot, null=True, on_delete=models.SET_NULL, related_name="closure_packs"
    )  # set when this visit's packs hold exactly the objects its snapshot reaches
    pack_digest = models.CharField(max_length=64, blank=True)
    index_digest = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)


class SkippedContent(models.Model):
    """A content seen but not stored (too large): its hashes and length are kept."""

    sha1_git = models.BinaryField(max_length=20, unique=True)
    sha1 = models.BinaryField(max_length=20)
    sha256 = models.BinaryField(max_length=32)
    blake2s256 = models.BinaryField(max_length=32)
    length = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=200)
    origin = models.ForeignKey(Origin, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)


# Each feature keeps its models in its own module; importing them here registers them.
from sankofa.archive.metadata_models import *  # noqa: E402, F403
from sankofa.archive.save_models import *  # noqa: E402, F403
from sankofa.archive.vault_models import *  # noqa: E402, F403
