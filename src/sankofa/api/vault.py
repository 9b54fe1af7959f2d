"""``/api/1/vault/``: Software Heritage's vault API, served from this node's own cooks.

``POST /api/1/vault/<flat|git-bare>/<swhid>/`` asks for a bundle, ``GET`` on the same
path says how its cooking goes (``{"fetch_url", "progress_message", "id", "status",
"swhid"}``, statuses ``new``, ``pending``, ``done``, ``failed``), and ``.../raw/``
hands out the bundle. Downloads honour single ``Range`` requests (206, or 416 with
``Content-Range: bytes */<size>``), ``If-Range`` and ``If-None-Match`` against the
``ETag``, which is the bundle's digest in the blob store; several ranges in one
request, or a ``Range`` header that does not parse, get the whole bundle (200).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, re_path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from sankofa.api import params
from sankofa.api.errors import BadInput, NotFound, error_response
from sankofa.api.views import endpoint
from sankofa.archive import cooking
from sankofa.archive.models import VaultCook
from sankofa.core.blobstore import CHUNK_SIZE
from sankofa.web.actors import actor_of
from sankofa.web.byteranges import Unsatisfiable, byte_range
from sankofa.web.byteranges import etags as _etags

SWHID = r"(?P<swhid>[^/]+)"
RAW_NAMES = {
    cooking.FLAT: "api-1-vault-download-flat",
    cooking.GIT_BARE: "api-1-vault-download-git-bare",
}


def cook_response(request: HttpRequest, cook: VaultCook) -> JsonResponse:
    fetch_url = request.build_absolute_uri(
        reverse(RAW_NAMES[cook.fmt], kwargs={"swhid": cook.swhid})
    )
    response = JsonResponse(
        {
            "fetch_url": fetch_url,
            "progress_message": cook.progress_message or None,
            "id": cook.pk,
            "status": cook.status,
            "swhid": cook.swhid,
        }
    )
    add_never_cache_headers(response)
    return response


def _cook(request: HttpRequest, swhid: str, fmt: str) -> JsonResponse:
    core = params.core_swhid(swhid)
    actor = actor_of(request)
    try:
        if request.method == "POST":
            cook = cooking.request_cook(actor, core, fmt)
        else:
            cook = cooking.cook_status(actor, core, fmt)
    except cooking.CookRefused as exc:
        raise BadInput(str(exc)) from None
    except cooking.CookNotFound as exc:
        raise NotFound(str(exc)) from None
    return cook_response(request, cook)


def _download(request: HttpRequest, swhid: str, fmt: str) -> HttpResponseBase:
    core = params.core_swhid(swhid)
    try:
        bundle = cooking.open_bundle(actor_of(request), core, fmt)
    except cooking.CookRefused as exc:
        raise BadInput(str(exc)) from None
    except cooking.BundleNotReady as exc:
        raise NotFound(str(exc)) from None
    return bundle_response(request, bundle)


@endpoint("GET", "POST")
def cook_flat(request: HttpRequest, swhid: str) -> JsonResponse:
    return _cook(request, swhid, cooking.FLAT)


@endpoint("GET", "POST")
def cook_git_bare(request: HttpRequest, swhid: str) -> JsonResponse:
    return _cook(request, swhid, cooking.GIT_BARE)


@endpoint("GET")
def download_flat(request: HttpRequest, swhid: str) -> HttpResponseBase:
    return _download(request, swhid, cooking.FLAT)


@endpoint("GET")
def download_git_bare(request: HttpRequest, swhid: str) -> HttpResponseBase:
    return _download(request, swhid, cooking.GIT_BARE)


# --- ranges and validators ------------------------------------------------------------------


def bundle_response(request: HttpRequest, bundle: cooking.Bundle) -> HttpResponseBase:
    etag = f'"{bundle.digest}"'
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None and {"*", etag} & set(_etags(if_none_match)):
        response: HttpResponseBase = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    ranged = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != etag:
        ranged = None  # the client holds another bundle: send this one whole
    try:
        window = byte_range(ranged, bundle.size)
    except Unsatisfiable:
        response = error_response(
            416,
            "RangeNotSatisfiable",
            f"The bundle has {bundle.size} bytes; the range {ranged!r} is outside.",
        )
        response["Content-Range"] = f"bytes */{bundle.size}"
        return response
    start, end = window or (0, bundle.size)
    if request.method == "HEAD":
        response = HttpResponse(b"")
    else:
        response = StreamingHttpResponse(_chunks(bundle.open(start, end)))
    if window is not None:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end - 1}/{bundle.size}"
    response["Content-Length"] = str(end - start)
    response["Content-Type"] = bundle.content_type
    response["Content-Disposition"] = content_disposition_header(True, bundle.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    return response


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    with stream:
        while data := stream.read(CHUNK_SIZE):
            yield data


urlpatterns: list[URLPattern] = [
    re_path(rf"^vault/flat/{SWHID}/$", cook_flat, name="api-1-vault-cook-flat"),
    re_path(rf"^vault/flat/{SWHID}/raw/$", download_flat, name="api-1-vault-download-flat"),
    re_path(rf"^vault/git-bare/{SWHID}/$", cook_git_bare, name="api-1-vault-cook-git-bare"),
    re_path(
        rf"^vault/git-bare/{SWHID}/raw/$", download_git_bare, name="api-1-vault-download-git-bare"
    ),
    # Software Heritage's client fetches ``.../raw`` without the final slash
    re_path(rf"^vault/flat/{SWHID}/raw$", download_flat),
    re_path(rf"^vault/git-bare/{SWHID}/raw$", download_git_bare),
]


# --- description ----------------------------------------------------------------------------

FORMAT_DOC = {
    cooking.FLAT: ("flat", "a directory (or a revision's root directory) as a tar.gz"),
    cooking.GIT_BARE: (
        "git-bare",
        "a revision, release or snapshot as a tar of a bare git repository",
    ),
}


def openapi_paths() -> dict[str, Any]:
    """OpenAPI path items of these endpoints, keyed by path below /api/1."""
    return {
        path: item
        for fmt in (cooking.FLAT, cooking.GIT_BARE)
        for path, item in _format_paths(fmt).items()
    }


def _format_paths(fmt: str) -> dict[str, Any]:
    from sankofa.api.openapi import ACCESS_ERRORS, RATE_HEADERS, error, json_ok, path_param, ref

    name, what = FORMAT_DOC[fmt]
    example = "swh:1:dir:4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    if fmt == cooking.GIT_BARE:
        example = "swh:1:rev:" + "0" * 40
    swhid = path_param(
        "swhid",
        {"type": "string", "pattern": "^swh:1:(cnt|dir|rev|rel|snp):[0-9a-f]{40}$"},
        "The core SWHID of the object to cook.",
        example,
    )
    status = json_ok("The cooking's status", ref("VaultCook"), RATE_HEADERS)
    cook_errors = {str(s): error(s) for s in sorted({400, 404, *ACCESS_ERRORS})}
    summary = f"Cook {what}"
    return {
        f"/vault/{name}/{{swhid}}/": {
            "get": {
                "operationId": f"api-1-vault-cook-{name}",
                "summary": f"How the cooking of {what} goes",
                "parameters": [swhid],
                "responses": {"200": status} | cook_errors,
            },
            "post": {
                "operationId": f"api-1-vault-cook-{name}-post",
                "summary": summary + " (once: asking again gives the same cooking)",
                "parameters": [swhid],
                "responses": {"200": status} | cook_errors,
            },
        },
        f"/vault/{name}/{{swhid}}/raw/": {
            "get": {
                "operationId": f"api-1-vault-download-{name}",
                "summary": f"Download {what}, whole or one byte range",
                "parameters": [swhid, *_range_headers()],
                "responses": _download_responses(fmt),
            }
        },
    }


def _range_headers() -> list[dict[str, Any]]:
    text = {"type": "string"}
    return [
        {
            "name": "Range",
            "in": "header",
            "required": False,
            "schema": text,
            "description": "One byte range: ``bytes=a-b``, ``bytes=a-`` or ``bytes=-n``.",
        },
        {
            "name": "If-Range",
            "in": "header",
            "required": False,
            "schema": text,
            "description": "The ETag the client holds: the range is sent only if it still matches.",
        },
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "schema": text,
            "description": "ETags the client holds: 304 if the bundle is one of them.",
        },
    ]


def _download_responses(fmt: str) -> dict[str, Any]:
    from sankofa.api.openapi import RATE_HEADERS, error, json_ok, ref

    media = "application/gzip" if fmt == cooking.FLAT else "application/x-tar"
    text = {"schema": {"type": "string"}}
    headers = {
        "Content-Disposition": {
            "description": "attachment; filename=...",
            "required": True,
            **text,
        },
        "X-Content-Type-Options": {"description": "nosniff", "required": True, **text},
        "Accept-Ranges": {"description": "bytes", "required": True, **text},
        "ETag": {"description": "The bundle's digest, quoted.", "required": True, **text},
    } | RATE_HEADERS
    body = {media: {"schema": {"type": "string", "format": "binary"}}}
    partial = headers | {
        "Content-Range": {"description": "bytes first-last/size", "required": True, **text}
    }
    unsatisfiable = json_ok("The range starts past the end", ref("VaultRangeError"))
    unsatisfiable["headers"] = {
        "Content-Range": {"description": "bytes */size", "required": True, **text}
    } | RATE_HEADERS
    return {
        "200": {"description": "The whole bundle", "headers": headers, "content": body},
        "206": {"description": "One byte range of the bundle", "headers": partial, "content": body},
        "304": {
            "description": "The client holds this bundle (If-None-Match)",
            "headers": {"ETag": headers["ETag"]} | RATE_HEADERS,
        },
        "400": error(400),
        "401": error(401),
        "404": error(404),
        "416": unsatisfiable,
        "429": error(429),
    }


def openapi_schemas() -> dict[str, Any]:
    """Component schemas these endpoints' path items refer to."""
    from sankofa.api.openapi import URL, obj

    return {
        "VaultCook": obj(
            {
                "fetch_url": URL,
                "progress_message": {"type": ["string", "null"]},
                "id": {"type": "integer"},
                "status": {"type": "string", "enum": [s.value for s in VaultCook.Status]},
                "swhid": {"type": "string"},
            }
        ),
        "VaultRangeError": obj(
            {
                "exception": {"type": "string", "enum": ["RangeNotSatisfiable"]},
                "reason": {"type": "string"},
            }
        ),
    }
