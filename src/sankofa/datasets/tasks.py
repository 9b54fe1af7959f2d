"""Dataset work that runs as background jobs (registered with `sankofa.core.jobs`)."""

from __future__ import annotations

from datetime import timedelta

from sankofa.core.actors import Actor
from sankofa.core.blobstore import BlobNotFound, get_blobstore
from sankofa.core.jobs import periodic, task
from sankofa.datasets import fetching  # noqa: F401 (registers datasets.fetch_url)
from sankofa.datasets.fixity import check_all, interval_days
from sankofa.datasets.models import File
from sankofa.datasets.visibility import lift_embargoes as lift_due_embargoes

__all__ = ["fixity", "fixity_all", "lift_embargoes"]


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


@task("datasets.lift_embargoes", max_attempts=3, backoff=600.0)
def lift_embargoes(actor: Actor) -> dict[str, list[int]]:
    """Open the published versions whose embargo ended (periodic: daily)."""
    return {"opened": lift_due_embargoes(actor)}


@task("datasets.fixity_all", max_attempts=1, timeout=7 * 86400.0)
def fixity_all(actor: Actor) -> dict[str, object]:
    """Re-read every published file and check its checksums; the result is the report
    (`sankofa.datasets.fixity`; periodic: every SANKOFA_FIXITY_INTERVAL_DAYS days)."""
    return check_all().as_json()


def _fixity_interval() -> timedelta:
    return timedelta(days=interval_days())


periodic.every("datasets.lift_embargoes", timedelta(days=1))
periodic.every("datasets.fixity_all", _fixity_interval)

# the DOI jobs live in their own module; importing it registers them
from sankofa.datasets import doi_tasks  # noqa: E402, F401
