"""The inbox: a signed-in person's journal notices, unread first; marking them read.

Never cached (it names the person and changes as they read).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from sankofa.journals import mail
from sankofa.journals.models import Notification
from sankofa.journals.texts import localized
from sankofa.web.actors import actor_of

PER_PAGE = 50


@require_http_methods(["GET", "HEAD", "POST"])
def inbox_page(request: HttpRequest) -> HttpResponse:
    """GET: the list (``?page=``); POST: mark every notice read, then the list again."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor = actor_of(request)
    if request.method == "POST":
        mail.mark_all_read(actor)
        return HttpResponseRedirect(reverse("journals:inbox"), status=303)
    page = Paginator(mail.inbox(actor), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "items": [_item(n) for n in page.object_list],
        "unread": mail.unread_count(actor.user_id) if actor.user_id is not None else 0,
    }
    response = render(request, "journals/inbox/inbox.html", context)
    add_never_cache_headers(response)
    return response


def _item(notice: Notification) -> dict[str, object]:
    journal = notice.journal
    return {
        "pk": notice.pk,
        "subject": notice.subject,
        "body": notice.body,
        "created": notice.created,
        "unread": notice.read is None,
        "journal": localized(journal.title, get_language() or "en", journal.primary_language)
        if journal is not None
        else "",
        # only a path on this node is offered as a link
        "url": notice.url if notice.url.startswith("/") and not notice.url.startswith("//") else "",
    }


@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one's own notice `pk` read, then go to ``next`` (a path on this node) or back
    to the inbox. Someone else's notice is left alone, with the same answer."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("journals:inbox"))
    mail.mark_read(actor_of(request), pk)
    target = request.POST.get("next", "")
    local = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if local else reverse("journals:inbox"), status=303)
