"""Article files: galley downloads (headers, ranges, HTML never served as HTML), exports
(BibTeX, RIS, CSL-JSON, JATS, Dublin Core), the linkset, formatted citations, and usage
counting (robots left out, double clicks counted once)."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from lxml import etree

from sankofa.datasets.files import store_content
from sankofa.datasets.usage import Hit
from sankofa.journals import citations, importing, links, reading
from sankofa.journals.models import Article, ArticleUsageEvent, Galley
from tests.datasets.conftest import blobs
from tests.journals.importing_support import OPERATOR, make_journal, sample

pytestmark = pytest.mark.django_db
__all__ = ["blobs"]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
JATS = "plos-journal.pone.0097541.xml"


def imported(name: str = JATS) -> Article:
    made = importing.import_jats(OPERATOR, make_journal().pk, sample(name), publish=True)
    assert isinstance(made, Article)
    return made


def add_galley(article: Article, kind: str, name: str, media_type: str, data: bytes) -> Galley:
    stored = store_content(io.BytesIO(data))
    return Galley.objects.create(
        article=article,
        kind=kind,
        name=name,
        media_type=media_type,
        size=stored.size,
        sha256=stored.sha256,
        order=5,
    )


def test_the_jats_galley_downloads_safely_with_ranges(blobs: object, client: Client) -> None:
    article = imported()
    galley = Galley.objects.get(article=article)
    data = sample(JATS)
    whole = client.get(links.galley_path(galley), HTTP_USER_AGENT=BROWSER)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == data
    assert whole["Content-Type"] == "application/xml"
    assert whole["Content-Disposition"].startswith("attachment;")
    assert galley.name in whole["Content-Disposition"]
    assert whole["X-Content-Type-Options"] == "nosniff"
    assert whole["Content-Security-Policy"] == "sandbox"
    assert whole["Content-Length"] == str(len(data))
    part = client.get(links.galley_path(galley), HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and b"".join(part.streaming_content) == data[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(data)}"
    beyond = client.get(links.galley_path(galley), HTTP_RANGE=f"bytes={len(data)}-")
    assert beyond.status_code == 416
    wrong = f"/journals/articles/{article.pk}/galleys/{galley.pk}/other.xml"
    assert client.get(wrong).status_code == 404


def test_html_galleys_are_never_html_and_pdf_is_inline(blobs: object, client: Client) -> None:
    article = imported()
    page = add_galley(article, "html", "article.html", "text/html", b"<script>alert(1)</script>")
    svg = add_galley(article, "other", "fig.svg", "image/svg+xml", b"<svg onload=alert(1)/>")
    pdf = add_galley(article, "pdf", "article.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")
    html = client.get(links.galley_path(page))
    assert html["Content-Type"] == "text/plain; charset=utf-8"
    assert html["Content-Disposition"].startswith("attachment;")
    assert html["Content-Security-Policy"] == "sandbox"
    assert "html" not in client.get(links.galley_path(svg))["Content-Type"]
    shown = client.get(links.galley_path(pdf))
    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"].startswith("inline;")
    assert shown["X-Content-Type-Options"] == "nosniff"
    listed = client.get(links.article_path(article)).content.decode()
    assert links.galley_path(pdf) in listed and "15\xa0bytes" in listed
    assert f'name="citation_pdf_url" content="{links.galley_url(pdf)}"' in listed


def test_exports_parse_and_say_the_same(blobs: object, client: Client) -> None:
    article = imported()
    base = f"/journals/articles/{article.pk}/export/"
    bib = client.get(base + "bibtex")
    assert bib.status_code == 200 and bib["Content-Type"].startswith("application/x-bibtex")
    text = bib.content.decode()
    assert text.startswith("@article{") and "doi = {10.1371/journal.pone.0097541}" in text
    assert bib["Link"] == f'<{links.article_url(article)}>; rel="describes"; type="text/html"'
    ris = client.get(base + "ris").content.decode()
    assert ris.startswith("TY  - JOUR\r\n") and ris.endswith("ER  - \r\n")
    assert "DO  - 10.1371/journal.pone.0097541\r\n" in ris
    (item,) = json.loads(client.get(base + "csl-json").content)
    assert item["type"] == "article-journal" and item["title"] == article.title
    assert item["URL"] == "https://doi.org/10.1371/journal.pone.0097541"
    assert item["issued"]["date-parts"] == [[2014, 5, 6]]
    assert client.get(base + "jats").content == sample(JATS)
    dc = etree.fromstring(client.get(base + "dc").content)
    titles = dc.findall("{http://purl.org/dc/elements/1.1/}title")
    assert titles[0].text == article.title
    assert client.get(base + "nosuch").status_code == 404


def test_the_linkset_is_level_two(blobs: object, client: Client) -> None:
    article = imported()
    found = client.get(f"/journals/articles/{article.pk}/linkset")
    assert found["Content-Type"] == "application/linkset+json"
    document = json.loads(found.content)
    anchor = links.article_url(article)
    contexts = {c["anchor"]: c for c in document["linkset"]}
    landing = contexts[anchor]
    assert landing["cite-as"] == [{"href": "https://doi.org/10.1371/journal.pone.0097541"}]
    (item,) = landing["item"]
    assert contexts[item["href"]]["collection"][0]["href"] == anchor
    assert {t["href"] for t in landing["type"]} == {
        "https://schema.org/ScholarlyArticle",
        "https://schema.org/AboutPage",
    }
    described = {d["href"] for d in landing["describedby"]}
    assert links.export_url(article, "jats") in described
    assert contexts[links.export_url(article, "bibtex")]["describes"][0]["href"] == anchor


def test_formatted_citations_in_every_style(blobs: object) -> None:
    article = imported()
    for key, label in citations.styles():
        assert label
        text = citations.format_citation(article, key)
        html = citations.format_citation_html(article, key)
        assert "Tensorial" in text or article.title.split()[0] in text, (key, text)
        assert "10.1371/journal.pone.0097541" in text, (key, text)
        assert "<script" not in html
    with pytest.raises(citations.UnknownStyle):
        citations.format_citation(article, "vancouver")


def test_a_doi_not_yet_registered_is_not_cited(blobs: object) -> None:
    article = imported()
    Article.objects.filter(pk=article.pk).update(doi_state=Article.DoiState.PENDING)
    article.refresh_from_db()
    assert links.cite_url(article) == links.ark_url(article)
    assert "10.1371" not in citations.format_citation(article, "apa")
    assert "DOI" not in citations.csl_item(article)


def test_views_and_downloads_are_counted_once_without_robots(blobs: object, client: Client) -> None:
    article = imported()
    galley = Galley.objects.get(article=article)
    page = links.article_path(article)
    client.get(page, HTTP_USER_AGENT=BROWSER)
    client.get(page, HTTP_USER_AGENT=BROWSER)  # a double click
    client.get(page, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.get(links.galley_path(galley), HTTP_USER_AGENT=BROWSER)
    client.get(links.galley_path(galley), HTTP_USER_AGENT=BROWSER, HTTP_RANGE="bytes=5-9")
    events = ArticleUsageEvent.objects.filter(article=article)
    assert events.filter(kind="view").count() == 2  # the robot is not recorded
    assert events.filter(kind="download").count() == 1  # a later range is no new download
    usage = reading.usage(article)
    assert (usage.views, usage.unique_views, usage.downloads) == (1, 1, 1)
    later = Hit(address="10.0.0.9", user_agent=BROWSER, at=timezone.now() + timedelta(minutes=5))
    assert reading.count_view(later, article)
    assert reading.usage(article).views == 2
    kept = client.get(page, HTTP_USER_AGENT="curl/8.0").content.decode()
    assert "<dt>Views</dt><dd>1</dd>" in kept  # the page keeps its figures USAGE_SECONDS
    cache.clear()
    shown = client.get(page, HTTP_USER_AGENT="curl/8.0").content.decode()
    assert "<dt>Views</dt><dd>2</dd>" in shown


def test_a_formatted_citation_is_kept_until_the_article_changes(blobs: object) -> None:
    from dataclasses import replace

    from sankofa.core.formats.article import json_form
    from sankofa.core.formats.article.model import Text
    from sankofa.journals.articles import metadata_of

    article = imported()
    first = citations.format_citation_html(article, "apa")
    md = metadata_of(article)
    article.metadata = json_form.to_json(replace(md, titles=(Text("A corrected title"),)))
    article.save(update_fields=["metadata"])
    assert citations.format_citation_html(article, "apa") == first  # kept: not updated
    article.updated = timezone.now() + timedelta(seconds=1)
    article.save(update_fields=["updated"])
    again = citations.format_citation_html(article, "apa")
    assert "A corrected title" in again and again != first
