"""The article page of every shared JATS sample: Google Scholar meta tags checked against
the JATS (read here with lxml), schema.org JSON-LD, FAIR Signposting read back by the
`signposting` library, page weight (gzip), the retraction tombstone (410) and the ARK
resolver's redirect."""

from __future__ import annotations

import gzip
import json
import statistics
from pathlib import Path
from typing import Any

import pytest
import signposting
from django.core.cache import cache
from django.test import Client
from lxml import html as lxml_html

from sankofa.core.formats.article import jats_html
from sankofa.journals import importing, links, rendering
from sankofa.journals.journal_checks import licence_name
from sankofa.journals.models import Article, Galley
from tests.datasets.conftest import blobs
from tests.journals.importing_support import (
    OPERATOR,
    SAMPLE_IDS,
    SAMPLES,
    facts,
    make_journal,
    sample,
)

pytestmark = pytest.mark.django_db
__all__ = ["blobs"]

BUDGET = 50 * 1024  # bytes of gzip for the text of a typical article


def imported(name: str = "elife09853.xml", **journal: Any) -> Article:
    found = make_journal(**journal)
    made = importing.import_jats(OPERATOR, found.pk, sample(name), publish=True)
    assert isinstance(made, Article)
    return made


def metas(page: Any) -> list[tuple[str, str]]:
    doc = lxml_html.fromstring(page.content)
    return [(m.get("name"), m.get("content")) for m in doc.iter("meta") if m.get("name")]


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_meta_tags_json_ld_and_signposts_tell_the_jats_facts(
    path: Path, blobs: object, client: Client
) -> None:
    data = path.read_bytes()
    expected = facts(data)
    article = imported(path.name, issn_online="2049-3630")
    page = client.get(links.article_path(article))
    assert page.status_code == 200
    tags = metas(page)
    one = dict(tags)
    assert " ".join(one["citation_title"].split()) == expected["title"]
    assert one["citation_doi"] == expected["doi"]
    # the article cites the journal its JATS names (its ISSNs, else this journal's)
    issns = sorted(v for k, v in tags if k == "citation_issn")
    assert issns == (expected["issns"] or ["2049-3630"])
    assert one["citation_journal_title"] == expected["journal_title"]
    assert one.get("citation_volume", "") == expected["volume"]
    assert one.get("citation_firstpage", "") == expected["first_page"]
    assert one["citation_abstract_html_url"] == links.article_url(article)
    assert len(one["citation_publication_date"].split("/")[0]) == 4
    named = [v for k, v in tags if k == "citation_author"]
    assert len(named) >= len(expected["surnames"])
    for surname, name in zip(expected["surnames"], named, strict=False):
        assert name.endswith(surname), (surname, name)
    orcids = [v.rsplit("/", 1)[-1] for k, v in tags if k == "citation_author_orcid"]
    assert orcids == expected["orcids"]
    # schema.org JSON-LD, parsed as a client would
    doc = lxml_html.fromstring(page.content)
    (script,) = doc.xpath("//script[@type='application/ld+json']")
    assert "</" not in script.text
    ld = json.loads(script.text)
    assert ld["@type"] == "ScholarlyArticle" and ld["name"] == article.title
    assert f"https://doi.org/{expected['doi']}" in ld["identifier"]
    assert [a["name"] for a in ld["author"]][: len(named)] == named
    # level 1 signposting
    parsed = signposting.find_signposting_http_link([page["Link"]], links.article_url(article))
    assert parsed.citeAs is not None
    assert parsed.citeAs.target == f"https://doi.org/{expected['doi']}"
    assert {t.target for t in parsed.types} == {
        "https://schema.org/ScholarlyArticle",
        "https://schema.org/AboutPage",
    }
    (item,) = parsed.items
    assert item.type == "application/xml" and item.target.endswith(".xml")
    assert {a.target for a in parsed.authors} == {
        f"https://orcid.org/{o}" for o in expected["orcids"]
    }
    assert parsed.license is not None
    assert doc.xpath("//a[@rel='license']/@href") == [parsed.license.target]
    (shown,) = doc.xpath("//a[@rel='license']")
    assert shown.text == licence_name(shown.get("href"))  # "CC BY 4.0", linked to its deed
    assert licence_name("https://creativecommons.org/licenses/by/4.0/") == "CC BY 4.0"


