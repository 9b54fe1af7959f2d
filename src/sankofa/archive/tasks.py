"""Archive work that runs as background jobs (registered with `sankofa.core.jobs`)."""

from __future__ import annotations

from sankofa.archive import services
from sankofa.core.actors import Actor
from sankofa.core.jobs import task


@task("archive.visit", max_attempts=3, backoff=60.0)
def visit(actor: Actor, url: str) -> dict[str, str | int | None]:
    """Archive the origin `url` as `actor`; the job's result names the visit and its snapshot."""
    done = services.archive_origin(actor, url)
    return {
        "origin": done.origin.url,
        "visit": done.number,
        "status": str(done.status),
        "snapshot": None if done.snapshot is None else str(done.snapshot),
    }
