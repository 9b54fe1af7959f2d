"""The landing pages of dataset versions, in a language (``datasets:record``,
``datasets:version``), and the tombstone of a withdrawn version (410 Gone).

Each page carries its FAIR Signposting in a ``Link`` header (level 1) and counts a view
of a published version (`sankofa.datasets.usage`; HEAD requests count nothing). Pages
are not kept by caches: they show usage counts and depend on who reads them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_safe

from sankofa.datasets import usage
from sankofa.datasets.models import Version
from sankofa.discovery.signposting import link_header
from sankofa.web.actors import actor_of
from sankofa.web.datasets.records import landing, signposts
from sankofa.web.datasets.usage.hits import hit_from_request
from sankofa.web.pages.problems import PageProblem, problem_response


@require_safe
def record(request: HttpRequest, record_id: int) -> HttpResponse:
    return _show(request, record_id, None)


@require_safe
def version(request: HttpRequest, record_id: int, number: int) -> HttpResponse:
    return _show(request, record_id, number)


def _show(request: HttpRequest, record_id: int, number: int | None) -> HttpResponse:
    reader = landing.Reader(actor_of(request), request.GET.get("token"))
    try:
        shown = landing.find_version(reader.actor, record_id, number)
    except PageProblem as problem:
        return problem_response(request, problem)
    if request.method == "GET" and shown.state == Version.State.PUBLISHED:
        usage.count_view(hit_from_request(request), shown)  # before the counts are shown
    context = landing.page(reader, shown, request.GET.get("style"))
    if context["withdrawn"]:
        response = render(request, "datasets/records/tombstone.html", context, status=410)
    else:
        response = render(request, "datasets/records/version.html", context)
    found = signposts.signposts(shown, with_files=context["access"]["downloadable"])
    response["Link"] = link_header(signposts.for_header(found))
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Cookie",))
    return response
