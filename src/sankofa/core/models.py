"""Models of the core app (label `sankofa_core`)."""

from django.db import models

from sankofa.core.jobs.models import Job, PeriodicRun
from sankofa.core.uploads.models import Upload

__all__ = ["Job", "PeriodicRun", "RateWindow", "Upload"]


class RateWindow(models.Model):
    """The hits of one rate-limit bucket in its current fixed window (sankofa.core.ratelimit).

    One row per bucket, updated in place by one UPSERT per hit; `window_start` and
    `expires` are seconds since the epoch, and rows past `expires` may be deleted.
    """

    bucket = models.CharField(max_length=200, unique=True)
    window_start = models.BigIntegerField()
    expires = models.BigIntegerField(db_index=True)
    hits = models.BigIntegerField()
