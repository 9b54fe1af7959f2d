"""What a harvest of seeded records must give, and what one gave, in one comparable
form: (identifier, datestamp, set specs, deleted, title) per record."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Row = dict[str, Any]


def expected_rows(
    rows: list[Row], oai_id: Callable[[Row], str], **want: Any
) -> list[tuple[Any, ...]]:
    """The seeded `rows` a harvest with ``set``, ``from_`` and ``until`` (each optional)
    must list, in order; a deleted record has no title."""
    picked = []
    for row in rows:
        if "set" in want and want["set"] not in row["sets"]:
            continue
        if "from_" in want and row["datestamp"] < want["from_"]:
            continue
        if "until" in want and row["datestamp"] > want["until"]:
            continue
        title = None if row["deleted"] else row["title"]
        picked.append((oai_id(row), row["datestamp"], tuple(row["sets"]), row["deleted"], title))
    return picked


def harvested(records: Iterator[Any]) -> list[tuple[Any, ...]]:
    """Records of a sickle harvest (``oai_dc``) in the form of `expected_rows`."""
    return [
        (
            r.header.identifier,
            r.header.datestamp,
            tuple(r.header.setSpecs),
            r.header.deleted,
            None if r.header.deleted else r.metadata["title"][0],
        )
        for r in records
    ]


def harvest_selectively(sickle: Any, want: dict[str, str]) -> list[tuple[Any, ...]]:
    """An ``oai_dc`` ListRecords by `sickle` with ``set``, ``from_``, ``until`` (each
    optional, named as `expected_rows` takes them), deleted records included."""
    arguments = {("from" if k == "from_" else k): v for k, v in want.items()}
    records = sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False, **arguments)
    return harvested(records)