def test_page_weight_of_the_samples(blobs: object, client: Client) -> None:
    """gzip of each sample's article page: the median within `BUDGET`; the long ones are
    reported (printed) by name."""
    sizes: dict[str, int] = {}
    journal = make_journal()
    for path in SAMPLES:
        made = importing.import_jats(OPERATOR, journal.pk, path.read_bytes(), publish=True)
        assert isinstance(made, Article)
        page = client.get(links.article_path(made))
        assert page.status_code == 200
        assert b"<img" not in page.content or b'loading="lazy"' in page.content
        sizes[path.name] = len(gzip.compress(page.content, 6))
    for name, size in sorted(sizes.items(), key=lambda kv: kv[1]):
        flag = "  over budget" if size > BUDGET else ""
        print(f"page weight {name}: {size / 1024:.1f} KiB gzip{flag}")
    median = statistics.median(sizes.values())
    print(f"page weight median: {median / 1024:.1f} KiB over {len(sizes)} samples")
    assert median <= BUDGET


def test_the_body_renders_once_and_is_kept_on_disk(blobs: object, client: Client) -> None:
    rendering._MEMORY.clear()
    article = imported("plos-journal.pone.0147124.xml")
    first = client.get(links.article_path(article))
    kept = list(rendering.cache_dir().rglob("*.json"))
    assert len(kept) == 1
    rendering._MEMORY.clear()
    kept[0].write_text(json.dumps({"html": "<p>KEPT-FRAGMENT</p>", "toc": []}))
    cache.clear()  # the page itself is kept by the page cache too
    again = client.get(links.article_path(article))
    assert b"KEPT-FRAGMENT" in again.content  # read back, not rendered again
    assert b"KEPT-FRAGMENT" not in first.content
    rendering._MEMORY.clear()
    kept[0].write_text("{not json")
    cache.clear()
    healed = client.get(links.article_path(article))
    assert b"KEPT-FRAGMENT" not in healed.content and b'class="jats"' in healed.content


