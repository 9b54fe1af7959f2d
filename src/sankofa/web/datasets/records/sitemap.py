"""``/sitemap.xml``: the node's sitemap (`sankofa.discovery.sitemap` writes it).

`DatasetPages` lists the landing page of every published (not withdrawn) dataset
version by its persistent, language-neutral address (its ARK at this node), with the
date it was published as ``lastmod`` (a published version never changes). The node's
sitemap serves the sources of `SOURCES`, in that order; past `sitemap.MAX_URLS` pages
it answers a sitemap index naming ``/sitemap.xml?page=N``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from sankofa.datasets import links
from sankofa.datasets.models import Version
from sankofa.discovery import sitemap
from sankofa.discovery.sitemap import SitemapSource, Url

__all__ = ["SOURCES", "DatasetPages", "serve"]


def _published() -> QuerySet[Version]:
    return Version.objects.filter(state=Version.State.PUBLISHED).exclude(ark=None)


class DatasetPages:
    """Published dataset versions, oldest first, as sitemap entries."""

    name = "datasets"

    def count(self) -> int:
        return _published().count()

    def urls(self, offset: int, limit: int) -> Iterator[Url]:
        rows = _published().order_by("pk").values_list("ark", "published_at")
        for ark, published_at in rows[offset : offset + limit].iterator(chunk_size=2000):
            yield Url(loc=links.ark_url(str(ark)), lastmod=published_at)


# other domains append theirs when Django starts (journals: sankofa.journals.registrations)
SOURCES: list[SitemapSource] = [DatasetPages()]


def _page_url(number: int) -> str:
    return links.absolute(f"{reverse('datafiles:sitemap')}?page={number}")


@require_safe
def serve(request: HttpRequest) -> HttpResponseBase:
    asked = request.GET.get("page")
    page = int(asked) if asked and asked.isdigit() else None
    if asked is not None and page is None:
        return HttpResponse(
            "page: expected a number from 1\n", status=400, content_type="text/plain; charset=utf-8"
        )
    chunks = sitemap.document(SOURCES, page, _page_url, per_page=sitemap.MAX_URLS)
    if chunks is None:
        return HttpResponse(
            f"page {page}: no such sitemap\n", status=404, content_type="text/plain; charset=utf-8"
        )
    response = StreamingHttpResponse(chunks, content_type="application/xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response
