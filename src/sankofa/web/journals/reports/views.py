"""The journal report page: `sankofa.journals.reports.journal_report` for a year chosen
in a plain GET form (``?year=Y``; the current year by default), for the journal's managers
and editors (``journals.report``). Signed-out people are sent to sign in; others get 403;
a year outside the journal's years shows the form with an error (400)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sankofa.core.actors import PermissionDenied
from sankofa.journals import reports
from sankofa.journals.models import Journal
from sankofa.journals.texts import localized
from sankofa.web.actors import actor_of

__all__ = ["report_page"]


def _message(request: HttpRequest, title: str, text: str, status: int) -> HttpResponse:
    context = {"title": title, "text": text}
    return render(request, "journals/reports/message.html", context, status=status)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@require_safe
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_of(request)
    if actor.user_id is None and not actor.oversees_node:
        return redirect_to_login(request.get_full_path())
    journal = Journal.objects.filter(slug=slug).first()
    if journal is None:
        return _message(request, _("Not found"), _("There is no such journal."), 404)
    years = reports.report_years(journal)
    raw = request.GET.get("year", str(years[0]))
    year = int(raw) if raw.isdigit() and int(raw) in years else None
    try:
        report = reports.journal_report(actor, journal.pk, year or years[0])
    except PermissionDenied:
        return _message(request, _("Not allowed"), _("You may not see this page."), 403)
    context = {
        "journal": journal,
        "journal_title": localized(journal.title, get_language() or "en", journal.primary_language),
        "years": years,
        "year": year or years[0],
        "year_error": "" if year else _("Choose one of the years listed."),
        "report": report,
        "acceptance_rate": _percent(report.acceptance_rate),
        "to_decision": _days(report.median_days_to_first_decision),
        "to_publication": _days(report.median_days_to_publication),
    }
    response = render(request, "journals/reports/report.html", context, status=200 if year else 400)
    add_never_cache_headers(response)
    return response
