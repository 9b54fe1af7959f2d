"""Core work that runs as background jobs (found by the job registry's autodiscovery)."""

from sankofa.core.uploads import tasks as uploads

__all__ = ["uploads"]  # registers "uploads.expire"
