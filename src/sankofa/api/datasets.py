"""The deposit API below ``/api/1/datasets/``: the whole life of a dataset over JSON.

Create a draft (``POST records/``), set its DataCite metadata (``PUT
versions/<id>/metadata``) and access (``PUT versions/<id>/access``), add files (``PUT
versions/<id>/files/<name>`` with the bytes as the body; ``POST versions/<id>/files``
naming a finished resumable upload, or a URL the node fetches in a job, 202), submit,
publish, start a new version, withdraw, discard; read records, versions, their history
and fetch jobs. Every view parses, calls one service and renders (:mod:`.deposit_json`);
the services check who may do what.

Errors are JSON: ``{"exception", "reason", "error", "errors"}``, ``errors`` naming each
bad field (``{"titles[0].title": "is missing"}``) with 400; 401 without a valid token,
403 when the actor may not, 404, 409 when the version's state forbids it, 413 past a
quota.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any, BinaryIO, cast

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, re_path

from sankofa.api import deposit_json, deposit_openapi
from sankofa.api.deposit_json import DepositError, Json, translated
from sankofa.api.throttle import request_actor
from sankofa.api.views import endpoint
from sankofa.core import jobs
from sankofa.core.actors import Actor
from sankofa.datasets import services, validation, visibility
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Community, Record, Version

MAX_ID = 2**63 - 1
_TYPE = re.compile(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")


def deposit(*methods: str) -> Callable[[Callable[..., HttpResponseBase]], Any]:
    """`endpoint`, with the dataset services' errors answered as JSON and ids checked."""

    def wrap(view: Callable[..., HttpResponseBase]) -> Any:
        return endpoint(*methods)(translated(view, MAX_ID))

    return wrap


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        raw = request.body
    except RequestDataTooBig:
        raise DepositError(413, "LargePayloadExc", "the JSON body is too large") from None
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise DepositError(400, "BadInputExc", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise DepositError(400, "BadInputExc", "the body must be a JSON object")
    return data


def _created(data: Json, status: int = 201) -> JsonResponse:
    response = JsonResponse(data, status=status)
    if "links" in data and "self" in data["links"]:
        response["Location"] = data["links"]["self"]
    return response


# --- records ------------------------------------------------------------------------------


@deposit("POST")
def records(request: HttpRequest) -> HttpResponseBase:
    data = _body(request)
    actor = request_actor(request)
    resource = None
    if data.get("metadata") is not None:
        resource = validation.parse_metadata(deposit_json.mapping(data["metadata"], "metadata"))
    community = _community(data.get("community"))
    with transaction.atomic():  # a draft and its metadata, or nothing
        version = services.create_draft(actor, community)
        if resource is not None:
            version = services.set_metadata(actor, version.pk, resource)
    return _created(deposit_json.version(request, actor, version))


def _community(slug: object) -> Community | None:
    if slug is None:
        return None
    found = Community.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    if found is None:
        raise DepositError.field("community", f"no community {str(slug)[:100]!r}")
    return found


@deposit("GET")
def record(request: HttpRequest, record_id: int) -> HttpResponseBase:
    latest = Record.objects.filter(pk=record_id).values_list("latest", flat=True).first()
    if latest is None:
        raise NotFound(f"record {record_id} has no published version")
    actor = request_actor(request)
    return JsonResponse(deposit_json.version(request, actor, _visible(actor, latest)))


@deposit("GET", "POST")
def record_versions(request: HttpRequest, record_id: int) -> HttpResponseBase:
    actor = request_actor(request)
    if request.method == "POST":
        return _created(
            deposit_json.version(request, actor, services.new_version(actor, record_id))
        )
    if not Record.objects.filter(pk=record_id).exists():
        raise NotFound(f"no dataset record {record_id}")
    shown = [
        v
        for v in Version.objects.select_related("record__community").filter(record_id=record_id)
        if deposit_json.may_see(actor, v)
    ]
    return JsonResponse([deposit_json.version(request, actor, v) for v in shown], safe=False)


@deposit("GET")
def record_history(request: HttpRequest, record_id: int) -> HttpResponseBase:
    changes = services.history(request_actor(request), record_id)
    return JsonResponse([deposit_json.change(c) for c in changes], safe=False)


# --- versions -----------------------------------------------------------------------------


def _visible(actor: Actor, version_id: int) -> Version:
    version = Version.objects.select_related("record__community").filter(pk=version_id).first()
    if version is None or not deposit_json.may_see(actor, version):
        raise NotFound(f"no dataset version {version_id}")
    return version


@deposit("GET", "DELETE")
def version(request: HttpRequest, version_id: int) -> HttpResponseBase:
    actor = request_actor(request)
    if request.method == "DELETE":
        services.discard_draft(actor, version_id)
        return HttpResponse(status=204)
    return JsonResponse(deposit_json.version(request, actor, _visible(actor, version_id)))


@deposit("PUT")
def version_metadata(request: HttpRequest, version_id: int) -> HttpResponseBase:
    actor = request_actor(request)
    resource = validation.parse_metadata(_body(request))
    found = services.set_metadata(actor, version_id, resource)
    return JsonResponse(deposit_json.version(request, actor, found))


@deposit("PUT")
def version_access(request: HttpRequest, version_id: int) -> HttpResponseBase:
    actor = request_actor(request)
    data = _body(request)
    level = data.get("access")
    if not isinstance(level, str):
        raise DepositError.field("access", "give the access level: " + ", ".join(Version.Access))
    until = data.get("embargo_until")
    day = None
    if until is not None:
        try:
            day = date.fromisoformat(until) if isinstance(until, str) else None
        except ValueError:
            day = None
        if day is None:
            raise DepositError.field("embargo_until", f"{str(until)[:40]!r} is no YYYY-MM-DD date")
    found = visibility.set_access(actor, version_id, level, day)
    return JsonResponse(deposit_json.version(request, actor, found))


@deposit("POST")
def version_submit(request: HttpRequest, version_id: int) -> HttpResponseBase:
    actor = request_actor(request)
    return JsonResponse(deposit_json.version(request, actor, services.submit(actor, version_id)))


@deposit("POST")
def version_publish(request: HttpRequest, version_id: int) -> HttpResponseBase:
    actor = request_actor(request)
    return JsonResponse(deposit_json.version(request, actor, services.publish(actor, version_id)))


@deposit("POST")
def version_withdraw(request: HttpRequest, version_id: int) -> HttpResponseBase:
    actor = request_actor(request)
    reason = _body(request).get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise DepositError.field("reason", "a withdrawal needs a reason, shown on the tombstone")
    found = services.withdraw(actor, version_id, reason)
    return JsonResponse(deposit_json.version(request, actor, found))


# --- files --------------------------------------------------------------------------------


@deposit("GET", "POST")
def version_files(request: HttpRequest, version_id: int) -> HttpResponseBase:
    actor = request_actor(request)
    if request.method == "GET":
        found = _visible(actor, version_id)
        return JsonResponse(deposit_json.version(request, actor, found)["files"], safe=False)
    data = _body(request)
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise DepositError.field("name", "a file name is text")
    if isinstance(data.get("upload"), str) == isinstance(data.get("url"), str):
        raise DepositError.field("upload", "give either an upload id or a URL to fetch (url)")
    if isinstance(data.get("url"), str):
        job = services.start_fetch(actor, version_id, data["url"], name)
        return _created(deposit_json.job(request, job), 202)
    if name is None:
        raise DepositError.field("name", "give the file a name")
    added = services.add_upload(actor, version_id, data["upload"], name)
    return _created(deposit_json.file(request, added))


@deposit("PUT", "DELETE")
def version_file(request: HttpRequest, version_id: int, name: str) -> HttpResponseBase:
    actor = request_actor(request)
    if request.method == "DELETE":
        services.remove_file(actor, version_id, name)
        return HttpResponse(status=204)
    length = request.headers.get("Content-Length", "")
    added = services.add_file(
        actor,
        version_id,
        name,
        cast(BinaryIO, request),  # read in chunks as it arrives: constant memory
        media_type=_media_type(request),
        expected_size=int(length) if length.isdigit() else None,
    )
    return _created(deposit_json.file(request, added))


def _media_type(request: HttpRequest) -> str | None:
    """The type the client named, if it says more than "bytes"; else the name decides."""
    given = (request.content_type or "").strip().lower()
    if not _TYPE.fullmatch(given) or given == "application/octet-stream":
        return None
    return given


@deposit("GET")
def job(request: HttpRequest, job_id: int) -> HttpResponseBase:
    try:
        found = jobs.get_job(request_actor(request), job_id)
    except jobs.JobNotFound:
        raise NotFound(f"no job {job_id}") from None
    return JsonResponse(deposit_json.job(request, found))


ID = r"(?P<{}>[0-9]+)"
RECORD = r"^records/" + ID.format("record_id")
VERSION = r"^versions/" + ID.format("version_id")

urlpatterns: list[URLPattern] = [
    re_path(r"^records/?$", records, name="api-1-datasets-records"),
    re_path(RECORD + r"/?$", record, name="api-1-datasets-record"),
    re_path(RECORD + r"/versions/?$", record_versions, name="api-1-datasets-record-versions"),
    re_path(RECORD + r"/history/?$", record_history, name="api-1-datasets-record-history"),
    re_path(VERSION + r"/?$", version, name="api-1-datasets-version"),
    re_path(VERSION + r"/metadata/?$", version_metadata, name="api-1-datasets-version-metadata"),
    re_path(VERSION + r"/access/?$", version_access, name="api-1-datasets-version-access"),
    re_path(VERSION + r"/files/?$", version_files, name="api-1-datasets-version-files"),
    re_path(VERSION + r"/files/(?P<name>[^/]+)$", version_file, name="api-1-datasets-version-file"),
    re_path(VERSION + r"/submit/?$", version_submit, name="api-1-datasets-version-submit"),
    re_path(VERSION + r"/publish/?$", version_publish, name="api-1-datasets-version-publish"),
    re_path(VERSION + r"/withdraw/?$", version_withdraw, name="api-1-datasets-version-withdraw"),
    re_path(r"^jobs/" + ID.format("job_id") + r"/?$", job, name="api-1-datasets-job"),
]


def openapi_paths() -> dict[str, Any]:
    """OpenAPI path items of these endpoints, keyed by path below /api/1."""
    return deposit_openapi.paths()


def openapi_schemas() -> dict[str, Any]:
    return deposit_openapi.schemas()
