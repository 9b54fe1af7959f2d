"""Upload work that runs as a background job: removing expired uploads."""

from __future__ import annotations

from sankofa.core.actors import Actor
from sankofa.core.jobs import task
from sankofa.core.uploads import services


@task("uploads.expire", max_attempts=1)
def expire(actor: Actor) -> dict[str, int]:
    """Remove unfinished uploads past their expiry (and stray partial files)."""
    return {"removed": services.expire_uploads(actor)}
