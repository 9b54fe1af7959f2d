"""Vault pages: a form posts (swhid, format) to `cook`, which redirects to the status page.

The status page refreshes itself every few seconds while the bundle cooks (a
``<meta http-equiv="refresh">``: no JavaScript) and links the API's download URL,
which honours HTTP ranges, once it is done.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from sankofa.archive import cooking, graph
from sankofa.archive.models import VaultCook
from sankofa.swhid.identifiers import CoreSWHID, SWHIDError
from sankofa.web.actors import actor_of

REFRESH_SECONDS = 5


def problem(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A 400 or 404 page saying what is wrong in one sentence."""
    title = _("Bad request") if status == 400 else _("Not found")
    page = {"title": title, "message": message}
    return render(request, "vault/problem.html", page, status=status)


def _parse(swhid: str, fmt: str) -> CoreSWHID:
    """The core SWHID, checked against the format; SWHIDError or CookRefused otherwise."""
    core = CoreSWHID.from_string(swhid.strip())
    cooking.check_format(core, fmt)
    return core


# No CSRF token: the form sits on pages cached publicly, and asking for a bundle of
# public objects needs no session rights (the API's POST is the same request).
@csrf_exempt
@require_POST
def cook(request: HttpRequest) -> HttpResponse:
    fmt = request.POST.get("format", "")
    try:
        core = _parse(request.POST.get("swhid", ""), fmt)
        cooking.request_cook(actor_of(request), core, fmt)
    except SWHIDError as exc:
        return problem(request, 400, _("This is not a valid SWHID: %(reason)s") % {"reason": exc})
    except cooking.CookRefused:
        return problem(request, 400, _bad_format(fmt))
    except graph.NotArchived:
        return problem(request, 404, _("The archive does not hold this object."))
    url = reverse("vault:status", kwargs={"fmt": fmt, "swhid": str(core)})
    return HttpResponseRedirect(url, status=303)


def _bad_format(fmt: str) -> str:
    if fmt not in cooking.FORMATS:
        return _("Unknown download format: choose “flat” or “git-bare”.")
    if fmt == cooking.FLAT:
        return _("Only directories and revisions can be downloaded as files (flat).")
    return _("Only revisions, releases and snapshots can be downloaded as git repositories.")


@require_safe
def status(request: HttpRequest, fmt: str, swhid: str) -> HttpResponse:
    try:
        core = _parse(swhid, fmt)
        row = cooking.cook_status(actor_of(request), core, fmt)
    except SWHIDError as exc:
        return problem(request, 400, _("This is not a valid SWHID: %(reason)s") % {"reason": exc})
    except cooking.CookRefused:
        return problem(request, 400, _bad_format(fmt))
    except cooking.CookNotFound:
        return problem(request, 404, _("Nobody has asked for this download yet."))
    response = render(request, "vault/status.html", _status_page(row, core))
    add_never_cache_headers(response)
    return response


def _status_page(row: VaultCook, core: CoreSWHID) -> dict[str, object]:
    waiting = row.status in (VaultCook.Status.NEW, VaultCook.Status.PENDING)
    done = cooking.bundle_present(row)
    labels = {
        VaultCook.Status.NEW: _("Waiting for a worker"),
        VaultCook.Status.PENDING: _("Being prepared"),
        VaultCook.Status.DONE: _("Ready") if done else _("No longer kept: ask again"),
        VaultCook.Status.FAILED: _("Failed"),
    }
    formats = {cooking.FLAT: _("Files (tar.gz)"), cooking.GIT_BARE: _("Git repository (tar)")}
    return {
        "cook": row,
        "core": str(core),
        "format_label": formats[row.fmt],
        "status_label": labels[VaultCook.Status(row.status)],
        "refresh": REFRESH_SECONDS if waiting else None,
        "download_url": reverse(f"api-1-vault-download-{row.fmt}", kwargs={"swhid": row.swhid})
        if done
        else None,
        "can_retry": row.status == VaultCook.Status.FAILED or (row.status == "done" and not done),
        "swhids": [{"label": _("Object"), "value": str(core)}],
    }
