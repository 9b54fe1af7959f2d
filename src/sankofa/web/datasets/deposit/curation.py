"""Curating pages: the review queue, withdrawal, a record's history, a new version."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sankofa.core.actors import PermissionDenied
from sankofa.datasets import access, listing, services
from sankofa.datasets.errors import DatasetError
from sankofa.web.actors import actor_of
from sankofa.web.datasets.deposit import presenters
from sankofa.web.datasets.deposit.forms import ReasonForm, ReviewForm
from sankofa.web.datasets.deposit.pages import (
    bad_form,
    message,
    refusal,
    see_other,
    sign_in_first,
    version_url,
)


@require_http_methods(["GET", "HEAD", "POST"])
@sign_in_first
def review(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not listing.may_curate(actor):
        return message(request, _("Not allowed"), _("Your account curates no community."), 403)
    problem: tuple[int, str] | None = None
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return bad_form(request)
        data = form.cleaned_data
        try:
            if data["action"] == "publish":
                services.publish(actor, data["version_id"])
                return see_other(reverse("datasets:review") + "?done=published")
            if data["message"].strip():
                services.return_to_draft(actor, data["version_id"], data["message"])
                return see_other(reverse("datasets:review") + "?done=returned")
        except (DatasetError, PermissionDenied) as exc:
            return refusal(request, exc)
        problem = (data["version_id"], _("Say what the owner should change."))
    waiting = listing.review_queue(actor)
    context = {
        "waiting": [(v, version_url(v)) for v in waiting],
        "problem": problem,
        "notice": presenters.notice(request.GET.get("done")),
    }
    return render(request, "datasets/deposit/review.html", context, status=400 if problem else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@sign_in_first
def withdraw(request: HttpRequest, record_id: int, number: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        version = listing.version_of(record_id, number)
    except DatasetError as exc:
        return refusal(request, exc)
    if not access.can_curate(actor, version.record):
        return message(
            request, _("Not allowed"), _("Only curators and admins withdraw datasets."), 403
        )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.withdraw(actor, version.pk, form.cleaned_data["reason"])
            except (DatasetError, PermissionDenied, ValueError) as exc:
                return refusal(request, exc)
            return see_other(version_url(version))
        status = 400
    context = {"version": version, "form": form, "view_url": version_url(version)}
    return render(request, "datasets/deposit/withdraw.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
@sign_in_first
def history(request: HttpRequest, record_id: int) -> HttpResponse:
    try:
        changes = services.history(actor_of(request), record_id)
    except (DatasetError, PermissionDenied) as exc:
        return refusal(request, exc)
    context = {"record_id": record_id, "rows": presenters.history_rows(changes)}
    return render(request, "datasets/deposit/history.html", context)


@require_http_methods(["POST"])
@sign_in_first
def new_version(request: HttpRequest, record_id: int) -> HttpResponse:
    try:
        draft = services.new_version(actor_of(request), record_id)
    except (DatasetError, PermissionDenied) as exc:
        return refusal(request, exc)
    return see_other(reverse("datasets:draft", args=[draft.pk]))
