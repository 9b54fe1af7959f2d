"""Models of the archive's metadata feature (imported by ``sankofa.archive.models``)."""

from __future__ import annotations

from django.db import models

__all__ = ["OriginMetadata"]


class OriginMetadata(models.Model):
    """What an origin's software says of itself, read from the HEAD revision of its
    latest full visit (see `sankofa.archive.metadata`).

    ``fields`` is `SoftwareMetadata.to_json()`; ``search_text`` is its searchable text
    (name, description, keywords, authors) case-folded, for word matching on any database.
    """

    origin = models.OneToOneField(
        "archive.Origin", on_delete=models.CASCADE, related_name="software_metadata"
    )
    visit = models.ForeignKey(
        "archive.Visit", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.BinaryField(max_length=20, null=True)
    sources = models.JSONField(default=list)  # file names read, in precedence order
    warnings = models.JSONField(default=list)  # files skipped and why
    fields = models.JSONField(default=dict)
    search_text = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["origin"]

    def __str__(self) -> str:
        return f"metadata of {self.origin_id}"
