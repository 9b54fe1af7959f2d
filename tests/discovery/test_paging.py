"""Pages across sources of every size, the registry's rules, the system check."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.core.checks import run_checks
from django.test import Client

from sankofa.discovery.oai import registry
from tests.discovery.conftest import NS, oai_id, validate
from tests.discovery.memory_source import MemorySource, dataset_records

pytestmark = pytest.mark.django_db


def harvest(client: Client, query: str) -> tuple[list[str], list[int]]:
    """Identifiers of a whole ListIdentifiers, and the size of each page."""
    identifiers: list[str] = []
    sizes: list[int] = []
    while True:
        root = validate(client.get(f"/oai?{query}").content)
        page = root.xpath("//o:header/o:identifier/text()", namespaces=NS)
        identifiers += page
        sizes.append(len(page))
        token = root.findtext(".//o:resumptionToken", namespaces=NS)
        if not token:
            return identifiers, sizes
        query = f"verb=ListIdentifiers&resumptionToken={token}"


# 30 articles, then 250 datasets: pages that end exactly where a source does, just
# before and just after, one page for all, one record a page
@pytest.mark.parametrize("size", [1, 29, 30, 31, 279, 280, 281])
def test_every_page_size_gives_the_whole_list(
    sources: dict[str, MemorySource], settings: Any, size: int
) -> None:
    settings.SANKOFA_OAI_PAGE_SIZE = size
    want = [oai_id("articles", r) for r in sources["articles"].items] + [
        oai_id("datasets", r) for r in sources["datasets"].items
    ]
    got, sizes = harvest(
        Client(HTTP_HOST="127.0.0.1"), "verb=ListIdentifiers&metadataPrefix=oai_dc"
    )
    assert got == want
    assert all(s == size for s in sizes[:-1]) and 0 < sizes[-1] <= size


def test_records_added_during_a_harvest_are_listed(
    sources: dict[str, MemorySource], settings: Any
) -> None:
    settings.SANKOFA_OAI_PAGE_SIZE = 100
    client = Client(HTTP_HOST="127.0.0.1")
    root = validate(client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").content)
    token = root.findtext(".//o:resumptionToken", namespaces=NS)
    datasets = sources["datasets"]
    newest = datasets.items[-1]
    added = replace(
        newest, local_id="new", key=int(newest.key) + 1, datestamp=newest.datestamp + timedelta(1)
    )
    datasets.items.append(added)
    rest, _sizes = harvest(client, f"verb=ListIdentifiers&resumptionToken={token}")
    assert rest[-1] == oai_id("datasets", added)
    assert len(root.findall(".//o:header", NS)) + len(rest) == 30 + 251


def test_source_names_are_checked_and_unique(oai_settings: Any) -> None:
    registry.register(MemorySource("once", dataset_records(1)))
    try:
        with pytest.raises(ValueError, match="already registered"):
            registry.register(MemorySource("once", []))
        with pytest.raises(ValueError, match="source name"):
            registry.register(MemorySource("Not/a name", []))
        assert [s.name for s in registry.sources()] == ["once"]
        assert registry.resolve("oai:node.example.org:once/1") is not None
        assert registry.resolve("oai:node.example.org:once/") is None
        assert registry.resolve("oai:node.example.org:once") is None
    finally:
        registry.unregister("once")


def test_admin_email_without_a_dotted_domain_is_warned_before_deployment(settings: Any) -> None:
    settings.SANKOFA_OAI_ADMIN_EMAIL = "sankofa@localhost"
    assert "discovery.W001" in ids(run_checks(include_deployment_checks=True))
    assert "discovery.W001" not in ids(run_checks())
    settings.SANKOFA_OAI_ADMIN_EMAIL = "archive@node.example.org"
    assert "discovery.W001" not in ids(run_checks(include_deployment_checks=True))


def test_a_page_size_below_one_is_an_error(settings: Any) -> None:
    settings.SANKOFA_OAI_PAGE_SIZE = 0
    assert ids(run_checks(tags=["discovery"])) == {"discovery.E001"}


def ids(messages: list[Any]) -> set[str]:
    return {m.id for m in messages}


def test_until_takes_in_the_whole_second_it_names(oai_settings: Any) -> None:
    record = dataset_records(1)[0]
    stamp = record.datestamp.replace(microsecond=400_000)
    registry.register(MemorySource("fractions", [replace(record, datestamp=stamp)]))
    second = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        client = Client(HTTP_HOST="127.0.0.1")
        for query, listed in (
            (f"until={second}", True),
            (f"from={second}&until={second}", True),
            (f"until={(stamp - timedelta(seconds=1)).strftime('%Y-%m-%dT%H:%M:%SZ')}", False),
        ):
            url = f"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&{query}"
            root = validate(client.get(url).content)
            assert (root.find(".//o:header", NS) is not None) is listed, query
            assert (root.find("o:error", NS) is not None) is not listed
    finally:
        registry.unregister("fractions")
