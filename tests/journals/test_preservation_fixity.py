"""Preservation of published articles: the metadata blob made at publication and at each
update, and the fixity check of every blob an article depends on (metadata, JATS,
galleys), catching damaged, missing and stale blobs — on the real local blob store."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from sankofa.core import jobs
from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import jats
from sankofa.core.jobs import periodic, runner
from sankofa.journals import events, preservation
from sankofa.journals.articles import store_article
from sankofa.journals.models import Article, Galley
from tests.journals.editorial_setup import OPERATOR
from tests.journals.preservation_setup import (
    JATS_DIR,
    PDF,
    blob_file,
    flip_one_byte,
    make_journal,
    publish,
)

pytestmark = pytest.mark.django_db


def read_blob(sha256: str) -> bytes:
    with get_blobstore().open(sha256) as stream:
        return stream.read()


def test_publication_stores_the_canonical_metadata(node_home: Path) -> None:
    article = publish(make_journal(), "elife-00666.xml")
    article.refresh_from_db()
    stored = read_blob(article.metadata_sha256)
    assert json.loads(stored) == article.metadata  # with the ARK minted at publication
    assert article.metadata["ark"] == article.ark
    assert (
        stored
        == json.dumps(
            article.metadata, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()
    )
    assert hashlib.sha256(stored).hexdigest() == article.metadata_sha256


def test_an_update_stores_the_new_metadata(node_home: Path) -> None:
    article = publish(make_journal(), "elife-00666.xml")
    before = Article.objects.get(pk=article.pk).metadata_sha256
    article.metadata = {**article.metadata, "subtitle": "A new subtitle"}
    article.save(update_fields=["metadata"])
    events.article_updated(OPERATOR, article)
    after = Article.objects.get(pk=article.pk).metadata_sha256
    assert after != before
    assert json.loads(read_blob(after))["subtitle"] == "A new subtitle"
    assert read_blob(before)  # the old one stays: the store forgets nothing


def test_an_intact_archive_passes(node_home: Path) -> None:
    journal = make_journal()
    one = publish(journal, "elife-00666.xml")
    two = publish(journal, "plos-journal.pone.0081648.xml")
    report = preservation.check_fixity()
    # 2 metadata + 2 JATS + 1 PDF shared by both galleys: 5 distinct blobs
    assert (report.articles, report.blobs, report.bad_count) == (2, 5, 0)
    one.refresh_from_db()
    two.refresh_from_db()
    sizes = [len(read_blob(a.metadata_sha256)) + len(read_blob(a.jats_sha256)) for a in (one, two)]
    assert report.bytes == sum(sizes) + len(PDF)
    assert report.ok and "all blobs intact" in preservation.render(report)


def test_fixity_catches_a_damaged_a_missing_and_a_stale_blob(node_home: Path) -> None:
    journal = make_journal()
    one = publish(journal, "elife-00666.xml")
    two = publish(journal, "plos-journal.pone.0081648.xml")
    pdf = Galley.objects.filter(article=one).get()
    flip_one_byte(blob_file(pdf.sha256))  # the PDF both articles share
    blob_file(two.jats_sha256).unlink()
    Article.objects.filter(pk=one.pk).update(metadata={**one.metadata, "subtitle": "sneaky"})
    report = preservation.check_fixity()
    found = sorted((b.article, b.part, b.problem) for b in report.bad)
    assert found == sorted(
        [
            (one.pk, "galley article.pdf", "checksum"),
            (two.pk, "galley article.pdf", "checksum"),
            (two.pk, "jats", "missing"),
            (one.pk, "metadata", "stale"),
        ]
    )
    assert report.bad_count == 4 and not report.ok
    text = preservation.render(report)
    assert f"article {two.pk} jats sha256 {two.jats_sha256}: missing" in text


def test_a_galley_of_another_size_is_reported(node_home: Path) -> None:
    article = publish(make_journal(), "elife-00666.xml")
    Galley.objects.filter(article=article).update(size=len(PDF) + 1)
    (bad,) = preservation.check_fixity().bad
    assert (bad.article, bad.part, bad.problem) == (article.pk, "galley article.pdf", "size")


def test_the_periodic_job_keeps_its_report(node_home: Path) -> None:
    from sankofa.journals import registrations

    registrations.register_all()
    assert preservation.TASK in {p.task for p in periodic.periodic_tasks()}
    publish(make_journal(), "elife-00666.xml")
    assert preservation.last_report() is None
    job = jobs.enqueue(OPERATOR, preservation.TASK)
    runner.run(job.pk)
    last = preservation.last_report()
    assert last is not None
    report, job_id = last
    assert job_id == job.pk and report.ok and report.articles == 1 and report.blobs == 3


def test_the_metadata_blob_holds_the_doi_the_node_gives(node_home: Path) -> None:
    journal = make_journal()
    journal.doi_provider = "crossref"
    journal.doi_prefix = "10.99999"
    journal.save()
    metadata = jats.read((JATS_DIR / "joss-10.21105.joss.00045.jats.xml").read_bytes())
    # a DOI-less article gets its DOI from the DOI hook, which runs before preservation
    article = store_article(OPERATOR, journal, replace(metadata, doi=None))
    article.refresh_from_db()
    assert article.doi == f"10.99999/{journal.slug}.{article.pk}"
    assert json.loads(read_blob(article.metadata_sha256))["doi"] == article.doi
    assert preservation.check_fixity().ok
