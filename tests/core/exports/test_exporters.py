"""Every exporter takes every official example and random resources; citations render."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings

from sankofa.core.formats import bibtex_data, csl_data, ris, schemaorg
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.vocabulary import NameType
from tests.core.datacite.kernels import KERNELS, Kernel
from tests.core.datacite.strategies import resources
from tests.core.exports.examples import EXAMPLES, IDS, LANDING, full


def _balanced(text: str) -> bool:
    depth = 0
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "{}":
            depth += 1 if char == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def check_all(resource: Resource) -> None:
    """What every format promises, for any resource, with and without a landing page."""
    assert all(
        (schemaorg.dataset(resource), ris.document(resource), bibtex_data.entry(resource),
         csl_data.item(resource))
    )  # fmt: skip
    ld = json.loads(schemaorg.document(resource, LANDING))
    assert ld["@context"] == "https://schema.org" and ld["isAccessibleForFree"] is True
    assert "<" not in schemaorg.document(resource, LANDING)
    lines = ris.document(resource, LANDING).split("\r\n")
    assert lines[0] == "TY  - DATA" and lines[-2:] == ["ER  - ", ""]
    assert all(len(line) >= 6 and line[2:6] == "  - " for line in lines[:-1])
    entry = bibtex_data.entry(resource, LANDING)
    assert entry.startswith("@dataset{") and entry.endswith("\n}\n") and _balanced(entry)
    (item,) = json.loads(csl_data.document(resource, LANDING))
    assert item["type"] == "dataset" and item["issued"]["date-parts"][0][0] >= 0


@pytest.mark.parametrize(("kernel", "path"), EXAMPLES, ids=IDS)
def test_every_example(kernel: Kernel, path: Path) -> None:
    check_all(kernel.codec.read(path.read_bytes()))


@settings(max_examples=100)
@given(resource=resources(KERNELS[1].codec))
def test_random_resources(resource: Resource) -> None:
    check_all(resource)


def test_schemaorg_cannot_close_its_script_element() -> None:
    hostile = replace(full(), titles=(m.Title(value="</script><script>alert(1)</script>"),))
    text = schemaorg.document(hostile)
    assert "</script" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


def test_schemaorg_for_google() -> None:
    ld = schemaorg.dataset(full(), LANDING)
    assert ld["@type"] == "Dataset" and ld["url"] == LANDING.landing_url
    (download,) = ld["distribution"]
    assert download["contentUrl"].endswith("measurements.csv")
    assert download["contentSize"] == "123456 B"
    assert ld["creator"][0]["sameAs"] == "https://orcid.org/0000-0001-5727-2427"
    assert ld["creator"][1] == {
        "@type": "Organization",
        "name": "ExampleOrganization",
        "sameAs": "https://ror.org/04wxnsj81",
    }
    # repeated contributors in the record are listed once
    assert len(ld["contributor"]) == len({json.dumps(c, sort_keys=True) for c in ld["contributor"]})
    shapes = ld["spatialCoverage"][0]["geo"]
    assert {"@type": "GeoShape", "box": "49.195 -123.27 49.315 -123.02"} in shapes


def test_names_split_for_citations() -> None:
    person = m.Creator(name="Doe, Jane")
    unnamed = m.Creator(name="Jane Doe", name_type=NameType.PERSONAL)
    org = m.Creator(name="CERN, Geneva", name_type=NameType.ORGANIZATIONAL)
    resource = replace(full(), creators=(person, unnamed, org))
    assert csl_data.item(resource)["author"] == [
        {"family": "Doe", "given": "Jane"},
        {"literal": "Jane Doe"},
        {"literal": "CERN, Geneva"},
    ]
    assert "author = {Doe, Jane and {Jane Doe} and {CERN, Geneva}}," in bibtex_data.entry(resource)
    assert "AU  - Doe, Jane\r\nAU  - Jane Doe\r\nAU  - CERN, Geneva\r\n" in ris.document(resource)


def test_bibtex_escapes_latex() -> None:
    odd = replace(full(), titles=(m.Title(value="50% of $x_1$ & {y}"),))
    assert r"title = {50\% of \$x\_1\$ \& \{y\}}," in bibtex_data.entry(odd)


def test_citeproc_renders_the_dataset() -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    (item,) = json.loads(csl_data.document(full(), LANDING))
    source = CiteProcJSON([item])
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
    bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    (entry,) = [str(e) for e in bibliography.bibliography()]
    assert "ExampleFamilyName" in entry and "Example Title" in entry and "2024" in entry
