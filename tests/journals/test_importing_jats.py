"""`import_jats`: every shared JATS sample imports, published (an Article with its ARK,
the DOI kept as registered elsewhere, the JATS as galley) or into production (a
Submission with its metadata, authors and a StageEvent); facts are checked against the
JATS itself, parsed here with lxml."""

from __future__ import annotations

from pathlib import Path

import pytest

from sankofa.core.blobstore import get_blobstore
from sankofa.journals import importing
from sankofa.journals.articles import ArticleExists, metadata_of
from sankofa.journals.models import Article, Author, Galley, Issue, StageEvent, Submission
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


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_every_sample_imports_published(path: Path, blobs: object) -> None:
    data = path.read_bytes()
    journal = make_journal()
    made = importing.import_jats(OPERATOR, journal.pk, data, publish=True)
    assert isinstance(made, Article)
    expected = facts(data)
    article = Article.objects.get(pk=made.pk)
    assert article.doi == expected["doi"]
    assert article.doi_state == Article.DoiState.EXTERNAL
    assert article.ark and article.ark.startswith("ark:")
    assert " ".join(article.title.split()) == expected["title"]
    md = metadata_of(article)
    assert md.ark == article.ark
    assert [a.surname or a.collab for a in md.authors] == expected["surnames"]
    (galley,) = article.galleys.all()
    assert galley.kind == Galley.Kind.JATS and galley.media_type == "application/xml"
    assert galley.size == len(data) and galley.name.endswith(".xml")
    with get_blobstore().open(article.jats_sha256) as stream:
        assert stream.read() == data


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_every_sample_imports_into_production(path: Path, blobs: object) -> None:
    data = path.read_bytes()
    expected = facts(data)
    made = importing.import_jats(OPERATOR, make_journal().pk, data, publish=False)
    assert isinstance(made, Submission) and made.stage == "production"
    assert expected["title"] in [" ".join(t.split()) for t in made.title.values()]
    names = [a.surname for a in Author.objects.filter(submission=made)]
    assert names == expected["surnames"]
    orcids = [a.orcid for a in Author.objects.filter(submission=made) if a.orcid]
    assert orcids == expected["orcids"]
    assert Galley.objects.get(submission=made).size == len(data)
    assert not Article.objects.exists()


def test_without_publish_a_submission_waits_in_production(blobs: object) -> None:
    data = sample("scielo-1518-8345.2927.3231.xml")
    journal = make_journal()
    made = importing.import_jats(OPERATOR, journal.pk, data, publish=False)
    assert isinstance(made, Submission)
    submission = Submission.objects.get(pk=made.pk)
    assert submission.stage == "production" and submission.submitted is not None
    assert not Article.objects.exists()
    md = importing.read_jats(data)
    assert submission.title[md.language or "en"] == md.title
    assert set(submission.abstract) == {t.lang or md.language for t in md.abstracts}
    assert len(submission.abstract) == 3  # English, Portuguese, Spanish
    authors = list(Author.objects.filter(submission=submission))
    assert [a.surname for a in authors] == [p.surname for p in md.authors]
    assert any(a.orcid for a in authors)
    (event,) = StageEvent.objects.filter(submission=submission)
    assert (event.action, event.from_stage, event.to_stage) == ("import", "", "production")
    (galley,) = Galley.objects.filter(submission=submission)
    assert galley.kind == "jats" and galley.size == len(data) and galley.article is None


def test_the_same_doi_twice_is_refused(blobs: object) -> None:
    data = sample("plos-journal.pone.0097541.xml")
    journal = make_journal()
    importing.import_jats(OPERATOR, journal.pk, data, publish=True)
    with pytest.raises(ArticleExists):
        importing.import_jats(OPERATOR, journal.pk, data, publish=True)
    with pytest.raises(ArticleExists):
        importing.import_jats(OPERATOR, journal.pk, data, publish=False)
    assert Article.objects.count() == 1 and not Submission.objects.exists()


def test_another_journals_issn_is_imported_with_a_note(blobs: object) -> None:
    journal = make_journal(issn_online="2049-3630")
    made = importing.import_jats_file(
        OPERATOR, journal.pk, sample("joss-10.21105.joss.00045.jats.xml"), publish=True
    )
    assert made.article is not None
    (note,) = made.notes
    assert "2475-9066" in note and "2049-3630" in note
    same = make_journal("joss", issn_online="2475-9066")
    again = importing.import_jats_file(OPERATOR, same.pk, sample("elife09853.xml"), publish=True)
    assert "2050-084X" in again.notes[0]  # eLife's ISSN is not JOSS's either
    assert not importing.import_jats_file(
        OPERATOR,
        same.pk,
        sample("plos-journal.pone.0097541.xml").replace(b"1932-6203", b"2475-9066"),
        publish=True,
    ).notes


def test_an_issue_of_the_journal_is_set(blobs: object) -> None:
    journal = make_journal()
    issue = Issue.objects.create(journal=journal, year=2016, volume="5")
    made = importing.import_jats(
        OPERATOR, journal.pk, sample("elife09853.xml"), publish=True, issue_id=issue.pk
    )
    assert isinstance(made, Article) and made.issue_id == issue.pk
    other = make_journal("other")
    foreign = Issue.objects.create(journal=other, year=2016)
    with pytest.raises(Issue.DoesNotExist):
        importing.import_jats(
            OPERATOR,
            journal.pk,
            sample("plos-journal.pone.0097541.xml"),
            publish=True,
            issue_id=foreign.pk,
        )


def test_bad_documents_name_their_line(blobs: object) -> None:
    journal = make_journal()
    broken = b'<?xml version="1.0"?>\n<article>\n<front>\n<article-meta>\n</front>\n</article>'
    with pytest.raises(importing.JatsImportError) as caught:
        importing.import_jats(OPERATOR, journal.pk, broken, publish=True)
    assert caught.value.line == 5, caught.value
    bad_doi = sample("plos-journal.pone.0097541.xml").replace(
        b"10.1371/journal.pone.0097541", b"11.not/a-doi"
    )
    line = next(
        n for n, text in enumerate(bad_doi.splitlines(), start=1) if b"11.not/a-doi" in text
    )
    with pytest.raises(importing.JatsImportError) as caught:
        importing.import_jats(OPERATOR, journal.pk, bad_doi, publish=True)
    assert caught.value.line == line and "article-id" in caught.value.path
    assert str(caught.value).startswith(f"line {line}: ")
    assert not Article.objects.exists()


def test_only_the_journals_editors_may_import(blobs: object) -> None:
    from sankofa.core.actors import Actor, PermissionDenied

    journal = make_journal()
    reader = Actor(name="reader", user_id=12345)
    editor_elsewhere = Actor(
        name="editor", user_id=7, scoped_roles=frozenset({("editor", "journals.journal:0")})
    )
    with pytest.raises(PermissionDenied):
        importing.import_jats(reader, journal.pk, sample("elife09853.xml"), publish=True)
    with pytest.raises(PermissionDenied):
        importing.import_jats(editor_elsewhere, journal.pk, sample("elife09853.xml"), publish=True)
    with pytest.raises(PermissionDenied):
        importing.import_jats(reader, journal.pk, sample("elife09853.xml"), publish=False)
    assert not Article.objects.exists() and not Submission.objects.exists()
