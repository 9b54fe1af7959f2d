"""Who asks ``/api/1/``, and how often they may.

A request carrying ``Authorization: Bearer <token>`` is made by the token's owner; a
token that proves nothing (unknown, revoked, its owner inactive) is refused with 401,
never served as anonymous. Other authorization schemes are ignored (a proxy's Basic
credentials are not ours to judge); a signed-in browser session counts as its user.

Limits (settings ``SANKOFA_API_ANON_RATE``, ``SANKOFA_API_USER_RATE``): anonymous
requests count per client address (an IPv6 address by its /64), authenticated ones per
user; operators and admins are not limited, nor are authenticated users on the routes
of :data:`USER_UNLIMITED` (``known/``, which a scanner calls in bulk). Every counted
answer carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and
``X-RateLimit-Reset`` (seconds since the epoch), as Software Heritage sends them; a
request over the limit gets 429 with ``Retry-After``.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase

from sankofa.accounts.tokens import actor_from_request_token
from sankofa.api.errors import ApiError
from sankofa.core.actors import Actor
from sankofa.core.ratelimit import (
    DatabaseRateLimiter,
    InvalidRate,
    MemoryRateLimiter,
    Rate,
    RateLimiter,
    Verdict,
)
from sankofa.web.actors import PUBLIC, actor_of

USER_UNLIMITED = frozenset({"api-1-known"})
ACTOR_ATTRIBUTE = "sankofa_api_actor"
VERDICT_ATTRIBUTE = "sankofa_api_verdict"
BACKENDS: dict[str, type[RateLimiter]] = {
    "database": DatabaseRateLimiter,
    "memory": MemoryRateLimiter,
}


class AuthenticationFailed(ApiError):
    """401, under the name Software Heritage's API gives a refused bearer token."""

    status = 401
    name = "AuthenticationFailed"

    def response(self) -> JsonResponse:
        response = super().response()
        response["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
        return response


class Throttled(ApiError):
    """429, with Software Heritage's name and reason, and ``Retry-After``."""

    status = 429
    name = "Throttled"

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(
            f"Request was throttled. Expected available in {verdict.retry_after} seconds."
        )
        self.verdict = verdict

    def response(self) -> JsonResponse:
        response = super().response()
        response["Retry-After"] = str(self.verdict.retry_after)
        return response


def authenticate(request: HttpRequest) -> Actor:
    """The request's actor, kept on the request; AuthenticationFailed for a bad bearer token."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, credentials = header.strip().partition(" ")
    if scheme.lower() == "bearer":
        actor = actor_from_request_token(header)
        if actor is None:
            reason = "Invalid or revoked bearer token." if credentials.strip() else "Empty token."
            raise AuthenticationFailed(reason)
    else:
        actor = actor_of(request)
    setattr(request, ACTOR_ATTRIBUTE, actor)
    return actor


def request_actor(request: HttpRequest) -> Actor:
    """The actor :func:`authenticate` found for `request` (the public if it was not asked)."""
    actor = getattr(request, ACTOR_ATTRIBUTE, PUBLIC)
    assert isinstance(actor, Actor)
    return actor


def admit(request: HttpRequest, actor: Actor) -> None:
    """Count the request against its limit; Throttled if it is over."""
    key = _bucket(request, actor)
    if key is None:
        return
    bucket, rate = key
    verdict = limiter().hit(bucket, rate)
    setattr(request, VERDICT_ATTRIBUTE, verdict)
    if not verdict.allowed:
        raise Throttled(verdict)


def _bucket(request: HttpRequest, actor: Actor) -> tuple[str, Rate] | None:
    """(bucket, rate) counting this request, or None if nothing limits it."""
    if actor.oversees_node:
        return None
    if actor.user_id is not None:
        match = request.resolver_match
        if match is not None and match.url_name in USER_UNLIMITED:
            return None
        rate = _rate(settings.SANKOFA_API_USER_RATE)
        return None if rate is None else (f"api-user:{actor.user_id}", rate)
    rate = _rate(settings.SANKOFA_API_ANON_RATE)
    return None if rate is None else (f"api-anon:{client_address(request)}", rate)


@functools.lru_cache(maxsize=8)
def _rate(text: str) -> Rate | None:
    return Rate.parse(text)


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR (gunicorn sets it from X-Forwarded-For for trusted proxies only).

    An IPv6 client is counted by its /64, the block one host usually holds.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def add_headers(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """The X-RateLimit-* headers of a counted request."""
    verdict = getattr(request, VERDICT_ATTRIBUTE, None)
    if isinstance(verdict, Verdict):
        response["X-RateLimit-Limit"] = str(verdict.limit)
        response["X-RateLimit-Remaining"] = str(verdict.remaining)
        response["X-RateLimit-Reset"] = str(verdict.reset)
    return response


def limiter() -> RateLimiter:
    """The limiter the settings name (``SANKOFA_API_RATE_BACKEND``), one per process."""
    return _limiter(settings.SANKOFA_API_RATE_BACKEND)


@functools.lru_cache(maxsize=4)
def _limiter(name: str) -> RateLimiter:
    return BACKENDS[name]()


def check_limits(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """System checks: sankofa.E201 (a rate that does not parse), E202 (unknown backend)."""
    messages: list[CheckMessage] = []
    for name in ("SANKOFA_API_ANON_RATE", "SANKOFA_API_USER_RATE"):
        try:
            Rate.parse(getattr(settings, name))
        except InvalidRate as exc:
            messages.append(Error(f"{name}: {exc}.", hint="e.g. 120/h", id="sankofa.E201"))
    backend = settings.SANKOFA_API_RATE_BACKEND
    if backend not in BACKENDS:
        messages.append(
            Error(
                f"SANKOFA_API_RATE_BACKEND {backend!r} is not one of {', '.join(BACKENDS)}.",
                id="sankofa.E202",
            )
        )
    return messages
