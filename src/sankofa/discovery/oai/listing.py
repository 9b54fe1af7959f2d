"""Paging through the records of every source: the heart of ListRecords and ListIdentifiers.

A list runs through the sources in registry order and, in each, in key order. A position
in it is (source name, last key given, records given so far); it travels in a signed
resumption token, so the provider keeps no state between requests. Records added while a
harvester pages appear if their key comes after its position (new records do, with
increasing keys); records changed meanwhile are picked up by its next incremental harvest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing

from sankofa.discovery.oai import registry
from sankofa.discovery.oai.protocol import OaiError
from sankofa.discovery.oai.source import Key, OaiSource, Record

_SALT = "sankofa.discovery.oai.resumption"


@dataclass(frozen=True)
class Query:
    """What a list asks for: the verb, a metadata format, datestamp bounds, a set."""

    verb: str
    metadata_prefix: str
    from_: datetime | None = None
    until: datetime | None = None
    set_spec: str | None = None


@dataclass(frozen=True)
class Position:
    """Where a list resumes: after `key` in `source` (None: at its start), with `cursor`
    records given before, `total` in all when known."""

    source: str
    key: Key | None
    cursor: int
    total: int | None


@dataclass(frozen=True)
class Page:
    items: list[tuple[OaiSource, Record]]
    cursor: int
    total: int | None
    next: Position | None


def first_page(query: Query, size: int) -> Page:
    """The start of a list, or the error that says why there is none."""
    candidates = _sources_for(query)
    counts = [
        s.count(query.metadata_prefix, query.from_, query.until, query.set_spec) for s in candidates
    ]
    total = None if any(c is None for c in counts) else sum(c for c in counts if c is not None)
    start = Position(candidates[0].name, None, 0, total)
    page = _page(query, candidates, start, size)
    if not page.items:
        raise OaiError("noRecordsMatch", "no record matches these arguments")
    return page


def next_page(query: Query, position: Position, size: int) -> Page:
    candidates = _sources_for(query)
    if position.source not in {s.name for s in candidates}:
        raise OaiError("badResumptionToken", "this list is no longer available")
    page = _page(query, candidates, position, size)
    if not page.items:
        # only when records after the position vanished since the token was given
        raise OaiError("badResumptionToken", "this list has changed: harvest it again")
    return page


def _sources_for(query: Query) -> list[OaiSource]:
    every = registry.sources()
    if query.set_spec is not None and not any(s.sets() for s in every):
        raise OaiError("noSetHierarchy", "this repository has no sets")
    candidates = [
        s for s in every if any(f.prefix == query.metadata_prefix for f in s.metadata_formats())
    ]
    if not candidates:
        raise OaiError("cannotDisseminateFormat", f"no record is in {query.metadata_prefix!r}")
    if query.set_spec is not None:
        candidates = [s for s in candidates if s.sets()]
        if not candidates:
            raise OaiError("noRecordsMatch", "no record matches these arguments")
    return candidates


def _page(query: Query, candidates: list[OaiSource], start: Position, size: int) -> Page:
    names = [s.name for s in candidates]
    items: list[tuple[OaiSource, Record]] = []
    following: Position | None = None
    for index in range(names.index(start.source), len(candidates)):
        source = candidates[index]
        after = start.key if source.name == start.source else None
        wanted = size - len(items)
        records = list(
            source.records(
                query.metadata_prefix, query.from_, query.until, query.set_spec, after, wanted + 1
            )
        )
        if len(records) > wanted:
            items += [(source, r) for r in records[:wanted]]
            key = records[wanted - 1].key if wanted else after
            following = Position(source.name, key, start.cursor + len(items), start.total)
            break
        items += [(source, r) for r in records]
    return Page(items, start.cursor, start.total, following)


def token(query: Query, position: Position) -> str:
    """A signed, self-contained resumption token for `position` in the list `query` asks for."""
    return signing.dumps(
        {
            "v": query.verb,
            "p": query.metadata_prefix,
            "f": query.from_.isoformat() if query.from_ else None,
            "u": query.until.isoformat() if query.until else None,
            "s": query.set_spec,
            "src": position.source,
            "k": position.key,
            "c": position.cursor,
            "n": position.total,
        },
        salt=_SALT,
        compress=True,
    )


def resume(verb: str, value: str) -> tuple[Query, Position]:
    """The list and position a token names, or badResumptionToken."""
    try:
        data = signing.loads(value, salt=_SALT)
        if data["v"] != verb:
            raise OaiError("badResumptionToken", f"this token is not one of {verb}")
        query = Query(
            verb,
            str(data["p"]),
            _moment(data["f"]),
            _moment(data["u"]),
            data["s"],
        )
        return query, Position(str(data["src"]), data["k"], int(data["c"]), data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise OaiError("badResumptionToken", "the resumption token is not valid") from None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None
