"""A record's language-neutral addresses: the record and its versions (which answer
content negotiation), each export, and each version's linkset.

``/datasets/records/<r>/`` and ``…/versions/<n>/`` send a browser (``Accept`` naming
HTML, ``*/*`` or nothing known) on to the page in its language (302), and a client
asking for an export's media type, or for ``application/linkset+json``, to that export
or linkset (303 See Other, as content negotiation by redirection does). Exports are
served with their media type and a download file name; a draft's exports are seen only
by who may see the draft.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sankofa.core.formats.datacite.model import DataCiteError
from sankofa.datasets import exports, links
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Version
from sankofa.discovery.signposting import LINKSET_MEDIA_TYPE, Target, link_value, linkset
from sankofa.web.actors import actor_of
from sankofa.web.datasets.records import landing, negotiation, signposts
from sankofa.web.pages.problems import PageProblem, not_found, problem_page, problem_response

__all__ = ["answer", "export", "linkset_view", "record", "version"]

# media types read as text: served with their charset
_TEXT = ("text/", "application/x-bibtex", "application/x-research-info-systems")


@require_safe
def record(request: HttpRequest, record_id: int) -> HttpResponse:
    return _negotiate(request, record_id, None)


@require_safe
def version(request: HttpRequest, record_id: int, number: int) -> HttpResponse:
    return _negotiate(request, record_id, number)


def page_url(request: HttpRequest, version_name: tuple[int, int | None]) -> str:
    """The page of a record (or of one version) in the language the browser prefers,
    keeping the access-link token and citation style of the query."""
    record_id, number = version_name
    with translation.override(translation.get_language_from_request(request)):
        if number is None:
            url = reverse("datasets:record", args=[record_id])
        else:
            url = reverse("datasets:version", args=[record_id, number])
    kept = {k: request.GET[k] for k in ("token", "style") if request.GET.get(k)}
    return f"{url}?{urlencode(kept)}" if kept else url


def answer(request: HttpRequest, shown: Version, page: str) -> HttpResponse:
    """What a record's address answers: `page` (a browser), or a 303 to the export or
    linkset the ``Accept`` header asks for."""
    choice = negotiation.choose(request.META.get("HTTP_ACCEPT"))
    if choice.fmt is not None:
        target = reverse("datafiles:export", args=[shown.record_id, shown.number, choice.fmt.key])
        response = HttpResponseRedirect(_with_token(request, target), status=303)
    elif choice.linkset:
        target = reverse("datafiles:linkset", args=[shown.record_id, shown.number])
        response = HttpResponseRedirect(_with_token(request, target), status=303)
    else:
        response = HttpResponseRedirect(page)
    patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie"))
    return response


def _with_token(request: HttpRequest, path: str) -> str:
    token = request.GET.get("token")
    return f"{path}?{urlencode({'token': token})}" if token else path


def _negotiate(request: HttpRequest, record_id: int, number: int | None) -> HttpResponse:
    choice = negotiation.choose(request.META.get("HTTP_ACCEPT"))
    if choice.page:
        response = HttpResponseRedirect(page_url(request, (record_id, number)))
        patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie"))
        return response
    try:
        shown = landing.find_version(actor_of(request), record_id, number)
    except PageProblem as problem:
        return problem_response(request, problem)
    return answer(request, shown, page_url(request, (record_id, number)))


@require_safe
def export(request: HttpRequest, record_id: int, number: int, key: str) -> HttpResponseBase:
    reader = landing.Reader(actor_of(request), request.GET.get("token"))
    try:
        shown = landing.find_version(reader.actor, record_id, number)
        fmt = _format(key)
        with_files = landing.downloadable_for(reader, shown)
        response: HttpResponseBase
        if fmt.stream is None:
            body = exports.render(shown, fmt, with_files=with_files)
            response = HttpResponse(body, content_type=_content_type(fmt.media_type))
        else:  # packages of files: streamed
            chunks = exports.stream(shown, fmt, with_files=with_files)
            response = StreamingHttpResponse(chunks, content_type=_content_type(fmt.media_type))
    except PageProblem as problem:
        return problem_response(request, problem)
    except NotFound as missing:
        return problem_response(request, not_found(str(missing)))
    except DataCiteError as error:
        message = _("This dataset cannot be written as %(format)s: %(reason)s") % {
            "format": fmt.label,
            "reason": error,
        }
        return problem_page(request, 406, message)
    name = f"dataset-{record_id}-v{number}.{fmt.extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Link"] = _describes(shown)
    patch_vary_headers(response, ("Cookie",))
    return response


def _content_type(media_type: str) -> str:
    if media_type.startswith(_TEXT) and "charset" not in media_type:
        return f"{media_type}; charset=utf-8"
    return media_type


def _describes(shown: Version) -> str:
    """The ``Link`` header of a metadata record: the landing page it describes."""
    return link_value("describes", Target(links.landing_url(shown), "text/html"))


def _format(key: str) -> exports.Format:
    try:
        return exports.by_key(key)
    except NotFound as missing:
        raise not_found(str(missing)) from None


@require_safe
def linkset_view(request: HttpRequest, record_id: int, number: int) -> HttpResponse:
    """The level-2 FAIR Signposting linkset of a version (RFC 9264 JSON)."""
    reader = landing.Reader(actor_of(request), request.GET.get("token"))
    try:
        shown = landing.find_version(reader.actor, record_id, number)
    except PageProblem as problem:
        return problem_response(request, problem)
    found = signposts.signposts(shown, with_files=landing.downloadable_for(reader, shown))
    body = json.dumps(linkset(found), ensure_ascii=False, indent=1)
    response = HttpResponse(body.encode(), content_type=LINKSET_MEDIA_TYPE)
    response["Link"] = _describes(shown)
    patch_vary_headers(response, ("Cookie",))
    return response
