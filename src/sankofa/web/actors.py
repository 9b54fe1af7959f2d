"""The actor behind a request: a signed-in user, a bearer token, or the public.

Edges call :func:`actor_of` and hand the result to services; services never see the
request.
"""

from __future__ import annotations

from django.http import HttpRequest

from sankofa.accounts.roles import actor_for
from sankofa.accounts.tokens import actor_from_request_token
from sankofa.core.actors import Actor

PUBLIC = Actor(name="public")


def actor_of(request: HttpRequest) -> Actor:
    """Who is asking: the session's user, else an ``Authorization: Bearer`` token, else public."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return actor_for(user)
    token = actor_from_request_token(request.META.get("HTTP_AUTHORIZATION"))
    return token if token is not None else PUBLIC
