"""Published articles for the preservation tests (A8): a journal with ISSN, publisher and
Crossref depositor, and articles stored the one way articles are made
(`articles.store_article`) from real JATS samples, with a PDF galley each."""

from __future__ import annotations

from pathlib import Path

from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import jats
from sankofa.journals.articles import GalleyInput, store_article
from sankofa.journals.models import Article, Journal
from tests.conftest import SHARED
from tests.journals.editorial_setup import OPERATOR

JATS_DIR = SHARED / "data" / "jats"
PDF = b"%PDF-1.7\n% the typeset article, the same bytes in every article\n%%EOF\n"


def make_journal(slug: str = "jpres") -> Journal:
    return Journal.objects.create(
        slug=slug,
        title={"en": "Journal of Preserved Things"},
        primary_language="en",
        issn_online="1234-5679",
        publisher="Preservation Society",
        depositor_name="Preservation Society",
        depositor_email="doi@preservation.example",
    )


def publish(journal: Journal, sample: str, *, galleys: bool = True) -> Article:
    data = (JATS_DIR / sample).read_bytes()
    return store_article(
        OPERATOR,
        journal,
        jats.read(data),
        jats=data,
        galleys=[GalleyInput("pdf", "article.pdf", "application/pdf", data=PDF)] if galleys else [],
        doi_state="external",
    )


def blob_file(sha256: str) -> Path:
    """The file of a blob in the node's local blob store, made writable (to damage it)."""
    path: Path = get_blobstore().path(sha256)  # type: ignore[attr-defined]
    path.chmod(0o644)
    return path


def flip_one_byte(path: Path, offset: int = 10) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
