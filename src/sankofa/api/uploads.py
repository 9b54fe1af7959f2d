"""``/api/uploads/``: resumable uploads with the tus 1.0.0 protocol (https://tus.io).

``POST /api/uploads/`` with ``Upload-Length`` (and optionally ``Upload-Metadata``, and
the first bytes as an ``application/offset+octet-stream`` body) creates an upload and
answers 201 with its ``Location``; ``HEAD`` on that URL says its ``Upload-Offset``;
``PATCH`` appends at that offset (409 otherwise; ``Upload-Checksum`` with sha1, sha256
or md5 is verified, 460 on a mismatch); ``DELETE`` terminates it; ``OPTIONS`` names the
version, extensions, maximum size and checksum algorithms.  ``GET`` answers the upload
as JSON, with its sha256 and md5 once complete.  A complete upload's ``HEAD`` and last
``PATCH`` also carry ``Repr-Digest`` (RFC 9530, sha-256 and md5).

Only people with a bearer token upload (401 otherwise); an upload is its owner's alone
(404 for anyone else).  Every request but ``OPTIONS`` and ``GET`` must say
``Tus-Resumable: 1.0.0`` (412 otherwise).  Errors are JSON, ``{"exception", "reason"}``.
"""

from __future__ import annotations

import base64
import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path, reverse
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from sankofa.accounts.tokens import actor_from_request_token
from sankofa.api.errors import ApiError, BadInput, LargePayload, MethodNotAllowed, NotFound
from sankofa.api.throttle import AuthenticationFailed
from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.uploads import protocol, services
from sankofa.core.uploads.models import Upload

View = Callable[..., HttpResponse]


def _error(status: int, name: str) -> type[ApiError]:
    return type(name, (ApiError,), {"status": status, "name": name})


Conflict = _error(409, "Conflict")
Gone = _error(410, "Gone")
LengthRequired = _error(411, "LengthRequired")
UnsupportedMediaType = _error(415, "UnsupportedMediaType")
Locked = _error(423, "Locked")
ChecksumMismatch = _error(460, "ChecksumMismatch")


class VersionUnsupported(ApiError):
    status = 412
    name = "PreconditionFailed"


SERVICE_ERRORS: dict[type[Exception], type[ApiError]] = {
    services.UploadNotFound: NotFound,
    services.UploadGone: Gone,
    services.UploadTooLarge: LargePayload,
    services.OffsetMismatch: Conflict,
    services.UploadBusy: Locked,
    services.ChecksumMismatch: ChecksumMismatch,
    protocol.HeaderError: BadInput,
}


