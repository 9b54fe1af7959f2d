"""``/api/1/origin/save/``: Save Code Now requests and forge webhooks, as Software Heritage.

``POST /origin/save/<visit_type>/url/<origin_url>/`` asks for an origin to be archived
and answers the request; ``GET`` on the same path lists that origin's requests and
``GET /origin/save/<request_id>/`` answers one. A rejected request answers 403
``ForbiddenExc``, too many requests 429 ``Throttled`` (with ``Retry-After``).
``POST /origin/save/webhook/<forge>/`` (github, gitlab, gitea, forgejo) turns a verified
push, tag or release delivery into a request; without ``SANKOFA_WEBHOOK_SECRET`` they
answer 403.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, re_path

from sankofa.api.errors import ApiError, BadInput, LargePayload, NotFound
from sankofa.api.links import Links
from sankofa.api.throttle import request_actor
from sankofa.api.views import endpoint
from sankofa.archive import save, webhooks
from sankofa.archive.save_models import SaveRequest
from sankofa.core.actors import Actor, PermissionDenied

REJECTED_REASON = (
    'The "save code now" request has been rejected because the provided origin url '
    "is on this node's deny list."
)
MAX_REQUEST_ID = 2**63 - 1


class Forbidden(ApiError):
    status = 403
    name = "ForbiddenExc"


class Throttled(ApiError):
    status = 429
    name = "Throttled"

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.retry_after = retry_after

    def response(self) -> JsonResponse:
        response = super().response()
        response["Retry-After"] = str(self.retry_after)
        return response


def serialize(links: Links, req: SaveRequest) -> dict[str, Any]:
    """A save request in Software Heritage's shape."""
    data: dict[str, Any] = {
        "id": req.pk,
        "request_url": links.url("api-1-origin-save-request", request_id=req.pk),
        "origin_url": req.origin_url,
        "visit_type": req.visit_type,
        "save_request_date": req.request_date.isoformat(),
        "save_request_status": req.status,
        "save_task_status": req.task_status,
        "visit_status": req.visit_status or None,
        "visit_date": None if req.visit_date is None else req.visit_date.isoformat(),
        "loading_task_id": -1 if req.job_id is None else req.job_id,
        "note": req.note or None,
        "from_webhook": req.from_webhook,
        "webhook_origin": req.webhook_origin or None,
        "snapshot_swhid": req.snapshot_swhid or None,
    }
    if req.snapshot_swhid:
        data["snapshot_url"] = links.url(
            "api-1-snapshot", snapshot_id=req.snapshot_swhid.rsplit(":", 1)[-1]
        )
    return data


def demangle(url: str) -> str:
    """Undo what some HTTP clients do to a URL inside a path (``https:/host`` for ``https://``)."""
    return re.sub(r"^(https?|git):/(?!/)", r"\1://", url)


def _ask(actor: Actor, url: str, visit_type: str, ip: str | None, webhook: str = "") -> SaveRequest:
    try:
        req = save.request_save(actor, url, visit_type, ip=ip, webhook=webhook)
    except save.InvalidSaveRequest as exc:
        raise BadInput(str(exc)) from None
    except save.RateLimited as exc:
        raise Throttled(str(exc), exc.retry_after) from None
    except PermissionDenied as exc:
        raise Forbidden(str(exc)) from None
    if req.status == SaveRequest.Status.REJECTED:
        raise Forbidden(REJECTED_REASON)
    return req


@endpoint("GET", "POST")
def origin_save(request: HttpRequest, visit_type: str, origin_url: str) -> JsonResponse:
    url = demangle(origin_url)
    links = Links(request)
    if request.method == "POST":
        ip = request.META.get("REMOTE_ADDR")
        req = _ask(request_actor(request), url, visit_type, ip)
        return JsonResponse(serialize(links, req))
    try:
        found = save.requests_for_origin(url, visit_type)
    except save.SaveRequestNotFound as exc:
        raise NotFound(str(exc)) from None
    return JsonResponse([serialize(links, r) for r in found], safe=False)


@endpoint("GET")
def origin_save_request(request: HttpRequest, request_id: str) -> JsonResponse:
    if not request_id.isdigit() or not 0 < int(request_id) <= MAX_REQUEST_ID:
        raise BadInput(f"request_id: {request_id!r} is not a save request number")
    try:
        req = save.get_request(int(request_id))
    except save.SaveRequestNotFound as exc:
        raise NotFound(str(exc)) from None
    return JsonResponse(serialize(Links(request), req))


def _webhook(forge: str) -> Any:
    @endpoint("POST")
    def receive(request: HttpRequest) -> JsonResponse:
        secret = settings.SANKOFA_WEBHOOK_SECRET
        if not secret:
            raise Forbidden("webhooks are turned off: the node has no SANKOFA_WEBHOOK_SECRET")
        try:
            body = request.body
        except RequestDataTooBig:
            raise LargePayload("the webhook payload is too large") from None
        headers = dict(request.headers)
        try:
            webhooks.verify(forge, headers, body, secret)
            delivery = webhooks.parse(forge, headers, body)
        except webhooks.BadSignature as exc:
            raise Forbidden(str(exc)) from None
        except webhooks.WebhookError as exc:
            raise BadInput(str(exc)) from None
        if delivery.event == "ping":
            return JsonResponse({"message": "pong"})
        if delivery.private:
            raise BadInput(
                f"Repository {delivery.repo_url} is private and cannot be cloned "
                "without authentication."
            )
        actor = Actor(name=f"{webhooks.FORGE_NAMES[forge]} webhook")
        req = _ask(actor, delivery.repo_url, "git", request.META.get("REMOTE_ADDR"), forge)
        data = serialize(Links(request), req)
        keys = ("origin_url", "visit_type", "save_request_date", "save_request_status")
        return JsonResponse({k: data[k] for k in (*keys, "request_url")})

    receive.__name__ = f"origin_save_webhook_{forge}"
    return receive


