"""Dataset file pages: downloads, asking for access to a restricted record, deciding requests.

Each view parses the request, calls one service of `sankofa.datasets.visibility` and
renders; how a file goes over HTTP is `serving`.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.datasets import links, usage, visibility
from sankofa.datasets.errors import DatasetError, InvalidState, NotFound
from sankofa.datasets.models import AccessRequest, Record, Version
from sankofa.web.actors import actor_of
from sankofa.web.datasets.files import serving
from sankofa.web.datasets.files.forms import AccessRequestForm, DecisionForm
from sankofa.web.datasets.usage.hits import hit_from_request


def message(
    request: HttpRequest, title: str, text: str, status: int, **extra: object
) -> HttpResponse:
    """A page saying in one sentence why the request could not be served."""
    context = {"title": title, "text": text, **extra}
    return render(request, "datasets/files/message.html", context, status=status)


@require_safe
def download(request: HttpRequest, record_id: int, number: int, name: str) -> HttpResponseBase:
    actor = actor_of(request)
    token = request.GET.get("token") or None
    try:
        found = visibility.file_for_download(actor, record_id, number, name, token)
    except NotFound:
        return message(request, _("Not found"), _("There is no such file."), 404)
    except visibility.FilesWithdrawn:
        text = _("This version was withdrawn: its files are no longer offered.")
        return message(request, _("Withdrawn"), text, 410)
    except visibility.AccessDenied as exc:
        return _refused(request, exc)
    version = found.version
    modified: datetime = version.published_at or found.created
    response, first = serving.file_response(request, found, modified)
    if first == 0 and request.method == "GET" and version.state == Version.State.PUBLISHED:
        usage.count_download(hit_from_request(request), found)
    return response


def _refused(request: HttpRequest, exc: visibility.AccessDenied) -> HttpResponse:
    version = exc.version
    ask = None
    if exc.access == Version.Access.RESTRICTED:
        text = _("The files of this dataset are restricted: ask its owner for access.")
        ask = reverse("datasets:request-access", args=[version.record_id])
    elif exc.access == Version.Access.EMBARGOED and version.embargo_until is not None:
        text = _("The files of this dataset are under embargo until %(date)s.") % {
            "date": version.embargo_until.isoformat()
        }
    else:
        text = _("Only the metadata of this dataset is published; its files are not offered.")
    return message(request, _("Not available"), text, 403, ask_url=ask)


@require_http_methods(["GET", "HEAD", "POST"])
def request_access(request: HttpRequest, record_id: int) -> HttpResponse:
    """Ask for the files of a restricted record; with ``?token=`` list them for download."""
    actor = actor_of(request)
    record = Record.objects.select_related("latest").filter(pk=record_id).first()
    latest = record.latest if record is not None else None
    if record is None or latest is None or latest.state != Version.State.PUBLISHED:
        return message(request, _("Not found"), _("There is no such dataset."), 404)
    token = request.GET.get("token", "")
    if token:
        return _granted_files(request, record, token)
    status = 200
    sent: AccessRequest | None = None
    if request.method == "POST":
        bound = AccessRequestForm(request.POST)
        if bound.is_valid():
            sent = _ask(actor, record, bound)
        status = 200 if sent is not None else 400
    else:
        bound = AccessRequestForm(initial={"name": actor.name if actor.user_id else ""})
    context = {
        "record": record,
        "version": latest,
        "landing_url": links.landing_url(latest),
        "restricted": visibility.effective_access(latest) == Version.Access.RESTRICTED,
        "form": bound,
        "sent": sent,
    }
    return render(request, "datasets/files/request.html", context, status=status)


def _ask(actor: Actor, record: Record, bound: AccessRequestForm) -> AccessRequest | None:
    data = bound.cleaned_data
    try:
        return visibility.request_access(
            actor, record.pk, data["name"], data["email"], data["message"]
        )
    except visibility.InvalidAccess as exc:
        bound.add_error(exc.field if exc.field in bound.fields else None, str(exc))
    except (InvalidState, NotFound) as exc:
        bound.add_error(None, str(exc))
    return None


def _granted_files(request: HttpRequest, record: Record, token: str) -> HttpResponse:
    grant = visibility.grant_of_token(record.pk, token)
    if grant is None:
        text = _("This access link has expired or is not valid: ask the owner again.")
        ask = reverse("datasets:request-access", args=[record.pk])
        return message(request, _("Link not valid"), text, 403, ask_url=ask)
    versions = record.versions.filter(state=Version.State.PUBLISHED).order_by("-number")
    rows = [
        {
            "version": v,
            "files": [
                {
                    "file": f,
                    "url": reverse("datafiles:download", args=[record.pk, v.number, f.name])
                    + f"?token={token}",
                }
                for f in v.files.all()
            ],
        }
        for v in versions
    ]
    context = {"record": record, "grant": grant, "versions": rows}
    response = render(request, "datasets/files/granted.html", context)
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def access_requests(request: HttpRequest) -> HttpResponse:
    """The pending requests the signed-in person may grant or refuse."""
    actor = actor_of(request)
    if actor.user_id is None and not actor.oversees_node:
        return redirect_to_login(request.get_full_path())
    status, decided, link, error = 200, None, None, None
    if request.method == "POST":
        bound = DecisionForm(request.POST)
        if not bound.is_valid():
            status, error = 400, _("Choose a request, grant or refuse, and a number of days.")
        else:
            try:
                decided, token = visibility.decide_access(
                    actor,
                    bound.cleaned_data["request_id"],
                    bound.cleaned_data["action"] == "grant",
                    bound.cleaned_data["days"],
                )
            except PermissionDenied:
                status, error = 403, _("You may not decide this request.")
            except DatasetError as exc:
                status, error = 400, str(exc)
            else:
                link = visibility.access_link(decided.record_id, token) if token else None
    context = {
        "pending": visibility.pending_requests(actor),
        "decided": decided,
        "link": link,
        "error": error,
        "days": visibility.link_days(),
    }
    response = render(request, "datasets/files/requests.html", context, status=status)
    add_never_cache_headers(response)
    return response
