"""What readers see of the journals: public queries for the reading pages, and the usage
of articles (views of their pages, downloads of their galleys).

Everything here is public: a journal, its published issues (``published`` set) and its
articles (published, or retracted: a retracted article is a tombstone whose metadata stays
and whose galleys are no longer offered). Nothing needs an actor.

Usage, COUNTER R5.1 style, as for datasets (`sankofa.datasets.usage`): one
`ArticleUsageEvent` row per hit, robots (the COUNTER robots list,
`sankofa.datasets.usage.is_robot`) not recorded, the client kept only as the day's salted
key (`sankofa.datasets.usage.client_key`); when counting, hits of the same client on the
same item (the page, or one galley) less than `DOUBLE_CLICK` apart count once, and
*unique* counts count each client once a day. A retracted article is not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import Lead
from django.utils import timezone

from sankofa.datasets.usage import DOUBLE_CLICK, Hit, client_key, is_robot
from sankofa.discovery.sitemap import Url
from sankofa.journals import links
from sankofa.journals.models import Article, ArticleUsageEvent, Galley, Issue, Journal

__all__ = [
    "ArticlePages",
    "Usage",
    "article",
    "count_download",
    "count_view",
    "current_issue",
    "galley",
    "issue",
    "issue_articles",
    "issues",
    "journal",
    "journals",
    "latest_articles",
    "published_articles",
    "retracted_articles",
    "usage",
]


def journals() -> QuerySet[Journal]:
    """Every journal of the node, by slug."""
    return Journal.objects.order_by("slug")


def journal(slug: str) -> Journal:
    """The journal with this slug (raises Journal.DoesNotExist)."""
    return Journal.objects.get(slug=slug)


def published_articles(journal: Journal) -> QuerySet[Article]:
    """The journal's published (not retracted) articles, newest first."""
    return (
        Article.objects.filter(journal=journal, state=Article.State.PUBLISHED)
        .select_related("issue", "section")
        .order_by("-published", "-pk")
    )


def latest_articles(journal: Journal, limit: int = 10) -> list[Article]:
    """The `limit` most recently published articles of the journal."""
    return list(published_articles(journal)[:limit])


def retracted_articles(journal: Journal) -> QuerySet[Article]:
    """The journal's retracted articles (tombstones), newest first."""
    return Article.objects.filter(journal=journal, state=Article.State.RETRACTED).order_by(
        "-published", "-pk"
    )


def issues(journal: Journal) -> QuerySet[Issue]:
    """The journal's published issues, newest first (year, then publication)."""
    return Issue.objects.filter(journal=journal, published__isnull=False).order_by(
        "-year", "-published", "-pk"
    )


def current_issue(journal: Journal) -> Issue | None:
    """The most recently published issue, if any."""
    return (
        Issue.objects.filter(journal=journal, published__isnull=False)
        .order_by("-published", "-pk")
        .first()
    )


def issue(journal: Journal, issue_id: int) -> Issue:
    """A published issue of the journal (raises Issue.DoesNotExist otherwise)."""
    return Issue.objects.get(pk=issue_id, journal=journal, published__isnull=False)


def issue_articles(issue: Issue) -> list[Article]:
    """The issue's table of contents: its articles (retracted ones included, marked by
    their state) by their order in the issue, then publication."""
    return list(
        Article.objects.filter(issue=issue)
        .select_related("section")
        .order_by("order_in_issue", "published", "pk")
    )


def article(journal: Journal, article_id: int) -> Article:
    """The journal's article (published or retracted) with its galleys loaded (raises
    Article.DoesNotExist)."""
    return (
        Article.objects.select_related("journal", "issue", "section")
        .prefetch_related("galleys")
        .get(pk=article_id, journal=journal)
    )


def galley(article_id: int, galley_id: int, name: str) -> Galley:
    """The galley of a published article by id and name (raises Galley.DoesNotExist; a
    retracted article's galleys are found too: the caller answers 410)."""
    return Galley.objects.select_related("article", "article__journal").get(
        pk=galley_id, article_id=article_id, name=name
    )


def _record(hit: Hit, article: Article, galley: Galley | None, kind: str) -> bool:
    if article.state != Article.State.PUBLISHED or is_robot(hit.user_agent):
        return False
    day = timezone.localdate(hit.at)
    ArticleUsageEvent.objects.create(
        article=article,
        galley=galley,
        kind=kind,
        client=client_key(hit, day),
        at=hit.at,
        day=day,
    )
    return True


def count_view(hit: Hit, article: Article) -> bool:
    """Record a view of the article's page; False when not counted (robot, retracted)."""
    return _record(hit, article, None, ArticleUsageEvent.Kind.VIEW)


def count_download(hit: Hit, galley: Galley) -> bool:
    """Record a download of `galley` (once per download, not per range request)."""
    assert galley.article is not None
    return _record(hit, galley.article, galley, ArticleUsageEvent.Kind.DOWNLOAD)


@dataclass(frozen=True)
class Usage:
    views: int
    unique_views: int
    downloads: int
    unique_downloads: int


def counted(events: QuerySet[ArticleUsageEvent]) -> QuerySet[ArticleUsageEvent]:
    """`events` less double clicks: a hit counts unless the same client hit the same item
    (page or galley) again within `DOUBLE_CLICK` after it."""
    return events.annotate(
        next_at=Window(
            Lead("at"),
            partition_by=[F("kind"), F("article_id"), F("galley_id"), F("client")],
            order_by=F("at").asc(),
        )
    ).filter(Q(next_at__isnull=True) | Q(next_at__gt=F("at") + DOUBLE_CLICK))


def usage(article: Article) -> Usage:
    """The article's views and downloads (all galleys), total and unique."""
    events = ArticleUsageEvent.objects.filter(article=article)
    views = events.filter(kind=ArticleUsageEvent.Kind.VIEW)
    downloads = events.filter(kind=ArticleUsageEvent.Kind.DOWNLOAD)
    return Usage(
        views=counted(views).count(),
        unique_views=views.values("client", "day").distinct().count(),
        downloads=counted(downloads).count(),
        unique_downloads=downloads.values("galley_id", "client", "day").distinct().count(),
    )


class ArticlePages:
    """A sitemap source (`sankofa.discovery.sitemap.SitemapSource`): every journal's home
    page, then every published (not retracted) article's page, oldest first, in its
    journal's page language, with its last change as ``lastmod``."""

    name = "journals"

    def count(self) -> int:
        published = Article.objects.filter(state=Article.State.PUBLISHED)
        return Journal.objects.count() + published.count()

    def urls(self, offset: int, limit: int) -> Iterator[Url]:
        journals_count = Journal.objects.count()
        for j in Journal.objects.order_by("pk")[offset : offset + limit]:
            yield Url(loc=links.journal_url(j))
        start = max(0, offset - journals_count)
        left = limit - max(0, min(journals_count - offset, limit))
        if left <= 0:
            return
        rows = (
            Article.objects.filter(state=Article.State.PUBLISHED)
            .select_related("journal")
            .order_by("pk")[start : start + left]
        )
        for a in rows.iterator(chunk_size=2000):
            yield Url(loc=links.article_url(a), lastmod=a.updated)
