"""The journal managers' pages: a new journal (operators and admins), its settings, its
sections, its issues and its team.

Each POST parses one form, calls one service of `sankofa.journals.journals` and on
success redirects (303) to the page with ``?done=<what>``; a form in error comes back
with the service's messages next to its fields and status 400.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sankofa.core.actors import PermissionDenied, require
from sankofa.journals import journals
from sankofa.journals.journals import JournalInvalid, JournalRoleInvalid
from sankofa.journals.models import Journal
from sankofa.journals.texts import localized
from sankofa.web.actors import actor_of
from sankofa.web.journals.manage import forms
from sankofa.web.journals.manage.pages import journal_title, managed, message, page, see_other

__all__ = ["issues", "new_journal", "sections", "settings", "team"]

NOTICES = {
    "created": gettext_lazy("The journal is created. Complete its settings below."),
    "saved": gettext_lazy("The settings are saved."),
    "section": gettext_lazy("The section is added."),
    "issue": gettext_lazy("The issue is created."),
    "published": gettext_lazy("The issue is published."),
    "granted": gettext_lazy("The role is granted."),
    "revoked": gettext_lazy("The role is taken away."),
}
_NEW_FIELDS = {"primary_language": "language", "languages": "other_languages"}


def _context(journal: Journal, request: HttpRequest, **more: object) -> dict[str, object]:
    notice = NOTICES.get(request.GET.get("done", ""))
    return {"journal": journal, "journal_title": journal_title(journal), "notice": notice, **more}


@require_http_methods(["GET", "HEAD", "POST"])
def new_journal(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.user_id is None and not actor.oversees_node:
        return redirect_to_login(request.get_full_path())
    try:
        require(actor, "journals.create")
    except PermissionDenied:
        text = _("Only the node's operators and admins may create journals.")
        return message(request, _("Not allowed"), text, 403)
    if request.method != "POST":
        return page(request, "journals/manage/new.html", {"form": forms.NewJournalForm()})
    form = forms.NewJournalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            journal = journals.create_journal(
                actor, data["slug"], data["title"], **form.service_fields()
            )
        except JournalInvalid as exc:
            forms.show_errors(form, exc.errors, rename=_NEW_FIELDS)
        else:
            return see_other(reverse("journals:manage", args=[journal.slug]) + "?done=created")
    return page(request, "journals/manage/new.html", {"form": form}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def settings(request: HttpRequest, slug: str) -> HttpResponse:
    found = managed(request, slug)
    if isinstance(found, HttpResponse):
        return found
    actor, journal = found
    initial = forms.SettingsForm.initial_of(journal)
    if request.method != "POST":
        form = forms.SettingsForm(initial=initial, journal=journal)
        return page(request, "journals/manage/settings.html", _context(journal, request, form=form))
    form = forms.SettingsForm(request.POST, initial=initial, journal=journal)
    if form.is_valid():
        try:
            journals.update_journal(actor, journal.pk, **form.service_fields())
        except JournalInvalid as exc:
            forms.show_errors(form, exc.errors, journal.primary_language)
        else:
            return see_other(reverse("journals:manage", args=[journal.slug]) + "?done=saved")
    context = _context(journal, request, form=form)
    return page(request, "journals/manage/settings.html", context, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def sections(request: HttpRequest, slug: str) -> HttpResponse:
    """The sections, a form to add one, and with ``?edit=<id>`` a form to change one."""
    found = managed(request, slug)
    if isinstance(found, HttpResponse):
        return found
    actor, journal = found
    wanted = request.GET.get("edit", "")
    section = journal.sections.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if wanted and section is None:
        return message(request, _("Not found"), _("There is no such section."), 404)
    data = request.POST if request.method == "POST" else None
    form = forms.SectionForm(data, journal=journal, section=section)
    if data is not None and form.is_valid():
        try:
            if section is None:
                journals.add_section(
                    actor, journal.pk, form.cleaned_data["slug"], **form.service_fields()
                )
            else:
                journals.update_section(actor, section.pk, **form.service_fields())
        except JournalInvalid as exc:
            forms.show_errors(form, exc.errors, journal.primary_language)
        else:
            url = reverse("journals:manage-sections", args=[journal.slug])
            return see_other(url + ("?done=section" if section is None else "?done=saved"))
    rows = [
        (s, localized(s.title, journal.primary_language, journal.primary_language))
        for s in journal.sections.all()
    ]
    context = _context(journal, request, form=form, rows=rows, section=section)
    status = 400 if data is not None else 200
    return page(request, "journals/manage/sections.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def issues(request: HttpRequest, slug: str) -> HttpResponse:
    found = managed(request, slug)
    if isinstance(found, HttpResponse):
        return found
    actor, journal = found
    url = reverse("journals:manage-issues", args=[journal.slug])
    data = request.POST if request.POST.get("op") == "create" else None
    form = forms.IssueForm(data, journal=journal)
    if request.method == "POST" and request.POST.get("op") == "publish":
        publish = forms.PublishIssueForm(request.POST)
        valid = publish.is_valid()
        issue = journal.issues.filter(pk=publish.cleaned_data["issue"]).first() if valid else None
        if issue is None:
            return message(request, _("Not found"), _("There is no such issue."), 404)
        journals.publish_issue(actor, issue.pk)
        return see_other(url + "?done=published")
    if data is not None and form.is_valid():
        try:
            journals.create_issue(actor, journal.pk, **form.service_fields())
        except JournalInvalid as exc:
            forms.show_errors(form, exc.errors)
        else:
            return see_other(url + "?done=issue")
    rows = [
        (i, localized(i.title, journal.primary_language, journal.primary_language))
        for i in journal.issues.all()
    ]
    context = _context(journal, request, form=form, rows=rows)
    status = 400 if request.method == "POST" else 200
    return page(request, "journals/manage/issues.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def team(request: HttpRequest, slug: str) -> HttpResponse:
    found = managed(request, slug)
    if isinstance(found, HttpResponse):
        return found
    actor, journal = found
    form = forms.TeamForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revoke = request.POST.get("op") == "revoke"
        try:
            if revoke:
                journals.revoke_journal_role(actor, journal.pk, data["email"], data["role"])
            else:
                journals.grant_journal_role(
                    actor, journal.pk, data["email"], data["role"], name=data["name"]
                )
        except JournalRoleInvalid as exc:
            forms.show_errors(form, exc.errors)
        else:
            done = "revoked" if revoke else "granted"
            return see_other(reverse("journals:manage-team", args=[journal.slug]) + f"?done={done}")
    members = [(m, forms.ROLE_LABELS[m.role]) for m in journals.team_members(journal)]
    context = _context(journal, request, form=form, members=members)
    status = 400 if request.method == "POST" else 200
    return page(request, "journals/manage/team.html", context, status=status)