def test_a_new_renderer_does_not_read_what_an_older_one_kept(
    blobs: object, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendering._MEMORY.clear()
    article = imported("plos-journal.pone.0147124.xml")
    client.get(links.article_path(article))
    (kept,) = rendering.cache_dir().rglob("*.json")
    kept.write_text(json.dumps({"html": "<p>OLD-RENDERER</p>", "toc": []}))
    rendering._MEMORY.clear()
    cache.clear()
    assert b"OLD-RENDERER" in client.get(links.article_path(article)).content
    monkeypatch.setattr(jats_html, "VERSION", jats_html.VERSION + 1)
    rendering._MEMORY.clear()
    cache.clear()
    page = client.get(links.article_path(article))
    assert b"OLD-RENDERER" not in page.content and b'class="jats"' in page.content
    assert len(list(rendering.cache_dir().rglob("*.json"))) == 2


def test_abstracts_in_every_language_with_lang_and_dir(blobs: object, client: Client) -> None:
    article = imported("scielo-1518-8345.2927.3231.xml")
    doc = lxml_html.fromstring(client.get(links.article_path(article)).content)
    sections = doc.xpath("//section[contains(@class,'abstract')]")
    assert sorted(s.get("lang") for s in sections) == ["en", "es", "pt"]
    assert {s.get("dir") for s in sections} == {"ltr"}
    assert doc.xpath("//a[@class='orcid']/@href")


def test_a_retracted_article_is_a_410_tombstone(blobs: object, client: Client) -> None:
    article = imported()
    galley = Galley.objects.get(article=article)
    Article.objects.filter(pk=article.pk).update(
        state=Article.State.RETRACTED, retraction_note="Data fabricated in figure 2."
    )
    page = client.get(links.article_path(article))
    assert page.status_code == 410
    text = page.content.decode()
    assert "Data fabricated in figure 2." in text and article.title.split()[0] in text
    assert links.galley_path(galley) not in text
    parsed = signposting.find_signposting_http_link([page["Link"]], links.article_url(article))
    assert parsed.citeAs is not None and not parsed.items
    gone = client.get(links.galley_path(galley))
    assert gone.status_code == 410


def test_the_ark_resolver_sends_an_article_ark_to_its_page(blobs: object, client: Client) -> None:
    article = imported()
    assert article.ark is not None
    found = client.get(f"/{article.ark}", HTTP_ACCEPT_LANGUAGE="fr")
    assert found.status_code == 302
    assert found["Location"] == links.article_path(article, "fr")
    slash = client.get("/" + article.ark.replace("ark:", "ark:/"))
    assert slash.status_code == 302
    assert client.get(found["Location"]).status_code == 200
    naan = article.ark.split(":")[1].split("/")[0]
    assert client.get(f"/ark:{naan}/nosuchthing").status_code == 404


def test_the_journal_pages_list_what_is_published(blobs: object, client: Client) -> None:
    from django.utils import timezone

    from sankofa.journals.models import Issue

    article = imported()
    journal = article.journal
    issue = Issue.objects.create(
        journal=journal, year=2015, volume="4", number="2", published=timezone.now()
    )
    Article.objects.filter(pk=article.pk).update(issue=issue)
    Issue.objects.create(journal=journal, year=2016, volume="5")  # not yet out
    index = client.get("/en/journals/")
    assert index.status_code == 200 and b"Journal of African Field Science" in index.content
    home = client.get(links.journal_path(journal))
    assert home.status_code == 200
    assert links.article_path(article).encode() in home.content
    for word in ("about", "submit", "archive"):  # A1's and A2's pages, and the archive
        assert f'href="/en/journals/{journal.slug}/{word}/"'.encode() in home.content, word
    assert f"/en/journals/{journal.slug}/issues/{issue.pk}/".encode() in home.content
    archive = client.get(f"/en/journals/{journal.slug}/archive/")
    assert archive.status_code == 200 and b"Vol. 4" in archive.content
    assert b"Vol. 5" not in archive.content
    toc = client.get(f"/en/journals/{journal.slug}/issues/{issue.pk}/")
    assert toc.status_code == 200 and links.article_path(article).encode() in toc.content
    sitemap = b"".join(client.get("/sitemap.xml").streaming_content).decode()
    assert f"<loc>{links.article_url(article)}</loc>" in sitemap
    assert f"<loc>{links.journal_url(journal)}</loc>" in sitemap
    assert client.get("/en/journals/nosuch/").status_code == 404
    assert client.get(f"/en/journals/{journal.slug}/articles/999999/").status_code == 404


def test_related_data_and_software_link_to_their_resolvers(blobs: object, client: Client) -> None:
    from dataclasses import replace

    from sankofa.core.formats.article import json_form
    from sankofa.core.formats.article.model import RelatedObject
    from sankofa.journals.articles import metadata_of

    article = imported()
    swhid = "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505"
    related = (
        RelatedObject(identifier="ark:99999/s1x2", identifier_type="ARK", kind="dataset"),
        RelatedObject(identifier=swhid, identifier_type="SWHID", kind="software"),
        RelatedObject(identifier="10.5061/dryad.abc", identifier_type="DOI", kind="dataset"),
    )
    md = replace(metadata_of(article), related=related)
    Article.objects.filter(pk=article.pk).update(metadata=json_form.to_json(md))
    doc = lxml_html.fromstring(client.get(links.article_path(article)).content)
    hrefs = set(doc.xpath("//section[@aria-labelledby='related-title']//a/@href"))
    assert hrefs == {
        links.absolute("/ark:99999/s1x2"),
        links.absolute(f"/{swhid}"),
        "https://doi.org/10.5061/dryad.abc",
    }


def test_figures_link_to_galleys_and_load_lazily(blobs: object, client: Client) -> None:
    import io

    from sankofa.datasets.files import store_content

    article = imported("elife-00666.xml")
    stored = store_content(io.BytesIO(b"\x89PNG\r\n\x1a\n a figure"))
    figure = Galley.objects.create(
        article=article,
        kind=Galley.Kind.OTHER,
        name="elife-00666-app1-fig1.tif",
        media_type="image/tiff",
        size=stored.size,
        sha256=stored.sha256,
        order=3,
    )
    doc = lxml_html.fromstring(client.get(links.article_path(article)).content)
    (img,) = doc.xpath(f"//img[@src='{links.galley_path(figure)}']")
    assert img.get("loading") == "lazy" and img.get("alt")
    assert all(i.get("loading") == "lazy" for i in doc.xpath("//main//img"))


def test_a_page_answered_by_the_page_cache_is_still_counted(
    blobs: object, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sankofa.journals.models import ArticleUsageEvent
    from sankofa.web.journals.reading import views

    article = imported("plos-journal.pone.0147124.xml")
    path = links.article_path(article)
    first = client.get(path, REMOTE_ADDR="10.0.0.1", HTTP_USER_AGENT="Mozilla/5.0 one")
    assert first.status_code == 200 and "public" in first["Cache-Control"]

    def not_rendered(*args: object) -> None:
        raise AssertionError("the page was rendered again")

    monkeypatch.setattr(views, "_article_context", not_rendered)
    again = client.get(path, REMOTE_ADDR="10.0.0.2", HTTP_USER_AGENT="Mozilla/5.0 two")
    assert again.status_code == 200 and again.content == first.content
    assert again["Link"] == first["Link"]  # signposting kept with the page
    client.head(path, REMOTE_ADDR="10.0.0.3", HTTP_USER_AGENT="Mozilla/5.0 three")
    views_counted = ArticleUsageEvent.objects.filter(article=article, kind="view")
    assert sorted(views_counted.values_list("client", flat=True).distinct()).__len__() == 2
    assert views_counted.count() == 2  # both GETs, not the HEAD
