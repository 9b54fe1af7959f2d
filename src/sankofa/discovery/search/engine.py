"""The engine's shared half: tables, filters, facet counts, paging.

An index named `prefix` is three things in the database: ``<prefix>_doc`` (one row per
document: key, ref, sort date), ``<prefix>_facet`` (one row per facet value of a
document) and the full-text part, which each backend keeps its own way (an FTS5 table
``<prefix>_text`` on SQLite, a ``tsvector`` column with a GIN index on PostgreSQL).

A search runs as a few SQL statements over one "found" set (the documents matching the
words and every filter): its size, one page of it (most relevant first, then newest,
then highest key), and the facet counts. Filters combine with AND between facets and OR
within one; each facet's counts are taken over the set filtered by every *other* facet,
so that a reader who ticked "Dataset" still sees how many "Software" there are (ticking
it too widens the set). For a facet without a filter that is exactly the found set.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from sankofa.discovery.search.model import Document, FacetCount, Hit, Query, Results
from sankofa.discovery.search.query import Term, parse

__all__ = ["Engine", "SearchError"]

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
Params = list[Any]
MAX_VALUE = 200  # characters of a filter value (longer ones are cut)
MAX_VALUES = 50  # values of one facet's filter (the rest are ignored)


class SearchError(ValueError):
    """A misuse of the engine by its caller (not a reader's bad query: those find nothing)."""


class Engine(ABC):
    """The full-text index `prefix` in the database `using`."""

    vendor = ""

    def __init__(self, prefix: str, using: str = "default") -> None:
        if not _NAME.match(prefix):
            raise SearchError(f"bad index name {prefix!r}: lower-case letters, digits, _")
        self.prefix = prefix
        self.using = using
        self.doc = f"{prefix}_doc"
        self.facet = f"{prefix}_facet"

    @property
    def connection(self) -> BaseDatabaseWrapper:
        return connections[self.using]

    # --- what each backend provides -------------------------------------------------------

    @abstractmethod
    def create_statements(self) -> list[str]:
        """DDL creating the index's tables."""

    @abstractmethod
    def drop_statements(self) -> list[str]:
        """DDL dropping them."""

    @abstractmethod
    def _insert(self, cursor: Any, docs: Sequence[Document]) -> None:
        """Write the doc rows and full text of `docs` (absent from the index)."""

    @abstractmethod
    def _delete_text(self, cursor: Any, keys: Sequence[int]) -> None:
        """Forget the full text of `keys` (backends keeping it apart from the doc rows)."""

    @abstractmethod
    def _match(self, terms: list[Term], language: str | None) -> tuple[str, Params]:
        """SQL selecting ``id, score`` of the documents holding every term (higher
        scores are better)."""

    @abstractmethod
    def like(self, pattern: str) -> tuple[str, Params]:
        """SQL selecting the ids whose text holds the LIKE `pattern`, by a plain scan
        (the reference the benchmark compares with)."""

    # --- writing ---------------------------------------------------------------------------

    def create(self) -> None:
        with self.connection.cursor() as cursor:
            for statement in self.create_statements():
                cursor.execute(statement)

    def drop(self) -> None:
        with self.connection.cursor() as cursor:
            for statement in self.drop_statements():
                cursor.execute(statement)

    def add(self, docs: Iterable[Document]) -> None:
        """Index `docs`, replacing what the index held under their keys."""
        docs = list(docs)
        if not docs:
            return
        keys = [d.key for d in docs]
        with self.connection.cursor() as cursor:
            self._delete(cursor, keys)
            self._insert(cursor, docs)
            cursor.executemany(
                f"INSERT INTO {self.facet} (doc_id, facet, value) VALUES (%s, %s, %s)",
                sorted({(d.key, f, v) for d in docs for f, v in d.facets}),
            )

    def remove(self, keys: Iterable[int]) -> None:
        keys = list(keys)
        if keys:
            with self.connection.cursor() as cursor:
                self._delete(cursor, keys)

    def clear(self) -> None:
        """Forget every document."""
        with self.connection.cursor() as cursor:
            for table in self.data_tables():
                cursor.execute(f"DELETE FROM {table}")

    def data_tables(self) -> list[str]:
        """The tables holding documents (for `clear`)."""
        return [self.facet, self.doc]

    def _delete(self, cursor: Any, keys: Sequence[int]) -> None:
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {self.facet} WHERE doc_id IN ({marks})", chunk)
            self._delete_text(cursor, chunk)
            cursor.execute(f"DELETE FROM {self.doc} WHERE id IN ({marks})", chunk)

    def keys(self) -> set[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {self.doc}")
            return {row[0] for row in cursor.fetchall()}

    # --- searching -------------------------------------------------------------------------

    def search(self, query: Query) -> Results:
        """The page `query.page` of the documents matching `query`, their number and
        facet counts. A query with text but no word (punctuation only) finds nothing;
        an empty one lists every document, newest first."""
        terms = parse(query.text)
        if query.text.strip() and not terms:
            return Results.empty(query)
        base = self._match(terms, query.language) if terms else None
        filters = {name: _clean(values) for name, values in query.filters.items() if values}
        found, params = self._found(base, filters)
        size = max(1, query.size)
        offset = (max(1, query.page) - 1) * size
        order = "f.score DESC, d.sort_date DESC" if base is not None else "d.sort_date DESC"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"{found} SELECT d.id, d.ref, f.score FROM f JOIN {self.doc} d ON d.id = f.id"
                f" ORDER BY {order}, d.id DESC LIMIT %s OFFSET %s",
                [*params, size, offset],
            )
            hits = tuple(Hit(key=r[0], ref=r[1], score=float(r[2])) for r in cursor.fetchall())
            cursor.execute(f"{found} SELECT count(*) FROM f", params)
            total = int(cursor.fetchone()[0])
            facets = self._facets(cursor, query, base, filters) if query.facets else {}
        return Results(hits=hits, total=total, facets=facets)

    def _found(
        self, base: tuple[str, Params] | None, filters: Mapping[str, Sequence[str]]
    ) -> tuple[str, Params]:
        """A WITH clause defining `f(id, score)`: the documents matching `base` (all when
        None) and every filter. The match is computed once (MATERIALIZED), and each
        filter probes the facet table's primary key for each document found."""
        params: Params = []
        if base is None:
            match, materialized = f"SELECT id, 0.0 AS score FROM {self.doc}", ""
        else:
            match, materialized = base[0], " MATERIALIZED"
            params += base[1]
        conditions = []
        for name in sorted(filters):
            values = filters[name]
            marks = ", ".join(["%s"] * len(values))
            conditions.append(
                f"EXISTS (SELECT 1 FROM {self.facet} x WHERE x.facet = %s"
                f" AND x.value IN ({marks}) AND x.doc_id = m.id)"
            )
            params += [name, *values]
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return (
            f"WITH m AS{materialized} ({match}), f AS (SELECT m.id, m.score FROM m{where})",
            params,
        )

    def _facets(
        self,
        cursor: Any,
        query: Query,
        base: tuple[str, Params] | None,
        filters: Mapping[str, Sequence[str]],
    ) -> dict[str, tuple[FacetCount, ...]]:
        # facets sharing the same "other filters" are counted in one statement
        groups: dict[tuple[str, ...], list[str]] = {}
        for name in query.facets:
            others = tuple(sorted(f for f in filters if f != name))
            groups.setdefault(others, []).append(name)
        counts: dict[str, dict[str, int]] = {name: {} for name in query.facets}
        for others, names in groups.items():
            marks = ", ".join(["%s"] * len(names))
            if base is None and not others:  # every document: the whole facet table
                sql = f"SELECT facet, value, count(*) FROM {self.facet} WHERE facet IN ({marks})"
                params: Params = list(names)
            else:
                found, params = self._found(base, {f: filters[f] for f in others})
                sql = (
                    f"{found} SELECT x.facet, x.value, count(*) FROM f"
                    f" JOIN {self.facet} x ON x.doc_id = f.id WHERE x.facet IN ({marks})"
                )
                params += names
            cursor.execute(sql + " GROUP BY 1, 2", params)
            for facet, value, count in cursor.fetchall():
                counts[facet][value] = int(count)
        return {
            name: _top(counts[name], set(filters.get(name, ())), query.facet_size)
            for name in query.facets
        }


def _clean(values: Iterable[str]) -> list[str]:
    """Filter values as a database takes them: no NUL, at most MAX_VALUE characters."""
    return sorted({v.replace("\x00", "")[:MAX_VALUE] for v in values})[:MAX_VALUES]


def _top(counts: Mapping[str, int], selected: set[str], size: int) -> tuple[FacetCount, ...]:
    """The `size` most frequent values (ties by value), and every selected one."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = [FacetCount(v, n, v in selected) for v, n in ranked[:size]]
    shown += [
        FacetCount(v, counts.get(v, 0), True) for v in sorted(selected - {s.value for s in shown})
    ]
    return tuple(shown)
