"""Models of the archive's save feature ("Save Code Now"), imported by ``sankofa.archive.models``.

A `SaveRequest` is someone asking for an origin to be archived; its two statuses
follow Software Heritage: the request is `accepted`, `rejected` or `pending`
review, and the visit it leads to is `not created`, `not yet scheduled`,
`scheduled`, `running`, `succeeded` or `failed`. A `SaveRule` is an operator's
decision on every URL starting with a prefix: allow (accepted at once) or deny
(rejected at once); a deny rule wins over an allow rule.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

__all__ = ["SaveRequest", "SaveRule"]


class SaveRequest(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted"
        REJECTED = "rejected"
        PENDING = "pending"

    class TaskStatus(models.TextChoices):
        NOT_CREATED = "not created"
        NOT_YET_SCHEDULED = "not yet scheduled"
        SCHEDULED = "scheduled"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    origin_url = models.TextField()
    visit_type = models.CharField(max_length=16, default="git")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    task_status = models.CharField(
        max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_CREATED
    )
    request_date = models.DateTimeField(default=timezone.now)
    # who asked: a user id (no foreign key: accounts may live elsewhere), or null
    requested_by = models.BigIntegerField(null=True, blank=True)
    requested_by_name = models.CharField(max_length=200, blank=True, default="")
    requester_ip = models.GenericIPAddressField(null=True, blank=True)
    from_webhook = models.BooleanField(default=False)
    webhook_origin = models.CharField(max_length=32, blank=True, default="")
    note = models.TextField(blank=True, default="")
    reviewed_by_name = models.CharField(max_length=200, blank=True, default="")
    review_date = models.DateTimeField(null=True, blank=True)
    job_id = models.BigIntegerField(null=True, blank=True)
    visit_number = models.PositiveIntegerField(null=True, blank=True)
    visit_date = models.DateTimeField(null=True, blank=True)
    visit_status = models.CharField(max_length=16, blank=True, default="")
    snapshot_swhid = models.CharField(max_length=60, blank=True, default="")

    class Meta:
        ordering = ["-request_date", "-pk"]
        indexes = [
            models.Index(fields=["origin_url", "visit_type"], name="save_request_origin"),
            models.Index(fields=["status", "request_date"], name="save_request_status"),
            models.Index(fields=["requested_by", "request_date"], name="save_request_user"),
            models.Index(fields=["requester_ip", "request_date"], name="save_request_ip"),
        ]

    def __str__(self) -> str:
        return f"save request {self.pk} {self.origin_url} {self.status}"

    @property
    def task_done(self) -> bool:
        return self.task_status in (self.TaskStatus.SUCCEEDED, self.TaskStatus.FAILED)


class SaveRule(models.Model):
    class Kind(models.TextChoices):
        ALLOW = "allow"
        DENY = "deny"

    prefix = models.TextField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    created_by_name = models.CharField(max_length=200, blank=True, default="")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "kind"], name="save_rule_unique_prefix")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.prefix}"
