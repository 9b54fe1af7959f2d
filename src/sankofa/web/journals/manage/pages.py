"""What the journal managers' pages share: the journal for its manager, answers after a
POST, and refusals as pages (404 for no such journal, 403 for one who may not)."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.journals.journals import managed_journal
from sankofa.journals.models import Journal
from sankofa.journals.texts import localized
from sankofa.web.actors import actor_of

__all__ = ["journal_title", "managed", "message", "page", "see_other", "text_and_lang"]


def message(request: HttpRequest, title: str, text: str, status: int) -> HttpResponse:
    """A page saying in one sentence why the request could not be served."""
    context = {"title": title, "text": text}
    return render(request, "journals/manage/message.html", context, status=status)


def see_other(url: str) -> HttpResponseRedirect:
    """The answer to a POST that worked: the browser fetches `url` with GET."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def page(
    request: HttpRequest, template: str, context: Mapping[str, object], status: int = 200
) -> HttpResponse:
    """A manager's page: never kept by any cache."""
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def managed(request: HttpRequest, slug: str) -> tuple[Actor, Journal] | HttpResponse:
    """The actor and the journal they manage, or the page to answer instead (sign in,
    404, 403)."""
    actor = actor_of(request)
    if actor.user_id is None and not actor.oversees_node:
        return redirect_to_login(request.get_full_path())
    try:
        return actor, managed_journal(actor, slug)
    except Journal.DoesNotExist:
        return message(request, _("Not found"), _("There is no such journal."), 404)
    except PermissionDenied:
        text = _("Only the journal's managers may change its settings.")
        return message(request, _("Not allowed"), text, 403)


def text_and_lang(texts: Mapping[str, str], primary: str) -> tuple[str, str]:
    """The text to show in the current language (`texts.localized`) and its language tag."""
    text = localized(texts, get_language() or primary, primary)
    tag = next((k for k, v in texts.items() if v == text), primary)
    return text, tag


def journal_title(journal: Journal) -> str:
    return text_and_lang(journal.title, journal.primary_language)[0]
