"""Core work that runs as background jobs (found by the job registry's autodiscovery)."""

from datetime import timedelta

from sankofa.core.jobs import periodic
from sankofa.core.uploads import tasks as uploads

__all__ = ["uploads"]  # registers "uploads.expire"

periodic.every("uploads.expire", timedelta(hours=1))
