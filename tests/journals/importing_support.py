"""Shared rows for the JATS import and reading tests (A5): a journal, the operator, and
the shared JATS samples (../shared/data/jats)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sankofa.core.actors import Actor
from sankofa.journals.models import Journal
from tests.conftest import SHARED

OPERATOR = Actor.operator("test")
JATS_DIR = SHARED / "data" / "jats"
SAMPLES: list[Path] = sorted(JATS_DIR.glob("*.xml"))
SAMPLE_IDS = [p.name for p in SAMPLES]


def sample(name: str) -> bytes:
    return (JATS_DIR / name).read_bytes()


def make_journal(slug: str = "jafs", *, issn_online: str = "", issn_print: str = "") -> Journal:
    return Journal.objects.create(
        slug=slug,
        title={"en": "Journal of African Field Science", "fr": "Revue de science de terrain"},
        description={"en": "Field science from the continent."},
        primary_language="en",
        languages=["en", "fr"],
        issn_online=issn_online,
        issn_print=issn_print,
        publisher="Sankofa Press",
    )


def _flat(element: etree._Element | None) -> str:
    if element is None:
        return ""
    copy = etree.fromstring(etree.tostring(element))
    for group in copy.findall(".//contrib-group"):  # a collab's members
        group.getparent().remove(group)
    for mark in copy.findall(".//xref"):  # footnote marks are no part of a title
        mark.text = ""
        for child in list(mark):
            mark.remove(child)
    return " ".join("".join(copy.itertext()).split())


def facts(data: bytes) -> dict[str, object]:
    """What the JATS says, read directly with lxml (not through the reader under test)."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    meta = root.find("front/article-meta")
    doi = meta.find("article-id[@pub-id-type='doi']").text.strip()
    authors = [
        c
        for c in meta.findall("contrib-group/contrib")
        if c.get("contrib-type", "author") == "author"
        and (c.find("name/surname") is not None or c.find("collab") is not None)
    ]
    journal = root.find("front/journal-meta")
    return {
        "journal_title": _flat(journal.find(".//journal-title")),
        "issns": sorted(_flat(i) for i in journal.findall("issn")),
        "doi": doi.lower(),
        "title": _flat(meta.find("title-group/article-title")),
        "surnames": [  # a group author by its name
            _flat(c.find("name/surname")) or _flat(c.find("collab")) for c in authors
        ],
        "volume": _flat(meta.find("volume")),
        "first_page": _flat(meta.find("fpage")) or _flat(meta.find("elocation-id")),
        "orcids": [
            _flat(i).rsplit("/", 1)[-1]
            for c in authors
            for i in c.findall("contrib-id[@contrib-id-type='orcid']")
        ],
    }
