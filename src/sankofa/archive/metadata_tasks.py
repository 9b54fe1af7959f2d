"""The job that reads an origin's software metadata (registered with `sankofa.core.jobs`)."""

from __future__ import annotations

from sankofa.archive import metadata
from sankofa.core.actors import Actor
from sankofa.core.jobs import task


@task("archive.metadata", max_attempts=3, backoff=60.0)
def index(actor: Actor, url: str) -> dict[str, object]:
    """Read and store the metadata of origin `url`; the result names the files read."""
    found = metadata.index_origin(actor, url)
    if found is None:
        return {"origin": url, "indexed": False, "sources": [], "warnings": []}
    return {
        "origin": url,
        "indexed": True,
        "sources": list(found.sources),
        "warnings": list(found.warnings),
    }
