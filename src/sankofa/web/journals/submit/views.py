"""The author's pages: start a submission, edit the draft, my submissions, and the
submission's page (stage, history, decisions, reviews, revision, withdrawal).

Each POST parses one form, calls one service and redirects (303) to a page that says what
happened; a form in error comes back with the messages next to its fields and a 4xx
status (413 for a file over a size cap). Someone else's submission is not found (404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.journals import reviews, submissions
from sankofa.journals.models import Submission
from sankofa.journals.submissions import (
    FileTooLarge,
    SubmissionError,
    SubmissionFrozen,
    SubmissionInvalid,
    SubmissionNotFound,
)
from sankofa.journals.workflow import Action
from sankofa.web.actors import actor_of
from sankofa.web.datasets.deposit.pages import see_other, sign_in_first
from sankofa.web.journals.submit import presenters
from sankofa.web.journals.submit.forms import (
    AuthorFormSet,
    LinkFormSet,
    MetadataForm,
    RevisionForm,
    StartForm,
    UploadForm,
    author_initial,
    formset,
    place_errors,
)

Handler = Callable[[HttpRequest, Actor, Submission], HttpResponse]


def message(request: HttpRequest, title: str, text: str, status: int) -> HttpResponse:
    context = {"title": title, "text": text}
    return render(request, "journals/submit/message.html", context, status=status)


def refusal(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The page for an error a service raised (never a server error)."""
    if isinstance(exc, SubmissionNotFound):
        return message(request, _("Not found"), str(exc), 404)
    if isinstance(exc, PermissionDenied):
        return message(request, _("Not allowed"), str(exc), 403)
    if isinstance(exc, SubmissionFrozen):
        return message(request, _("Not possible now"), str(exc), 409)
    if isinstance(exc, FileTooLarge):
        return message(request, _("Too large"), str(exc), 413)
    return message(request, _("Bad request"), str(exc), 400)


def _bad_form(request: HttpRequest) -> HttpResponse:
    return message(request, _("Bad request"), _("The form sent was incomplete."), 400)


# ---------------------------------------------------------------- start


