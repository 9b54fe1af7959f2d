"""Models of the core app (label `sankofa_core`)."""

from sankofa.core.jobs.models import Job

__all__ = ["Job"]
