"""What every page's template knows about the inbox: ``inbox_unread``, the signed-in
person's unread notices, counted only if the page shows it (a lazy value), and never for
signed-out visitors (no query at all)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from sankofa.journals.mail import unread_count


def inbox(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    user_id = int(user.pk)
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(user_id))}
