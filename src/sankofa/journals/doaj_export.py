"""A journal's articles as DOAJ article XML, for DOAJ's upload and harvest.

`doaj_xml` writes every published article of a journal (retracted ones are left out),
oldest first, or one of them, with `sankofa.core.formats.article.doaj.document`: the
metadata stored with each article, the journal as this node has it (title, ISSNs,
publisher), the DOI only when it is registered (or registered elsewhere), and the
article's landing page as its HTML full text. DOAJ article XML has no element for the
licence: `licence_url` gives it so the web layer sends it machine-readable beside the
document (a ``Link: <…>; rel="license"`` header). Public metadata: no permission needed.
"""

from __future__ import annotations

from dataclasses import replace

from sankofa.core.formats.article import doaj, json_form
from sankofa.core.formats.article import model as m
from sankofa.journals.doi import journal_metadata, landing_url
from sankofa.journals.models import Article, Journal

__all__ = ["NothingToExport", "doaj_xml", "exported_articles", "licence_url"]

CITABLE_DOI_STATES = (Article.DoiState.REGISTERED, Article.DoiState.EXTERNAL)


class NothingToExport(LookupError):
    """The journal has no published article (or not the one asked for)."""


def exported_articles(journal: Journal, article_id: int | None = None) -> list[Article]:
    """The published articles of `journal` (only `article_id` if given), oldest first."""
    rows = Article.objects.filter(journal=journal, state=Article.State.PUBLISHED)
    if article_id is not None:
        rows = rows.filter(pk=article_id)
    found = list(rows.select_related("journal").order_by("published", "pk"))
    if not found:
        raise NothingToExport(
            f"article {article_id} is not a published article of {journal.slug}"
            if article_id is not None
            else f"journal {journal.slug} has no published article"
        )
    return found


def _metadata(article: Article) -> m.Article:
    stored = json_form.from_json(article.metadata)
    doi = article.doi if article.doi and article.doi_state in CITABLE_DOI_STATES else None
    return replace(stored, journal=journal_metadata(article.journal), doi=doi)


def doaj_xml(journal: Journal, *, article_id: int | None = None) -> bytes:
    """DOAJ article XML of the journal's published articles (or one); raises
    `NothingToExport` when there is none and `doaj.DoajError` for a value DOAJ cannot take
    (a journal without an ISSN, for one)."""
    articles = exported_articles(journal, article_id)
    pairs = [(_metadata(a), a) for a in articles]
    urls = {id(meta): landing_url(a) for meta, a in pairs}
    return doaj.document([meta for meta, _ in pairs], fulltext_url=lambda meta: urls[id(meta)])


def licence_url(journal: Journal, article_id: int | None = None) -> str:
    """The licence the export is under: the article's when one is asked for and its
    metadata names one, else the journal's."""
    if article_id is not None:
        article = Article.objects.filter(journal=journal, pk=article_id).first()
        if article is not None:
            licence = json_form.from_json(article.metadata).licence
            if licence is not None and licence.url:
                return licence.url
    return journal.licence_url
