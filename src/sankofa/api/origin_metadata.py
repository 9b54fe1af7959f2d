"""``/api/1/origin/metadata-search/``: origins found by the software metadata they carry.

``GET /api/1/origin/metadata-search/?fulltext=TEXT&limit=N`` answers, as Software
Heritage does, a list of ``{"url": <origin URL>, "metadata": <CodeMeta document>,
"origin_visits_url": ...}``, best matches first; ``limit`` defaults to 70 and is
brought into 1..100. A missing or empty ``fulltext`` is a 400.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, re_path

from sankofa.api import params
from sankofa.api.errors import BadInput
from sankofa.api.links import Links
from sankofa.api.views import endpoint
from sankofa.archive import metadata
from sankofa.core.formats import codemeta
from sankofa.web.actors import actor_of

DEFAULT_LIMIT = 70
MAX_LIMIT = 100


@endpoint("GET")
def metadata_search(request: HttpRequest) -> HttpResponse:
    fulltext = request.GET.get("fulltext", "")
    if not fulltext.strip():
        raise BadInput('"fulltext" must be provided and non-empty.')
    limit = params.integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    links = Links(request)
    found = metadata.search_software(actor_of(request), fulltext, limit)
    results = [
        {
            "url": s.origin_url,
            "metadata": codemeta.to_jsonld(s.metadata),
            "origin_visits_url": links.origin_visits(s.origin_url),
        }
        for s in found
    ]
    return JsonResponse(results, safe=False)


urlpatterns: list[URLPattern] = [
    re_path(r"^origin/metadata-search/$", metadata_search, name="api-1-origin-metadata-search"),
]


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

    fulltext = query_param(
        "fulltext",
        {"type": "string", "minLength": 1},
        "Words every match holds in its name, description, keywords or authors (any case).",
    )
    fulltext["required"] = True
    limit = query_param("limit", integer(DEFAULT_LIMIT, 1, MAX_LIMIT), "Origins to list at most.")
    ok = json_ok(
        "Matching origins and their metadata, best first",
        {"type": "array", "items": ref("OriginMetadataMatch")},
        RATE_HEADERS,
    )
    return {
        "/origin/metadata-search/": {
            "get": {
                "operationId": "api-1-origin-metadata-search",
                "summary": "Search origins by their software metadata",
                "parameters": [fulltext, limit],
                "responses": {"200": ok} | {str(s): error(s) for s in (400, *ACCESS_ERRORS)},
            }
        }
    }


def openapi_schemas() -> dict[str, Any]:
    """Component schemas these endpoints' path items refer to."""
    text = {"type": "string"}
    person = {
        "type": "object",
        "properties": {
            "@type": text,
            "@id": text,
            "name": text,
            "givenName": text,
            "familyName": text,
            "affiliation": {"type": "object"},
        },
    }
    codemeta_doc = {
        "type": "object",
        "description": "A CodeMeta 3.0 document (compacted JSON-LD); unsaid fields are absent.",
        "properties": {
            "@context": text,
            "@type": text,
            "name": text,
            "description": text,
            "version": text,
            "datePublished": text,
            "author": {"type": "array", "items": person},
            "license": {"type": "array", "items": text},
            "keywords": {"type": "array", "items": text},
            "codeRepository": text,
            "url": text,
            "identifier": {"type": "array", "items": text},
        },
        "required": ["@context", "@type"],
    }
    return {
        "OriginMetadataMatch": {
            "type": "object",
            "properties": {
                "url": text,
                "metadata": codemeta_doc,
                "origin_visits_url": {"type": "string", "format": "uri"},
            },
            "required": ["url", "metadata", "origin_visits_url"],
            "additionalProperties": False,
        }
    }
