"""`RowSource`: the listing half of an `OaiSource` whose records are the rows of one
model, keyed by primary key (the datasets and journals sources are).

A subclass gives `rows` (the rows in a datestamp range and set, as a query) and `item`
(one row as a `Record`), and names the relations `item` reads (`related`, fetched with
the rows); `records`, `count` and `get` follow from them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from django.db.models import Model, QuerySet

from sankofa.discovery.oai.source import Key, Record

__all__ = ["RowSource"]

M = TypeVar("M", bound=Model)
MAX_ID_DIGITS = 18  # a longer local id is no primary key (and would overflow bigint)


class RowSource(Generic[M]):
    related: ClassVar[tuple[str, ...]] = ()

    def rows(self, from_: datetime | None, until: datetime | None, set_spec: str | None) -> Any:
        """The rows with a datestamp in [from_, until] (None: unbounded) in `set_spec`."""
        raise NotImplementedError

    def item(self, row: M) -> Record:
        raise NotImplementedError

    def records(
        self,
        metadata_prefix: str,
        from_: datetime | None,
        until: datetime | None,
        set_spec: str | None,
        after_key: Key | None,
        limit: int,
    ) -> list[Record]:
        rows: QuerySet[M] = self.rows(from_, until, set_spec)
        if after_key is not None:
            rows = rows.filter(pk__gt=int(after_key))
        rows = rows.select_related(*self.related).order_by("pk")
        return [self.item(row) for row in rows[:limit]]

    def count(
        self,
        metadata_prefix: str,
        from_: datetime | None,
        until: datetime | None,
        set_spec: str | None,
    ) -> int | None:
        counted: int = self.rows(from_, until, set_spec).count()
        return counted

    def get(self, local_id: str) -> Record | None:
        if not local_id.isdigit() or len(local_id) > MAX_ID_DIGITS:
            return None
        rows: QuerySet[M] = self.rows(None, None, None).select_related(*self.related)
        row = rows.filter(pk=int(local_id)).first()
        return self.item(row) if row is not None else None
