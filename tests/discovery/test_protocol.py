"""The verbs, the arguments and every error code, through Django's test client.

Every response is checked against OAI-PMH.xsd (and its oai_dc records against oai_dc.xsd).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from tests.discovery.conftest import NS, PAGE_SIZE, oai_id, validate
from tests.discovery.memory_source import MemorySource

pytestmark = pytest.mark.django_db


def oai(query: str, *, method: str = "get") -> etree._Element:
    client = Client(HTTP_HOST="127.0.0.1")
    if method == "post":
        response = client.post("/oai", query, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(f"/oai?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return validate(response.content)


def error_code(root: etree._Element) -> str | None:
    error = root.find("o:error", NS)
    return None if error is None else error.get("code")


def test_identify(sources: dict[str, MemorySource]) -> None:
    root = oai("verb=Identify")
    identify = root.find("o:Identify", NS)
    assert identify is not None
    assert identify.findtext("o:baseURL", namespaces=NS) == "http://127.0.0.1:8000/oai"
    assert identify.findtext("o:adminEmail", namespaces=NS) == "archive@node.example.org"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    earliest = min(r.datestamp for s in sources.values() for r in s.items)
    assert identify.findtext("o:earliestDatestamp", namespaces=NS) == earliest.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    sample = root.findtext(
        ".//{http://www.openarchives.org/OAI/2.0/oai-identifier}sampleIdentifier"
    )
    assert sample == oai_id("articles", sources["articles"].items[0])
    request = root.find("o:request", NS)
    assert request is not None and dict(request.attrib) == {"verb": "Identify"}


def test_post_is_answered_like_get(sources: dict[str, MemorySource]) -> None:
    identifier = oai_id("datasets", sources["datasets"].items[4])
    query = f"verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}"
    got = oai(query, method="post")
    assert got.findtext(".//o:header/o:identifier", namespaces=NS) == identifier
    assert etree.tostring(got.find("o:GetRecord", NS)) == etree.tostring(
        oai(query).find("o:GetRecord", NS)
    )


def test_list_metadata_formats_and_sets(sources: dict[str, MemorySource]) -> None:
    formats = oai("verb=ListMetadataFormats")
    assert formats.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc"]
    one = oai(
        f"verb=ListMetadataFormats&identifier={oai_id('articles', sources['articles'].items[0])}"
    )
    assert one.xpath("//o:metadataNamespace/text()", namespaces=NS) == [
        "http://www.openarchives.org/OAI/2.0/oai_dc/"
    ]
    sets = oai("verb=ListSets")
    assert sets.xpath("//o:setSpec/text()", namespaces=NS) == [
        "collection",
        "collection:a",
        "collection:b",
        "journal",
    ]


def test_get_record_of_a_deleted_item_has_no_metadata(sources: dict[str, MemorySource]) -> None:
    deleted = next(r for r in sources["datasets"].items if r.deleted)
    root = oai(f"verb=GetRecord&metadataPrefix=oai_dc&identifier={oai_id('datasets', deleted)}")
    header = root.find(".//o:header", NS)
    assert header is not None and header.get("status") == "deleted"
    assert root.find(".//o:metadata", NS) is None


def test_first_page_and_token(sources: dict[str, MemorySource]) -> None:
    root = oai("verb=ListIdentifiers&metadataPrefix=oai_dc&set=collection:b")
    headers = root.findall(".//o:header", NS)
    expected = sources["datasets"].matching(None, None, "collection:b")
    assert len(expected) > PAGE_SIZE
    assert [h.findtext("o:identifier", namespaces=NS) for h in headers] == [
        oai_id("datasets", r) for r in expected[:PAGE_SIZE]
    ]
    token = root.find(".//o:resumptionToken", NS)
    assert token is not None and token.text and token.get("cursor") == "0"
    assert token.get("completeListSize") == str(len(expected))


def test_last_page_has_an_empty_token_with_cursor(sources: dict[str, MemorySource]) -> None:
    total = 250 + 30
    root = oai("verb=ListIdentifiers&metadataPrefix=oai_dc")
    seen = len(root.findall(".//o:header", NS))
    while (token := root.find(".//o:resumptionToken", NS)) is not None and token.text:
        assert token.get("completeListSize") == str(total)
        root = oai(f"verb=ListIdentifiers&resumptionToken={token.text}")
        page = root.findall(".//o:header", NS)
        assert 0 < len(page) <= PAGE_SIZE
        token = root.find(".//o:resumptionToken", NS)
        assert token is not None and token.get("cursor") == str(seen)
        seen += len(page)
    assert seen == total
    assert token is not None and token.get("cursor") == str(total - len(page))


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Dance", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&extra=1", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-13-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-03-01T00:00:00", "badArgument"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2021-03-01&until=2022-01-01T00:00:00Z",
            "badArgument",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai+dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=a%00b", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&until=0000-01-01", "badArgument"),
        ("verb=GetRecord&identifier=oai:node.example.org:datasets/1", "badArgument"),
        ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
        ("verb=ListSets&resumptionToken=anything", "badResumptionToken"),
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
        (
            "verb=GetRecord&metadataPrefix=marc21&identifier=oai:node.example.org:datasets/1",
            "cannotDisseminateFormat",
        ),
        (
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:node.example.org:datasets/9999",
            "idDoesNotExist",
        ),
        (
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:other.org:datasets/1",
            "idDoesNotExist",
        ),
        (
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:node.example.org:nosuch/1",
            "idDoesNotExist",
        ),
        ("verb=ListMetadataFormats&identifier=oai:node.example.org:datasets/0", "idDoesNotExist"),
        ("verb=ListMetadataFormats&identifier=oai:node.example.org:bare/1", "noMetadataFormats"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2031-01-01", "noRecordsMatch"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2022-01-02&until=2022-01-01",
            "noRecordsMatch",
        ),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=nosuchset", "noRecordsMatch"),
    ],
)
def test_errors(sources: dict[str, MemorySource], query: str, code: str) -> None:
    root = oai(query)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    assert request is not None
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}
    else:
        assert request.get("verb") is not None


def test_no_set_hierarchy(oai_settings: Any) -> None:
    from sankofa.discovery.oai import registry
    from tests.discovery.memory_source import dataset_records

    registry.register(MemorySource("flat", dataset_records(5)))
    try:
        assert error_code(oai("verb=ListSets")) == "noSetHierarchy"
        query = "verb=ListRecords&metadataPrefix=oai_dc&set=collection"
        assert error_code(oai(query)) == "noSetHierarchy"
    finally:
        registry.unregister("flat")


def test_a_token_serves_only_its_verb(sources: dict[str, MemorySource]) -> None:
    root = oai("verb=ListRecords&metadataPrefix=oai_dc")
    token = root.findtext(".//o:resumptionToken", namespaces=NS)
    assert token
    assert error_code(oai(f"verb=ListIdentifiers&resumptionToken={token}")) == "badResumptionToken"
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert error_code(oai(f"verb=ListRecords&resumptionToken={tampered}")) == "badResumptionToken"
    assert error_code(oai(f"verb=ListRecords&resumptionToken={token}")) is None


def test_pages_ask_sources_for_bounded_slices(sources: dict[str, MemorySource]) -> None:
    oai("verb=ListRecords&metadataPrefix=oai_dc")
    assert all(limit <= PAGE_SIZE + 1 for _after, limit in sources["datasets"].calls)


def test_day_granularity_until_takes_in_the_whole_day(sources: dict[str, MemorySource]) -> None:
    day = sources["datasets"].items[10].datestamp.date()
    end = datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC)
    expected = sources["articles"].matching(None, end, None) + sources["datasets"].matching(
        None, end, None
    )
    assert len(expected) < PAGE_SIZE
    root = oai(f"verb=ListIdentifiers&metadataPrefix=oai_dc&until={day.isoformat()}")
    got = root.xpath("//o:header/o:identifier/text()", namespaces=NS)
    assert sorted(got) == sorted(
        [oai_id("articles", r) for r in sources["articles"].matching(None, end, None)]
        + [oai_id("datasets", r) for r in sources["datasets"].matching(None, end, None)]
    )
