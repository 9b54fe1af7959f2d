"""FAIR Signposting: level 1 Link headers and level 2 linksets, read back by the
`signposting` library (its header and linkset parsers, then its HTTP client against a
live node that follows the ARK to the landing page)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import signposting
from django.test import Client
from django.urls import reverse

from sankofa.datasets import exports
from sankofa.discovery.signposting import Signposts, Target, link_header, linkset
from tests.datasets.conftest import blobs, make_file
from tests.web.dataset_records import (
    LICENCE_URL,
    ORCID,
    DatasetNode,
    MakeFile,
    dataset_node,
    publish,
    withdraw,
)

__all__ = ["blobs", "make_file"]

BASE = "http://127.0.0.1:8000"  # SANKOFA_BASE_URL of the in-process tests
ODD = 'https://example.org/a b<c>,d;e"f'


def test_the_header_and_the_linkset_parse_back() -> None:
    signs = Signposts(
        anchor="https://node.example/ark:99999/s1abc",
        cite_as="https://doi.org/10.5072/abc",
        describedby=(Target("https://node.example/m.json", "application/ld+json"),),
        items=(Target(ODD, "text/csv"),),
        authors=("https://orcid.org/0000-0002-1825-0097",) * 2,
        licenses=(LICENCE_URL,),
        linkset="https://node.example/linkset",
    )
    parsed = signposting.find_signposting_http_link([link_header(signs)], signs.anchor)
    assert parsed.citeAs is not None and parsed.citeAs.target == signs.cite_as
    (item,) = parsed.items
    assert item.target == "https://example.org/a%20b%3Cc%3E,d;e%22f" and item.type == "text/csv"
    assert [a.target for a in parsed.authors] == ["https://orcid.org/0000-0002-1825-0097"]
    assert {t.target for t in parsed.types} == {
        "https://schema.org/Dataset",
        "https://schema.org/AboutPage",
    }
    assert [s.type for s in parsed.linksets] == ["application/linkset+json"]
    document = linkset(signs)
    landing, described, file = document["linkset"]
    assert landing["anchor"] == signs.anchor and "linkset" not in landing
    assert described["describes"] == [{"href": signs.anchor, "type": "text/html"}]
    assert file["collection"] == [{"href": signs.anchor, "type": "text/html"}]


@pytest.mark.django_db
def test_the_landing_page_carries_level_one(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file)
    page = client.get(f"/en/datasets/records/{version.record_id}/versions/1/")
    parsed = signposting.find_signposting_http_link([page["Link"]], "http://testserver/")
    assert parsed.citeAs is not None and parsed.citeAs.target == f"{BASE}/{version.ark}"
    described = {(s.target, s.type) for s in parsed.describedBy}
    for fmt in exports.formats():
        url = BASE + reverse("datafiles:export", args=[version.record_id, 1, fmt.key])
        packed = fmt.stream is not None  # a package of the files is no metadata record
        assert ((url, fmt.media_type.split(";")[0]) in described) != packed, fmt.key
    items = {(s.target, s.type) for s in parsed.items}
    csv = BASE + reverse("datafiles:download", args=[version.record_id, 1, "rain.csv"])
    assert (csv, "text/csv") in items and len(items) == 2
    assert [a.target for a in parsed.authors] == [f"https://orcid.org/{ORCID}"]
    assert parsed.license is not None and parsed.license.target == LICENCE_URL  # the first
    # the linkset says it all, and each export names what it describes
    found = client.get(reverse("datafiles:linkset", args=[version.record_id, 1]))
    assert found["Content-Type"] == "application/linkset+json"
    contexts = {c["anchor"]: c for c in json.loads(found.content)["linkset"]}
    landing = contexts[f"{BASE}/{version.ark}"]
    assert [e["href"] for e in landing["license"]] == [LICENCE_URL]
    assert contexts[csv]["collection"][0]["href"] == f"{BASE}/{version.ark}"
    export = client.get(reverse("datafiles:export", args=[version.record_id, 1, "schemaorg"]))
    assert export["Link"] == f'<{BASE}/{version.ark}>; rel="describes"; type="text/html"'


@pytest.mark.django_db
def test_files_closed_to_the_reader_are_no_items(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file, access="metadata_only")
    page = client.get(f"/en/datasets/records/{version.record_id}/versions/1/")
    parsed = signposting.find_signposting_http_link([page["Link"]], "http://testserver/")
    assert parsed.citeAs is not None and not parsed.items and parsed.describedBy
    gone = withdraw(publish(make_file, title="Gone"))
    tomb = client.get(f"/en/datasets/records/{gone.record_id}/versions/1/")
    assert tomb.status_code == 410
    parsed = signposting.find_signposting_http_link([tomb["Link"]], "http://testserver/")
    assert parsed.citeAs is not None and not parsed.items


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatasetNode]:
    with dataset_node(Path(tmp_path_factory.mktemp("signposting-node"))) as found:
        yield found


def test_a_client_follows_the_ark_to_the_signposts(node: DatasetNode) -> None:
    record = node.records["second"]
    ark_url = f"{node.base}/{record['ark']}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an empty or duplicated signpost warns
        parsed = signposting.find_signposting_http(ark_url)
    assert parsed.citeAs is not None and parsed.citeAs.target == ark_url
    assert {s.type for s in parsed.describedBy} >= {"application/ld+json"}
    assert {s.type for s in parsed.items} == {"text/csv", "text/plain"}
    assert [a.target for a in parsed.authors] == [f"https://orcid.org/{ORCID}"]
    assert {t.target for t in parsed.types} >= {"https://schema.org/Dataset"}
    (found,) = parsed.linksets
    level2 = signposting.find_signposting_linkset(found.target).for_context(ark_url)
    assert level2.citeAs is not None and level2.citeAs.target == ark_url
    assert {s.target for s in level2.items} == {s.target for s in parsed.items}
    assert level2.license is not None and level2.authors
    # each metadata record is signposted back to its landing page
    json_ld = next(s.target for s in parsed.describedBy if s.type == "application/ld+json")
    status, headers, body = node.get(json_ld.removeprefix(node.base))
    assert status == 200 and json.loads(body)["@type"] == "Dataset"
    back = signposting.find_signposting_http_link([headers["link"]], json_ld)
    assert [s.target for s in back.describes] == [ark_url]


def test_a_restricted_record_signposts_no_items(node: DatasetNode) -> None:
    record = node.records["restricted"]
    parsed = signposting.find_signposting_http(f"{node.base}/{record['ark']}")
    assert parsed.citeAs is not None and parsed.describedBy and not parsed.items
    (found,) = parsed.linksets
    level2 = signposting.find_signposting_linkset(found.target)
    assert not [s for s in level2 if s.rel.value == "item"]


def test_the_live_resolver_reads_inflections_and_spellings(node: DatasetNode) -> None:
    """Through gunicorn, which keeps the raw request target: ``?`` alone asks for info."""
    record = node.records["open"]
    status, headers, body = node.get(f"/{record['ark']}?")
    assert status == 200 and headers["content-type"] == "text/plain; charset=utf-8"
    assert body.decode().startswith("erc:\nwho: Mensah, Ama")
    assert node.get(f"/{record['ark']}")[0] == 302
    status, headers, _ = node.get(f"/ark:/{record['concept'].removeprefix('ark:')}")
    assert (status, headers["location"]) == (302, f"/en/datasets/records/{record['record']}/")
    status, headers, _ = node.get(f"/{node.records['withdrawn']['ark']}", Accept="*/*")
    assert status == 302
    assert node.get(headers["location"])[0] == 410