urlpatterns: list[URLPattern] = [
    *(
        re_path(
            rf"^origin/save/webhook/{forge}/$",
            _webhook(forge),
            name=f"api-1-origin-save-webhook-{forge}",
        )
        for forge in webhooks.FORGES
    ),
    re_path(
        r"^origin/save/(?P<visit_type>[^/]+)/url/(?P<origin_url>.+)/$",
        origin_save,
        name="api-1-origin-save",
    ),
    re_path(
        r"^origin/save/(?P<request_id>[^/]+)/$",
        origin_save_request,
        name="api-1-origin-save-request",
    ),
]


# --- OpenAPI ------------------------------------------------------------------------------


def openapi_paths() -> dict[str, Any]:
    """OpenAPI path items of these endpoints, keyed by path below /api/1."""
    from sankofa.api.openapi import RATE_HEADERS, error, json_ok, path_param, ref

    def responses(ok: dict[str, Any], *statuses: int) -> dict[str, Any]:
        """200 `ok` with the rate-limit headers; the errors of `statuses`, 401 and 429."""
        forbidden = json_ok("403 ForbiddenExc", ref("SaveError"))
        errors = {str(s): forbidden if s == 403 else error(s) for s in {*statuses, 401, 429}}
        ok = ok | {"headers": RATE_HEADERS | ok.get("headers", {})}
        return {"200": ok} | dict(sorted(errors.items()))

    visit_type = path_param(
        "visit_type", {"type": "string", "minLength": 1}, "The visit type (git).", "git"
    )
    origin_url = path_param(
        "origin_url",
        {"type": "string", "minLength": 1},
        "The URL of the origin to save (http, https or git).",
        "https://github.com/git/git",
    )
    request_id = path_param(
        "request_id", {"type": "integer", "minimum": 1}, "A save request number.", 1
    )
    one = json_ok("The save request", ref("SaveRequest"))
    many = json_ok("The origin's save requests", {"type": "array", "items": ref("SaveRequest")})
    paths: dict[str, Any] = {
        "/origin/save/{visit_type}/url/{origin_url}/": {
            "get": {
                "operationId": "api-1-origin-save",
                "summary": "The save requests of an origin",
                "parameters": [visit_type, origin_url],
                "responses": responses(many, 400, 404),
            },
            "post": {
                "operationId": "api-1-origin-save-post",
                "summary": "Ask for an origin to be archived",
                "parameters": [visit_type, origin_url],
                "responses": responses(one, 400, 403, 404),
            },
        },
        "/origin/save/{request_id}/": {
            "get": {
                "operationId": "api-1-origin-save-request",
                "summary": "One save request",
                "parameters": [request_id],
                "responses": responses(one, 400, 404),
            }
        },
    }
    for forge in webhooks.FORGES:
        name = webhooks.FORGE_NAMES[forge]
        paths[f"/origin/save/webhook/{forge}/"] = {
            "post": {
                "operationId": f"api-1-origin-save-webhook-{forge}",
                "summary": f"{name} webhook: save the repository on push, tag or release",
                "parameters": [],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "responses": responses(
                    json_ok("The save request, or a pong", ref("SaveWebhookAnswer")), 400, 403, 413
                ),
            }
        }
    return paths


def openapi_schemas() -> dict[str, Any]:
    """Component schemas these endpoints' path items refer to."""
    from sankofa.api.openapi import DATE, TEXT, URL, obj

    def optional(kind: str) -> dict[str, Any]:
        return {"type": [kind, "null"]}

    statuses = {"type": "string", "enum": SaveRequest.Status.values}
    return {
        "SaveRequest": obj(
            {
                "id": {"type": "integer"},
                "request_url": URL,
                "origin_url": TEXT,
                "visit_type": TEXT,
                "save_request_date": {"type": "string", "format": "date-time"},
                "save_request_status": statuses,
                "save_task_status": {"type": "string", "enum": SaveRequest.TaskStatus.values},
                "visit_status": optional("string"),
                "visit_date": DATE,
                "loading_task_id": {"type": "integer"},
                "note": optional("string"),
                "from_webhook": {"type": "boolean"},
                "webhook_origin": optional("string"),
                "snapshot_swhid": optional("string"),
            },
            {"snapshot_url": URL},
        ),
        "SaveWebhookAnswer": obj(
            {},
            {
                "message": TEXT,
                "origin_url": TEXT,
                "visit_type": TEXT,
                "save_request_date": {"type": "string", "format": "date-time"},
                "save_request_status": statuses,
                "request_url": URL,
            },
        ),
        "SaveError": obj(
            {
                "exception": {
                    "type": "string",
                    "enum": ["ForbiddenExc"],
                },
                "reason": TEXT,
            }
        ),
    }
