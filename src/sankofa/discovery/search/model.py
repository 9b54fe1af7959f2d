"""The values the search engine takes and gives: documents in, queries in, results out.

A document is what one searchable thing (a dataset record, later an article) says: its
texts, each in one field and perhaps one language, and its facet values. The engine
knows nothing else of it: `key` names it for its owner, `ref` is a second number the
owner wants back with each hit (a dataset's version id), and `sort_date` breaks ties
between equally relevant hits (newest first).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["FIELDS", "Document", "FacetCount", "Hit", "Query", "Results", "Text"]

# the text fields of a document, and their weight in ranking (a title counts most)
FIELDS = ("title", "subjects", "creators", "description")


@dataclass(frozen=True)
class Text:
    """One text of a document: `field` is one of FIELDS, `lang` its language tag if known."""

    value: str
    field: str
    lang: str | None = None

    def __post_init__(self) -> None:
        if self.field not in FIELDS:
            raise ValueError(f"unknown search field {self.field!r}: one of {', '.join(FIELDS)}")


@dataclass(frozen=True)
class Document:
    key: int
    ref: int
    sort_date: datetime
    texts: tuple[Text, ...]
    # (facet, value) pairs: a facet may have several values (subjects) or none
    facets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Query:
    """What to look for: `text` in the query syntax (see `sankofa.discovery.search.query`),
    `filters` facet -> values (OR within a facet, AND between facets), `language` the
    reader's language (PostgreSQL also stems the words the way that language does)."""

    text: str = ""
    filters: Mapping[str, frozenset[str]] = field(default_factory=dict)
    language: str | None = None
    page: int = 1
    size: int = 20
    facets: tuple[str, ...] = ()
    facet_size: int = 30


@dataclass(frozen=True)
class Hit:
    key: int
    ref: int
    score: float


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Results:
    hits: tuple[Hit, ...]
    total: int
    # facet -> its values with their counts, most frequent first
    facets: Mapping[str, tuple[FacetCount, ...]]

    @classmethod
    def empty(cls, query: Query) -> Results:
        return cls(hits=(), total=0, facets={name: () for name in query.facets})
