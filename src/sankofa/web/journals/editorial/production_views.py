"""The editorial page's JATS production form: POST a source file of the submission
(Markdown, DOCX or ODT) to make its JATS galley (`sankofa.journals.production`).

On success the browser goes back (303) to the submission's editorial page, where the new
galley is listed; a refusal is a page with the reason (400, or 403 when not allowed).
The form is ``templates/journals/editorial/_produce_jats.html``, for the editorial page
to include (it needs ``s``, the submission, and ``files``, rows with a ``file``).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sankofa.core.actors import PermissionDenied
from sankofa.journals import production
from sankofa.journals.models import Submission
from sankofa.web.journals.editorial.files import message, signed_in

__all__ = ["produce_jats"]


@require_POST
def produce_jats(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Produce the JATS galley of submission `pk` from the posted ``source_file`` (a file
    id of the submission) and optional ``format`` (markdown, docx, odt)."""
    actor = signed_in(request)
    if actor is None:
        return redirect_to_login(reverse("journals:editorial-submission", args=[slug, pk]))
    if not Submission.objects.filter(pk=pk, journal__slug=slug).exists():
        return message(request, _("Not found"), _("There is no such page."), 404)
    title = _("JATS not produced")
    file_id = request.POST.get("source_file", "")
    fmt = request.POST.get("format", "") or None
    if not file_id.isdigit() or (fmt is not None and fmt not in production.FORMATS):
        return message(request, title, _("Choose one of the submission's files."), 400)
    try:
        production.produce_jats(actor, pk, int(file_id), fmt=fmt)
    except PermissionDenied:
        return message(request, _("Not allowed"), _("You may not produce this galley."), 403)
    except production.ProductionError as exc:
        return message(request, title, str(exc), 400)
    url = reverse("journals:editorial-submission", args=[slug, pk])
    return HttpResponseRedirect(url, status=303)
