"""The URLs of a journal's pages and files, absolute (from ``SANKOFA_BASE_URL``) where
exports, feeds, mails and citations need them.

Pages live under a language prefix: `article_path` and friends use the language given,
else the journal's primary language when the node offers it, else the node's default
language (``LANGUAGE_CODE``). Files (galleys, exports, linksets) are language-neutral,
under ``/journals/``. An article's persistent URL is its ARK at the node's resolver
(``<base>/ark:/<NAAN>/<name>``, which redirects to its page); `cite_url` prefers its DOI.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from sankofa.journals.models import Article, Galley, Issue, Journal

__all__ = [
    "absolute",
    "archive_url",
    "ark_url",
    "article_path",
    "article_url",
    "cite_url",
    "export_url",
    "galley_path",
    "galley_url",
    "issue_url",
    "journal_path",
    "journal_url",
    "linkset_url",
    "page_language",
]


def absolute(path: str) -> str:
    """`path` (starting with ``/``) on this node: ``SANKOFA_BASE_URL + path``."""
    return f"{settings.SANKOFA_BASE_URL}{path}"


def page_language(journal: Journal, lang: str | None = None) -> str:
    """The language prefix for a page of `journal`: `lang` if the node offers it, else the
    journal's primary language if offered, else ``LANGUAGE_CODE``."""
    offered = {code for code, _ in settings.LANGUAGES}
    for candidate in (lang, journal.primary_language):
        if candidate and candidate in offered:
            return candidate
        if candidate and candidate.split("-")[0] in offered:
            return candidate.split("-")[0]
    return str(settings.LANGUAGE_CODE)


def _page(name: str, journal: Journal, args: list[object], lang: str | None) -> str:
    with translation.override(page_language(journal, lang)):
        return reverse(name, args=args)


def journal_path(journal: Journal, lang: str | None = None) -> str:
    """The journal's home page path: ``/<lang>/journals/<slug>/``."""
    return _page("journals:home", journal, [journal.slug], lang)


def journal_url(journal: Journal, lang: str | None = None) -> str:
    """The journal's home page, absolute."""
    return absolute(journal_path(journal, lang))


def archive_url(journal: Journal, lang: str | None = None) -> str:
    """The journal's issue archive, absolute."""
    return absolute(_page("journals:archive", journal, [journal.slug], lang))


def issue_url(issue: Issue, lang: str | None = None) -> str:
    """An issue's table of contents, absolute."""
    return absolute(_page("journals:issue", issue.journal, [issue.journal.slug, issue.pk], lang))


def article_path(article: Article, lang: str | None = None) -> str:
    """The article's page path: ``/<lang>/journals/<slug>/articles/<pk>/``."""
    return _page("journals:article", article.journal, [article.journal.slug, article.pk], lang)


def article_url(article: Article, lang: str | None = None) -> str:
    """The article's page, absolute."""
    return absolute(article_path(article, lang))


def ark_url(article: Article) -> str:
    """The article's ARK at this node's resolver (its page if it has no ARK)."""
    if article.ark:
        return absolute(f"/{article.ark}")
    return article_url(article)


def cite_url(article: Article) -> str:
    """What to cite: ``https://doi.org/<DOI>`` when the DOI is registered (or imported with
    it), else the ARK URL."""
    if article.doi and article.doi_state in (
        Article.DoiState.REGISTERED,
        Article.DoiState.EXTERNAL,
    ):
        return f"https://doi.org/{article.doi}"
    return ark_url(article)


def galley_path(galley: Galley) -> str:
    """A galley's download path: ``/journals/articles/<article pk>/galleys/<pk>/<name>``."""
    return reverse("journalfiles:galley", args=[galley.article_id, galley.pk, galley.name])


def galley_url(galley: Galley) -> str:
    """A galley's download URL, absolute."""
    return absolute(galley_path(galley))


def export_url(article: Article, fmt: str) -> str:
    """An export of the article (``bibtex``, ``ris``, ``csl-json``, ``jats``, ``dc``…), absolute."""
    return absolute(reverse("journalfiles:export", args=[article.pk, fmt]))


def linkset_url(article: Article) -> str:
    """The article's FAIR Signposting linkset (``application/linkset+json``), absolute."""
    return absolute(reverse("journalfiles:linkset", args=[article.pk]))
