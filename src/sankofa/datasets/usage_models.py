"""What the usage statistics store: one row per counted hit, and the day's salt.

A hit row names the version looked at (and, for a download, the file), the kind
(``view`` or ``download``), when it happened and who asked, as a client key: a
SHA-256 of the client's identity (user id, else address and user agent) keyed with
a random salt that lives one day only (`UsageSalt`), so yesterday's keys cannot be
traced back to an address, not even by the operator. Raw addresses are never stored.
"""

from __future__ import annotations

from django.db import models

__all__ = ["UsageEvent", "UsageSalt"]


class UsageEvent(models.Model):
    class Kind(models.TextChoices):
        VIEW = "view", "view"
        DOWNLOAD = "download", "download"

    record = models.ForeignKey("datasets.Record", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey("datasets.Version", on_delete=models.CASCADE, related_name="+")
    # for downloads: the file (null for views)
    file = models.ForeignKey(
        "datasets.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    client = models.CharField(max_length=64)
    at = models.DateTimeField()
    day = models.DateField()  # the day of `at` in the node's time zone (unique counts)

    class Meta:
        indexes = [
            models.Index(fields=["record", "day"], name="datasets_usage_record_day"),
            models.Index(fields=["version", "kind"], name="datasets_usage_version_kind"),
            models.Index(fields=["day"], name="datasets_usage_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of version {self.version_id} at {self.at:%Y-%m-%d %H:%M:%S}"


class UsageSalt(models.Model):
    """The key of today's client keys: replaced (and the old one deleted) each day."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"usage salt of {self.day}"
