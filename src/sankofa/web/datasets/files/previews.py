"""The preview page of one dataset file, and the thumbnails of images.

Whoever may download a file may preview it, nobody else (`visibility.file_for_download`
decides, with the same ``?token=`` of a granted access link). The page shows what
`sankofa.datasets.previews` read, through our templates and escaped: uploaded HTML or
SVG is shown as its source, Markdown is rendered without raw HTML and sanitised (as
READMEs of the archive are). A PDF is described (pages, title, author) and linked to
its download, which is an attachment: it is never shown inside the node's pages.
Thumbnails are PNG or JPEG images the node made itself, sent with ``nosniff`` and a
sandboxing ``Content-Security-Policy``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sankofa.datasets import previews, thumbnails, visibility
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import File
from sankofa.web.actors import PUBLIC, actor_of
from sankofa.web.browse.readme import markdown
from sankofa.web.caching import short

THUMBNAIL_SECONDS = 86400  # a thumbnail of a blob never changes


def _message(request: HttpRequest, title: str, text: str, status: int) -> HttpResponse:
    context = {"title": title, "text": text}
    response = render(request, "datasets/previews/message.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _file(request: HttpRequest, record_id: int, number: int, name: str) -> File | HttpResponse:
    """The file if the visitor may download it, else the page saying why not."""
    token = request.GET.get("token") or None
    try:
        return visibility.file_for_download(actor_of(request), record_id, number, name, token)
    except NotFound:
        return _message(request, _("Not found"), _("There is no such file."), 404)
    except visibility.FilesWithdrawn:
        text = _("This version was withdrawn: its files are no longer offered.")
        return _message(request, _("Withdrawn"), text, 410)
    except visibility.AccessDenied:
        text = _("You may not download this file, so it has no preview for you.")
        return _message(request, _("Not available"), text, 403)


def _with_token(url: str, request: HttpRequest) -> str:
    token = request.GET.get("token")
    return f"{url}?{urlencode({'token': token})}" if token else url


def _cacheable(request: HttpRequest, response: HttpResponse, file: File) -> HttpResponse:
    """Files the public may download: cached a little; others: never by anyone else."""
    if not request.GET.get("token") and visibility.can_download(PUBLIC, file.version):
        return short(request, response)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@require_safe
def preview(request: HttpRequest, record_id: int, number: int, name: str) -> HttpResponse:
    found = _file(request, record_id, number, name)
    if isinstance(found, HttpResponse):
        return found
    kind = previews.kind_of(found)
    result = previews.preview(found, kind)
    context: dict[str, object] = {
        "file": found,
        "version": found.version,
        "kind": kind,
        "preview": result,
        "download_url": _with_token(
            reverse("datafiles:download", args=[record_id, number, found.name]), request
        ),
    }
    if kind == "image":
        context.update(_image(request, found, record_id, number))
    elif kind == "markdown" and result is not None and isinstance(result.content, previews.Text):
        context["html"] = markdown(result.content.text)
    response = render(request, "datasets/previews/preview.html", context)
    return _cacheable(request, response, found)


def _image(request: HttpRequest, file: File, record_id: int, number: int) -> dict[str, str]:
    try:
        thumbnails.thumbnail(file)  # made (and cached) now: a refusal is said on the page
    except previews.PreviewError as exc:
        return {"image_error": str(exc)}
    url = reverse("datafiles:thumbnail", args=[record_id, number, file.name])
    return {"thumbnail_url": _with_token(url, request)}


@require_safe
def thumbnail(request: HttpRequest, record_id: int, number: int, name: str) -> HttpResponse:
    found = _file(request, record_id, number, name)
    if isinstance(found, HttpResponse):
        return found
    if previews.kind_of(found) != "image":
        return _message(request, _("Not found"), _("This file has no thumbnail."), 404)
    try:
        data, media_type = thumbnails.thumbnail(found)
    except previews.PreviewError as exc:
        return _message(request, _("No thumbnail"), str(exc), 422)
    response = HttpResponse(data, content_type=media_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    if not request.GET.get("token") and visibility.can_download(PUBLIC, found.version):
        patch_cache_control(response, public=True, max_age=THUMBNAIL_SECONDS)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
