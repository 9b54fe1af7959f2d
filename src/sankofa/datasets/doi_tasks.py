"""The DOI jobs: DataCite requests after commit, tried again with backoff on an outage.

Each job reads the version when it runs and sends its current state (`sankofa.datasets.pids`),
so a late retry never undoes a later change. DataCite unreachable, timing out or
answering 429/5xx: the attempt fails and the job runs again after 1, 2, 4… minutes (at
most an hour between attempts, 12 attempts: about half a day). A refusal (4xx: bad
credentials, metadata DataCite rejects) fails the job at once with DataCite's reasons;
`sankofa jobs retry ID` runs it again once the cause is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sankofa.core.actors import Actor
from sankofa.core.jobs import PermanentError, task
from sankofa.datasets import pids
from sankofa.datasets.datacite_client import DataCiteRefused

__all__ = ["doi_hide", "doi_register", "doi_reserve", "doi_update"]

MAX_ATTEMPTS = 12
BACKOFF = 60.0
MAX_BACKOFF = 3600.0
TIMEOUT = 600.0


def _run(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return call()
    except DataCiteRefused as exc:
        raise PermanentError(str(exc)) from None


@task(
    "datasets.doi_reserve",
    max_attempts=MAX_ATTEMPTS,
    backoff=BACKOFF,
    max_backoff=MAX_BACKOFF,
    timeout=TIMEOUT,
)
def doi_reserve(actor: Actor, version_id: int) -> dict[str, Any]:
    """Reserve a new draft's version DOI (and its record's concept DOI) as drafts."""
    return _run(lambda: pids.reserve(version_id))


@task(
    "datasets.doi_update",
    max_attempts=MAX_ATTEMPTS,
    backoff=BACKOFF,
    max_backoff=MAX_BACKOFF,
    timeout=TIMEOUT,
)
def doi_update(actor: Actor, version_id: int) -> dict[str, Any]:
    """Send a draft's new metadata to its draft DOI."""
    return _run(lambda: pids.sync(version_id, concept=False))


@task(
    "datasets.doi_register",
    max_attempts=MAX_ATTEMPTS,
    backoff=BACKOFF,
    max_backoff=MAX_BACKOFF,
    timeout=TIMEOUT,
)
def doi_register(actor: Actor, version_id: int) -> dict[str, Any]:
    """Make a published version's DOI findable and point the concept DOI at it."""
    return _run(lambda: pids.sync(version_id))


@task(
    "datasets.doi_hide",
    max_attempts=MAX_ATTEMPTS,
    backoff=BACKOFF,
    max_backoff=MAX_BACKOFF,
    timeout=TIMEOUT,
)
def doi_hide(actor: Actor, version_id: int) -> dict[str, Any]:
    """Hide a withdrawn version's DOI (it keeps resolving, to the tombstone)."""
    return _run(lambda: pids.sync(version_id))
