"""CSL-JSON items of type software: golden output, structure, and citeproc-py renders them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sankofa.core.formats import csljson
from sankofa.core.formats.citation import Author, Citation

SWHID = "swh:1:rev:" + "0123456789abcdef" * 2 + "01234567;origin=https://example.org/x"
CITATION = Citation(
    title="Réseau",
    authors=(Author(given="Gaël", family="Varoquaux"), Author(name="Software Heritage")),
    version="3.1",
    date_released=date(2023, 7, 3),
    repository="https://example.org/x",
    swhid=SWHID,
    licenses=("MIT",),
    keywords=("graphs", "networks"),
    description="Fast graphs.",
)

GOLDEN = {
    "id": "swh-rev-0123456789abcdef0123456789abcdef01234567",
    "type": "software",
    "title": "Réseau",
    "author": [{"family": "Varoquaux", "given": "Gaël"}, {"literal": "Software Heritage"}],
    "version": "3.1",
    "issued": {"date-parts": [[2023, 7, 3]]},
    "URL": "https://example.org/x",
    "abstract": "Fast graphs.",
    "keyword": "graphs, networks",
    "license": "MIT",
    "note": f"SWHID: {SWHID}",
    "custom": {"swhid": SWHID, "repository": "https://example.org/x"},
}
# the fields and types the CSL-JSON 1.0.2 schema allows for what is written here
CSL_TEXT_FIELDS = {
    "id",
    "type",
    "title",
    "version",
    "URL",
    "abstract",
    "keyword",
    "license",
    "note",
}


def test_golden_item() -> None:
    text = csljson.document(CITATION)
    assert json.loads(text) == [GOLDEN]
    assert "Réseau" in text  # UTF-8, not \u escapes


def test_structure_follows_the_csl_schema() -> None:
    (item,) = json.loads(csljson.document(CITATION))
    assert item["type"] == "software"
    for key, value in item.items():
        if key in CSL_TEXT_FIELDS:
            assert isinstance(value, str) and value, key
    for name in item["author"]:
        assert set(name) <= {"family", "given", "literal"} and name
    (parts,) = item["issued"]["date-parts"]
    assert all(isinstance(p, int) for p in parts) and 1 <= len(parts) <= 3
    assert isinstance(item["custom"], dict)


def test_id_is_stable_and_empty_fields_are_left_out() -> None:
    bare = Citation(title="x", repository="https://example.org/x")
    first, second = csljson.item(bare), csljson.item(bare)
    assert first == second
    assert set(first) == {"id", "type", "title", "URL", "custom"}
    assert (
        csljson.item(Citation(title="x", repository="https://example.org/y"))["id"] != first["id"]
    )


def test_citeproc_renders_the_item() -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON(json.loads(csljson.document(CITATION)))
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
    bibliography.register(citeproc.Citation([citeproc.CitationItem(GOLDEN["id"])]))
    (entry,) = [str(e) for e in bibliography.bibliography()]
    assert "Varoquaux" in entry and "Réseau" in entry and "2023" in entry
