"""Downloads of submission files: the editors' (and authors') original, and the
reviewer's copy.

Uploaded files are never shown as part of this site: ``Content-Type`` only from the
dataset pages' `SAFE_TYPES` (HTML, SVG, XML and the rest go as
``application/octet-stream``), always ``Content-Disposition: attachment``,
``X-Content-Type-Options: nosniff``, ``Content-Security-Policy: sandbox`` and
``Cache-Control: private, no-store`` (these are unpublished manuscripts).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sankofa.core.actors import Actor
from sankofa.core.blobstore import CHUNK_SIZE, get_blobstore
from sankofa.journals import editorial, reviews
from sankofa.journals.editorial import EditorialError
from sankofa.web.actors import actor_of
from sankofa.web.datasets.files.serving import attachment, safe_type

__all__ = ["blob_response", "message", "review_file", "signed_in", "submission_file"]


def message(request: HttpRequest, title: str, text: str, status: int) -> HttpResponse:
    """A page saying in one sentence why the request could not be served."""
    context = {"title": title, "text": text}
    return render(request, "journals/editorial/message.html", context, status=status)


def refused(request: HttpRequest, exc: EditorialError) -> HttpResponse:
    """The page for a refusal: 403 when this person may not, 404 otherwise."""
    if exc.forbidden:
        return message(request, _("Not allowed"), _("You may not see this page."), 403)
    return message(request, _("Not found"), _("There is no such page."), 404)


def signed_in(request: HttpRequest) -> Actor | None:
    """The actor of a signed-in person (None: the caller redirects to sign in)."""
    actor = actor_of(request)
    return actor if actor.user_id is not None or actor.oversees_node else None


def _chunks(sha256: str) -> Iterator[bytes]:
    with get_blobstore().open(sha256) as stream:
        while data := stream.read(CHUNK_SIZE):
            yield data


def blob_response(
    request: HttpRequest, sha256: str, size: int, name: str, media_type: str
) -> HttpResponseBase:
    """The blob as a download with the safe headers of the module docstring."""
    response: HttpResponseBase
    if request.method == "HEAD":
        response = HttpResponse(b"")
    else:
        response = StreamingHttpResponse(_chunks(sha256))
    response["Content-Length"] = str(size)
    response["Content-Type"] = safe_type(media_type)
    response["Content-Disposition"] = attachment(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def submission_file(request: HttpRequest, slug: str, pk: int, file_id: int) -> HttpResponseBase:
    actor = signed_in(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    try:
        found = editorial.submission_file(actor, pk, file_id)
    except EditorialError as exc:
        return refused(request, exc)
    if found.submission.journal.slug != slug:
        return message(request, _("Not found"), _("There is no such page."), 404)
    return blob_response(request, found.sha256, found.size, found.name, found.media_type)


@require_safe
def review_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
    actor = signed_in(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    try:
        found = reviews.reviewer_file(actor, pk, file_id)
    except EditorialError as exc:
        return refused(request, exc)
    return blob_response(request, found.sha256, found.size, found.name, found.media_type)
