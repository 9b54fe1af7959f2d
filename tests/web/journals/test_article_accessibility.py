"""The reading pages pass axe-core's WCAG 2.2 A/AA rules in a real browser (as
tests/web/test_accessibility.py checks the node's main pages), in English and in Arabic
(right to left): the journals, a journal's home and archive, and three imported articles
(a multilingual SciELO article, an eLife article with figures, tables and maths, and a
PLOS article whose tables have empty header cells and whose sections repeat headings).
The page is also read with JavaScript off: the article's text is there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.journals.importing_support import JATS_DIR
from tests.web.browser import LiveNode, _cli, fetch_page, node_env
from tests.web.test_accessibility import axe_violations, describe

SLUG = "a11y-reading"
SAMPLES = ("scielo-1518-8345.2927.3231.xml", "elife-00666.xml", "plos-journal.pone.0147124.xml")


@pytest.fixture(scope="module")
def articles(live_node: LiveNode, node_database: str | None) -> list[str]:
    """Import the samples into a journal of the live node; the articles' paths (no lang)."""
    env = node_env(live_node.home, node_database)
    _cli(live_node.home, env, "journals", "create", SLUG, "--title", "Reading Tests")
    paths = []
    for name in SAMPLES:
        out = _cli(
            live_node.home, env, "journals", "import-jats", str(JATS_DIR / name),
            "--journal", SLUG, "--publish",
        )  # fmt: skip
        found = re.search(r"/[a-z]{2}(/journals/.+/articles/\d+/)$", out.strip().splitlines()[-1])
        assert found, out
        paths.append(found.group(1))
    return paths


def pages(lang: str, articles: list[str]) -> Iterator[str]:
    yield f"/{lang}/journals/"
    yield f"/{lang}/journals/{SLUG}/"
    yield f"/{lang}/journals/{SLUG}/archive/"
    for path in articles:
        yield f"/{lang}{path}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_reading_pages_have_no_accessibility_violations(
    chromium: Any, live_node: LiveNode, articles: list[str], lang: str
) -> None:
    found = {}
    for path in pages(lang, articles):
        fetch_page(live_node, path)
        chromium.get(live_node.url(path))
        violations = axe_violations(chromium)
        if violations:
            found[path] = describe(violations)
    assert not found, "\n".join(f"{p}:\n{v}" for p, v in found.items())


def test_the_article_reads_without_javascript(live_node: LiveNode, articles: list[str]) -> None:
    _headers, body = fetch_page(live_node, f"/en{articles[1]}")
    text = body.decode()
    assert '<div class="jats"' in text and text.count("<script src") == 1  # the base's copy.js
    assert "Introduction" in text and 'class="references"' in text
    sheet = re.search(r'href="(/static/sankofa/journal-article\.[0-9a-f]+\.css)"', text)
    assert sheet is not None  # the print stylesheet, collected with a hashed name
    status, _headers, css = live_node.get(sheet.group(1))
    assert status == 200 and b"@media print" in css
