"""OpenAPI 3.1 description of ``/api/1/``, served as JSON at ``/api/schema/``.

The document is built here as plain Python values: each response shape mirrors what
:mod:`sankofa.api.serializers` gives, each error what :mod:`sankofa.api.errors` gives.
Every operation's ``operationId`` is the name of its Django route (``api-1-...``), so a
test can check that every route is described and that nothing else is.

Path parameters that may hold slashes (an origin URL, a path below a directory, a
SWHID with qualifiers) are sent percent-encoded, as OpenAPI path templating requires;
the server decodes them before matching.
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from sankofa.api import dataset_search, datasets, origin_metadata, save, vault
from sankofa.api.errors import BadInput, LargePayload, MethodNotAllowed, NotFound
from sankofa.api.throttle import AuthenticationFailed, Throttled
from sankofa.api.views import KNOWN_LIMIT
from sankofa.swhid.model import BranchTargetType

JSON = dict[str, Any]
API_PREFIX = "/api/1"
OBJECT_TYPES = ["content", "directory", "revision", "release", "snapshot"]
VISIT_STATUSES = ["created", "ongoing", "full", "partial", "failed", "not_found"]
ERRORS = {
    e.status: e
    for e in (BadInput, AuthenticationFailed, NotFound, MethodNotAllowed, LargePayload, Throttled)
}
ACCESS_ERRORS = (401, 429)  # any request: a refused bearer token, a rate limit reached
TYPE_NAMES = "|".join(t.value for t in BranchTargetType)
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's empty tree, as an example
# modules adding endpoints (and their description)
FEATURES = (vault, save, origin_metadata, datasets, dataset_search)


# --- schema building blocks ---------------------------------------------------------------


def ref(name: str) -> JSON:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: JSON) -> JSON:
    return {"anyOf": [schema, {"type": "null"}]}


def hex_string(digits: int) -> JSON:
    """Lower-case hex, as every hash in a response is."""
    return {"type": "string", "pattern": f"^[0-9a-f]{{{digits}}}$"}


def obj(required: JSON, optional: JSON | None = None) -> JSON:
    """A closed object: the `required` properties always, the `optional` ones sometimes."""
    return {
        "type": "object",
        "properties": required | (optional or {}),
        "required": list(required),
        "additionalProperties": False,
    }


URL: JSON = {"type": "string", "format": "uri"}
TEXT: JSON = {"type": "string"}
DATE: JSON = {
    "type": ["string", "null"],
    "format": "date-time",
    "description": "ISO 8601 with the recorded offset; null when no calendar holds it.",
}
DECODING_FAILURES: JSON = {
    "decoding_failures": {
        "type": "array",
        "items": TEXT,
        "description": "Fields that are not UTF-8, written with backslash escapes.",
    }
}


# --- response bodies ------------------------------------------------------------------------


def _object_schemas() -> JSON:
    sha1_git = hex_string(40)
    return {
        "Error": obj(
            {
                "exception": {"type": "string", "enum": [e.name for e in ERRORS.values()]},
                "reason": TEXT,
            }
        ),
        **_file_schemas(),
        "Person": obj(
            {k: {"type": ["string", "null"]} for k in ("fullname", "name", "email")},
            DECODING_FAILURES,
        ),
        "Revision": _revision_schema(),
        "Release": _release_schema(),
        "BranchTarget": obj(
            {"target": TEXT, "target_type": {"type": "string", "pattern": f"^({TYPE_NAMES})$"}},
            {"target_url": URL},
        ),
        "Snapshot": obj(
            {
                "id": sha1_git,
                "branches": {
                    "type": "object",
                    "additionalProperties": nullable(ref("BranchTarget")),
                },
                "next_branch": {"type": ["string", "null"]},
            }
        ),
        "Origin": obj(
            {"url": TEXT, "origin_visits_url": URL, "visit_types": {"type": "array", "items": TEXT}}
        ),
        "VisitInList": _visit_schema("origin_visit_url"),
        "Visit": _visit_schema("origin_url"),
        "Resolved": _resolved_schema(),
        "Known": {
            "type": "object",
            "additionalProperties": obj({"known": {"type": "boolean"}}),
        },
    }


def _file_schemas() -> JSON:
    """A content, and an entry of a directory (a file's carries only its sha1_git)."""
    sha1_git = hex_string(40)
    return {
        "Content": obj(
            {
                "length": {"type": "integer", "minimum": 0},
                "status": {"type": "string", "enum": ["visible", "absent"]},
                "checksums": obj(
                    {
                        "sha1": hex_string(40),
                        "sha1_git": sha1_git,
                        "sha256": hex_string(64),
                        "blake2s256": hex_string(64),
                    }
                ),
                "data_url": URL,
                "swhid": {"type": "string", "pattern": "^swh:1:cnt:[0-9a-f]{40}$"},
            }
        ),
        "DirectoryEntry": obj(
            {
                "dir_id": sha1_git,
                "type": {"type": "string", "enum": ["file", "dir", "rev"]},
                "target": sha1_git,
                "name": TEXT,
                "perms": {"type": "integer"},
                "length": {"type": ["integer", "null"], "minimum": 0},
                "target_url": URL,
            },
            {
                "status": {"type": "string", "enum": ["visible", "absent"]},
                "checksums": obj({"sha1_git": sha1_git}),
            }
            | DECODING_FAILURES,
        ),
    }


def _revision_schema() -> JSON:
    sha1_git = hex_string(40)
    return obj(
        {
            "id": sha1_git,
            "directory": sha1_git,
            "author": nullable(ref("Person")),
            "date": DATE,
            "committer": nullable(ref("Person")),
            "committer_date": DATE,
            "type": {"const": "git"},
            "message": {"type": ["string", "null"]},
            "extra_headers": {
                "type": "array",
                "items": {"type": "array", "items": TEXT, "minItems": 2, "maxItems": 2},
            },
            "metadata": {"type": "object"},
            "synthetic": {"type": "boolean"},
            "parents": {"type": "array", "items": obj({"id": sha1_git, "url": URL})},
            "merge": {"type": "boolean"},
            "url": URL,
            "history_url": URL,
            "directory_url": URL,
        },
        {"message_url": URL} | DECODING_FAILURES,
    )


def _release_schema() -> JSON:
    return obj(
        {
            "id": hex_string(40),
            "name": TEXT,
            "author": nullable(ref("Person")),
            "date": DATE,
            "message": {"type": ["string", "null"]},
            "synthetic": {"type": "boolean"},
            "target": hex_string(40),
            "target_type": {"type": "string", "enum": OBJECT_TYPES},
            "target_url": URL,
        },
        DECODING_FAILURES,
    )


def _visit_schema(link: str) -> JSON:
    return obj(
        {
            "origin": TEXT,
            "visit": {"type": "integer", "minimum": 1},
            "date": {"type": "string", "format": "date-time"},
            "status": {"type": "string", "enum": VISIT_STATUSES},
            "snapshot": nullable(hex_string(40)),
            "type": TEXT,
            "metadata": {"type": "object"},
            link: URL,
            "snapshot_url": nullable(URL),
        }
    )


def _resolved_schema() -> JSON:
    return obj(
        {
            "namespace": {"const": "swh"},
            "scheme_version": {"type": "integer"},
            "object_type": {"type": "string", "enum": OBJECT_TYPES},
            "object_id": hex_string(40),
            "metadata": {"type": "object", "additionalProperties": TEXT},
            "browse_url": URL,
        }
    )


# --- parameters and responses ---------------------------------------------------------------


def path_param(name: str, schema: JSON, description: str, example: object = None) -> JSON:
    param: JSON = {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }
    if example is not None:
        param["example"] = example
    return param


def query_param(name: str, schema: JSON, description: str) -> JSON:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def integer(default: int, low: int, high: int) -> JSON:
    """An integer parameter; values out of [low, high] are brought into range, not refused."""
    return {
        "type": "integer",
        "default": default,
        "description": f"Default {default}, {low} to {high}; values outside are clamped.",
    }


SHA1_GIT_PARAM = path_param(
    "sha1_git",
    {"type": "string", "pattern": "^[0-9a-fA-F]{40}$"},
    "The object's sha1_git, 40 hexadecimal digits (either case).",
    EMPTY_TREE,
)
ORIGIN_PARAM = path_param(
    "origin_url",
    {"type": "string", "minLength": 1},
    "The origin's URL as archived (percent-encoded; a trailing slash is optional).",
    "https://github.com/git/git",
)


def error(status: int) -> JSON:
    return {"$ref": f"#/components/responses/{ERRORS[status].name}"}


def json_ok(description: str, schema: JSON, headers: JSON | None = None) -> JSON:
    response: JSON = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def attachment(description: str) -> JSON:
    required = {"required": True, "schema": TEXT}
    return {
        "description": description,
        "headers": {
            "Content-Disposition": {"description": "attachment; filename=...", **required},
            "X-Content-Type-Options": {"description": "nosniff", **required},
        },
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }


def operation(
    route: str, summary: str, params: list[JSON], ok: JSON, errors: tuple[int, ...] = (400, 404)
) -> JSON:
    """A GET operation named after its Django route; every GET also answers HEAD.

    Every operation may also answer 401 and 429, and carries the rate-limit headers.
    """
    ok = ok | {"headers": RATE_HEADERS | ok.get("headers", {})}
    statuses = sorted(set(errors) | set(ACCESS_ERRORS))
    return {
        "get": {
            "operationId": route,
            "summary": summary,
            "parameters": params,
            "responses": {"200": ok} | {str(s): error(s) for s in statuses},
        }
    }


def paginated(route: str, summary: str, params: list[JSON], item: str) -> JSON:
    """A list with a ``Link: <...>; rel="next"`` header while more items follow."""
    ok = json_ok(summary, {"type": "array", "items": ref(item)}, {"Link": LINK})
    return operation(route, summary, params, ok)


LINK = {"$ref": "#/components/headers/Link"}
RATE_HEADERS = {
    name: {"$ref": f"#/components/headers/{name}"}
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
}


# --- paths ----------------------------------------------------------------------------------


def _content_paths() -> JSON:
    q = path_param(
        "q",
        {"type": "string", "pattern": "^((sha1|sha1_git|sha256|blake2s256):)?[0-9a-fA-F]+$"},
        "``sha1_git:<hex>``: contents are looked up by sha1_git only; other algorithms 404.",
        "sha1_git:e69de29bb2d1d6484b8b6dd7aa3b8bbd12c5a8a6",
    )
    filename = query_param("filename", TEXT, "Name for Content-Disposition (last component).")
    return {
        "/content/{q}/": operation(
            "api-1-content", "A content's checksums", [q], json_ok("The content", ref("Content"))
        ),
        "/content/{q}/raw/": operation(
            "api-1-content-raw", "A content's bytes", [q, filename], attachment("The bytes")
        ),
    }


def _object_paths() -> JSON:
    path = path_param(
        "path", {"type": "string", "minLength": 1}, "Path below the directory.", "src/main.c"
    )
    log = [
        query_param("limit", integer(10, 1, 1000), "Revisions per page."),
        query_param("offset", integer(0, 0, 2**31), "Position in the breadth-first walk."),
    ]
    return {
        "/directory/{sha1_git}/": operation(
            "api-1-directory",
            "A directory's entries",
            [SHA1_GIT_PARAM],
            json_ok("Entries", {"type": "array", "items": ref("DirectoryEntry")}),
        ),
        "/directory/{sha1_git}/{path}/": operation(
            "api-1-directory-path",
            "The entry at a path below a directory",
            [SHA1_GIT_PARAM, path],
            json_ok("The entry; its name is the whole path", ref("DirectoryEntry")),
        ),
        "/revision/{sha1_git}/": operation(
            "api-1-revision",
            "A revision",
            [SHA1_GIT_PARAM],
            json_ok("The revision", ref("Revision")),
        ),
        "/revision/{sha1_git}/log/": paginated(
            "api-1-revision-log",
            "Revisions from this one, breadth first",
            [SHA1_GIT_PARAM, *log],
            "Revision",
        ),
        "/revision/{sha1_git}/raw/": operation(
            "api-1-revision-raw-message",
            "A revision message's exact bytes",
            [SHA1_GIT_PARAM],
            attachment("The message"),
        ),
        "/release/{sha1_git}/": operation(
            "api-1-release", "A release", [SHA1_GIT_PARAM], json_ok("The release", ref("Release"))
        ),
        "/snapshot/{snapshot_id}/": _snapshot_path(),
    }


def _snapshot_path() -> JSON:
    snapshot_id = dict(SHA1_GIT_PARAM, name="snapshot_id", description="The snapshot id.")
    params = [
        snapshot_id,
        query_param(
            "branches_from", TEXT, "First branch name of the page (percent-encoded bytes)."
        ),
        query_param("branches_count", integer(1000, 0, 1000), "Branches per page."),
        query_param(
            "target_types",
            {"type": "string", "pattern": f"^({TYPE_NAMES})(,({TYPE_NAMES}))*$"},
            "Comma-separated target types to keep.",
        ),
    ]
    ok = json_ok("A page of branches", ref("Snapshot"), {"Link": LINK})
    return operation("api-1-snapshot", "A snapshot's branches", params, ok)


def _origin_paths() -> JSON:
    boolean = {"type": "boolean", "default": False}
    search = [
        path_param(
            "url_pattern", TEXT, "Words every matching URL contains (any case).", "github git"
        ),
        query_param("limit", integer(70, 1, 1000), "Origins per page."),
        query_param("page_token", TEXT, "The token of the next page (from the Link header)."),
        query_param("with_visit", boolean, "Only origins with at least one visit."),
    ]
    search_ok = json_ok(
        "Matching origins, by URL",
        {"type": "array", "items": ref("Origin")},
        {"Link": LINK, "X-Total-Count": {"$ref": "#/components/headers/X-Total-Count"}},
    )
    visits = [
        ORIGIN_PARAM,
        query_param("per_page", integer(10, 1, 100), "Visits per page."),
        query_param("last_visit", {"type": "integer"}, "List visits older than this number."),
    ]
    latest = [
        ORIGIN_PARAM,
        query_param("require_snapshot", boolean, "Only visits that produced a snapshot."),
        query_param("visit_type", TEXT, "Only visits of this type (e.g. git)."),
    ]
    visit_id = path_param("visit_id", {"type": "integer", "minimum": 0}, "Visit number.", 1)
    return {
        "/origin/search/{url_pattern}/": operation(
            "api-1-origin-search", "Search origins by URL", search, search_ok
        ),
        "/origin/{origin_url}/get/": operation(
            "api-1-origin", "An origin", [ORIGIN_PARAM], json_ok("The origin", ref("Origin"))
        ),
        "/origin/{origin_url}/visits/": paginated(
            "api-1-origin-visits", "An origin's visits, newest first", visits, "VisitInList"
        ),
        "/origin/{origin_url}/visit/latest/": operation(
            "api-1-origin-visit-latest",
            "An origin's newest visit",
            latest,
            json_ok("The visit", ref("Visit")),
        ),
        "/origin/{origin_url}/visit/{visit_id}/": operation(
            "api-1-origin-visit",
            "One visit of an origin",
            [ORIGIN_PARAM, visit_id],
            json_ok("The visit", ref("Visit")),
        ),
    }


def _swhid_paths() -> JSON:
    core = "swh:1:(cnt|dir|rev|rel|snp):[0-9a-f]{40}"
    swhid = path_param(
        "swhid",
        {"type": "string", "pattern": f"^{core}(;.*)?$"},
        "A SWHID, with or without qualifiers.",
        f"swh:1:dir:{EMPTY_TREE}",
    )
    body = {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "pattern": f"^{core}$"},
                    "maxItems": KNOWN_LIMIT,
                }
            }
        },
    }
    known = operation(
        "api-1-known",
        "Which SWHIDs the archive holds",
        [],
        json_ok("Per SWHID", ref("Known")),
        (400, 413),
    )
    known["post"] = known.pop("get") | {"requestBody": body}
    known["post"]["summary"] += f" (at most {KNOWN_LIMIT} per request)"
    return {
        "/resolve/{swhid}/": operation(
            "api-1-resolve-swhid",
            "Resolve a SWHID",
            [swhid],
            json_ok("The object", ref("Resolved")),
        ),
        "/known/": known,
    }


