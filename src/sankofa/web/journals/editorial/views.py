"""The editors' pages: a journal's queue by stage, and one submission with everything an
editor needs (metadata, files, reviews, the audit trail) and the forms that act on it.

The action buttons are exactly `workflow.allowed_actions` for the person looking
(`editorial.allowed`); every form posts back to the submission's page with an ``op``
field, calls one service, and on success redirects (303) to the page again; a refusal
shows the service's message next to the form (400, or 403 when not allowed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from sankofa.core.actors import Actor
from sankofa.journals import editorial, reviews, workflow
from sankofa.journals.editorial import EditorialError
from sankofa.journals.models import Issue, Journal, Submission
from sankofa.journals.texts import localized
from sankofa.journals.wording import ACTION_LABELS, STAGE_LABELS
from sankofa.journals.workflow import Action, Stage
from sankofa.web.journals.editorial import forms
from sankofa.web.journals.editorial.files import message, refused, signed_in

__all__ = ["queue", "submission_page"]

_STAGE_ORDER = list(Stage)


def _journal(slug: str) -> Journal | None:
    return Journal.objects.filter(slug=slug).first()


def _lang() -> str:
    return get_language() or "en"


@require_safe
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    journal = _journal(slug)
    if journal is None:
        return message(request, _("Not found"), _("There is no such journal."), 404)
    try:
        rows = list(editorial.queue(actor, journal.pk))
    except EditorialError as exc:
        return refused(request, exc)
    lang = _lang()
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in rows:
        groups.setdefault(s.stage, []).append(
            {
                "pk": s.pk,
                "title": localized(s.title, lang, s.language) or _("(untitled)"),
                "submitted": s.submitted,
                "updated": s.updated,
                "round": s.round,
                "handling": s.handling_editor_name,
                "url": reverse("journals:editorial-submission", args=[slug, s.pk]),
            }
        )
    stages = [
        {"stage": str(st), "label": STAGE_LABELS[st], "rows": groups[str(st)]}
        for st in _STAGE_ORDER
        if str(st) in groups
    ]
    context = {
        "journal": journal,
        "journal_title": localized(journal.title, lang, journal.primary_language),
        "stages": stages,
        "count": len(rows),
    }
    response = render(request, "journals/editorial/queue.html", context)
    add_never_cache_headers(response)
    return response


# ---------------------------------------------------------------- one submission


def _issues(journal: Journal) -> list[tuple[int, str]]:
    rows = Issue.objects.filter(journal=journal).order_by("-year", "-pk")
    return [(i.pk, " ".join(p for p in (str(i.year), i.volume, i.number) if p)) for i in rows]


def _blank_forms(s: Submission) -> dict[str, Any]:
    return {
        "move_form": forms.MoveForm(),
        "assign_form": forms.AssignForm(people=editorial.editor_candidates(s.journal)),
        "invite_form": forms.InviteForm(),
        "galley_form": forms.GalleyForm(),
        "publish_form": forms.PublishForm(issues=_issues(s.journal)),
    }


def _context(actor: Actor, s: Submission, bound: dict[str, Any]) -> dict[str, Any]:
    lang = _lang()
    actions = editorial.allowed(actor, s)
    roles = editorial.roles_on(actor, s)
    is_editor = bool(
        workflow.effective_roles(roles, editorial.facts_for(actor, s)) & editorial.EDITORS
    )
    files = [
        {
            "file": f,
            "url": reverse("journals:submission-file", args=[s.journal.slug, s.pk, f.pk]),
        }
        for f in s.files.all().order_by("round", "created", "pk")
    ]
    return {
        **_blank_forms(s),
        **bound,
        "s": s,
        "journal": s.journal,
        "title": localized(s.title, lang, s.language),
        "abstract": localized(s.abstract, lang, s.language),
        "keywords": s.keywords.get(lang) or s.keywords.get(s.language) or [],
        "stage_label": STAGE_LABELS[Stage(s.stage)],
        "authors": list(s.authors.all()),
        "files": files,
        "actions": [
            {"value": str(a), "label": ACTION_LABELS[a]} for a in actions if a is not Action.PUBLISH
        ],
        "can_publish": Action.PUBLISH in actions,
        "can_assign": bool(
            workflow.effective_roles(roles, editorial.facts_for(actor, s))
            & editorial.JOURNAL_EDITORS
        )
        and s.stage not in {str(t) for t in workflow.TERMINAL},
        "can_invite": is_editor and s.stage == Stage.IN_REVIEW,
        "is_editor": is_editor,
        "in_production": s.stage == Stage.PRODUCTION,
        "galleys": list(s.galleys.filter(article__isnull=True).order_by("order", "pk")),
        "reviews": reviews.reviews_for(actor, s, lang),
        "history": editorial.history(s),
        "queue_url": reverse("journals:editorial", args=[s.journal.slug]),
    }


def _move(actor: Actor, s: Submission, request: HttpRequest) -> dict[str, Any]:
    bound = forms.MoveForm(request.POST)
    if bound.is_valid():
        editorial.move(actor, s.pk, bound.cleaned_data["action"], note=bound.cleaned_data["note"])
        return {}
    return {"move_form": bound}


def _assign(actor: Actor, s: Submission, request: HttpRequest) -> dict[str, Any]:
    bound = forms.AssignForm(request.POST, people=editorial.editor_candidates(s.journal))
    if bound.is_valid():
        editorial.assign_editor(actor, s.pk, bound.cleaned_data["user_id"])
        return {}
    return {"assign_form": bound}


def _invite(actor: Actor, s: Submission, request: HttpRequest) -> dict[str, Any]:
    bound = forms.InviteForm(request.POST)
    if bound.is_valid():
        try:
            reviews.invite_by_email(
                actor, s.pk, bound.cleaned_data["email"], bound.cleaned_data["due"]
            )
            return {}
        except reviews.ReviewError as exc:
            _attach(bound, exc)
    return {"invite_form": bound}


def _cancel(actor: Actor, s: Submission, request: HttpRequest) -> dict[str, Any]:
    bound = forms.RowForm(request.POST)
    if not bound.is_valid():
        raise EditorialError(_("Choose a review."))
    review_id = bound.cleaned_data["row"]
    if not s.reviews.filter(pk=review_id).exists():
        raise EditorialError(_("There is no such review."))
    reviews.cancel(actor, review_id)
    return {}


def _galley(actor: Actor, s: Submission, request: HttpRequest) -> dict[str, Any]:
    bound = forms.GalleyForm(request.POST, request.FILES)
    if bound.is_valid():
        data = bound.cleaned_data
        try:
            editorial.add_galley(
                actor,
                s.pk,
                data["kind"],
                data["file"].name,
                data["file"],
                label=data["label"],
                language=data["language"],
            )
            return {}
        except EditorialError as exc:
            _attach(bound, exc)
    return {"galley_form": bound}


def _remove_galley(actor: Actor, s: Submission, request: HttpRequest) -> dict[str, Any]:
    bound = forms.RowForm(request.POST)
    if not bound.is_valid() or not s.galleys.filter(pk=bound.cleaned_data["row"]).exists():
        raise EditorialError(_("There is no such galley."))
    editorial.remove_galley(actor, bound.cleaned_data["row"])
    return {}


def _publish(actor: Actor, s: Submission, request: HttpRequest) -> dict[str, Any]:
    bound = forms.PublishForm(request.POST, issues=_issues(s.journal))
    if bound.is_valid():
        try:
            editorial.publish(actor, s.pk, issue_id=bound.cleaned_data["issue"])
            return {}
        except EditorialError as exc:
            if exc.forbidden:
                raise
            _attach(bound, exc)
    return {"publish_form": bound}


def _attach(bound: Any, exc: EditorialError) -> None:
    """Put the service's errors next to the fields they name (else on the form)."""
    errors = getattr(exc, "errors", None) or {exc.field: exc.message}
    for name, text in errors.items():
        bound.add_error(name if name in bound.fields else None, text)


