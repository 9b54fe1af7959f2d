"""The job table: the one source of truth for what was asked, what ran and how it ended."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from sankofa.core.actors import Actor, actor_of_user


class Job(models.Model):
    """One request to run a task, and every attempt's outcome.

    `queued` jobs run once `run_after` has passed; a worker claims one by
    moving it to `running` (and counting the attempt); it ends `succeeded`
    with its `result` or goes back to `queued` with a later `run_after`, until
    `max_attempts` attempts have failed and it is `failed` for good.
    `dispatched_at` is when a message was last handed to a broker (never set
    by the embedded worker, which reads this table directly).
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    name = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField()
    run_after = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True, default="")
    result = models.JSONField(null=True, blank=True)
    # the actor who asked; a user id until accounts arrive, then a foreign key
    requested_by = models.BigIntegerField(null=True, blank=True)
    requested_by_name = models.CharField(max_length=200)
    requested_as_operator = models.BooleanField(default=False)
    requested_as_admin = models.BooleanField(default=False)
    worker = models.CharField(max_length=200, blank=True, default="")
    created = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "sankofa_core"
        indexes = [
            models.Index(fields=["status", "run_after"], name="job_due"),
            models.Index(fields=["requested_by", "created"], name="job_requester"),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} {self.name} {self.status}"

    @property
    def args(self) -> list[Any]:
        return list(self.arguments.get("args", []))

    @property
    def kwargs(self) -> dict[str, Any]:
        return dict(self.arguments.get("kwargs", {}))

    def actor(self) -> Actor:
        """The actor the job runs as: the one who asked for it, with the roles they hold now."""
        if self.requested_by is not None and not self.requested_as_operator:
            return actor_of_user(self.requested_by, self.requested_by_name)
        return Actor(
            name=self.requested_by_name,
            user_id=self.requested_by,
            is_operator=self.requested_as_operator,
            is_admin=self.requested_as_admin,
        )

    def error_line(self) -> str:
        """The last line of the last error (the exception type and message)."""
        lines = self.last_error.strip().splitlines()
        return lines[-1] if lines else ""


class PeriodicRun(models.Model):
    """When a periodic task (`sankofa.core.jobs.periodic`) last ran and is next due.

    One row per task; a process that finds it due claims it with one conditional
    `UPDATE … WHERE runs = <the count it read>`, which only one process can win.
    """

    name = models.CharField(max_length=200, unique=True)
    interval = models.FloatField(default=0.0)  # seconds, as registered when it last ran
    runs = models.PositiveBigIntegerField(default=0)
    last_run = models.DateTimeField(null=True, blank=True)
    next_run = models.DateTimeField(null=True, blank=True)
    last_job = models.BigIntegerField(null=True, blank=True)

    class Meta:
        app_label = "sankofa_core"

    def __str__(self) -> str:
        return f"periodic {self.name} (next {self.next_run})"
