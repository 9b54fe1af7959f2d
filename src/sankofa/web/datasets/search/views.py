"""The dataset search page: words, facets as checkbox lists with counts, pages.

A plain GET form (no script): each facet is a list of checkboxes named after the facet
(``type``, ``year``, ``licence``, ``subject``, ``language``, ``community``, ``access``),
so the URL holds the whole state and every link keeps it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from sankofa.datasets import search_index
from sankofa.web.actors import actor_of
from sankofa.web.datasets.search.facets import facet_lists
from sankofa.web.datasets.search.forms import SearchForm

PER_PAGE = 20


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    filters = {name: request.GET.getlist(name) for name in search_index.FACETS}
    context: dict[str, Any] = {"form": form, "found": None}
    if not form.is_valid():
        return render(request, "datasets/search/search.html", context, status=400)
    text, page = form.cleaned_data["q"], form.cleaned_data["page"] or 1
    language = (get_language() or "en").split("-")[0]
    found = search_index.search_datasets(
        actor_of(request), text, filters, page=page, size=PER_PAGE, language=language
    )
    state = [("q", text)] if text else []
    state += [(name, v) for name, values in filters.items() for v in values]
    context |= {
        "found": found,
        "rows": [(m, m.title(language)) for m in found.matches],
        "language": language,
        "facets": facet_lists(found),
        "filtered": any(filters.values()),
        "clear_url": "?" + urlencode([("q", text)]) if text else "?",
        "previous_url": _page_url(state, page - 1) if page > 1 else None,
        "next_url": _page_url(state, page + 1) if page < found.pages else None,
    }
    return render(request, "datasets/search/search.html", context)


def _page_url(state: list[tuple[str, str]], page: int) -> str:
    return "?" + urlencode([*state, ("page", str(page))])
