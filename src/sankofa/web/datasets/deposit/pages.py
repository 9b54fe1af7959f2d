"""What every deposit page shares: sign-in first, answers after a POST, refusals as pages.

A service's error becomes a page with the status it deserves: `NotFound` 404,
`PermissionDenied` 403, a state that forbids the action (`InvalidState`) 409, anything
else a dataset service refuses 400. None of them is a server error.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sankofa.core.actors import PermissionDenied
from sankofa.datasets.errors import DatasetError, InvalidState, NotFound, QuotaExceeded
from sankofa.datasets.models import Version

View = Callable[..., HttpResponse]


def sign_in_first(view: View) -> View:
    """Signed-out people are sent to sign in, then back here."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def message(request: HttpRequest, title: str, text: str, status: int) -> HttpResponse:
    """A page saying in one sentence why the request could not be served."""
    return render(
        request, "datasets/deposit/message.html", {"title": title, "text": text}, status=status
    )


def refusal(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The page for an error a service raised."""
    if isinstance(exc, NotFound):
        return message(request, _("Not found"), str(exc), 404)
    if isinstance(exc, PermissionDenied):
        return message(request, _("Not allowed"), str(exc), 403)
    if isinstance(exc, InvalidState):
        return message(request, _("Not possible now"), str(exc), 409)
    if isinstance(exc, QuotaExceeded):
        return message(request, _("No room left"), str(exc), 413)
    if isinstance(exc, DatasetError | ValueError):
        return message(request, _("Bad request"), str(exc), 400)
    raise exc


def bad_form(request: HttpRequest) -> HttpResponse:
    return message(request, _("Bad request"), _("The form sent was incomplete."), 400)


def see_other(url: str) -> HttpResponseRedirect:
    """The answer to a POST that worked: the browser fetches `url` with GET."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def version_url(version: Version) -> str:
    """The page of a version, in the current language."""
    return reverse("datasets:version", args=[version.record_id, version.number])
