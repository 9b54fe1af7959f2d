"""``GET /api/1/datasets/search``: published datasets found by words and facets.

Query parameters: ``q`` (words, ``"phrases"``, ``prefix*``; empty: every dataset,
newest first), one parameter per facet (``type``, ``year``, ``licence``, ``subject``,
``language``, ``community``, ``access``; repeat one for several values: OR within a
facet, AND between facets), ``page`` (from 1) and ``size`` (1 to 100), ``lang`` (the
language whose stemming PostgreSQL also applies to the words). The answer:
``{"total", "page", "size", "hits": [...], "facets": {facet: [{"value", "count",
"selected"}]}}``; see `sankofa.datasets.search_index` for what is found.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, re_path

from sankofa.api import params
from sankofa.api.errors import BadInput
from sankofa.api.throttle import request_actor
from sankofa.api.views import endpoint
from sankofa.datasets import links, search_index

DEFAULT_SIZE = 20
MAX_SIZE = 100
MAX_PAGE = 1000
LANG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")


@endpoint("GET")
def search(request: HttpRequest) -> JsonResponse:
    page = params.integer(request, "page", 1, 1, MAX_PAGE)
    size = params.integer(request, "size", DEFAULT_SIZE, 1, MAX_SIZE)
    lang = request.GET.get("lang") or None
    if lang is not None and not LANG.match(lang):
        raise BadInput(f"Invalid query parameter lang={lang!r}: not a language tag.")
    filters = {name: request.GET.getlist(name) for name in search_index.FACETS}
    found = search_index.search_datasets(
        request_actor(request),
        request.GET.get("q", ""),
        filters,
        page=page,
        size=size,
        language=lang.split("-")[0].lower() if lang else None,
    )
    return JsonResponse(
        {
            "total": found.total,
            "page": page,
            "size": size,
            "hits": [_hit(m, lang) for m in found.matches],
            "facets": {
                name: [{"value": c.value, "count": c.count, "selected": c.selected} for c in counts]
                for name, counts in found.facets.items()
            },
        }
    )


def _hit(match: search_index.Match, lang: str | None) -> dict[str, Any]:
    version = match.version
    return {
        "record": version.record_id,
        "version": version.number,
        "ark": version.ark,
        "doi": version.doi,
        "title": match.title(lang),
        "creators": match.creators,
        "description": match.summary,
        "publication_year": version.publication_year,
        "resource_type": version.resource_type_general,
        "access": version.access,
        "url": links.landing_url(version),
        "score": match.score,
    }


urlpatterns: list[URLPattern] = [
    re_path(r"^search/?$", search, name="api-1-datasets-search"),
]


FACET_DOC = {
    "type": "Resource type (DataCite resourceTypeGeneral), e.g. Dataset, Software.",
    "year": "Publication year, e.g. 2024.",
    "licence": "Rights identifier in lower case, e.g. cc-by-4.0, cc0-1.0.",
    "subject": "A subject, as given.",
    "language": "The language of the resource, e.g. en, fr.",
    "community": "The slug of a community.",
    "access": "open, embargoed, restricted or metadata_only.",
}


def openapi_paths() -> dict[str, Any]:
    """OpenAPI path items of these endpoints, keyed by path below /api/1."""
    from sankofa.api.openapi import (
        ACCESS_ERRORS,
        RATE_HEADERS,
        error,
        integer,
        json_ok,
        query_param,
        ref,
    )

    text = {"type": "string"}
    parameters = [
        query_param(
            "q",
            text,
            'Words (all must occur), "quoted phrases", prefix* words; '
            "empty: every dataset, newest first.",
        ),
        *(
            query_param(name, {"type": "array", "items": text}, doc + " Repeat for several.")
            for name, doc in FACET_DOC.items()
        ),
        query_param("page", integer(1, 1, MAX_PAGE), "The page of results, from 1."),
        query_param("size", integer(DEFAULT_SIZE, 1, MAX_SIZE), "Hits per page."),
        query_param(
            "lang",
            {"type": "string", "pattern": LANG.pattern},
            "The reader's language: PostgreSQL nodes also stem the words as it does.",
        ),
    ]
    ok = json_ok("Datasets found, most relevant first", ref("DatasetSearch"), RATE_HEADERS)
    return {
        "/datasets/search": {
            "get": {
                "operationId": "api-1-datasets-search",
                "summary": "Search published datasets by words and facets",
                "parameters": parameters,
                "responses": {"200": ok} | {str(s): error(s) for s in (400, *ACCESS_ERRORS)},
            }
        }
    }


def openapi_schemas() -> dict[str, Any]:
    """Component schemas these endpoints' path items refer to."""
    from sankofa.api.openapi import URL, obj

    text = {"type": "string"}
    maybe_text = {"type": ["string", "null"]}
    count = {"type": "integer", "minimum": 0}
    facet_count = obj({"value": text, "count": count, "selected": {"type": "boolean"}})
    hit = obj(
        {
            "record": {"type": "integer"},
            "version": {"type": "integer"},
            "ark": maybe_text,
            "doi": maybe_text,
            "title": text,
            "creators": {"type": "array", "items": text},
            "description": text,
            "publication_year": {"type": ["integer", "null"]},
            "resource_type": text,
            "access": text,
            "url": URL,
            "score": {"type": "number"},
        }
    )
    return {
        "DatasetSearch": obj(
            {
                "total": count,
                "page": {"type": "integer", "minimum": 1},
                "size": {"type": "integer", "minimum": 1},
                "hits": {"type": "array", "items": hit},
                "facets": obj(
                    {name: {"type": "array", "items": facet_count} for name in FACET_DOC}
                ),
            }
        )
    }
