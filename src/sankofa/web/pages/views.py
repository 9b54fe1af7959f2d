"""Home and search pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sankofa.archive import metadata, overview, queries
from sankofa.web import caching
from sankofa.web.actors import actor_of
from sankofa.web.pages import labels, links
from sankofa.web.pages.problems import problem_page

RECENT_VISITS = 10
RESULTS_PER_PAGE = 20
METADATA_MATCHES = 50
MAX_QUERY = 500  # characters: longer searches are refused


def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "counts": overview.counts(actor),
        "recent": [
            {
                "origin": v.origin,
                "url": links.origin_url(v.origin),
                "date": v.date.isoformat(),
                "shown_date": labels.shown_date(v.date),
                "status": labels.visit_status(v.status),
            }
            for v in overview.recent_visits(actor, RECENT_VISITS)
        ],
    }
    return caching.short(request, render(request, "pages/home.html", context))


def search(request: HttpRequest) -> HttpResponse:
    """Origins whose URL holds every word of ``q``, then origins whose metadata does.

    ``after`` (the last URL of the previous page) pages through the URL matches; the
    metadata matches are listed on the first page.
    """
    query = request.GET.get("q", "").strip()
    after = request.GET.get("after") or None
    if len(query) > MAX_QUERY or "\x00" in query + (after or ""):
        message = _("A search may hold up to %(count)d characters, and no NUL.")
        return problem_page(request, 400, message % {"count": MAX_QUERY})
    context: dict[str, object] = {"query": query}
    if query:
        actor = actor_of(request)
        page = queries.search_origins(actor, query, RESULTS_PER_PAGE, page_token=after)
        context |= {"page": page, "after": after}
        if after is None:
            context["matches"] = metadata.search(actor, query, limit=METADATA_MATCHES)
    return caching.short(request, render(request, "pages/search.html", context))


def unbuilt(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("Not yet available.", status=501, content_type="text/plain")
