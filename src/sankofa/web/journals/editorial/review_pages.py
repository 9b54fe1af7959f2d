"""The reviewer's page (answer the invitation, read the submission as the journal's
review model allows, write the review) and the managers' review form page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sankofa.core.actors import Actor, PermissionDenied, require
from sankofa.journals import reviews
from sankofa.journals.editorial import EditorialError
from sankofa.journals.models import Journal, ReviewAssignment
from sankofa.journals.texts import localized
from sankofa.web.journals.editorial import forms
from sankofa.web.journals.editorial.files import message, refused, signed_in

__all__ = ["manage_review_forms", "my_reviews", "review_page"]


def _lang() -> str:
    return get_language() or "en"


def _reviewer_form(view: reviews.ReviewerView, data: Any = None) -> Any:
    lang = _lang()
    return forms.review_form(view.questions, lang, view.journal.primary_language, data)


def _context(view: reviews.ReviewerView, bound: dict[str, Any]) -> dict[str, Any]:
    review = view.review
    files = [
        {"file": f, "url": reverse("journals:review-file", args=[review.pk, f.id])}
        for f in view.files
    ]
    return {
        "view": view,
        "review": review,
        "journal_title": localized(view.journal.title, _lang(), view.journal.primary_language),
        "files": files,
        "can_respond": review.state == ReviewAssignment.State.INVITED and view.open_round,
        "can_review": review.state == ReviewAssignment.State.ACCEPTED and view.open_round,
        "done": reviews.own_review(review, _lang()),
        "form": bound.get("form") or _reviewer_form(view),
        "error": bound.get("error", ""),
    }


def _review(actor: Actor, view: reviews.ReviewerView, request: HttpRequest) -> dict[str, Any]:
    bound = _reviewer_form(view, request.POST)
    bound.is_valid()  # the service checks again; this fills cleaned_data for the texts
    answers = {q["id"]: request.POST.get(f"q_{q['id']}", "") for q in view.questions}
    try:
        reviews.submit_review(
            actor,
            view.review.pk,
            recommendation=request.POST.get("recommendation", ""),
            answers=answers,
            comments_to_author=request.POST.get("comments_to_author", ""),
            confidential_comments=request.POST.get("confidential_comments", ""),
        )
        return {}
    except reviews.ReviewError as exc:
        bound.errors.clear()
        for name, text in exc.errors.items():
            field = "q_" + name.split(".", 1)[1] if name.startswith("answers.") else name
            bound.add_error(field if field in bound.fields else None, text)
        if not exc.errors:
            bound.add_error(None, exc.message)
    return {"form": bound}


@require_http_methods(["GET", "HEAD"])
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The signed-in person's reviews, those waiting for them first."""
    actor = signed_in(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    rows = [
        {"row": row, "url": reverse("journals:review", args=[row.review.pk])}
        for row in reviews.my_reviews(actor, _lang())
    ]
    response = render(request, "journals/editorial/my_reviews.html", {"rows": rows})
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    try:
        view = reviews.submission_for_reviewer(actor, pk, _lang())
    except EditorialError as exc:
        return refused(request, exc)
    bound: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op in ("accept", "decline"):
                reviews.respond(actor, pk, op == "accept")
            elif op == "review":
                bound = _review(actor, view, request)
            else:
                raise EditorialError(_("Unknown request."))
        except EditorialError as exc:
            bound, status = {"error": exc.message}, 403 if exc.forbidden else 400
        if not bound:
            return HttpResponseRedirect(reverse("journals:review", args=[pk]), status=303)
        status = status if status != 200 else 400
        view = reviews.submission_for_reviewer(actor, pk, _lang())
    response = render(
        request, "journals/editorial/review.html", _context(view, bound), status=status
    )
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def manage_review_forms(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    journal = Journal.objects.filter(slug=slug).first()
    if journal is None:
        return message(request, _("Not found"), _("There is no such journal."), 404)
    try:
        require(actor, "journals.manage", journal.scope_key)
    except PermissionDenied:
        return message(request, _("Not allowed"), _("You may not see this page."), 403)
    lang = journal.primary_language
    current = reviews.active_form(journal)
    status = 200
    if request.method == "POST":
        bound = forms.ReviewFormText(request.POST)
        if bound.is_valid():
            saved = _save(actor, journal, bound)
            if saved:
                url = reverse("journals:manage-review-forms", args=[slug])
                return HttpResponseRedirect(url, status=303)
        status = 400
    else:
        initial = {}
        if current is not None:
            initial = {
                "title": localized(current.title, lang, lang),
                "questions": forms.questions_text(current.questions, lang, lang),
            }
        bound = forms.ReviewFormText(initial=initial)
    context = {
        "journal": journal,
        "journal_title": localized(journal.title, _lang(), lang),
        "form": bound,
        "current": current,
        "syntax": "text* | …\nchoice* | … | yes; no\nscale 1-5 | …",
    }
    response = render(request, "journals/editorial/review_forms.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _save(actor: Actor, journal: Journal, bound: forms.ReviewFormText) -> bool:
    lang = journal.primary_language
    questions, line_errors = forms.parse_questions(bound.cleaned_data["questions"], lang)
    for number, text in line_errors.items():
        bound.add_error("questions", _("Line %(n)d: %(error)s") % {"n": number, "error": text})
    if line_errors:
        return False
    try:
        reviews.save_review_form(actor, journal.pk, questions, {lang: bound.cleaned_data["title"]})
    except reviews.ReviewError as exc:
        for name, text in exc.errors.items() or [("", exc.message)]:
            where = name.split("]", 1)[0].removeprefix("questions[")
            prefix = _("Question %(n)d: ") % {"n": int(where) + 1} if where.isdigit() else ""
            bound.add_error("questions", prefix + text)
        return False
    return True