_OPS: dict[str, Callable[[Actor, Submission, HttpRequest], dict[str, Any]]] = {
    "move": _move,
    "assign": _assign,
    "invite": _invite,
    "cancel_review": _cancel,
    "galley": _galley,
    "remove_galley": _remove_galley,
    "publish": _publish,
}


@require_http_methods(["GET", "HEAD", "POST"])
def submission_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = signed_in(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    try:
        s = editorial.staff_submission(actor, pk)
    except EditorialError as exc:
        return refused(request, exc)
    if s.journal.slug != slug:
        return message(request, _("Not found"), _("There is no such page."), 404)
    bound: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        op = _OPS.get(request.POST.get("op", ""))
        try:
            if op is None:
                raise EditorialError(_("Unknown request."))
            bound = op(actor, s, request)
        except EditorialError as exc:
            bound, status = {"error": exc.message}, 403 if exc.forbidden else 400
        if not bound:
            url = reverse("journals:editorial-submission", args=[slug, pk])
            return HttpResponseRedirect(url, status=303)
        status = status if status != 200 else 400
        s = editorial.staff_submission(actor, pk) if status != 403 else s
    response = render(
        request, "journals/editorial/submission.html", _context(actor, s, bound), status=status
    )
    add_never_cache_headers(response)
    return response
