"""Deposit pages: my datasets, a new draft, and the draft page (metadata, files, access,
submission, discarding). Each POST parses one form, calls one service and redirects (303)
to a page that says what happened; a form in error comes back with the messages next to
its fields and a 4xx status.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.datasets import listing, services, visibility
from sankofa.datasets.errors import (
    DatasetError,
    FileNameTaken,
    InvalidFileName,
    MetadataInvalid,
    QuotaExceeded,
)
from sankofa.datasets.models import Community, Version
from sankofa.datasets.validation import parse_metadata
from sankofa.web.actors import actor_of
from sankofa.web.datasets.deposit import conversion, presenters
from sankofa.web.datasets.deposit.forms import (
    AccessForm,
    CommunityChoiceForm,
    MetadataForms,
    UploadForm,
)
from sankofa.web.datasets.deposit.pages import (
    bad_form,
    refusal,
    see_other,
    sign_in_first,
    version_url,
)

Action = Callable[[HttpRequest, Actor, Version], HttpResponse]


@require_http_methods(["GET", "HEAD"])
@sign_in_first
def mine(request: HttpRequest) -> HttpResponse:
    rows = presenters.my_rows(listing.records_of(actor_of(request)))
    context = {"rows": rows, "notice": presenters.notice(request.GET.get("done"))}
    return render(request, "datasets/deposit/mine.html", context)


def _community_choices() -> list[tuple[str, str]]:
    return [(c.slug, c.title) for c in listing.communities()]


@require_http_methods(["GET", "HEAD", "POST"])
@sign_in_first
def new(request: HttpRequest) -> HttpResponse:
    choices = _community_choices()
    if request.method != "POST":
        wanted = request.GET.get("community", "")
        initial = {"community": wanted if wanted in dict(choices) else ""}
        form = CommunityChoiceForm(initial=initial, choices=choices)
        return render(request, "datasets/deposit/new.html", {"form": form})
    form = CommunityChoiceForm(request.POST, choices=choices)
    if not form.is_valid():
        return render(request, "datasets/deposit/new.html", {"form": form}, status=400)
    slug = form.cleaned_data["community"]
    community = Community.objects.filter(slug=slug).first() if slug else None
    try:
        draft = services.create_draft(actor_of(request), community)
    except PermissionDenied:
        form.refuse(
            "community" if community else None,
            _("Your account may not deposit datasets here; ask the node's curators."),
        )
        return render(request, "datasets/deposit/new.html", {"form": form}, status=403)
    return see_other(reverse("datasets:draft", args=[draft.pk]))


@require_http_methods(["GET", "HEAD", "POST"])
@sign_in_first
def draft(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        version = listing.own_version(actor, version_id)
    except (DatasetError, PermissionDenied) as exc:
        return refusal(request, exc)
    if version.is_frozen:
        return see_other(version_url(version))
    if request.method != "POST":
        return _draft_page(request, version, notice=request.GET.get("done"))
    action = _ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return bad_form(request)
    try:
        return action(request, actor, version)
    except (DatasetError, PermissionDenied, ValueError) as exc:
        return refusal(request, exc)


def _draft_page(
    request: HttpRequest,
    version: Version,
    status: int = 200,
    notice: str | None = None,
    metadata: MetadataForms | None = None,
    upload: UploadForm | None = None,
    access: AccessForm | None = None,
) -> HttpResponse:
    if access is None:
        initial = {"access": version.access, "embargo_until": version.embargo_until}
        access = AccessForm(initial=initial)
    context = presenters.draft_context(
        version,
        metadata=metadata or MetadataForms(initial=presenters.stored_attributes(version)),
        upload=upload or UploadForm(),
        access_form=access,
        notice=presenters.notice(notice),
    )
    return render(request, "datasets/deposit/draft.html", context, status=status)


def _done(version: Version, what: str, anchor: str) -> HttpResponse:
    return see_other(reverse("datasets:draft", args=[version.pk]) + f"?done={what}#{anchor}")


def _save_metadata(request: HttpRequest, actor: Actor, version: Version) -> HttpResponse:
    added = request.POST.get("add")
    if added is not None:
        if added not in conversion.ROW_KINDS:
            return bad_form(request)
        forms = MetadataForms.with_row_added(request.POST, added)
        return _draft_page(request, version, metadata=forms)
    forms = MetadataForms(request.POST)
    if not forms.is_valid():
        return _draft_page(request, version, status=400, metadata=forms)
    built = forms.attributes(presenters.stored_attributes(version))
    try:
        resource = parse_metadata(built.attributes)
    except MetadataInvalid as exc:
        forms.place(exc.errors, built)
        return _draft_page(request, version, status=400, metadata=forms)
    services.set_metadata(actor, version.pk, resource)
    return _done(version, "metadata", "metadata")


def _upload(request: HttpRequest, actor: Actor, version: Version) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _draft_page(request, version, status=400, upload=form)
    uploaded = form.cleaned_data["file"]
    path = getattr(uploaded, "temporary_file_path", None)
    if path is not None:
        source = path()
    else:
        uploaded.seek(0)
        source = uploaded.file
    try:
        services.add_file(actor, version.pk, uploaded.name, source)
    except (InvalidFileName, FileNameTaken, QuotaExceeded) as exc:
        form.refuse("file", str(exc))
        status = 413 if isinstance(exc, QuotaExceeded) else 400
        return _draft_page(request, version, status=status, upload=form)
    return _done(version, "file", "files")


def _remove_file(request: HttpRequest, actor: Actor, version: Version) -> HttpResponse:
    name = request.POST.get("name", "")
    if not name:
        return bad_form(request)
    services.remove_file(actor, version.pk, name)
    return _done(version, "removed", "files")


def _set_access(request: HttpRequest, actor: Actor, version: Version) -> HttpResponse:
    form = AccessForm(request.POST)
    if not form.is_valid():
        return _draft_page(request, version, status=400, access=form)
    until: date | None = form.cleaned_data.get("embargo_until")
    try:
        visibility.set_access(actor, version.pk, form.cleaned_data["access"], until)
    except visibility.InvalidAccess as exc:
        form.refuse(exc.field if exc.field in form.fields else None, str(exc))
        return _draft_page(request, version, status=400, access=form)
    return _done(version, "access", "access")


def _confirm(request: HttpRequest, version: Version, action: str) -> HttpResponse:
    context = {"version": version, "action": action, **presenters.draft_context(version)}
    return render(request, "datasets/deposit/confirm.html", context)


def _submit(request: HttpRequest, actor: Actor, version: Version) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        return _confirm(request, version, "submit")
    done = services.submit(actor, version.pk)
    if done.state == Version.State.PUBLISHED:
        return see_other(version_url(done))
    return see_other(reverse("datasets:mine") + "?done=submitted")


def _discard(request: HttpRequest, actor: Actor, version: Version) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        return _confirm(request, version, "discard")
    services.discard_draft(actor, version.pk)
    return see_other(reverse("datasets:mine") + "?done=discarded")


_ACTIONS: dict[str, Action] = {
    "metadata": _save_metadata,
    "upload": _upload,
    "remove-file": _remove_file,
    "access": _set_access,
    "submit": _submit,
    "discard": _discard,
}