def tus(*methods: str) -> Callable[[View], View]:
    """Allow `methods` (after ``X-HTTP-Method-Override``), check the version, map errors."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def run(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            method = request.META.get("HTTP_X_HTTP_METHOD_OVERRIDE", request.method or "")
            request.method = method.upper()
            try:
                if request.method not in methods:
                    raise MethodNotAllowed(f'Method "{request.method}" not allowed.')
                if request.method not in ("OPTIONS", "GET"):
                    _check_version(request)
                response = view(request, **kwargs)
            except tuple(SERVICE_ERRORS) as exc:
                response = SERVICE_ERRORS[type(exc)](str(exc)).response()
            except ApiError as exc:
                response = exc.response()
            if response.status_code in (405, 412):
                response["Allow"] = ", ".join(methods)
                response["Tus-Version"] = protocol.TUS_VERSION
            response["Tus-Resumable"] = protocol.TUS_VERSION
            response["Cache-Control"] = "no-store"
            return response

        return csrf_exempt(run)

    return wrap


def _check_version(request: HttpRequest) -> None:
    given = request.META.get("HTTP_TUS_RESUMABLE")
    if given != protocol.TUS_VERSION:
        raise VersionUnsupported(
            f"Tus-Resumable: {given!r} is not a version this server speaks ({protocol.TUS_VERSION})"
        )


def _actor(request: HttpRequest) -> Actor:
    actor = actor_from_request_token(request.META.get("HTTP_AUTHORIZATION"))
    if actor is None:
        raise AuthenticationFailed("Uploading needs an API token: Authorization: Bearer <token>")
    return actor


def _body_length(request: HttpRequest) -> int:
    try:
        return protocol.parse_size("Content-Length", request.META.get("CONTENT_LENGTH") or "0")
    except protocol.HeaderError as exc:
        raise BadInput(str(exc)) from None


def _offset_body(request: HttpRequest, required: bool) -> None:
    if (required or _body_length(request)) and request.content_type != protocol.OFFSET_CONTENT_TYPE:
        raise UnsupportedMediaType(f"Content-Type: must be {protocol.OFFSET_CONTENT_TYPE}")


def _state_headers(response: HttpResponse, upload: Upload) -> HttpResponse:
    response["Upload-Offset"] = str(upload.offset)
    if upload.complete:
        sha256, md5 = (
            base64.b64encode(bytes.fromhex(d)).decode() for d in (upload.sha256, upload.md5)
        )
        response["Repr-Digest"] = f"sha-256=:{sha256}:, md5=:{md5}:"
    else:
        response["Upload-Expires"] = http_date(upload.expires.timestamp())
    return response


def _options() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Tus-Version"] = protocol.TUS_VERSION
    response["Tus-Extension"] = ",".join(protocol.EXTENSIONS)
    response["Tus-Max-Size"] = str(services.max_size())
    response["Tus-Checksum-Algorithm"] = ",".join(protocol.CHECKSUM_ALGORITHMS)
    return response


@tus("OPTIONS", "POST")
def collection(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        return _options()
    actor = _actor(request)
    if "HTTP_UPLOAD_DEFER_LENGTH" in request.META:
        raise BadInput("Upload-Defer-Length: not supported here; send Upload-Length")
    length = protocol.parse_size("Upload-Length", request.META.get("HTTP_UPLOAD_LENGTH"))
    metadata = protocol.parse_metadata(request.META.get("HTTP_UPLOAD_METADATA"))
    checksum = protocol.parse_checksum(request.META.get("HTTP_UPLOAD_CHECKSUM"))
    _offset_body(request, required=False)
    body = _body_length(request)
    if body > length:
        raise LargePayload(f"Content-Length: {body} bytes overrun Upload-Length {length}")
    try:
        upload = services.create_upload(actor, length, metadata)
        if body:
            upload = services.append(actor, upload.id, 0, request, body, checksum)
    except PermissionDenied as exc:
        raise AuthenticationFailed(str(exc)) from None
    response = HttpResponse(status=201)
    response["Location"] = request.build_absolute_uri(
        reverse("uploads-resource", kwargs={"upload_id": upload.id})
    )
    return _state_headers(response, upload)


@tus("OPTIONS", "GET", "HEAD", "PATCH", "DELETE")
def resource(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    if request.method == "OPTIONS":
        return _options()
    actor = _actor(request)
    if request.method == "PATCH":
        return _patch(request, actor, upload_id)
    if request.method == "DELETE":
        services.terminate(actor, upload_id)
        return HttpResponse(status=204)
    upload = services.upload_status(actor, upload_id)
    if request.method == "GET":
        return JsonResponse(describe(request, upload))
    response = _state_headers(HttpResponse(status=200), upload)
    response["Upload-Length"] = str(upload.length)
    if upload.metadata:
        response["Upload-Metadata"] = upload.metadata
    return response


def _patch(request: HttpRequest, actor: Actor, upload_id: uuid.UUID) -> HttpResponse:
    _offset_body(request, required=True)
    if not request.META.get("CONTENT_LENGTH"):
        raise LengthRequired("Content-Length: the header is required")
    offset = protocol.parse_size("Upload-Offset", request.META.get("HTTP_UPLOAD_OFFSET"))
    checksum = protocol.parse_checksum(request.META.get("HTTP_UPLOAD_CHECKSUM"))
    upload = services.append(actor, upload_id, offset, request, _body_length(request), checksum)
    return _state_headers(HttpResponse(status=204), upload)


def describe(request: HttpRequest, upload: Upload) -> dict[str, Any]:
    """An upload as JSON: where it stands, its metadata (as text) and, once complete, digests."""
    pairs = protocol.parse_metadata(upload.metadata)
    return {
        "id": str(upload.id),
        "url": request.build_absolute_uri(
            reverse("uploads-resource", kwargs={"upload_id": upload.id})
        ),
        "length": upload.length,
        "offset": upload.offset,
        "complete": upload.complete,
        "expires": None if upload.complete else upload.expires.isoformat(),
        "metadata": {k: protocol.metadata_text(pairs, k) for k in pairs},
        "sha256": upload.sha256 or None,
        "md5": upload.md5 or None,
    }


urlpatterns: list[URLPattern] = [
    path("", collection, name="uploads-collection"),
    path("<uuid:upload_id>/", resource, name="uploads-resource"),
]
