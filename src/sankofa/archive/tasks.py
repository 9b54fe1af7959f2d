"""Archive work that runs as background jobs (registered with `sankofa.core.jobs`)."""

from __future__ import annotations

from sankofa.archive import cooking, metadata_tasks, services
from sankofa.core.actors import Actor
from sankofa.core.jobs import task

__all__ = ["cook", "metadata_tasks", "visit"]  # metadata_tasks registers "archive.metadata"


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


@task("archive.cook", max_attempts=1)
def cook(actor: Actor, cook_id: int) -> dict[str, str | int | None]:
    """Cook the vault bundle `cook_id` (asked for by `actor`) into the blob store."""
    return cooking.run_cook(cook_id)
