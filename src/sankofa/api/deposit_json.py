"""What the deposit API answers: versions, files, changes and jobs as JSON, and errors.

A version document carries its metadata as DataCite JSON attributes (what ``PUT
.../metadata`` takes back), its files (when the actor may see them), and links to
everything that can be done with it. Errors keep the API's ``{"exception", "reason"}``
and add ``error`` (the same sentence) and, for bad fields, ``errors`` (path -> message).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse

from sankofa.api.errors import ApiError
from sankofa.api.throttle import AuthenticationFailed, request_actor
from sankofa.core import jobs
from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.formats import datacite_json
from sankofa.datasets import links, visibility
from sankofa.datasets.errors import (
    DatasetError,
    FetchRefused,
    InvalidFileName,
    MetadataInvalid,
    NotFound,
    QuotaExceeded,
    UploadUnusable,
)
from sankofa.datasets.models import Change, File, Version

Json = dict[str, Any]
PUBLIC_STATES = frozenset({Version.State.PUBLISHED, Version.State.WITHDRAWN})
NAMES = {
    400: "BadInputExc",
    403: "ForbiddenExc",
    404: "NotFoundExc",
    409: "ConflictExc",
    413: "LargePayloadExc",
}


class DepositError(ApiError):
    """An error of the deposit API; `errors` names the bad fields."""

    def __init__(
        self, status: int, name: str, reason: str, errors: dict[str, str] | None = None
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.name = name
        self.errors = errors

    @classmethod
    def field(cls, path: str, message: str) -> DepositError:
        return cls(400, NAMES[400], f"{path}: {message}", {path: message})

    def response(self) -> JsonResponse:
        body: Json = {"exception": self.name, "reason": self.reason, "error": self.reason}
        if self.errors is not None:
            body["errors"] = self.errors
        return JsonResponse(body, status=self.status)


def translated(view: Callable[..., HttpResponseBase], max_id: int) -> Callable[..., Any]:
    """`view` with its id arguments made integers and the services' errors answered."""

    @functools.wraps(view)
    def run(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        for key in [k for k in kwargs if k.endswith("_id")]:
            kwargs[key] = int(kwargs[key])
            if not 0 < kwargs[key] <= max_id:
                raise DepositError(404, NAMES[404], f"no {key.removesuffix('_id')} {kwargs[key]}")
        try:
            return view(request, **kwargs)
        except Exception as exc:
            answer = _answer(request, exc)
            if answer is exc:
                raise
            raise answer from exc

    return run


def _answer(request: HttpRequest, exc: Exception) -> Exception:
    """The API error that tells the client what `exc` means (or `exc` itself)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, MetadataInvalid):
        return DepositError(400, NAMES[400], str(exc), exc.errors)
    fields: dict[type[Exception], str] = {
        visibility.InvalidAccess: "",
        InvalidFileName: "name",
        FetchRefused: "url",
        UploadUnusable: "upload",
    }
    for kind, path in fields.items():
        if isinstance(exc, kind):
            return DepositError.field(path or getattr(exc, "field", "access"), str(exc))
    if isinstance(exc, PermissionDenied):
        actor = request_actor(request)
        if actor.user_id is None and not actor.oversees_node:
            return AuthenticationFailed(f"{exc}; authenticate with a bearer token")
        return DepositError(403, NAMES[403], str(exc))
    statuses = ((NotFound, 404), (QuotaExceeded, 413), (DatasetError, 409), (ValueError, 400))
    for kind, status in statuses:
        if isinstance(exc, kind):
            return DepositError(status, NAMES[status], str(exc))
    return exc


def mapping(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DepositError.field(path, "must be a JSON object")
    return value


def may_see(actor: Actor, version: Version) -> bool:
    """Published versions and tombstones are public; drafts are their owner's (and in
    review, their curators')."""
    return version.state in PUBLIC_STATES or visibility.files_listed(actor, version)


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def api_url(request: HttpRequest, route: str, **kwargs: object) -> str:
    return request.build_absolute_uri(reverse(route, kwargs=kwargs))


def version(request: HttpRequest, actor: Actor, found: Version) -> Json:
    """The version document (see the module docstring)."""
    vid = found.pk
    resource = found.resource()
    shown = visibility.files_listed(actor, found) and found.state != Version.State.WITHDRAWN
    return {
        "id": found.pk,
        "record": found.record_id,
        "number": found.number,
        "state": found.state,
        "access": found.access,
        "embargo_until": _iso(found.embargo_until),
        "ark": found.ark,
        "record_ark": found.record.ark,
        "doi": found.doi,
        "title": found.title,
        "publication_year": found.publication_year,
        "created": _iso(found.created),
        "published_at": _iso(found.published_at),
        "withdrawn_at": _iso(found.withdrawn_at),
        "withdrawal_reason": found.withdrawal_reason,
        "metadata": None
        if resource is None
        else json.loads(datacite_json.dumps(datacite_json.attributes(resource))),
        "files": [file(request, f, found) for f in found.files.all()] if shown else [],
        "links": {
            "self": api_url(request, "api-1-datasets-version", version_id=vid),
            "record": api_url(request, "api-1-datasets-record", record_id=found.record_id),
            "versions": api_url(
                request, "api-1-datasets-record-versions", record_id=found.record_id
            ),
            "history": api_url(request, "api-1-datasets-record-history", record_id=found.record_id),
            "metadata": api_url(request, "api-1-datasets-version-metadata", version_id=vid),
            "access": api_url(request, "api-1-datasets-version-access", version_id=vid),
            "files": api_url(request, "api-1-datasets-version-files", version_id=vid),
            "submit": api_url(request, "api-1-datasets-version-submit", version_id=vid),
            "publish": api_url(request, "api-1-datasets-version-publish", version_id=vid),
            "withdraw": api_url(request, "api-1-datasets-version-withdraw", version_id=vid),
            "landing": links.landing_url(found),
            "ark": links.ark_url(found.ark) if found.ark else None,
        },
    }


def file(request: HttpRequest, found: File, of: Version | None = None) -> Json:
    owner = of if of is not None else found.version
    return {
        "name": found.name,
        "size": found.size,
        "sha256": found.sha256,
        "md5": found.md5,
        "media_type": found.media_type,
        "links": {
            "self": api_url(
                request, "api-1-datasets-version-file", version_id=owner.pk, name=found.name
            ),
            "download": links.download_url(found, owner),
        },
    }


def change(entry: Change) -> Json:
    return {
        "id": entry.pk,
        "action": entry.action,
        "at": entry.at.isoformat(),
        "actor": entry.actor_name,
        "version": entry.version.number if entry.version is not None else None,
        "details": entry.details,
    }


def job(request: HttpRequest, found: jobs.Job) -> Json:
    return {
        "id": found.pk,
        "name": found.name,
        "status": found.status,
        "attempts": found.attempts,
        "max_attempts": found.max_attempts,
        "result": found.result,
        "error": found.error_line() or None,
        "created": found.created.isoformat(),
        "finished": _iso(found.finished),
        "links": {"self": api_url(request, "api-1-datasets-job", job_id=found.pk)},
    }
