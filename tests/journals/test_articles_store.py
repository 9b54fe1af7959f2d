"""store_article: a DOI already on the node is refused before anything is stored."""

from __future__ import annotations

import dataclasses

import pytest

from sankofa.core.blobstore import LocalBlobStore
from sankofa.core.formats.article import jats
from sankofa.journals.articles import ArticleExists, GalleyInput, store_article
from sankofa.journals.models import Article
from tests.datasets.conftest import blob_count, blobs  # noqa: F401  (fixture)
from tests.journals.importing_support import OPERATOR, make_journal, sample

pytestmark = pytest.mark.django_db


def test_a_second_article_with_the_doi_writes_no_blob(blobs: LocalBlobStore) -> None:  # noqa: F811
    journal = make_journal()
    data = sample("plos-journal.pone.0147124.xml")
    metadata = jats.read(data)
    assert metadata.doi
    galley = GalleyInput(kind="jats", name="a.xml", media_type="application/xml", data=data)
    first = store_article(OPERATOR, journal, metadata, jats=data, galleys=[galley])
    assert first.galleys.get().sha256 == first.jats_sha256
    before = blob_count(blobs)
    other = data + b"\n<!-- another copy -->\n"
    again = dataclasses.replace(metadata, doi=metadata.doi.upper())
    with pytest.raises(ArticleExists):
        store_article(OPERATOR, journal, again, jats=other, galleys=[galley])
    assert blob_count(blobs) == before
    assert Article.objects.count() == 1
