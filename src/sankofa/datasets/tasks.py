"""Dataset work that runs as background jobs (registered with `sankofa.core.jobs`)."""

from __future__ import annotations

from sankofa.core.actors import Actor
from sankofa.core.blobstore import BlobNotFound, get_blobstore
from sankofa.core.jobs import task
from sankofa.datasets.models import File

__all__ = ["fixity"]


@task("datasets.fixity", max_attempts=3, backoff=60.0)
def fixity(actor: Actor, version_id: int) -> dict[str, int | list[str]]:
    """Check that every file of version `version_id` is in the blob store with its SHA-256
    and size; the result lists the names of the files that are missing or damaged."""
    store = get_blobstore()
    bad: list[str] = []
    rows = File.objects.filter(version_id=version_id).order_by("name")
    for row in rows:
        try:
            intact = store.size(row.sha256) == row.size and store.verify(row.sha256)
        except BlobNotFound:
            intact = False
        if not intact:
            bad.append(row.name)
    return {"checked": len(rows), "bad": bad}
