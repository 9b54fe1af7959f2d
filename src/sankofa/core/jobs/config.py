"""What the settings say about jobs, read when asked (never at import; no models)."""

from __future__ import annotations

from django.conf import settings


def broker_url() -> str | None:
    """`SANKOFA_JOBS_BROKER_URL`, or None: the embedded worker runs the jobs."""
    url: str | None = getattr(settings, "SANKOFA_JOBS_BROKER_URL", None)
    return url or None


def queue_name() -> str:
    """`SANKOFA_JOBS_QUEUE`: the Celery queue of this node's jobs."""
    return str(getattr(settings, "SANKOFA_JOBS_QUEUE", "") or "sankofa")


def sweep_interval() -> float:
    """`SANKOFA_JOBS_SWEEP_INTERVAL`: seconds between two sweeps of one worker."""
    return float(getattr(settings, "SANKOFA_JOBS_SWEEP_INTERVAL", 60.0))
