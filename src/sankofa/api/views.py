"""Views of ``/api/1/``: parse the request, ask one read query, render JSON.

Every view answers GET and HEAD (``known/`` answers POST); errors are JSON in
Software Heritage's shape (:mod:`sankofa.api.errors`). Every query runs as the
request's actor (:func:`sankofa.api.throttle.request_actor`): a bearer token's owner,
a signed-in user, or the public; :func:`endpoint` authenticates and rate-limits each
request first (:mod:`sankofa.api.throttle`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt

from sankofa.api import params, serializers, throttle
from sankofa.api.errors import ApiError, BadInput, LargePayload, MethodNotAllowed, NotFound
from sankofa.api.links import Links, link_next
from sankofa.api.throttle import request_actor
from sankofa.archive import queries

MAX_VISIT = 2**31 - 1  # visit numbers are 32-bit
KNOWN_LIMIT = 10_000  # SWHIDs per known/ request (Software Heritage takes 1,000)
NOT_FOUND = (queries.NotArchived, queries.OriginNotFound, queries.VisitNotFound)

View = Callable[..., HttpResponseBase]


def endpoint(*methods: str) -> Callable[[View], View]:
    """Allow `methods` (GET brings HEAD) and turn failures into JSON error responses.

    Before the view runs, the request is authenticated and counted against its rate
    limit (401 and 429 otherwise); the view finds its actor with :func:`request_actor`.
    """
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def run(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            try:
                throttle.admit(request, throttle.authenticate(request))
                if request.method not in allowed:
                    raise MethodNotAllowed(f'Method "{request.method}" not allowed.')
                response: HttpResponseBase = view(request, **kwargs)
            except ApiError as exc:
                response = exc.response()
            except NOT_FOUND as exc:
                response = NotFound(str(exc)).response()
            if response.status_code == 405:
                response["Allow"] = ", ".join(sorted(allowed))
            return throttle.add_headers(request, response)

        return csrf_exempt(run)

    return wrap


def _json(data: object, next_url: str | None = None) -> JsonResponse:
    response = JsonResponse(data, safe=False)
    if next_url is not None:
        response["Link"] = link_next(next_url)
    return response


@endpoint("GET")
def content(request: HttpRequest, q: str) -> HttpResponse:
    info = queries.content(request_actor(request), _sha1_git_of_content(q))
    return _json(serializers.content(Links(request), info))


@endpoint("GET")
def content_raw(request: HttpRequest, q: str) -> HttpResponseBase:
    raw = queries.content_raw(request_actor(request), _sha1_git_of_content(q))
    name = request.GET.get("filename") or f"content_{q.replace(':', '_')}_raw"
    name = "".join(c for c in name.rsplit("/", 1)[-1] if c.isprintable()) or "content"
    response: HttpResponseBase = (
        HttpResponse(b"") if request.method == "HEAD" else StreamingHttpResponse(raw.chunks)
    )
    response["Content-Length"] = str(raw.length)
    return _attachment(response, name)


def _attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    """Bytes to save, never to render: octet-stream, attachment, no type sniffing."""
    response["Content-Type"] = "application/octet-stream"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sha1_git_of_content(q: str) -> bytes:
    algo, digest = params.content_query(q)
    if algo != "sha1_git":
        raise NotFound(
            f"Content with {algo} checksum equals to {digest.hex()} not found! "
            "This archive looks contents up by sha1_git only."
        )
    return digest


@endpoint("GET")
def directory(request: HttpRequest, sha1_git: str, path: str | None = None) -> HttpResponse:
    oid = params.sha1_git(sha1_git)
    links = Links(request)
    if path is None:
        entries = queries.directory(request_actor(request), oid)
        return _json([serializers.directory_entry(links, e) for e in entries])
    entry = queries.directory_entry(request_actor(request), oid, params.path_spellings(path))
    return _json(serializers.directory_entry(links, entry))


@endpoint("GET")
def revision(request: HttpRequest, sha1_git: str) -> HttpResponse:
    rev = queries.revision(request_actor(request), params.sha1_git(sha1_git))
    return _json(serializers.revision(Links(request), rev))


@endpoint("GET")
def revision_message(request: HttpRequest, sha1_git: str) -> HttpResponseBase:
    oid = params.sha1_git(sha1_git)
    rev = queries.revision(request_actor(request), oid)
    if not rev.message:
        raise NotFound(f"No message for revision with sha1_git {oid.hex()}.")
    return _attachment(HttpResponse(rev.message), f"rev_{oid.hex()}_raw")


@endpoint("GET")
def revision_log(request: HttpRequest, sha1_git: str) -> HttpResponse:
    """Breadth-first from the revision; ``offset`` resumes the walk (see docs/api.md)."""
    oid = params.sha1_git(sha1_git)
    limit = params.integer(request, "limit", 10, 1, 1000)
    offset = params.integer(request, "offset", 0, 0, 2**31)
    page = queries.revision_log(request_actor(request), oid, offset, limit)
    links = Links(request)
    next_url = None
    if page.more:
        query = {"limit": limit, "offset": offset + limit}
        next_url = links.url("api-1-revision-log", query, sha1_git=oid.hex())
    return _json([serializers.revision(links, r) for r in page.revisions], next_url)


@endpoint("GET")
def release(request: HttpRequest, sha1_git: str) -> HttpResponse:
    rel = queries.release(request_actor(request), params.sha1_git(sha1_git))
    return _json(serializers.release(Links(request), rel))


@endpoint("GET")
def snapshot(request: HttpRequest, snapshot_id: str) -> HttpResponse:
    oid = params.sha1_git(snapshot_id)
    count = params.integer(request, "branches_count", 1000, 0, 1000)
    types = params.target_types(request)
    start = params.query_bytes(request, "branches_from") or b""
    page = queries.snapshot_branches(request_actor(request), oid, start, count, types)
    links = Links(request)
    next_url = None
    if page.next_branch is not None:
        query: dict[str, str | int | bytes] = {
            "branches_from": page.next_branch,
            "branches_count": count,
        }
        if types is not None:
            query["target_types"] = ",".join(sorted(t.value for t in types))
        next_url = links.url("api-1-snapshot", query, snapshot_id=oid.hex())
    return _json(serializers.snapshot(links, page), next_url)


@endpoint("GET")
def origin_search(request: HttpRequest, url_pattern: str) -> HttpResponse:
    limit = params.integer(request, "limit", 70, 1, 1000)
    with_visit = params.boolean(request, "with_visit")
    token = request.GET.get("page_token")
    page = queries.search_origins(request_actor(request), url_pattern, limit, token, with_visit)
    links = Links(request)
    next_url = None
    if page.next_page_token is not None:
        query: dict[str, str | int | bytes] = {k: request.GET[k] for k in request.GET}
        query["page_token"] = page.next_page_token
        next_url = links.url("api-1-origin-search", query, url_pattern=url_pattern)
    response = _json([serializers.origin(links, o) for o in page.origins], next_url)
    response["X-Total-Count"] = str(page.total)
    return response


@endpoint("GET")
def origin(request: HttpRequest, origin_url: str) -> HttpResponse:
    return _json(
        serializers.origin(Links(request), queries.origin(request_actor(request), origin_url))
    )


@endpoint("GET")
def origin_visits(request: HttpRequest, origin_url: str) -> HttpResponse:
    per_page = params.integer(request, "per_page", 10, 1, 100)
    last_visit = params.optional_integer(request, "last_visit")
    page = queries.origin_visits(request_actor(request), origin_url, last_visit, per_page)
    links = Links(request)
    next_url = None
    if page.more:
        query = {"last_visit": page.visits[-1].visit, "per_page": per_page}
        next_url = links.url("api-1-origin-visits", query, origin_url=origin_url)
    return _json([serializers.visit(links, v, listed=True) for v in page.visits], next_url)


@endpoint("GET")
def origin_visit_latest(request: HttpRequest, origin_url: str) -> HttpResponse:
    require_snapshot = params.boolean(request, "require_snapshot")
    visit_type = request.GET.get("visit_type") or None
    info = queries.latest_visit(request_actor(request), origin_url, require_snapshot, visit_type)
    return _json(serializers.visit(Links(request), info))


@endpoint("GET")
def origin_visit(request: HttpRequest, origin_url: str, visit_id: str) -> HttpResponse:
    if not visit_id.isdigit() or not visit_id.isascii():
        raise BadInput(f"Invalid visit id {visit_id!r}: not a number.")
    number = int(visit_id)
    if number > MAX_VISIT:
        raise NotFound(f"Origin {origin_url} or its visit with id {number} not found!")
    info = queries.origin_visit(request_actor(request), origin_url, number)
    return _json(serializers.visit(Links(request), info))


@endpoint("GET")
def resolve(request: HttpRequest, swhid: str) -> HttpResponse:
    parsed = params.qualified_swhid(swhid)
    queries.resolve(request_actor(request), parsed)
    return _json(serializers.resolved(Links(request), parsed))


@endpoint("POST")
def known(request: HttpRequest) -> HttpResponse:
    """POST a JSON list of core SWHIDs; each maps to ``{"known": true|false}``."""
    try:
        body = json.loads(request.body)
    except RequestDataTooBig:
        raise LargePayload("The request body is too large.") from None
    except (ValueError, RecursionError):
        raise BadInput("The request body is not JSON: post a list of SWHIDs.") from None
    if not isinstance(body, list):
        raise BadInput("The request body must be a JSON list of SWHIDs.")
    if len(body) > KNOWN_LIMIT:
        raise LargePayload(
            f"The maximum number of SWHIDs this endpoint can receive is {KNOWN_LIMIT}"
        )
    swhids = [params.core_swhid(text) for text in body]
    found = queries.known(request_actor(request), swhids)
    return _json({str(s): {"known": s in found} for s in swhids})


@csrf_exempt
def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    return NotFound(f"No API endpoint at {request.path}: see the list in docs/api.md.").response()
