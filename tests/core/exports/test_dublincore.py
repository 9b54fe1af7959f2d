"""oai_dc: valid against the OAI-PMH oai_dc.xsd (offline) for every example and at random."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from lxml import etree

from sankofa.core.formats import dublincore
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite import model as m
from tests.conftest import SHARED
from tests.core.datacite.kernels import KERNELS, Kernel
from tests.core.datacite.strategies import resources
from tests.core.exports.examples import EXAMPLES, IDS, LANDING, full

OAI = SHARED / "schemas" / "oai-pmh"
LOCAL = {
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": OAI / "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": OAI / "xml.xsd",
}


class _Offline(etree.Resolver):  # type: ignore[misc]
    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        local = LOCAL.get(url)
        if local is not None:
            return self.resolve_filename(str(local), context)
        if "://" in url:
            raise AssertionError(f"the schema asks for {url}, which is not mapped")
        return None


@cache
def _schema() -> Any:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Offline())
    return etree.XMLSchema(etree.parse(str(OAI / "oai_dc.xsd"), parser))


def errors(document: bytes) -> list[str]:
    schema = _schema()
    if schema.validate(etree.fromstring(document)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def test_the_schema_rejects_what_is_not_dublin_core() -> None:
    document = dublincore.document(full())
    bad = document.replace(b"<dc:language>", b"<dc:langue>").replace(
        b"</dc:language>", b"</dc:langue>"
    )
    assert errors(document) == []
    assert errors(bad) != []


@pytest.mark.parametrize(("kernel", "path"), EXAMPLES, ids=IDS)
def test_every_example_is_valid(kernel: Kernel, path: Path) -> None:
    resource = kernel.codec.read(path.read_bytes())
    assert errors(dublincore.document(resource, LANDING)) == []
    assert errors(dublincore.document(resource)) == []


@settings(max_examples=100)
@given(resource=resources(KERNELS[1].codec))
def test_random_resources_are_valid(resource: Resource) -> None:
    assert errors(dublincore.document(resource)) == []


def _texts(document: bytes, name: str) -> list[str]:
    root = etree.fromstring(document)
    return [e.text for e in root.iter(f"{{{dublincore.DC}}}{name}")]


def test_what_goes_where() -> None:
    document = dublincore.document(full(), LANDING)
    assert _texts(document, "identifier")[:2] == [
        "https://doi.org/10.82433/B09Z-4K37",
        LANDING.landing_url,
    ]
    assert _texts(document, "type") == ["Dataset", "Example ResourceType"]
    assert _texts(document, "date")[0] == "2024"
    assert "RRID:SCR_014641" in _texts(document, "relation")
    assert "https://doi.org/10.1016/j.epsl.2011.11.037" in _texts(document, "relation")
    root = etree.fromstring(document)
    title = root.find(f"{{{dublincore.DC}}}title")
    assert title is not None and title.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_characters_xml_cannot_hold_are_dropped() -> None:
    odd = replace(full(), titles=(m.Title(value="A\x00B\x1fC \ufffe"),))
    document = dublincore.document(odd)
    assert _texts(document, "title") == ["ABC"]
    assert errors(document) == []