@require_http_methods(["GET", "HEAD", "POST"])
@sign_in_first
def start(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        journal = submissions.journal_for_submission(slug)
    except SubmissionNotFound as exc:
        return refusal(request, exc)
    sections = [
        (s.pk, presenters.text_of(s.title, journal)) for s in submissions.open_sections(journal)
    ]
    choices: dict[str, Any] = {
        "sections": sections,
        "languages": presenters.language_choices(journal),
    }
    context: dict[str, Any] = {
        "journal": journal,
        "title": presenters.text_of(journal.title, journal),
    }
    if request.method != "POST":
        form = StartForm(initial={"language": get_language()}, **choices)
        return render(request, "journals/submit/start.html", {**context, "form": form})
    form = StartForm(request.POST, **choices)
    if not form.is_valid():
        return render(request, "journals/submit/start.html", {**context, "form": form}, status=400)
    try:
        draft = submissions.start_submission(
            actor_of(request),
            journal.pk,
            section_id=form.cleaned_data.get("section") or None,
            language=form.cleaned_data["language"],
        )
    except SubmissionInvalid as exc:
        for field, text in exc.errors.items():
            form.refuse(field if field in form.fields else None, text)
        return render(request, "journals/submit/start.html", {**context, "form": form}, status=400)
    except (SubmissionError, PermissionDenied) as exc:
        return refusal(request, exc)
    return see_other(reverse("journals:submission-edit", args=[draft.pk]))


# ---------------------------------------------------------------- my submissions


@require_http_methods(["GET", "HEAD"])
@sign_in_first
def mine(request: HttpRequest) -> HttpResponse:
    rows = presenters.my_rows(submissions.my_submissions(actor_of(request)))
    context = {"rows": rows, "notice": presenters.notice(request.GET.get("done"))}
    return render(request, "journals/submit/mine.html", context)


# ---------------------------------------------------------------- the draft


@require_http_methods(["GET", "HEAD", "POST"])
@sign_in_first
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        submission = submissions.own_submission(actor, pk)
    except SubmissionNotFound as exc:
        return refusal(request, exc)
    if submission.submitted is not None:
        return see_other(reverse("journals:submission", args=[pk]))
    if request.method != "POST":
        return _edit_page(request, submission, notice=request.GET.get("done"))
    return _dispatch(request, actor, submission, _EDIT_ACTIONS)


def _dispatch(
    request: HttpRequest, actor: Actor, submission: Submission, actions: dict[str, Handler]
) -> HttpResponse:
    """Run the POSTed ``action`` of `actions`; a refusal becomes its page."""
    handler = actions.get(request.POST.get("action", ""))
    if handler is None:
        return _bad_form(request)
    try:
        return handler(request, actor, submission)
    except (SubmissionError, PermissionDenied) as exc:
        return refusal(request, exc)


def _edit_page(
    request: HttpRequest,
    submission: Submission,
    *,
    status: int = 200,
    notice: str | None = None,
    **parts: Any,
) -> HttpResponse:
    journal = submission.journal
    languages = presenters.language_choices(journal)
    if submission.language not in dict(languages):
        languages.insert(0, (submission.language, presenters.language_name(submission.language)))
    if "metadata" not in parts:
        parts["metadata"] = MetadataForm(
            initial=MetadataForm.initial_of(submission), languages=languages
        )
    if "links" not in parts:
        parts["links"] = formset(LinkFormSet, "links", initial=list(submission.links))
    if "authors" not in parts:
        rows = [author_initial(a) for a in submission.authors.all()]
        parts["authors"] = formset(AuthorFormSet, "authors", initial=rows)
    parts.setdefault("upload", UploadForm())
    context = {
        "submission": submission,
        "journal": journal,
        "journal_title": presenters.text_of(journal.title, journal),
        "title": presenters.text_of(submission.title, journal),
        "language": presenters.language_name(submission.language),
        "files": submissions.author_files(submission),
        "notice": presenters.notice(notice),
        "submit_errors": [],
        "metadata_errors": [],
        "author_errors": [],
        **parts,
    }
    return render(request, "journals/submit/edit.html", context, status=status)


def _done(submission: Submission, what: str, anchor: str) -> HttpResponse:
    url = reverse("journals:submission-edit", args=[submission.pk])
    return see_other(f"{url}?done={what}#{anchor}")


def _save_metadata(request: HttpRequest, actor: Actor, submission: Submission) -> HttpResponse:
    languages = presenters.language_choices(submission.journal)
    if submission.language not in dict(languages):
        languages.insert(0, (submission.language, presenters.language_name(submission.language)))
    form = MetadataForm(request.POST, languages=languages)
    added = request.POST.get("add") == "links"
    links = formset(LinkFormSet, "links", data=request.POST, add=added)
    if added:
        return _edit_page(request, submission, metadata=form, links=links)
    if not (form.is_valid() and links.is_valid()):
        return _edit_page(request, submission, status=400, metadata=form, links=links)
    rows = [row.cleaned_data for row in links.forms]
    try:
        submissions.set_metadata(actor, submission.pk, **form.values(), links=rows)
    except SubmissionInvalid as exc:
        left = place_errors(exc.errors, metadata=form, links=links)
        return _edit_page(
            request, submission, status=400, metadata=form, links=links, metadata_errors=left
        )
    return _done(submission, "metadata", "metadata")


def _save_authors(request: HttpRequest, actor: Actor, submission: Submission) -> HttpResponse:
    added = request.POST.get("add") == "authors"
    authors = formset(AuthorFormSet, "authors", data=request.POST, add=added)
    if added:
        return _edit_page(request, submission, authors=authors)
    if not authors.is_valid():
        return _edit_page(request, submission, status=400, authors=authors)
    sent = [(i, row) for i, row in enumerate(authors.forms) if not row.is_blank()]
    values = [row.values(actor.user_id) for _i, row in sent]
    try:
        submissions.set_authors(actor, submission.pk, values)
    except SubmissionInvalid as exc:
        left = place_errors(exc.errors, authors=authors, author_rows=[i for i, _row in sent])
        return _edit_page(request, submission, status=400, authors=authors, author_errors=left)
    return _done(submission, "authors", "authors")


def _upload(request: HttpRequest, actor: Actor, submission: Submission) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _edit_page(request, submission, status=400, upload=form)
    uploaded = form.cleaned_data["file"]
    uploaded.seek(0)
    try:
        submissions.add_file(
            actor, submission.pk, form.cleaned_data["kind"], uploaded.name, uploaded.file
        )
    except SubmissionInvalid as exc:
        for text in exc.errors.values():
            form.refuse("file", text)
        status = 413 if isinstance(exc, FileTooLarge) else 400
        return _edit_page(request, submission, status=status, upload=form)
    return _done(submission, "file", "files")


def _remove_file(request: HttpRequest, actor: Actor, submission: Submission) -> HttpResponse:
    try:
        file_id = int(request.POST.get("file", ""))
    except ValueError:
        return _bad_form(request)
    if not submission.files.filter(pk=file_id).exists():
        return _bad_form(request)
    submissions.remove_file(actor, file_id)
    return _done(submission, "removed", "files")


def _submit(request: HttpRequest, actor: Actor, submission: Submission) -> HttpResponse:
    try:
        submissions.submit(actor, submission.pk)
    except SubmissionInvalid as exc:
        errors = list(exc.errors.values())
        return _edit_page(request, submission, status=400, submit_errors=errors)
    return see_other(reverse("journals:submission", args=[submission.pk]) + "?done=submitted")


def _discard(request: HttpRequest, actor: Actor, submission: Submission) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        context = {
            "submission": submission,
            "title": presenters.text_of(submission.title, submission.journal),
        }
        return render(request, "journals/submit/discard.html", context)
    submissions.discard_draft(actor, submission.pk)
    return see_other(reverse("journals:my-submissions") + "?done=discarded")


_EDIT_ACTIONS: dict[str, Handler] = {
    "metadata": _save_metadata,
    "authors": _save_authors,
    "upload": _upload,
    "remove-file": _remove_file,
    "submit": _submit,
    "discard": _discard,
}


# ---------------------------------------------------------------- the submission


@require_http_methods(["GET", "HEAD", "POST"])
@sign_in_first
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        submission = submissions.own_submission(actor, pk)
    except SubmissionNotFound as exc:
        return refusal(request, exc)
    if submission.submitted is None:
        return see_other(reverse("journals:submission-edit", args=[pk]))
    if request.method != "POST":
        return _detail_page(request, actor, submission, notice=request.GET.get("done"))
    return _dispatch(request, actor, submission, _DETAIL_ACTIONS)


def _detail_page(
    request: HttpRequest,
    actor: Actor,
    submission: Submission,
    *,
    status: int = 200,
    notice: str | None = None,
    revision: RevisionForm | None = None,
) -> HttpResponse:
    journal = submission.journal
    events = submissions.history(submission)
    allowed = submissions.author_actions(actor, submission)
    context = {
        "submission": submission,
        "journal_title": presenters.text_of(journal.title, journal),
        "title": presenters.text_of(submission.title, journal),
        "stage": presenters.stage_label(submission.stage),
        "files": presenters.file_rows(submission, submissions.author_files(submission)),
        "history": presenters.history_rows(events),
        "letters": presenters.decision_letters(events),
        "reviews": reviews.reviews_for(actor, submission, get_language() or "en"),
        "may_revise": Action.SUBMIT_REVISION in allowed,
        "may_withdraw": Action.WITHDRAW in allowed,
        "revision": revision or RevisionForm(),
        "notice": presenters.notice(notice),
    }
    return render(request, "journals/submit/submission.html", context, status=status)


def _revise(request: HttpRequest, actor: Actor, submission: Submission) -> HttpResponse:
    form = RevisionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, actor, submission, status=400, revision=form)
    files = []
    for field in ("manuscript", "response", "other"):
        uploaded = form.cleaned_data.get(field)
        if uploaded:
            uploaded.seek(0)
            files.append((uploaded.name, uploaded.file))
    try:
        submissions.submit_revision(actor, submission.pk, files, note=form.cleaned_data["note"])
    except SubmissionInvalid as exc:
        for text in exc.errors.values():
            form.refuse("manuscript", text)
        status = 413 if isinstance(exc, FileTooLarge) else 400
        return _detail_page(request, actor, submission, status=status, revision=form)
    return see_other(reverse("journals:submission", args=[submission.pk]) + "?done=revision")


def _withdraw(request: HttpRequest, actor: Actor, submission: Submission) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        context = {
            "submission": submission,
            "title": presenters.text_of(submission.title, submission.journal),
        }
        return render(request, "journals/submit/withdraw.html", context)
    submissions.withdraw(actor, submission.pk, note=request.POST.get("note", "")[:20_000])
    return see_other(reverse("journals:submission", args=[submission.pk]) + "?done=withdrawn")


_DETAIL_ACTIONS: dict[str, Handler] = {"revision": _revise, "withdraw": _withdraw}
