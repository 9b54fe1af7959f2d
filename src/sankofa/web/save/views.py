"""Save Code Now pages: ask for a repository to be archived, follow requests, review, rules.

Each view parses the form, calls one service of `sankofa.archive.save` and renders.
The form and the list of requests are public (as on Software Heritage); review needs
the ``archive.save_review`` permission, rules ``archive.save_rules``.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sankofa.archive import save
from sankofa.archive.save_models import SaveRequest
from sankofa.core.actors import Actor, PermissionDenied, require
from sankofa.web.actors import actor_of
from sankofa.web.save.forms import RemoveRuleForm, ReviewForm, RuleForm, SaveForm

PER_PAGE = 50


def message(request: HttpRequest, title: str, text: str, status: int) -> HttpResponse:
    """A page saying in one sentence why the request could not be served."""
    context = {"title": title, "text": text}
    return render(request, "save/message.html", context, status=status)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return message(request, _("Not allowed"), _("Your account may not use this page."), status=403)


def _see_other(name: str, query: str = "") -> HttpResponseRedirect:
    response = HttpResponseRedirect(reverse(name) + query)
    response.status_code = 303
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def form(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = 200
    if request.method == "POST":
        bound = SaveForm(request.POST)
        if bound.is_valid():
            response = _submit(request, actor, bound)
            if response is not None:
                return response
        status = 429 if bound.has_error(NON_FIELD_ERRORS, "rate") else 400
    else:
        bound = SaveForm()
    saved = None
    if (shown := request.GET.get("request", "")).isdigit() and len(shown) < 19:
        saved = SaveRequest.objects.filter(pk=int(shown)).first()
    if saved is not None:
        saved = save.refresh(saved)
    context = {
        "form": bound,
        "saved": saved,
        "saved_swhids": []
        if saved is None or not saved.snapshot_swhid
        else [{"label": _("Snapshot"), "value": saved.snapshot_swhid}],
        "mine": save.requests_of(actor),
    }
    return render(request, "save/form.html", context, status=status)


def _submit(request: HttpRequest, actor: Actor, bound: SaveForm) -> HttpResponse | None:
    """Ask the service; None when the form now carries the error to show."""
    data = bound.cleaned_data
    try:
        req = save.request_save(
            actor, data["origin_url"], data["visit_type"], ip=request.META.get("REMOTE_ADDR")
        )
    except save.InvalidSaveRequest as exc:
        bound.add_error(exc.field if exc.field in bound.fields else None, exc.message)
        return None
    except save.RateLimited as exc:
        bound.add_error(None, ValidationError(str(exc), code="rate"))
        return None
    except PermissionDenied as exc:
        return message(request, _("Sign in to archive"), str(exc), status=403)
    return _see_other("save:form", f"?request={req.pk}")


@require_http_methods(["GET", "HEAD"])
def requests(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    try:
        found = save.list_requests(status)
    except save.InvalidSaveRequest as exc:
        return message(request, _("Unknown status"), exc.message, status=400)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": save.refresh_all(list(page.object_list)),
        "status": status or "",
        "statuses": SaveRequest.Status.values,
    }
    return render(request, "save/requests.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor = actor_of(request)
    try:
        require(actor, "archive.save_review")
    except PermissionDenied:
        return _forbidden(request)
    if request.method == "POST":
        bound = ReviewForm(request.POST)
        if not bound.is_valid():
            return message(request, _("Bad request"), _("The review form is incomplete."), 400)
        data = bound.cleaned_data
        try:
            if data["action"] == "approve":
                save.approve(actor, data["request_id"])
            else:
                save.reject(actor, data["request_id"], data["reason"])
        except save.SaveRequestNotFound as exc:
            return message(request, _("Not found"), str(exc), status=404)
        except save.NotPending as exc:
            return message(request, _("Already reviewed"), str(exc), status=409)
        return _see_other("save:review")
    pending = save.list_requests(SaveRequest.Status.PENDING).order_by("request_date", "pk")
    page = Paginator(pending, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "save/review.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor = actor_of(request)
    try:
        current = save.list_rules(actor)
    except PermissionDenied:
        return _forbidden(request)
    bound = RuleForm()
    if request.method == "POST":
        if "rule_id" in request.POST:
            removal = RemoveRuleForm(request.POST)
            if not removal.is_valid():
                return message(request, _("Bad request"), _("No rule was named."), 400)
            try:
                save.remove_rule(actor, removal.cleaned_data["rule_id"])
            except save.SaveRequestNotFound as exc:
                return message(request, _("Not found"), str(exc), status=404)
            return _see_other("save:rules")
        bound = RuleForm(request.POST)
        if bound.is_valid():
            try:
                save.add_rule(actor, bound.cleaned_data["url_prefix"], bound.cleaned_data["kind"])
                return _see_other("save:rules")
            except save.InvalidSaveRequest as exc:
                field = "url_prefix" if exc.field == "prefix" else None
                bound.add_error(field, exc.message)
        return render(request, "save/rules.html", {"form": bound, "rules": current}, status=400)
    return render(request, "save/rules.html", {"form": bound, "rules": current})
