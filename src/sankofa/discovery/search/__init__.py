"""Full-text search with facets, in the node's own database.

One interface (`Engine`: create, add, remove, clear, search), two backends chosen by the
database the node runs on: SQLite FTS5 (`sankofa.discovery.search.sqlite`) on the
embedded node, PostgreSQL full text (`sankofa.discovery.search.postgres`) in
production. The engine knows documents, texts and facets, not what they describe: a
domain builds `Document`s from its records and keeps its index current (datasets:
`sankofa.datasets.search_index`). The query syntax is in
`sankofa.discovery.search.query`; docs/discovery.md says what each backend stems.
"""

from __future__ import annotations

from django.db import connections

from sankofa.discovery.search.engine import Engine, SearchError
from sankofa.discovery.search.model import (
    FIELDS,
    Document,
    FacetCount,
    Hit,
    Query,
    Results,
    Text,
)
from sankofa.discovery.search.postgres import PostgresEngine
from sankofa.discovery.search.query import Term, parse
from sankofa.discovery.search.sqlite import SqliteEngine

__all__ = [
    "FIELDS",
    "Document",
    "Engine",
    "FacetCount",
    "Hit",
    "Query",
    "Results",
    "SearchError",
    "Term",
    "Text",
    "engine",
    "parse",
]

BACKENDS: dict[str, type[Engine]] = {"sqlite": SqliteEngine, "postgresql": PostgresEngine}


def engine(prefix: str, using: str = "default") -> Engine:
    """The index `prefix` in the database `using`, with the backend of its vendor."""
    vendor = connections[using].vendor
    try:
        backend = BACKENDS[vendor]
    except KeyError:
        raise SearchError(f"no full-text search backend for the {vendor} database") from None
    return backend(prefix, using)
