"""Formatted citations: each style's structure, checked against facts of the record, and
one reviewed golden file per style (tests/core/exports/golden/citation.<style>.txt).

Reviewed against the style guides (set SANKOFA_UPDATE_GOLDEN=1 to rewrite, then review):
APA 7 (authors "Family, I. I., & Family, I.", year in parentheses, italic title, version in
parentheses and a bracketed description, publisher, URL without a final period); Cite Them
Right Harvard (initials without spaces, "and", year in parentheses, "Available at: URL.");
MLA 9 (first author inverted, the second in normal order after ", and", full given names,
title in quotation marks with the period inside, "Version 2", publisher, year, URL);
Chicago author-date (as MLA for names, the year after the authors); IEEE (initials first,
"and" between two authors, title in quotation marks, "[Online]. Available: URL").
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from sankofa.core.formats.datacite.model import Creator
from sankofa.datasets import citations, exports, links, services
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Version
from tests.core.exports.examples import GOLDEN
from tests.datasets.conftest import ADA, resource

pytestmark = pytest.mark.django_db

TITLE = "Rainfall in Accra, 1990-2020"


def published(node_home: Path, title: str = TITLE) -> Version:
    metadata = replace(
        resource(title),
        creators=(
            Creator(name="Mensah, Ama Serwaa", given_name="Ama Serwaa", family_name="Mensah"),
            Creator(name="Owusu, Kofi", given_name="Kofi", family_name="Owusu"),
        ),
        version="2",
    )
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, metadata)
    return services.publish(ADA, draft.pk)


def test_styles_are_the_five() -> None:
    assert [k for k, _ in citations.styles()] == ["apa", "harvard", "mla", "chicago", "ieee"]
    assert all(label for _, label in citations.styles())


def test_each_style_has_its_structure(node_home: Path) -> None:
    version = published(node_home)
    url = links.pid_url(version)
    assert url.startswith("http") and version.ark and version.ark in url
    text = {k: citations.format_citation(version, k) for k, _ in citations.styles()}
    page = {k: citations.format_citation_html(version, k) for k, _ in citations.styles()}

    assert text["apa"].startswith("Mensah, A. S., & Owusu, K. (2026). ")
    assert f"{TITLE} (Version 2) [Dataset]. Sankofa test node. {url}" in text["apa"]
    assert f"<i>{TITLE}</i>" in page["apa"] and "&amp; Owusu" in page["apa"]

    assert text["harvard"].startswith("Mensah, A.S. and Owusu, K. (2026) ")
    assert text["harvard"].endswith(f"Available at: {url}.")

    assert text["mla"].startswith("Mensah, Ama Serwaa, and Kofi Owusu. ")
    assert f"\u201c{TITLE}.\u201d Version 2, Sankofa test node, 2026, {url}." in text["mla"]

    assert text["chicago"].startswith("Mensah, Ama Serwaa, and Kofi Owusu. 2026. ")
    assert f"\u201c{TITLE}.\u201d" in text["chicago"]

    assert text["ieee"].startswith("A. S. Mensah and K. Owusu, ")
    assert not re.match(r"\s*\[\d+\]", text["ieee"])
    assert text["ieee"].endswith(f"Available: {url}")

    for key in text:
        assert "\n" not in text[key] and TITLE in text[key]
        golden = GOLDEN / f"citation.{key}.txt"
        produced = text[key].replace(url, "<PID>") + "\n"
        if os.environ.get("SANKOFA_UPDATE_GOLDEN"):
            golden.write_text(produced, encoding="utf-8")
        assert produced == golden.read_text(encoding="utf-8"), key


def test_html_escapes_the_metadata(node_home: Path) -> None:
    version = published(node_home, title="<script>alert(1)</script> & <b>co</b>")
    for key, _ in citations.styles():
        out = citations.format_citation_html(version, key)
        assert "<script" not in out and "<b>co" not in out
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;" in out


def test_a_doi_is_cited_only_when_registered(node_home: Path) -> None:
    """The metadata names the DOI 10.5072/example, which this node never registered."""
    version = published(node_home)
    assert version.doi_state != "registered"
    for key, _ in citations.styles():
        assert "10.5072" not in citations.format_citation(version, key)


def test_unknown_style_and_exports(node_home: Path) -> None:
    version = published(node_home)
    with pytest.raises(NotFound, match="no citation style 'vancouver'"):
        citations.format_citation(version, "vancouver")
    fmt = exports.by_key("citation-apa")
    assert fmt.media_type.startswith("text/plain") and not fmt.negotiable
    assert exports.render(version, fmt).decode() == citations.format_citation(version, "apa") + "\n"
