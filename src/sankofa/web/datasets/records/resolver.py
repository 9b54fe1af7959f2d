"""The node's ARK resolver: ``/ark:/NAAN/name`` and ``/ark:NAAN/name`` (both spellings).

An ARK is read and normalised by `sankofa.core.identifiers.ark` (so ``ark:/`` and
``ark:``, hyphens and NAAN case do not matter), then looked up (`services.resolve`): a
version ARK names that version, the concept ARK its record's latest version. A browser
goes on to the version's page in its language (302; a withdrawn version's page is its
tombstone, 410); a client asking for an export or the linkset in ``Accept`` goes there
(303). A component qualifier naming one of the version's files (``…/rain.csv``) leads
to its download. An ARK this node did not mint is a 404 page, text that is no ARK a 400.

The ``?info`` inflection (and the older ``?`` and ``??``) answers a brief metadata
record instead of redirecting: ERC kernel elements in ANVL, ``text/plain``::

    erc:
    who: Mensah, Ama
    what: Rainfall in Accra, 1990-2020
    when: 2026
    where: https://node.example/ark:99999/s1…
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sankofa.core.formats.datacite import Resource
from sankofa.core.identifiers.ark import Ark, ArkError
from sankofa.datasets import links, services
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Version
from sankofa.web.actors import actor_of
from sankofa.web.datasets.records import landing, neutral
from sankofa.web.journals.reading import resolver as journal_arks
from sankofa.web.pages.problems import problem_page

__all__ = ["erc", "resolve"]

INFO_QUERIES = frozenset({"info", "?", "?info"})
UNAVAILABLE = "(:unav)"


def inflected(request: HttpRequest) -> bool:
    """Whether the address ends in an inflection (``?info``, ``?``, ``??``)."""
    query = request.META.get("QUERY_STRING", "")
    raw = str(request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or "")
    return query in INFO_QUERIES or (not query and raw.endswith("?"))


@require_safe
def resolve(request: HttpRequest, path: str) -> HttpResponse:
    with translation.override(translation.get_language_from_request(request)):
        response = _answer(request, path)
    patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie"))
    return response


def _answer(request: HttpRequest, path: str) -> HttpResponse:
    try:
        ark = Ark.parse(path)
    except ArkError as error:
        message = _("%(text)s is not a valid ARK: %(reason)s") % {
            "text": path[:300],
            "reason": error,
        }
        return problem_page(request, 400, message)
    try:
        found = services.resolve(ark)
    except NotFound:
        if (article := journal_arks.answer(request, ark)) is not None:  # an article's ARK
            return article
        return problem_page(request, 404, _("No dataset here has the ARK %(ark)s.") % {"ark": ark})
    if inflected(request):
        return _info(found)
    if ark.qualifier:
        return _qualified(request, found, ark)
    concept = str(ark.base) == found.record.ark
    name = (found.record_id, None if concept else found.number)
    return neutral.answer(request, found, neutral.page_url(request, name))


def _qualified(request: HttpRequest, found: Version, ark: Ark) -> HttpResponse:
    """A component naming a file of the version leads to its download, if listed."""
    name = ark.qualifier.lstrip("/")
    reader = landing.Reader(actor_of(request))
    if landing.listed_for(reader, found) and found.files.filter(name=name).exists():
        path = reverse("datafiles:download", args=[found.record_id, found.number, name])
        return HttpResponseRedirect(path)
    message = _("The dataset %(ark)s has no file %(name)s.")
    return problem_page(request, 404, message % {"ark": ark.base, "name": name})


def _info(found: Version) -> HttpResponse:
    response = HttpResponse(erc(found).encode(), content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _one_line(text: str) -> str:
    return " ".join(text.split()) or UNAVAILABLE


def _who(resource: Resource | None) -> str:
    if resource is None:
        return UNAVAILABLE
    return _one_line("; ".join(c.name for c in resource.creators))


def erc(version: Version) -> str:
    """The ERC kernel record of `version` in ANVL (one element a line, ``label: value``)."""
    resource = version.resource()
    when = str(resource.publication_year) if resource else UNAVAILABLE
    lines = [
        "erc:",
        f"who: {_who(resource)}",
        f"what: {_one_line(version.title)}",
        f"when: {when}",
        f"where: {links.landing_url(version)}",
    ]
    if version.state == Version.State.WITHDRAWN:
        withdrawn = version.withdrawn_at.date().isoformat() if version.withdrawn_at else ""
        lines.append(f"withdrawn: {withdrawn} {_one_line(version.withdrawal_reason)}".rstrip())
    return "\n".join(lines) + "\n"
