"""Citations of a published article: CSL-JSON, BibTeX, RIS, and formatted styles.

What to cite is `links.cite_url`: ``https://doi.org/<DOI>`` when the article's DOI is
registered (or was imported with it), else its ARK at the node's resolver; a DOI that is
not yet registered is left out of every citation so that none prints a DOI that does not
resolve. The formatted styles are the datasets' (APA 7th, Cite Them Right Harvard, MLA
9th, Chicago author-date, IEEE: the CSL files of `sankofa.datasets.citations`), rendered by
`sankofa.core.formats.csl_styles.format_item`; abstracts and keywords are left out of
formatted citations.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from sankofa.core.formats import csl_styles
from sankofa.core.formats.article import csl
from sankofa.core.formats.article import model as m
from sankofa.datasets.citations import CSL as CSL_DIR
from sankofa.journals import links
from sankofa.journals.articles import metadata_of
from sankofa.journals.models import Article

CITATION_SECONDS = 3600  # how long a formatted citation is kept (see format_citation_html)

__all__ = [
    "UnknownStyle",
    "bibtex",
    "citable_metadata",
    "csl_item",
    "csl_json",
    "format_citation",
    "format_citation_html",
    "ris",
    "styles",
]

# key -> (label, style file, locale): the datasets' styles
_STYLES: dict[str, tuple[Any, str, str]] = {
    "apa": (_("APA (7th edition)"), "apa", "en-US"),
    "harvard": (_("Harvard (Cite Them Right)"), "harvard-cite-them-right", "en-GB"),
    "mla": (_("MLA (9th edition)"), "modern-language-association", "en-US"),
    "chicago": (_("Chicago (author-date)"), "chicago-author-date", "en-US"),
    "ieee": (_("IEEE"), "ieee", "en-US"),
}


class UnknownStyle(ValueError):
    """No citation style by that key."""


def styles() -> list[tuple[str, str]]:
    """The citation styles: (key, label), in the order pages list them."""
    return [(key, str(label)) for key, (label, _file, _locale) in _STYLES.items()]


def citable_metadata(article: Article) -> m.Article:
    """The article's metadata with the DOI only when it resolves (see the module docstring)."""
    metadata = metadata_of(article)
    if not links.cite_url(article).startswith("https://doi.org/"):
        metadata = replace(metadata, doi=None)
    return metadata


def csl_item(article: Article) -> dict[str, Any]:
    """The CSL-JSON item of the article."""
    return csl.item(citable_metadata(article), links.cite_url(article))


def csl_json(article: Article) -> str:
    """The CSL-JSON document (an array of one item)."""
    return csl.csl_json(citable_metadata(article), links.cite_url(article))


def bibtex(article: Article) -> str:
    """The BibTeX ``@article`` entry."""
    return csl.bibtex(citable_metadata(article), links.cite_url(article))


def ris(article: Article) -> str:
    """The RIS record."""
    return csl.ris(citable_metadata(article), links.cite_url(article))


def _render(article: Article, style: str, *, html_output: bool) -> str:
    try:
        _label, name, locale = _STYLES[style]
    except KeyError:
        raise UnknownStyle(f"no citation style {style!r}: one of {', '.join(_STYLES)}") from None
    item = csl_item(article)
    item.pop("abstract", None)
    item.pop("keyword", None)
    return csl_styles.format_item(item, CSL_DIR / f"{name}.csl", locale, html_output=html_output)


def format_citation(article: Article, style: str) -> str:
    """The citation of the article in `style` (a key of `styles`), as plain text."""
    return _render(article, style, html_output=False)


def format_citation_html(article: Article, style: str) -> str:
    """The citation as HTML safe in a page (only ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
    ``<span>``; the metadata's text escaped).

    Formatting costs about 12 ms, so the result is kept in the node's cache under the
    article's last change (``updated``): a change of its metadata formats it again."""
    key = f"journals:cite:{article.pk}:{article.updated.timestamp()}:{style}"
    found = cache.get(key)
    if found is None:
        found = _render(article, style, html_output=True)
        cache.set(key, found, CITATION_SECONDS)
    return str(found)
