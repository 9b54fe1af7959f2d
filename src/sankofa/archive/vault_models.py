"""Models of the archive's vault feature (imported by ``sankofa.archive.models``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

__all__ = ["VaultCook"]


class VaultCook(models.Model):
    """One bundle of an archived object in one format, and how its cooking went.

    Statuses are Software Heritage's: ``new`` (asked, waiting for a worker),
    ``pending`` (being cooked), ``done`` (the bundle is the blob ``bundle_digest``
    of the node's blob store), ``failed`` (``progress_message`` says why; asking
    again cooks again). A ``done`` row whose blob is gone is cooked again when
    asked, so the blob store is the cache and this table its index.
    """

    class Format(models.TextChoices):
        FLAT = "flat"
        GIT_BARE = "git-bare"

    class Status(models.TextChoices):
        NEW = "new"
        PENDING = "pending"
        DONE = "done"
        FAILED = "failed"

    swhid = models.CharField(max_length=100)  # core SWHID of the object asked for
    fmt = models.CharField(max_length=16, choices=Format.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    progress_message = models.TextField(blank=True, default="")
    bundle_digest = models.CharField(max_length=128, blank=True, default="")
    bundle_size = models.BigIntegerField(null=True, blank=True)
    job_id = models.BigIntegerField(null=True, blank=True)  # the job cooking it (core jobs)
    # the actor who last asked for it; a user id, as jobs record it
    requested_by = models.BigIntegerField(null=True, blank=True)
    requested_by_name = models.CharField(max_length=200, blank=True, default="")
    created = models.DateTimeField(default=timezone.now)
    requested = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    last_access = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["swhid", "fmt"], name="vault_cook_object_format"),
        ]

    def __str__(self) -> str:
        return f"{self.fmt} bundle of {self.swhid}: {self.status}"
