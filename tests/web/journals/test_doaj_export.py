"""``/journals/<slug>/doaj.xml``: a journal's published articles (or one) as DOAJ article
XML, valid against doajArticles.xsd, with the licence in a ``Link`` header."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from lxml import etree

from sankofa.core.formats.article import doaj
from sankofa.journals.articles import metadata_of
from sankofa.journals.models import Article
from tests.conftest import SHARED
from tests.journals.identifiers_support import SAMPLE_NAMES, make_journal, publish

XSD = SHARED / "schemas" / "doaj" / "doajArticles.xsd"
BASE = "https://journals.example.org"
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"


@pytest.fixture
def site(settings: Any, node_home: Any, db: None) -> Any:
    settings.SANKOFA_BASE_URL = BASE
    return settings


def records(body: bytes) -> list[etree._Element]:
    assert doaj.schema_errors(body, XSD) == []
    root = etree.fromstring(body, etree.XMLParser(no_network=True, resolve_entities=False))
    assert root.tag == "records"
    return list(root)


def test_the_journal_export_holds_every_published_article(site: Any, client: Client) -> None:
    journal = make_journal("ajs", licence_url=CC_BY_SA)
    articles = [publish(journal, name) for name in SAMPLE_NAMES]
    retracted = articles[3]
    Article.objects.filter(pk=retracted.pk).update(state=Article.State.RETRACTED)
    Article.objects.filter(pk=articles[0].pk).update(doi="10.5555/ajs.x", doi_state="registered")
    Article.objects.filter(pk=articles[1].pk).update(doi="10.5555/ajs.y", doi_state="pending")
    publish(make_journal("other", issn_online="0378-5955"), "elife09853.xml")

    response = client.get("/journals/ajs/doaj.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Link"] == f'<{CC_BY_SA}>; rel="license"'
    found = records(response.content)
    shown = sorted((a for a in articles if a.pk != retracted.pk), key=lambda a: (a.published, a.pk))
    assert len(found) == len(shown) == len(SAMPLE_NAMES) - 1
    urls = [r.findtext("fullTextUrl") for r in found]
    assert urls == [f"{BASE}/en/journals/ajs/articles/{a.pk}/" for a in shown]
    assert {r.findtext("journalTitle") for r in found} == {"African Journal of Science"}
    assert {r.findtext("eissn") for r in found} == {"2049-3630"}
    dois = {r.findtext("doi") for r in found} - {None}
    assert dois == {"10.5555/ajs.x"}  # a DOI only once it is registered
    titles = [r.findtext("title") for r in found]
    assert titles[0] is not None and metadata_of(shown[0]).title.split()[0] in titles[0]


def test_one_article_and_its_own_licence(site: Any, client: Client) -> None:
    journal = make_journal("ajs")
    article = publish(journal, "plos-journal.pcbi.1004082.xml")
    publish(journal, "elife09853.xml")
    response = client.get(f"/journals/ajs/doaj.xml?article={article.pk}")
    assert response.status_code == 200
    (record,) = records(response.content)
    assert record.findtext("fullTextUrl") == f"{BASE}/en/journals/ajs/articles/{article.pk}/"
    licence = metadata_of(article).licence
    assert licence is not None and licence.url
    assert response["Link"] == f'<{licence.url}>; rel="license"'
    assert f'filename="ajs-doaj-{article.pk}.xml"' in response["Content-Disposition"]


def test_what_cannot_be_exported_is_said_not_crashed(site: Any, client: Client) -> None:
    journal = make_journal("ajs")
    article = publish(journal, "elife09853.xml")
    assert client.get("/journals/nowhere/doaj.xml").status_code == 404
    assert client.get("/journals/ajs/doaj.xml?article=abc").status_code == 400
    assert client.get("/journals/ajs/doaj.xml?article=99999999").status_code == 404
    Article.objects.filter(pk=article.pk).update(state=Article.State.RETRACTED)
    assert client.get(f"/journals/ajs/doaj.xml?article={article.pk}").status_code == 404
    assert client.get("/journals/ajs/doaj.xml").status_code == 404  # nothing published
    make_journal("noissn", issn_online="", issn_print="")
    publish(journal.__class__.objects.get(slug="noissn"), "elife04490.xml")
    response = client.get("/journals/noissn/doaj.xml")
    assert response.status_code == 409
    assert b"ISSN" in response.content
    assert client.post("/journals/ajs/doaj.xml").status_code == 405