LIMIT_HEADERS: JSON = {
    "X-RateLimit-Limit": {
        "description": "Requests allowed per window (sent when the request is counted).",
        "schema": {"type": "integer", "minimum": 1},
    },
    "X-RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-RateLimit-Reset": {
        "description": "When the window ends, in seconds since the epoch (UTC).",
        "schema": {"type": "integer", "minimum": 0},
    },
}


def _header(kind: str) -> JSON:
    """A required header of an error: ``Retry-After`` seconds, or a ``Bearer`` challenge."""
    if kind == "Retry-After":
        schema: JSON = {"type": "integer", "minimum": 1}
        return {"description": "Seconds to wait.", "required": True, "schema": schema}
    return {"description": "The Bearer challenge (RFC 6750).", "required": True, "schema": TEXT}


# --- the document ---------------------------------------------------------------------------


def document(server_url: str = API_PREFIX) -> JSON:
    """The OpenAPI document, its server being `server_url` (``.../api/1``).

    A fresh copy each time: the building blocks shared by several operations are not
    shared with the caller.
    """
    errors = {e.name: json_ok(f"{e.status} {e.name}", ref("Error")) for e in ERRORS.values()}
    errors[Throttled.name]["headers"] = RATE_HEADERS | {"Retry-After": _header("Retry-After")}
    errors[AuthenticationFailed.name]["headers"] = {"WWW-Authenticate": _header("Bearer")}
    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "Sankofa archive API",
                "version": "1",
                "description": "Software Heritage's read API (/api/1/), as a node serves it. "
                "Every GET also answers HEAD; errors are {exception, reason}.",
                "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
            },
            "servers": [{"url": server_url}],
            "paths": _content_paths()
            | _object_paths()
            | _origin_paths()
            | _swhid_paths()
            | {p: item for f in FEATURES for p, item in f.openapi_paths().items()},
            "components": {
                "schemas": _object_schemas()
                | {n: s for f in FEATURES for n, s in f.openapi_schemas().items()},
                "responses": errors,
                "headers": {
                    "Link": {
                        "description": 'The next page: ``<url>; rel="next"`` (RFC 8288).',
                        "schema": {"type": "string", "pattern": '^<[^>]+>; rel="next"$'},
                    },
                    "X-Total-Count": {
                        "description": "The number of matches over all pages.",
                        "schema": {"type": "integer", "minimum": 0},
                    },
                }
                | LIMIT_HEADERS,
            },
        }
    )


@require_safe
def schema(request: HttpRequest) -> JsonResponse:
    """``/api/schema/``: the document, its server being this node's absolute API URL."""
    server = request.build_absolute_uri(API_PREFIX + "/").rstrip("/")
    return JsonResponse(document(server))
