"""The OpenAPI description of the deposit API (``/api/1/datasets/``, :mod:`.datasets`).

Each operation's ``operationId`` is its route's name, the GET of a route (or its only
method); the other methods of a route add ``-<method>`` (``api-1-datasets-version-delete``).
Answers are the documents of :mod:`.deposit_json`; errors are ``DepositError`` (the
API's ``exception``/``reason`` with ``error`` and the bad fields in ``errors``), 401 and
429 the API's own.
"""

from __future__ import annotations

from typing import Any

from sankofa.datasets.models import Version

Json = dict[str, Any]
ERROR_TEXT = {
    400: "Bad input: `errors` names each bad field",
    403: "The actor may not do this",
    404: "No such record, version, file or job (or not one the actor may see)",
    409: "The version's state does not allow this (e.g. it is published)",
    413: "Past a quota, or a body too large",
}
ID_SCHEMA: Json = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}


def _param(name: str, what: str) -> Json:
    from sankofa.api.openapi import path_param

    return path_param(name, ID_SCHEMA, what, 1)


def _responses(ok_status: int, ok: Json | None, errors: tuple[int, ...]) -> Json:
    from sankofa.api.openapi import RATE_HEADERS, error, json_ok, ref

    answers: Json = {}
    if ok is None:
        answers[str(ok_status)] = {"description": "Done", "headers": RATE_HEADERS}
    else:
        answers[str(ok_status)] = ok | {"headers": RATE_HEADERS | ok.get("headers", {})}
    for status in sorted({*errors, 404}):
        answers[str(status)] = json_ok(ERROR_TEXT[status], ref("DepositError"))
    answers["401"] = error(401)
    answers["429"] = error(429)
    return answers


def _op(
    route: str,
    summary: str,
    params: list[Json],
    ok: tuple[int, Json | None],
    errors: tuple[int, ...] = (400, 403, 409),
    body: Json | None = None,
) -> Json:
    found: Json = {
        "operationId": route,
        "summary": summary,
        "parameters": params,
        "responses": _responses(ok[0], ok[1], errors),
    }
    if body is not None:
        found["requestBody"] = body
    return found


