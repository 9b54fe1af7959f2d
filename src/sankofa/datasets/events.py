"""What follows a change of a dataset's lifecycle, in one place: each service calls one
function here inside its transaction, and every side effect that leaves the database
(DataCite, fixity) is a job that `sankofa.core.jobs.enqueue` starts after commit. (The
mails of access requests go after commit from `sankofa.datasets.visibility`, so that an
access token never sits in a job's arguments.)

Work that must be visible in the same transaction as the change (the search index)
runs here directly, so a published record is never missing from search, nor a
withdrawn one still found.
"""

from __future__ import annotations

from sankofa.core import jobs
from sankofa.core.actors import Actor
from sankofa.datasets import pids, search_index
from sankofa.datasets.models import Version

__all__ = ["draft_created", "embargo_lifted", "metadata_changed", "published", "withdrawn"]


def draft_created(actor: Actor, version: Version) -> None:
    """A new record's first draft, or a new version's draft, exists."""
    if pids.assign_dois(version):
        jobs.enqueue(actor, "datasets.doi_reserve", version.pk)


def metadata_changed(actor: Actor, version: Version) -> None:
    """A draft's metadata was replaced."""
    if pids.managed(version) and pids.account() is not None:
        jobs.enqueue(actor, "datasets.doi_update", version.pk)


def published(actor: Actor, version: Version) -> None:
    """`version` was published (its ARKs are minted, its files frozen)."""
    search_index.index_version(version)
    jobs.enqueue(actor, "datasets.fixity", version.pk)
    if (pids.managed(version) or version.record.doi) and pids.account() is not None:
        jobs.enqueue(actor, "datasets.doi_register", version.pk)


def withdrawn(actor: Actor, version: Version) -> None:
    """`version` became a tombstone."""
    if (pids.managed(version) or version.record.doi) and pids.account() is not None:
        jobs.enqueue(actor, "datasets.doi_hide", version.pk)
    search_index.remove(version)


def embargo_lifted(actor: Actor, version: Version) -> None:
    """The embargo of `version` ended: its files are open now."""
    search_index.index_version(version)
