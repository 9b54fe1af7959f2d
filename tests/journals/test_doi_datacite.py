"""DataCite DOIs of articles, for journals that register at DataCite: the article as a
JournalArticle resource (valid kernel 4.6), sent by a job through the node's DataCite
client to a local fake DataCite that checks every request."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from django.utils import timezone
from lxml import etree

from sankofa.core.formats import datacite_rest
from sankofa.core.formats.article import datacite as article_datacite
from sankofa.core.formats.article import jats
from sankofa.core.formats.datacite import validate
from sankofa.core.jobs import runner
from sankofa.core.jobs.models import Job
from sankofa.journals import doi, events
from sankofa.journals.models import Article, Journal
from tests.conftest import SHARED
from tests.datasets.fake_datacite import FakeDataCite
from tests.journals.identifiers_support import (
    OPERATOR,
    SAMPLE_NAMES,
    make_journal,
    publish,
    sample,
)

SCHEMA_46 = SHARED / "schemas" / "datacite-4.6" / "metadata.xsd"
PREFIX, USER, PASSWORD = "10.5072", "SANKOFA.JOURNALS", "s3cret"
BASE = "https://journals.example.org"
KERNEL = {"d": "http://datacite.org/schema/kernel-4"}


@pytest.fixture
def datacite(settings: Any, node_home: Any, db: None) -> Iterator[FakeDataCite]:
    fake = FakeDataCite(USER, PASSWORD, PREFIX, SCHEMA_46, stall=1.0).start()
    settings.SANKOFA_DATACITE_URL = fake.url
    settings.SANKOFA_DATACITE_USER = USER
    settings.SANKOFA_DATACITE_PASSWORD = PASSWORD
    settings.SANKOFA_DATACITE_PREFIX = PREFIX
    settings.SANKOFA_DATACITE_TIMEOUT = 0.5
    settings.SANKOFA_BASE_URL = BASE
    yield fake
    fake.stop()
    assert fake.problems == []  # the node never sent a request DataCite would refuse


def datacite_journal(slug: str = "ajs") -> Journal:
    return make_journal(slug, doi_provider="datacite")


def run_jobs() -> list[runner.Outcome]:
    outcomes = []
    while (outcome := runner.run_next()) is not None:
        outcomes.append(outcome)
    return outcomes


def state(article: Article) -> str:
    article.refresh_from_db()
    return article.doi_state


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_maps_to_a_valid_journal_article(name: str) -> None:
    metadata = jats.read(sample(name))
    resource = article_datacite.resource(metadata, doi="10.5072/ajs.1")
    xml = datacite_rest.kernel46(resource, f"{BASE}/")
    assert validate.errors(xml, SCHEMA_46) == []
    root = etree.fromstring(xml)
    kind = root.find("d:resourceType", KERNEL)
    assert kind is not None and kind.get("resourceTypeGeneral") == "JournalArticle"
    assert root.findtext("d:identifier", namespaces=KERNEL) == "10.5072/ajs.1"
    creators = root.findall("d:creators/d:creator", KERNEL)
    assert len(creators) == max(1, len(metadata.authors))
    assert root.findtext("d:titles/d:title", namespaces=KERNEL) == " ".join(metadata.title.split())
    assert root.findtext("d:publicationYear", namespaces=KERNEL) == str(
        metadata.published.year if metadata.published else ""
    )
    item = root.find("d:relatedItems/d:relatedItem", KERNEL)
    assert item is not None and item.get("relatedItemType") == "Journal"
    assert item.get("relationType") == "IsPublishedIn"
    abstracts = root.findall("d:descriptions/d:description[@descriptionType='Abstract']", KERNEL)
    assert len(abstracts) == len([a for a in metadata.abstracts if a.value.strip()])


def test_the_mapping_keeps_orcids_licence_keywords_and_links() -> None:
    metadata = jats.read(sample("plos-journal.pcbi.1004082.xml"))
    resource = article_datacite.resource(metadata, doi="10.5072/x.1")
    assert [s.value for s in resource.subjects] == [k.value for k in metadata.keywords]
    assert metadata.licence is not None
    assert [r.uri for r in resource.rights_list] == [metadata.licence.url]
    orcids = {i.value for c in resource.creators for i in c.name_identifiers}
    expected = {f"https://orcid.org/{a.orcid}" for a in metadata.authors if a.orcid}
    assert orcids == expected
    with pytest.raises(ValueError, match="publication date"):
        article_datacite.resource(replace(metadata, published=None), doi="10.5072/x.1")


def test_publication_registers_a_findable_doi(datacite: FakeDataCite) -> None:
    article = publish(datacite_journal(), "elife-00666.xml")
    assert article.doi == f"{PREFIX}/ajs.{article.pk}" and article.doi_state == "pending"
    assert datacite.requests == []
    run_jobs()
    (put,) = datacite.requests
    assert (put.method, put.doi, put.event) == ("PUT", article.doi, "publish")
    assert put.url == f"{BASE}/en/journals/ajs/articles/{article.pk}/"
    assert put.xml is not None
    root = etree.fromstring(put.xml)
    title = root.findtext("d:relatedItems/d:relatedItem/d:titles/d:title", namespaces=KERNEL)
    assert title == "African Journal of Science"
    assert root.findtext("d:publisher", namespaces=KERNEL) == "Sankofa Community Press"
    ark = root.findtext("d:alternateIdentifiers/d:alternateIdentifier", namespaces=KERNEL)
    assert ark == article.ark
    assert datacite.state(article.doi or "") == "findable"
    assert state(article) == "registered"


def test_retraction_keeps_the_doi_findable_with_a_withdrawn_date(datacite: FakeDataCite) -> None:
    article = publish(datacite_journal(), "elife09853.xml")
    run_jobs()
    Article.objects.filter(pk=article.pk).update(state=Article.State.RETRACTED)
    article = Article.objects.select_related("journal").get(pk=article.pk)
    events.article_retracted(OPERATOR, article)
    run_jobs()
    last = datacite.requests[-1]
    assert (last.method, last.event) == ("PUT", "publish")
    assert last.xml is not None and b'dateType="Withdrawn"' in last.xml
    assert datacite.state(article.doi or "") == "findable" and state(article) == "registered"


def test_an_outage_is_retried(datacite: FakeDataCite) -> None:
    datacite.fail_next(1, "500")
    article = publish(datacite_journal(), "elife09853.xml")
    assert run_jobs() == [runner.Outcome.RETRYING]
    assert state(article) == "pending"
    Job.objects.filter(status=Job.Status.QUEUED).update(run_after=timezone.now())
    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    assert state(article) == "registered"


def test_a_refusal_fails_at_once(datacite: FakeDataCite, settings: Any) -> None:
    settings.SANKOFA_DATACITE_PASSWORD = "wrong"
    article = publish(datacite_journal(), "elife09853.xml")
    assert run_jobs() == [runner.Outcome.FAILED]
    job = Job.objects.get(name=doi.TASK)
    assert job.attempts == 1 and "HTTP 401" in job.last_error
    assert state(article) == "failed"
    datacite.problems.clear()  # the refusal was the point


def test_without_a_datacite_account_a_datacite_journal_mints_nothing(
    settings: Any, node_home: Any, db: None
) -> None:
    settings.SANKOFA_DATACITE_URL = ""
    article = publish(datacite_journal(), "elife09853.xml")
    assert article.doi is None and article.doi_state == ""
    assert not Job.objects.filter(name=doi.TASK).exists()
