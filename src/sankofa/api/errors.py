"""API errors in Software Heritage's shape: ``{"exception": <name>, "reason": <text>}``.

The name is the one Software Heritage's API gives for the same failure, so clients that
look at it keep working: ``BadInputExc`` (400: a malformed hash, SWHID or parameter,
the reason names it), ``NotFoundExc`` (404), ``MethodNotAllowed`` (405),
``LargePayloadExc`` (413).
"""

from __future__ import annotations

from django.http import JsonResponse


class ApiError(Exception):
    status = 500
    name = "InternalError"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def response(self) -> JsonResponse:
        return error_response(self.status, self.name, self.reason)


class BadInput(ApiError):
    status = 400
    name = "BadInputExc"


class NotFound(ApiError):
    status = 404
    name = "NotFoundExc"


class MethodNotAllowed(ApiError):
    status = 405
    name = "MethodNotAllowed"


class LargePayload(ApiError):
    status = 413
    name = "LargePayloadExc"


def error_response(status: int, name: str, reason: str) -> JsonResponse:
    return JsonResponse({"exception": name, "reason": reason}, status=status)
