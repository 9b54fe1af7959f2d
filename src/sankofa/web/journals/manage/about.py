"""A journal's public about page: what it is, its ISSNs, publisher and licence, how it
reviews, its policies and its masthead.

The masthead lists the journal's team by role (reviewers are not listed), with the names
its managers gave (`Journal.team_names`); a member without a name is left out, and no
e-mail address is ever shown.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from sankofa.journals import journals
from sankofa.journals.models import Journal
from sankofa.web.caching import SHORT, cache_for
from sankofa.web.journals.manage.forms import POLICY_LABELS, ROLE_LABELS
from sankofa.web.journals.manage.pages import message, text_and_lang

__all__ = ["about"]

REVIEW_EXPLAINED = {
    "double_anonymous": gettext_lazy(
        "Double-anonymous peer review: the reviewers do not know who the authors are, and "
        "the authors do not know who reviewed their work. Author names are also removed "
        "from the files the reviewers receive."
    ),
    "single_anonymous": gettext_lazy(
        "Single-anonymous peer review: the reviewers know who the authors are; the authors "
        "do not know who reviewed their work."
    ),
    "open": gettext_lazy(
        "Open peer review: the authors and the reviewers know each other's names."
    ),
}
MASTHEAD_ROLES = ("manager", "editor", "section_editor", "copyeditor", "layout_editor")


@require_safe
def about(request: HttpRequest, slug: str) -> HttpResponse:
    journal = Journal.objects.filter(slug=slug).first()
    if journal is None:
        return message(request, _("Not found"), _("There is no such journal."), 404)
    primary = journal.primary_language
    title, title_lang = text_and_lang(journal.title, primary)
    description, description_lang = text_and_lang(journal.description, primary)
    policies = [
        (POLICY_LABELS[key], *text_and_lang(journal.policies.get(key, {}), primary))
        for key in POLICY_LABELS
    ]
    people = journals.team(journal.pk)
    masthead = [
        (ROLE_LABELS[role], [name for _, name in people.get(role, []) if name])
        for role in MASTHEAD_ROLES
    ]
    context = {
        "journal": journal,
        "title": title,
        "title_lang": title_lang,
        "description": description,
        "description_lang": description_lang,
        "licence_name": journals.licence_name(journal.licence_url),
        "review_explained": REVIEW_EXPLAINED.get(journal.review_model, ""),
        "policies": [p for p in policies if p[1]],
        "masthead": [(label, names) for label, names in masthead if names],
        "sections": [text_and_lang(s.title, primary)[0] for s in journal.sections.all()],
    }
    response = render(request, "journals/manage/about.html", context)
    return cache_for(request, response, SHORT)
