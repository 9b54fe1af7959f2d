"""Archive work that runs as background jobs (registered with `sankofa.core.jobs`)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sankofa.archive import cooking, metadata_tasks, save, services, vault_eviction
from sankofa.core.actors import Actor
from sankofa.core.jobs import PermanentError, periodic, task

__all__ = [
    "cook",
    "metadata_tasks",
    "vault_evict",
    "visit",
]  # metadata_tasks registers "archive.metadata"


@task("archive.visit", max_attempts=3, backoff=60.0)
def visit(actor: Actor, url: str, guarded: bool = False) -> dict[str, str | int | None]:
    """Archive the origin `url` as `actor`; the job's result names the visit and its snapshot.
    A `guarded` visit (Save Code Now, no allow rule) first refuses a host name that
    resolves to this machine or a private network (`save.resolves_inside`)."""
    host = urlsplit(url).hostname or ""
    if guarded and host and save.resolves_inside(host):
        raise PermanentError(
            f"{host} resolves to a local or private address; "
            "an allow rule for this origin lets it be archived"
        )
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


@task(vault_eviction.TASK, max_attempts=1)
def vault_evict(actor: Actor) -> dict[str, int]:
    """Remove the vault bundles not fetched for a while (`vault_eviction.evict`)."""
    return vault_eviction.evict().as_json()


periodic.every(vault_eviction.TASK, timedelta(days=1))
