"""The OAI-PMH provider, fed by test sources over plain Python data."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from lxml import etree

from sankofa.discovery.oai import registry
from sankofa.discovery.oai.source import OaiSet, Record
from tests.conftest import SHARED
from tests.discovery.memory_source import (
    MemorySource,
    article_records,
    dataset_records,
)

SCHEMAS = SHARED / "schemas" / "oai-pmh"
OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"o": OAI}
PAGE_SIZE = 100


@cache
def _envelope_schema() -> etree.XMLSchema:
    """OAI-PMH.xsd with every namespace its responses may embed, read from SHARED only.

    The envelope processes <metadata> and <description> strictly, so the embedded formats'
    schemas are imported first, from the local files (their http locations are then skipped).
    """
    imports = [
        ("http://www.w3.org/XML/1998/namespace", "xml.xsd"),
        ("http://purl.org/dc/elements/1.1/", "simpledc20021212.xsd"),
        ("http://www.openarchives.org/OAI/2.0/oai_dc/", "oai_dc.xsd"),
        ("http://www.openarchives.org/OAI/2.0/oai-identifier", "oai-identifier.xsd"),
        ("http://www.openarchives.org/OAI/2.0/provenance", "provenance.xsd"),
        (OAI, "OAI-PMH.xsd"),
    ]
    lines = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>'
        for ns, name in imports
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{lines}</xs:schema>'
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))


@cache
def _oai_dc_schema() -> etree.XMLSchema:
    lines = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>'
        for ns, name in [
            ("http://www.w3.org/XML/1998/namespace", "xml.xsd"),
            ("http://purl.org/dc/elements/1.1/", "simpledc20021212.xsd"),
            ("http://www.openarchives.org/OAI/2.0/oai_dc/", "oai_dc.xsd"),
        ]
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{lines}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), etree.XMLParser(no_network=True)))


def validate(body: bytes) -> etree._Element:
    """The parsed response, after checking it against OAI-PMH.xsd and each oai_dc record
    against oai_dc.xsd on its own."""
    root = etree.fromstring(body, etree.XMLParser(no_network=True, resolve_entities=False))
    envelope = _envelope_schema()
    assert envelope.validate(root), [str(e) for e in envelope.error_log]
    oai_dc = _oai_dc_schema()
    for dc in root.iterfind(".//o:metadata/*", NS):
        assert oai_dc.validate(etree.ElementTree(dc)), [str(e) for e in oai_dc.error_log]
    return root


@pytest.fixture(autouse=True)
def no_node_sources() -> Iterator[None]:
    """The node's own sources (the datasets app's) step aside: these tests serve theirs."""
    served = registry.sources()
    for source in served:
        registry.unregister(source.name)
    yield
    for source in served:
        registry.register(source)


@pytest.fixture
def oai_settings(settings: Any) -> Any:
    settings.SANKOFA_OAI_PAGE_SIZE = PAGE_SIZE
    settings.SANKOFA_OAI_ADMIN_EMAIL = "archive@node.example.org"
    settings.SANKOFA_OAI_REPOSITORY_ID = "node.example.org"
    return settings


@pytest.fixture
def sources(oai_settings: Any) -> Iterator[dict[str, MemorySource]]:
    """Three sources: 250 datasets in two collections, 30 articles, one bare item with no
    metadata format."""
    made = {
        "datasets": MemorySource(
            "datasets",
            dataset_records(),
            set_list=(
                OaiSet("collection", "All collections"),
                OaiSet("collection:a", "Collection A"),
                OaiSet("collection:b", "Collection B"),
            ),
        ),
        "articles": MemorySource(
            "articles", article_records(), set_list=(OaiSet("journal", "The journal"),)
        ),
        "bare": MemorySource("bare", [dataset_records(1)[0]], formats=()),
    }
    for source in made.values():
        registry.register(source)
    yield made
    for name in made:
        registry.unregister(name)


def oai_id(source: str, record: Record) -> str:
    return f"oai:node.example.org:{source}/{record.local_id}"