def _json_body(schema: Json, required: bool = True) -> Json:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def paths() -> Json:
    from sankofa.api.openapi import json_ok, ref

    record = _param("record_id", "A dataset record's number.")
    version = _param("version_id", "A dataset version's number (a draft or a published one).")
    name = {
        "name": "name",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[^/]+$"},
        "description": "The file's name (one path segment).",
        "example": "data.csv",
    }
    one = (200, json_ok("The version", ref("DepositVersion")))
    created = (201, json_ok("The new version", ref("DepositVersion")))
    many = (200, json_ok("Versions", {"type": "array", "items": ref("DepositVersion")}))
    read = (403,)
    found: Json = {
        "/datasets/records/": {
            "post": _op(
                "api-1-datasets-records",
                "Create a record and its first draft (with metadata, in a community)",
                [],
                created,
                body=_json_body(ref("DepositNewRecord"), required=False),
            )
        },
        "/datasets/records/{record_id}/": {
            "get": _op("api-1-datasets-record", "A record's latest version", [record], one, read)
        },
        "/datasets/records/{record_id}/versions/": {
            "get": _op(
                "api-1-datasets-record-versions", "A record's versions", [record], many, read
            ),
            "post": _op(
                "api-1-datasets-record-versions-post",
                "Start a new version (a draft from the latest published one)",
                [record],
                created,
            ),
        },
        "/datasets/records/{record_id}/history/": {
            "get": _op(
                "api-1-datasets-record-history",
                "A record's audit trail (owners and curators)",
                [record],
                (200, json_ok("Changes", {"type": "array", "items": ref("DepositChange")})),
                read,
            )
        },
        "/datasets/versions/{version_id}/": {
            "get": _op("api-1-datasets-version", "A version", [version], one, read),
            "delete": _op(
                "api-1-datasets-version-delete", "Discard a draft", [version], (204, None)
            ),
        },
        "/datasets/versions/{version_id}/metadata": {
            "put": _op(
                "api-1-datasets-version-metadata",
                "Replace a draft's DataCite metadata (DataCite JSON attributes)",
                [version],
                one,
                body=_json_body(ref("DataCiteAttributes")),
            )
        },
        "/datasets/versions/{version_id}/access": {
            "put": _op(
                "api-1-datasets-version-access",
                "Set a draft's access level (and embargo date)",
                [version],
                one,
                body=_json_body(ref("DepositAccess")),
            )
        },
        "/datasets/versions/{version_id}/files": {
            "get": _op(
                "api-1-datasets-version-files",
                "A version's files",
                [version],
                (200, json_ok("Files", {"type": "array", "items": ref("DepositFile")})),
                read,
            ),
            "post": _op(
                "api-1-datasets-version-files-post",
                "Add a finished resumable upload (201), or fetch a URL in a job (202)",
                [version],
                (201, json_ok("The file", ref("DepositFile"))),
                (400, 403, 409, 413),
                _json_body(ref("DepositFileSource")),
            ),
        },
        "/datasets/versions/{version_id}/files/{name}": {
            "put": _op(
                "api-1-datasets-version-file",
                "Add a file: the body is its bytes",
                [version, name],
                (201, json_ok("The file", ref("DepositFile"))),
                (400, 403, 409, 413),
                {
                    "required": True,
                    "content": {
                        "application/octet-stream": {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                },
            ),
            "delete": _op(
                "api-1-datasets-version-file-delete",
                "Remove a file from a draft",
                [version, name],
                (204, None),
            ),
        },
        **_actions(version, one),
        "/datasets/jobs/{job_id}/": {
            "get": _op(
                "api-1-datasets-job",
                "A fetch job: its status, result or error",
                [_param("job_id", "A job's number.")],
                (200, json_ok("The job", ref("DepositJob"))),
                (),
            )
        },
    }
    fetch = found["/datasets/versions/{version_id}/files"]["post"]["responses"]
    fetch["202"] = json_ok("The fetch job, started", ref("DepositJob"))
    fetch["202"]["headers"] = fetch["201"]["headers"]
    return found


def _actions(version: Json, one: tuple[int, Json]) -> Json:
    from sankofa.api.openapi import ref

    found: Json = {}
    for action, summary in (
        ("submit", "Submit a draft: to review, or published at once where none is required"),
        ("publish", "Publish a draft (or, by a curator, a version in review)"),
        ("withdraw", "Withdraw a published version (curators): it becomes a tombstone"),
    ):
        body = _json_body(ref("DepositWithdrawal")) if action == "withdraw" else None
        found[f"/datasets/versions/{{version_id}}/{action}"] = {
            "post": _op(f"api-1-datasets-version-{action}", summary, [version], one, body=body)
        }
    return found


def schemas() -> Json:
    from sankofa.api.openapi import TEXT, URL, obj, ref

    def optional(kind: str | list[str], **more: Any) -> Json:
        kinds = kind if isinstance(kind, list) else [kind]
        return {"type": [*kinds, "null"], **more}

    stamp = {"type": "string", "format": "date-time"}
    link_names = ["self", "record", "versions", "history", "metadata", "access", "files"]
    link_names += ["submit", "publish", "withdraw", "landing"]
    return {
        "DepositError": obj(
            {"exception": TEXT, "reason": TEXT},
            {"error": TEXT, "errors": {"type": "object", "additionalProperties": TEXT}},
        ),
        "DepositVersion": obj(
            {
                "id": {"type": "integer"},
                "record": {"type": "integer"},
                "number": {"type": "integer", "minimum": 1},
                "state": {"type": "string", "enum": list(Version.State.values)},
                "access": {"type": "string", "enum": list(Version.Access.values)},
                "embargo_until": optional("string", format="date"),
                "ark": optional("string"),
                "record_ark": optional("string"),
                "doi": optional("string"),
                "title": TEXT,
                "publication_year": optional("integer"),
                "created": stamp,
                "published_at": optional("string", format="date-time"),
                "withdrawn_at": optional("string", format="date-time"),
                "withdrawal_reason": TEXT,
                "metadata": {
                    "anyOf": [ref("DataCiteAttributes"), {"type": "null"}],
                    "description": "DataCite JSON attributes; null before they are set.",
                },
                "files": {"type": "array", "items": ref("DepositFile")},
                "links": obj({k: URL for k in link_names} | {"ark": optional("string")}),
            }
        ),
        "DepositFile": obj(
            {
                "name": TEXT,
                "size": {"type": "integer", "minimum": 0},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "md5": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "media_type": TEXT,
                "links": obj({"self": URL, "download": URL}),
            }
        ),
        "DepositChange": obj(
            {
                "id": {"type": "integer"},
                "action": TEXT,
                "at": stamp,
                "actor": TEXT,
                "version": optional("integer"),
                "details": {"type": "object"},
            }
        ),
        "DepositJob": obj(
            {
                "id": {"type": "integer"},
                "name": TEXT,
                "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed"]},
                "attempts": {"type": "integer", "minimum": 0},
                "max_attempts": {"type": "integer", "minimum": 1},
                "result": {"description": "What the job gave (name, size, checksums), or null."},
                "error": optional("string"),
                "created": stamp,
                "finished": optional("string", format="date-time"),
                "links": obj({"self": URL}),
            }
        ),
        "DepositNewRecord": {
            "type": "object",
            "properties": {
                "community": {"type": "string", "description": "A community's slug."},
                "metadata": ref("DataCiteAttributes"),
            },
        },
        "DataCiteAttributes": {
            "type": "object",
            "description": "DataCite JSON attributes (the REST API's camelCase keys). "
            "Without doi, a draft's identifier is (:tba) until publication.",
            "properties": {
                "doi": TEXT,
                "creators": {"type": "array", "items": {"type": "object"}},
                "titles": {"type": "array", "items": {"type": "object"}},
                "publisher": {"anyOf": [TEXT, {"type": "object"}]},
                "publicationYear": {"anyOf": [{"type": "integer"}, TEXT]},
                "types": {"type": "object"},
                "language": TEXT,
                "rightsList": {"type": "array", "items": {"type": "object"}},
                "relatedIdentifiers": {"type": "array", "items": {"type": "object"}},
            },
        },
        "DepositAccess": {
            "type": "object",
            "required": ["access"],
            "properties": {
                "access": {"type": "string", "enum": list(Version.Access.values)},
                "embargo_until": {"type": "string", "format": "date"},
            },
        },
        "DepositFileSource": {
            "type": "object",
            "description": "A finished resumable upload (upload, name), or a URL to fetch "
            "(url, and a name, else the URL's last segment): answered 202 with the job.",
            "properties": {
                "upload": {"type": "string", "description": "The id of a finished upload."},
                "url": {"type": "string", "description": "An http(s) URL to fetch."},
                "name": TEXT,
            },
        },
        "DepositWithdrawal": {
            "type": "object",
            "required": ["reason"],
            "properties": {"reason": {"type": "string", "minLength": 1}},
        },
    }
