"""End to end: real OAI-PMH harvesters (sickle, oaipmh-scythe) against a live node.

Every response the harvesters receive is checked against OAI-PMH.xsd (and oai_dc.xsd).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from oaipmh_scythe import Scythe
from oaipmh_scythe import exceptions as scythe_exceptions
from oaipmh_scythe.models import Header
from sickle import Sickle, oaiexceptions

from sankofa.discovery.oai.source import Record
from tests.discovery.conftest import PAGE_SIZE, oai_id, validate
from tests.discovery.memory_source import MemorySource

Row = tuple[str, str, tuple[str, ...], bool, str | None]


class CheckedSickle(Sickle):  # type: ignore[misc]
    """Sickle, validating each response it receives; counts the requests."""

    requests = 0

    def harvest(self, **kwargs: Any) -> Any:
        response = super().harvest(**kwargs)
        validate(response.raw.encode("utf-8"))
        self.requests += 1
        return response


class CheckedScythe(Scythe):
    def harvest(self, query: Any) -> Any:
        response = super().harvest(query)
        validate(response.raw.encode("utf-8"))
        return response


@pytest.fixture
def endpoint(live_server: Any, transactional_db: None, sources: dict[str, MemorySource]) -> str:
    return f"{live_server.url}/oai"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def expected(
    sources: dict[str, MemorySource],
    from_: datetime | None = None,
    until: datetime | None = None,
    set_spec: str | None = None,
) -> list[Row]:
    """What a harvest must give: articles, then datasets (sources by name), in key order."""
    rows: list[Row] = []
    for name in ("articles", "datasets"):
        for record in sources[name].matching(from_, until, set_spec):
            rows.append(row(name, record))
    return rows


def row(name: str, record: Record) -> Row:
    title = None if record.deleted else getattr(record.payload, "title", None)
    return (oai_id(name, record), stamp(record.datestamp), record.set_specs, record.deleted, title)


def harvested(records: Iterator[Any]) -> list[Row]:
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


def test_sickle_harvests_every_record_over_every_page(
    endpoint: str, sources: dict[str, MemorySource]
) -> None:
    sickle = CheckedSickle(endpoint)
    got = harvested(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    want = expected(sources)
    assert len(want) == 280 and sum(r[3] for r in want) == 10
    assert got == want
    assert sickle.requests == -(-len(want) // PAGE_SIZE)


def test_sickle_post_harvest(endpoint: str, sources: dict[str, MemorySource]) -> None:
    sickle = CheckedSickle(endpoint, http_method="POST")
    records = sickle.ListRecords(metadataPrefix="oai_dc", set="collection:b", ignore_deleted=True)
    got = harvested(records)
    assert got == [r for r in expected(sources, set_spec="collection:b") if not r[3]]


@pytest.mark.parametrize(
    ("from_", "until", "set_spec"),
    [
        (None, None, "collection:a"),
        (None, None, "journal"),
        # bounds on the datestamps of datasets 62 and 202: both ends are inclusive
        ("2021-03-17T10:00:00Z", "2021-04-27T06:00:00Z", None),
        ("2021-04-01", "2021-05-09", "collection"),
        ("2021-03-20", None, "collection:b"),
        (None, "2021-03-15T08:00:00Z", None),
    ],
)
def test_selective_harvesting(
    endpoint: str,
    sources: dict[str, MemorySource],
    from_: str | None,
    until: str | None,
    set_spec: str | None,
) -> None:
    arguments = {"from": from_, "until": until, "set": set_spec}
    arguments = {k: v for k, v in arguments.items() if v is not None}
    got = harvested(
        CheckedSickle(endpoint).ListRecords(
            metadataPrefix="oai_dc", ignore_deleted=False, **arguments
        )
    )
    start = _bound(from_, end_of_day=False)
    end = _bound(until, end_of_day=True)
    want = expected(sources, start, end, set_spec)
    assert want, "the case selects nothing: it would not test the bounds"
    assert got == want
    if start and end:
        assert len(want) < len(expected(sources)) - 10


def _bound(value: str | None, *, end_of_day: bool) -> datetime | None:
    if value is None:
        return None
    if "T" in value:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    day = datetime.fromisoformat(f"{value}T00:00:00+00:00")
    return day + timedelta(days=1, seconds=-1) if end_of_day else day


def test_list_identifiers_and_get_record(endpoint: str, sources: dict[str, MemorySource]) -> None:
    sickle = CheckedSickle(endpoint)
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False))
    assert [(h.identifier, h.datestamp, tuple(h.setSpecs), h.deleted) for h in headers] == [
        r[:4] for r in expected(sources)
    ]
    live = sources["datasets"].items[41]
    record = sickle.GetRecord(identifier=oai_id("datasets", live), metadataPrefix="oai_dc")
    assert record.metadata["title"] == [live.payload.title]  # type: ignore[attr-defined]
    assert record.metadata["creator"] == list(live.payload.creators)  # type: ignore[attr-defined]
    gone = next(r for r in sources["datasets"].items if r.deleted)
    deleted = sickle.GetRecord(identifier=oai_id("datasets", gone), metadataPrefix="oai_dc")
    assert deleted.header.deleted
    assert "metadata" not in deleted.raw


def test_identify_sets_and_formats(endpoint: str, sources: dict[str, MemorySource]) -> None:
    sickle = CheckedSickle(endpoint)
    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert [s.setSpec for s in sickle.ListSets()] == [
        "collection",
        "collection:a",
        "collection:b",
        "journal",
    ]
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc"]


@pytest.mark.parametrize(
    ("call", "arguments", "error"),
    [
        ("ListRecords", {"metadataPrefix": "marc21"}, oaiexceptions.CannotDisseminateFormat),
        (
            "ListRecords",
            {"metadataPrefix": "oai_dc", "from": "yesterday"},
            oaiexceptions.BadArgument,
        ),
        ("ListRecords", {"metadataPrefix": "oai_dc", "set": "none"}, oaiexceptions.NoRecordsMatch),
        ("ListRecords", {"resumptionToken": "forged"}, oaiexceptions.BadResumptionToken),
        (
            "GetRecord",
            {"identifier": "oai:x.org:y/1", "metadataPrefix": "oai_dc"},
            oaiexceptions.IdDoesNotExist,
        ),
        (
            "ListMetadataFormats",
            {"identifier": "oai:node.example.org:bare/1"},
            oaiexceptions.OAIError,
        ),
    ],
)
def test_sickle_sees_error_codes(
    endpoint: str, call: str, arguments: dict[str, str], error: type[Exception]
) -> None:
    """(sickle names noMetadataFormats NoMetadataFormat, so it raises its base OAIError.)"""
    sickle = CheckedSickle(endpoint)
    with pytest.raises(error):
        result = getattr(sickle, call)(**arguments)
        if call != "GetRecord":
            next(iter(result))


def test_oaipmh_scythe_harvest(endpoint: str, sources: dict[str, MemorySource]) -> None:
    with CheckedScythe(endpoint) as scythe:
        got = harvested(scythe.list_records(metadata_prefix="oai_dc"))
        assert got == expected(sources)
        headers = list(scythe.list_identifiers(metadata_prefix="oai_dc", set_="collection:a"))
        assert all(isinstance(h, Header) for h in headers)
        identifiers = [h.identifier for h in headers if isinstance(h, Header)]
        assert identifiers == [r[0] for r in expected(sources, set_spec="collection:a")]
        with pytest.raises(scythe_exceptions.BadVerb):
            scythe.harvest({"verb": "Harvest"})
