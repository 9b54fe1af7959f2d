"""The one place that turns a request into a usage `Hit` (the services never see it)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from sankofa.datasets.usage import Hit

__all__ = ["hit_from_request"]


def hit_from_request(request: HttpRequest) -> Hit:
    """Who looked, and when: the signed-in user's id, else the session (when there is
    one), else the client address and user agent (kept only as a salted key)."""
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None) or ""
    return Hit(
        address=str(request.META.get("REMOTE_ADDR", "")),
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:1000],
        user_id=user_id,
        session=session_key,
        at=timezone.now(),
    )
