"""A journal's mails as its managers word them: the list, and one mail in one language
to edit or reset to the node's default (needs ``journals.manage``)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sankofa.core.actors import PermissionDenied
from sankofa.journals import mail
from sankofa.journals.models import Journal
from sankofa.journals.texts import localized
from sankofa.web.actors import actor_of


class MailForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=mail.SUBJECT_MAX)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=mail.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 72}),
    )


def _journal(slug: str) -> Journal:
    found = Journal.objects.filter(slug=slug).first()
    if found is None:
        raise Http404("no such journal")
    return found


def _refused(request: HttpRequest) -> HttpResponse:
    text = _("Only the journal's managers may change its mails.")
    context = {"title": _("Not allowed"), "text": text}
    return render(request, "journals/inbox/message.html", context, status=403)


@require_http_methods(["GET", "HEAD"])
def mail_list(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    journal = _journal(slug)
    try:
        texts = mail.templates_of(actor_of(request), journal.pk)
    except PermissionDenied:
        return _refused(request)
    rows = [
        {"text": t, "url": reverse("journals:manage-mail-edit", args=[slug, t.key, t.language])}
        for t in texts
    ]
    context = {"journal_title": _title(journal), "rows": rows, "slug": slug}
    response = render(request, "journals/inbox/mail_list.html", context)
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def mail_edit(request: HttpRequest, slug: str, key: str, language: str) -> HttpResponse:
    """GET: the form; POST: save (or, with ``reset``, go back to the default)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    journal, actor = _journal(slug), actor_of(request)
    try:
        current = mail.template_text(actor, journal.pk, key, language)
    except PermissionDenied:
        return _refused(request)
    except mail.UnknownMailKey:
        raise Http404("no such mail") from None
    here = reverse("journals:manage-mail-edit", args=[slug, key, language])
    if request.method == "POST" and "reset" in request.POST:
        mail.reset_template(actor, journal.pk, key, language)
        return HttpResponseRedirect(here, status=303)
    form = MailForm(request.POST if request.method == "POST" else None, initial=_initial(current))
    if request.method == "POST" and form.is_valid():
        try:
            mail.save_template(actor, journal.pk, key, language, **form.cleaned_data)
            return HttpResponseRedirect(f"{here}?saved=1", status=303)
        except mail.MailTemplateInvalid as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
    default_subject, default_body = mail.default_text(key, language)
    context = {
        "journal_title": _title(journal),
        "current": current,
        "form": form,
        "default_subject": default_subject,
        "default_body": default_body,
        "placeholders": ["{" + p + "}" for p in sorted(mail.PLACEHOLDERS)],
        "brace_hint": _("Write {{ and }} for a brace itself."),
        "list_url": reverse("journals:manage-mail", args=[slug]),
        "saved": request.GET.get("saved") == "1",
    }
    status = 400 if request.method == "POST" else 200
    response = render(request, "journals/inbox/mail_edit.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _initial(current: mail.MailText) -> dict[str, str]:
    return {"subject": current.subject, "body": current.body}


def _title(journal: Journal) -> str:
    return (
        localized(journal.title, get_language() or "en", journal.primary_language) or journal.slug
    )
