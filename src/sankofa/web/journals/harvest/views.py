"""Harvest documents of a journal: its articles as DOAJ article XML."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sankofa.core.formats.article.doaj import DoajError
from sankofa.journals.doaj_export import NothingToExport, doaj_xml, licence_url
from sankofa.journals.models import Journal
from sankofa.web.pages.problems import problem_page


def _article_id(request: HttpRequest) -> int | None:
    """The ``article`` parameter as a primary key, None when absent (ValueError when it
    is not a number)."""
    raw = request.GET.get("article")
    if raw is None:
        return None
    if not (raw.isdigit() and len(raw) <= 18):
        raise ValueError(raw)
    return int(raw)


@require_safe
def doaj(request: HttpRequest, slug: str) -> HttpResponse:
    """``/journals/<slug>/doaj.xml[?article=<pk>]``: the published articles (or one) as
    DOAJ article XML, with the licence in a ``Link: <…>; rel="license"`` header."""
    journal = Journal.objects.filter(slug=slug).first()
    if journal is None:
        return problem_page(request, 404, _("There is no journal at this address."))
    try:
        article_id = _article_id(request)
    except ValueError:
        return problem_page(request, 400, _("The article parameter must be an article number."))
    try:
        body = doaj_xml(journal, article_id=article_id)
    except NothingToExport:
        return problem_page(request, 404, _("There is no published article to export."))
    except DoajError as error:
        message = _("These articles cannot be written as DOAJ article XML: %(reason)s") % {
            "reason": error
        }
        return problem_page(request, 409, message)
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    name = f"{journal.slug}-doaj{'-' + str(article_id) if article_id else ''}.xml"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Link"] = f'<{licence_url(journal, article_id)}>; rel="license"'
    return response
