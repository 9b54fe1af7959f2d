"""Reading pages: the journals, a journal's home, its archive, an issue, an article.

The article page shows the JATS body rendered by `sankofa.journals.rendering` (kept on
disk), its metadata, galleys, related works, a citation box (``?style=`` picks the
formatted style) and usage; its ``<head>`` carries Google Scholar meta tags and
schema.org JSON-LD, its response FAIR Signposting ``Link`` headers. A view is counted
(`reading.count_view`). A retracted article answers 410 with its metadata and the
retraction note, and offers no galleys.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from sankofa.discovery.signposting import link_header
from sankofa.journals import article_exports, citations, links, reading, rendering
from sankofa.journals.articles import metadata_of
from sankofa.journals.journal_checks import licence_name
from sankofa.journals.models import Article, Issue, Journal
from sankofa.journals.texts import localized
from sankofa.web.caching import count_cached_hits, short
from sankofa.web.datasets.usage.hits import hit_from_request
from sankofa.web.journals.reading import presenters

# the article page counts every view, so it is rendered each time: its usage figures are
# kept this many seconds (they are read from every counted event of the article)
USAGE_SECONDS = 60
# the path of an article page (as the URLconf has it, under a language prefix)
ARTICLE_PATH = r"/[^/]+/journals/(?P<slug>[^/]+)/articles/(?P<pk>[0-9]+)/\Z"

__all__ = ["archive", "article", "home", "index", "issue"]


def _journal(slug: str) -> Journal:
    try:
        return reading.journal(slug)
    except Journal.DoesNotExist:
        raise Http404("no such journal") from None


def _text(texts: dict[str, str], journal: Journal) -> str:
    return localized(texts, get_language() or journal.primary_language, journal.primary_language)


def _journal_context(journal: Journal) -> dict[str, Any]:
    return {
        "journal": journal,
        "journal_title": _text(journal.title, journal) or journal.slug,
        "journal_description": _text(journal.description, journal),
    }


def _issue_label(issue: Issue) -> dict[str, Any]:
    return {"issue": issue, "title": _text(issue.title, issue.journal)}


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    entries = [_journal_context(j) for j in reading.journals()]
    return short(request, render(request, "journals/reading/index.html", {"entries": entries}))


@require_safe
def home(request: HttpRequest, slug: str) -> HttpResponse:
    journal = _journal(slug)
    current = reading.current_issue(journal)
    context = _journal_context(journal) | {
        "current": _issue_label(current) if current else None,
        "current_articles": reading.issue_articles(current) if current else [],
        "latest": reading.latest_articles(journal),
    }
    return short(request, render(request, "journals/reading/home.html", context))


@require_safe
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    journal = _journal(slug)
    context = _journal_context(journal) | {
        "issues": [_issue_label(i) for i in reading.issues(journal)],
        "articles": reading.published_articles(journal)[:200],
        "retracted": reading.retracted_articles(journal),
    }
    return short(request, render(request, "journals/reading/archive.html", context))


@require_safe
def issue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    journal = _journal(slug)
    try:
        found = reading.issue(journal, pk)
    except Issue.DoesNotExist:
        raise Http404("no such issue") from None
    context = _journal_context(journal) | {
        "current": _issue_label(found),
        "articles": reading.issue_articles(found),
    }
    return short(request, render(request, "journals/reading/issue.html", context))


def _citation(article: Article, wanted: str | None) -> dict[str, Any]:
    keys = [key for key, _label in citations.styles()]
    style = wanted if wanted in keys else keys[0]
    return {
        "styles": [
            {"key": k, "label": label, "current": k == style} for k, label in citations.styles()
        ],
        "html": citations.format_citation_html(article, style),
        "downloads": [
            {"label": f.label, "url": links.export_url(article, f.key), "media_type": f.media_type}
            for f in article_exports.formats(article)
            if f.key in ("bibtex", "ris", "csl-json")
        ],
    }


def _article_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    md = metadata_of(article)
    retracted = article.state == Article.State.RETRACTED
    galleys = [] if retracted else list(article.galleys.all())
    body = rendering.article_html(article) if not retracted else None
    return _journal_context(article.journal) | {
        "article": article,
        "md": md,
        "retracted": retracted,
        "title_dir": presenters.direction(article.language),
        "authors": presenters.authors(md),
        "abstracts": presenters.abstracts(md),
        "keywords": presenters.keywords(md),
        "related": presenters.related(md),
        "licence_url": presenters.licence_url(article, md),
        "licence_name": licence_name(presenters.licence_url(article, md)),
        "galleys": [
            {"galley": g, "url": links.galley_path(g), "type": presenters.served_type(g)}
            for g in galleys
        ],
        "body": body,
        "meta_tags": presenters.meta_tags(article, md, galleys),
        "json_ld": presenters.json_ld(article, md, galleys),
        "cite_url": links.cite_url(article),
        "ark_url": links.ark_url(article),
        "citation": _citation(article, request.GET.get("style")),
        "exports": [
            {"label": f.label, "url": links.export_url(article, f.key), "media_type": f.media_type}
            for f in article_exports.formats(article)
        ],
        "linkset_url": links.linkset_url(article),
        "usage": cache.get_or_set(
            f"journals:usage:{article.pk}", lambda: reading.usage(article), USAGE_SECONDS
        ),
    }


@require_safe
def article(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    journal = _journal(slug)
    try:
        found = reading.article(journal, pk)
    except Article.DoesNotExist:
        raise Http404("no such article") from None
    if found.state == Article.State.PUBLISHED and request.method == "GET":
        reading.count_view(hit_from_request(request), found)
    context = _article_context(request, found)
    status = 410 if context["retracted"] else 200
    response = render(request, "journals/reading/article.html", context, status=status)
    galleys = [g["galley"] for g in context["galleys"]]
    response["Link"] = link_header(presenters.signposts(found, context["md"], galleys))
    # kept by the page cache, which still counts each view (count_cached_article_views)
    return short(request, response)


def _count_cached_view(request: HttpRequest, match: re.Match[str]) -> None:
    try:
        found = reading.article(_journal(match["slug"]), int(match["pk"]))
    except (Article.DoesNotExist, Http404):
        return
    if found.state == Article.State.PUBLISHED:
        reading.count_view(hit_from_request(request), found)


def count_cached_article_views() -> None:
    """Have the page cache count the article pages it answers (called once at start)."""
    count_cached_hits(
        r"/[^/]+/journals/(?P<slug>[^/]+)/articles/(?P<pk>[0-9]+)/\Z", _count_cached_view
    )
