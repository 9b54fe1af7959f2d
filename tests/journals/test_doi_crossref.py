"""Crossref DOIs of articles: minted at publication, deposited by a job after commit,
against a local fake of Crossref's deposit interface that checks every request (fields,
login, the deposit valid against Crossref's XSD 5.3.1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from lxml import etree

from sankofa.core.jobs import runner
from sankofa.core.jobs.models import Job
from sankofa.journals import doi, events
from sankofa.journals.articles import metadata_of
from sankofa.journals.models import Article, Journal
from tests.gitservers import free_port
from tests.journals.fake_crossref import FakeCrossref
from tests.journals.identifiers_support import OPERATOR, SAMPLE_NAMES, make_journal, publish

LOGIN, PASSWORD = "ajs-deposit", "cr0ssref s3cret"
BASE = "https://journals.example.org"
NS = {"c": "http://www.crossref.org/schema/5.3.1"}


@pytest.fixture
def crossref(settings: Any, node_home: Any, db: None) -> Iterator[FakeCrossref]:
    fake = FakeCrossref(LOGIN, PASSWORD).start()
    settings.SANKOFA_CROSSREF_DEPOSIT_URL = fake.url
    settings.SANKOFA_CROSSREF_TIMEOUT = 10.0
    settings.SANKOFA_BASE_URL = BASE
    yield fake
    fake.stop()
    assert fake.problems == []  # the node never sent a request Crossref would refuse


def crossref_journal(slug: str = "ajs", **fields: Any) -> Journal:
    values = {
        "doi_provider": "crossref",
        "doi_prefix": "10.5555",
        "crossref_username": LOGIN,
        "crossref_password": PASSWORD,
    }
    return make_journal(slug, **(values | fields))


def run_jobs() -> list[runner.Outcome]:
    outcomes = []
    while (outcome := runner.run_next()) is not None:
        outcomes.append(outcome)
    return outcomes


def doi_jobs() -> list[Job]:
    return list(Job.objects.filter(name=doi.TASK).order_by("pk"))


def make_due() -> None:
    Job.objects.filter(status=Job.Status.QUEUED).update(run_after=timezone.now())


def state(article: Article) -> str:
    article.refresh_from_db()
    return article.doi_state


def test_publication_mints_a_doi_and_a_job_deposits_it(crossref: FakeCrossref) -> None:
    journal = crossref_journal()
    article = publish(journal, "elife-00666.xml")
    assert article.doi == f"10.5555/ajs.{article.pk}"
    assert article.doi_state == "pending"
    assert metadata_of(article).doi == article.doi  # the metadata carries the DOI too
    assert crossref.deposits == []  # nothing leaves the node before the job runs
    assert [j.arguments for j in doi_jobs()] == [{"args": [article.pk], "kwargs": {}}]

    run_jobs()
    (sent,) = crossref.deposits
    assert sent.accepted and sent.filename == f"ajs-{article.pk}.xml"
    assert (sent.fields["login_id"], sent.fields["login_passwd"]) == (LOGIN, PASSWORD)
    root = etree.fromstring(sent.xml)
    head = root.find("c:head", NS)
    assert head is not None
    batch_id = head.findtext("c:doi_batch_id", namespaces=NS) or ""
    assert batch_id.startswith(f"ajs-{article.pk}-")
    assert head.findtext("c:depositor/c:depositor_name", namespaces=NS) == "AJS editorial office"
    assert head.findtext("c:depositor/c:email_address", namespaces=NS) == "office@ajs.example.org"
    assert head.findtext("c:registrant", namespaces=NS) == "Sankofa Community Press"
    data = root.find(".//c:doi_data", NS)
    assert data is not None
    assert data.findtext("c:doi", namespaces=NS) == article.doi
    assert data.findtext("c:resource", namespaces=NS) == (
        f"{BASE}/en/journals/ajs/articles/{article.pk}/"
    )
    title = root.findtext(".//c:journal_metadata/c:full_title", namespaces=NS)
    assert title == "African Journal of Science"  # the journal as this node has it
    assert root.findtext(".//c:journal_metadata/c:issn", namespaces=NS) == "2049-3630"
    assert state(article) == "registered"
    (job,) = doi_jobs()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result is not None and job.result["state"] == "registered"


def test_every_sample_article_is_deposited_valid(crossref: FakeCrossref) -> None:
    journal = crossref_journal()
    articles = [publish(journal, name) for name in SAMPLE_NAMES]
    run_jobs()
    assert len(crossref.accepted()) == len(articles) == len(SAMPLE_NAMES) >= 10
    assert {state(a) for a in articles} == {"registered"}
    sent = {
        etree.fromstring(d.xml).findtext(".//c:doi_data/c:doi", namespaces=NS)
        for d in crossref.deposits
    }
    assert sent == {a.doi for a in articles}


def test_an_outage_is_retried_with_backoff_then_registered(crossref: FakeCrossref) -> None:
    crossref.answer_next("500")
    article = publish(crossref_journal(), "plos-journal.pcbi.1004082.xml")
    assert run_jobs() == [runner.Outcome.RETRYING]
    (job,) = doi_jobs()
    assert job.status == Job.Status.QUEUED and job.attempts == 1
    assert job.run_after > timezone.now() + timedelta(seconds=30)  # backoff
    assert "HTTP 500" in job.last_error
    assert state(article) == "pending"
    make_due()
    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    assert state(article) == "registered"
    assert [d.status for d in crossref.deposits] == [500, 200]


def test_an_outage_past_the_last_attempt_fails_the_doi(crossref: FakeCrossref) -> None:
    crossref.answer_next(*["500"] * doi.MAX_ATTEMPTS)
    article = publish(crossref_journal(), "elife09853.xml")
    outcomes = []
    for _ in range(doi.MAX_ATTEMPTS):
        make_due()
        outcomes += run_jobs()
    assert outcomes == [runner.Outcome.RETRYING] * (doi.MAX_ATTEMPTS - 1) + [runner.Outcome.FAILED]
    (job,) = doi_jobs()
    assert job.status == Job.Status.FAILED and job.attempts == doi.MAX_ATTEMPTS
    assert state(article) == "failed"
    assert len(crossref.deposits) == doi.MAX_ATTEMPTS and not crossref.accepted()


def test_crossref_unreachable_is_retried(crossref: FakeCrossref, settings: Any) -> None:
    settings.SANKOFA_CROSSREF_DEPOSIT_URL = f"http://127.0.0.1:{free_port()}/servlet/deposit"
    article = publish(crossref_journal(), "elife09853.xml")
    assert run_jobs() == [runner.Outcome.RETRYING]
    assert state(article) == "pending"
    settings.SANKOFA_CROSSREF_DEPOSIT_URL = crossref.url
    make_due()
    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    assert state(article) == "registered"


def test_a_rejected_deposit_fails_at_once(crossref: FakeCrossref) -> None:
    crossref.answer_next("reject")
    article = publish(crossref_journal(), "elife09853.xml")
    assert run_jobs() == [runner.Outcome.FAILED]
    (job,) = doi_jobs()
    assert job.attempts == 1 and "prefix not owned" in job.last_error
    assert state(article) == "failed"


def test_a_wrong_login_fails_at_once(crossref: FakeCrossref) -> None:
    article = publish(crossref_journal(crossref_password="wrong"), "elife09853.xml")
    assert run_jobs() == [runner.Outcome.FAILED]
    (job,) = doi_jobs()
    assert "HTTP 401" in job.last_error
    assert state(article) == "failed"
    crossref.problems.clear()  # the refusal was the point


def test_a_journal_without_a_depositor_fails_without_sending(crossref: FakeCrossref) -> None:
    journal = crossref_journal(depositor_name="", depositor_email="")
    article = publish(journal, "elife09853.xml")
    assert run_jobs() == [runner.Outcome.FAILED]
    assert "depositor" in doi_jobs()[0].last_error
    assert crossref.deposits == [] and state(article) == "failed"


def test_updates_and_retraction_deposit_again_with_a_growing_timestamp(
    crossref: FakeCrossref,
) -> None:
    journal = crossref_journal()
    article = publish(journal, "plos-journal.pone.0097541.xml")
    run_jobs()
    minted = article.doi
    Journal.objects.filter(pk=journal.pk).update(slug="ajs-renamed")  # DOIs never follow
    article = Article.objects.select_related("journal").get(pk=article.pk)
    events.article_updated(OPERATOR, article)
    assert state(article) == "pending"
    run_jobs()
    Article.objects.filter(pk=article.pk).update(state=Article.State.RETRACTED)
    article = Article.objects.select_related("journal").get(pk=article.pk)
    events.article_retracted(OPERATOR, article)
    run_jobs()
    assert len(crossref.accepted()) == 3 and state(article) == "registered"
    roots = [etree.fromstring(d.xml) for d in crossref.deposits]
    assert {r.findtext(".//c:doi_data/c:doi", namespaces=NS) for r in roots} == {minted}
    stamps = [int(r.findtext("c:head/c:timestamp", namespaces=NS) or 0) for r in roots]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    resource = roots[-1].findtext(".//c:doi_data/c:resource", namespaces=NS)
    assert resource == f"{BASE}/en/journals/ajs-renamed/articles/{article.pk}/"  # the tombstone


def test_journals_without_a_provider_and_imported_dois_are_left_alone(
    crossref: FakeCrossref,
) -> None:
    plain = publish(make_journal("plain"), "elife09853.xml")
    assert plain.doi is None and plain.doi_state == ""
    imported = publish(
        crossref_journal(), "elife04490.xml", keep_doi=True, doi_state=Article.DoiState.EXTERNAL
    )
    assert imported.doi == "10.7554/elife.04490" and imported.doi_state == "external"
    events.article_updated(OPERATOR, imported)
    assert doi_jobs() == []
    run_jobs()
    assert crossref.deposits == []
    assert state(imported) == "external"


def test_the_doi_of_an_article_is_its_journal_slug_and_number(crossref: FakeCrossref) -> None:
    journal = crossref_journal("Mixed-Case", doi_prefix="10.12345")
    first = publish(journal, "elife09853.xml")
    second = publish(journal, "elife04490.xml")
    assert first.doi == f"10.12345/mixed-case.{first.pk}"
    assert second.doi == f"10.12345/mixed-case.{second.pk}"
    assert doi.doi_for(journal, first) == first.doi
