"""Language-neutral article files: galley downloads, metadata exports, linksets.

Galleys (``/journals/articles/<pk>/galleys/<galley>/<name>``):
- served from the blob store with one ``Range: bytes=…`` honoured (206, ``Content-Range``;
  416 past the end; anything else the whole file), ``ETag`` the SHA-256, ``Accept-Ranges``;
- ``Content-Type`` by `served_type`: PDF as ``application/pdf`` shown inline, JATS and
  other XML as ``application/xml``, HTML galleys NEVER as ``text/html`` (``text/plain``),
  other types through the datasets' safe list (else ``application/octet-stream``);
  ``Content-Disposition: attachment`` for all but PDF, and always
  ``X-Content-Type-Options: nosniff`` and ``Content-Security-Policy: sandbox``;
- a download counts (`reading.count_download`) when its first byte is asked for;
- a retracted article's galleys answer 410.

Exports (``/journals/articles/<pk>/export/<key>``): `article_exports`, as an attachment
named ``<slug>-<pk>.<ext>``, nosniff, with a ``Link`` back to the page
(``rel="describes"``). Linkset (``/journals/articles/<pk>/linkset``): the
level-2 FAIR Signposting linkset, ``application/linkset+json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sankofa.core.blobstore import CHUNK_SIZE, get_blobstore
from sankofa.discovery.signposting import LINKSET_MEDIA_TYPE, Target, link_value, linkset
from sankofa.journals import article_exports, links, reading
from sankofa.journals.articles import metadata_of
from sankofa.journals.models import Article, Galley
from sankofa.web.byteranges import Unsatisfiable, byte_range
from sankofa.web.datasets.files.serving import attachment
from sankofa.web.datasets.usage.hits import hit_from_request
from sankofa.web.journals.reading import presenters
from sankofa.web.journals.reading.presenters import served_type

__all__ = ["export", "galley", "linkset_view", "served_type"]


def _disposition(galley: Galley, media_type: str) -> str:
    if media_type == "application/pdf":
        return "inline; " + attachment(galley.name).split("; ", 1)[1]
    return attachment(galley.name)


def _chunks(sha256: str, start: int, end: int) -> Iterator[bytes]:
    if end <= start:
        return
    with get_blobstore().open_range(sha256, start, end) as stream:
        while data := stream.read(CHUNK_SIZE):
            yield data


def _safe(response: HttpResponseBase) -> HttpResponseBase:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_safe
def galley(request: HttpRequest, pk: int, galley_id: int, name: str) -> HttpResponseBase:
    try:
        found = reading.galley(pk, galley_id, name)
    except Galley.DoesNotExist:
        raise Http404("no such galley") from None
    article = found.article
    assert article is not None
    if article.state == Article.State.RETRACTED:
        return _safe(
            HttpResponse(
                _("This article was retracted: its files are no longer offered.") + "\n",
                status=410,
                content_type="text/plain; charset=utf-8",
            )
        )
    etag = f'"{found.sha256}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponseBase = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    ranged = request.headers.get("Range")
    try:
        window = byte_range(ranged, found.size)
    except Unsatisfiable:
        response = HttpResponse(status=416, content_type="text/plain; charset=utf-8")
        response["Content-Range"] = f"bytes */{found.size}"
        return _safe(response)
    start, end = window or (0, found.size)
    if request.method == "HEAD":
        response = HttpResponse(b"")
    else:
        response = StreamingHttpResponse(_chunks(found.sha256, start, end))
        if start == 0:
            reading.count_download(hit_from_request(request), found)
    if window is not None:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end - 1}/{found.size}"
    media_type = served_type(found)
    response["Content-Length"] = str(end - start)
    response["Content-Type"] = media_type
    response["Content-Disposition"] = _disposition(found, media_type)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=3600"
    return _safe(response)


def _article(pk: int) -> Article:
    try:
        return Article.objects.select_related("journal", "issue").get(pk=pk)
    except Article.DoesNotExist:
        raise Http404("no such article") from None


@require_safe
def export(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    article = _article(pk)
    try:
        fmt = article_exports.by_key(key)
        body = fmt.write(article)
    except article_exports.NoSuchExport as error:
        raise Http404(str(error)) from None
    response = HttpResponse(body, content_type=fmt.media_type)
    name = f"{article.journal.slug}-{article.pk}.{fmt.extension}"
    response["Content-Disposition"] = attachment(name)
    response["Link"] = link_value("describes", Target(links.article_url(article), "text/html"))
    response["Access-Control-Allow-Origin"] = "*"
    _safe(response)
    return response


@require_safe
def linkset_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    galleys = list(article.galleys.all()) if article.state == Article.State.PUBLISHED else []
    signs = presenters.signposts(article, metadata_of(article), galleys)
    body = json.dumps(linkset(signs), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=LINKSET_MEDIA_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    _safe(response)
    return response
