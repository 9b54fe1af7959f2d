"""Citations (BibTeX, CSL-JSON) and badges (SVG) of archived software.

Language-neutral: a citation is a file to save (attachment, UTF-8), a badge an image
to embed elsewhere (cacheable). Bad input gets a plain-text 400 naming the
parameter, an unknown object or origin a plain-text 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sankofa.archive import graph, metadata
from sankofa.core.formats import badge, biblatex, csljson
from sankofa.core.formats.citation import Citation
from sankofa.swhid.identifiers import QualifiedSWHID, SWHIDError, parse_swhid
from sankofa.web.actors import actor_of

FORMATS: dict[str, tuple[Callable[[Citation], str], str, str]] = {
    "bibtex": (biblatex.entry, biblatex.CONTENT_TYPE, "bib"),
    "csl-json": (csljson.document, csljson.CONTENT_TYPE + "; charset=utf-8", "json"),
}
BADGE_MAX_AGE = 3600
NOT_FOUND = (graph.NotArchived, metadata.UnknownOrigin)


class BadInput(ValueError):
    pass


def _plain(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "bibtex")
    if fmt not in FORMATS:
        raise BadInput(
            _("Unknown format %(format)r: use bibtex or csl-json.") % {"format": fmt[:40]}
        )
    return fmt


def _swhid(text: str) -> QualifiedSWHID:
    try:
        return parse_swhid(text)
    except SWHIDError as exc:
        raise BadInput(_("Invalid SWHID: %(reason)s") % {"reason": exc}) from None


def _required(request: HttpRequest, name: str) -> str:
    value = request.GET.get(name, "")
    if not value.strip():
        raise BadInput(_("The %(name)s parameter is required.") % {"name": name})
    return value


def _download(citation: Citation, fmt: str) -> HttpResponse:
    render, content_type, suffix = FORMATS[fmt]
    response = HttpResponse(render(citation).encode(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{citation.key}.{suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _answer(make: Callable[[], HttpResponse]) -> HttpResponse:
    try:
        return make()
    except BadInput as exc:
        return _plain(str(exc), 400)
    except NOT_FOUND as exc:
        return _plain(str(exc), 404)


@require_safe
def citation(request: HttpRequest) -> HttpResponse:
    def make() -> HttpResponse:
        fmt = _format(request)
        swhid = _swhid(_required(request, "swhid"))
        return _download(metadata.cite_swhid(actor_of(request), swhid), fmt)

    return _answer(make)


@require_safe
def origin_citation(request: HttpRequest) -> HttpResponse:
    def make() -> HttpResponse:
        fmt = _format(request)
        url = _required(request, "origin_url")
        return _download(metadata.cite_origin(actor_of(request), url), fmt)

    return _answer(make)


def _svg(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text.encode(), status=status, content_type=badge.CONTENT_TYPE)
    response["Cache-Control"] = f"public, max-age={BADGE_MAX_AGE}"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def badge_origin(request: HttpRequest) -> HttpResponse:
    def make() -> HttpResponse:
        url = _required(request, "origin_url")
        when = metadata.last_archived(actor_of(request), url)
        if when is None:
            return _svg(badge.svg(_("archived"), _("not yet"), badge.LABEL_COLOR))
        return _svg(badge.svg(_("archived"), when.date().isoformat()))

    return _answer(make)


@require_safe
def badge_swhid(request: HttpRequest, swhid: str) -> HttpResponse:
    def make() -> HttpResponse:
        core = _swhid(swhid).core
        short = f"swh:1:{core.object_type.value}:{core.hex[:7]}"
        message = short if request.GET.get("show") == "id" else _("archived")
        if not metadata.is_archived(actor_of(request), core):
            return _svg(badge.svg("swh", _("not archived"), badge.LABEL_COLOR), status=404)
        return _svg(badge.svg("swh", message, badge.BLUE))

    return _answer(make)
