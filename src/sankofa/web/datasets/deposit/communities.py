"""Community pages: the list (admins create communities there) and each landing page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sankofa.accounts.models import RoleAssignment
from sankofa.core.actors import PermissionDenied, require
from sankofa.datasets import listing, services
from sankofa.datasets.errors import DatasetError
from sankofa.datasets.models import Community
from sankofa.web.actors import actor_of
from sankofa.web.datasets.deposit import presenters
from sankofa.web.datasets.deposit.forms import CommunityForm
from sankofa.web.datasets.deposit.pages import refusal, see_other, version_url

PER_PAGE = 20


def _may_create(request: HttpRequest) -> bool:
    try:
        require(actor_of(request), "datasets.communities")
    except PermissionDenied:
        return False
    return True


@require_http_methods(["GET", "HEAD", "POST"])
def communities(request: HttpRequest) -> HttpResponse:
    may_create = _may_create(request)
    form = CommunityForm() if may_create else None
    status = 200
    if request.method == "POST":
        if not may_create:
            return refusal(request, PermissionDenied("only admins create communities"))
        form = CommunityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                found = services.create_community(
                    actor_of(request),
                    data["slug"],
                    data["title"],
                    review_required=data["review_required"],
                )
                return see_other(reverse("datasets:community", args=[found.slug]) + "?done=created")
            except (DatasetError, ValueError) as exc:
                form.refuse("slug" if "slug" in str(exc) else "title", str(exc))
        status = 400
    context = {"communities": listing.communities(), "form": form}
    return render(request, "datasets/deposit/communities.html", context, status=status)


def curators_of(community: Community) -> int:
    """How many people curate `community`: a public page never shows their e-mail
    addresses, which are all an account has for a name."""
    return RoleAssignment.objects.filter(role="curator", scope=community.scope_key).count()


@require_http_methods(["GET", "HEAD"])
def community(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = listing.community(slug)
    except DatasetError as exc:
        return refusal(request, exc)
    page = Paginator(listing.published_in(found), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "community": found,
        "curators": curators_of(found),
        "page": page,
        "records": [(v, version_url(v)) for v in page.object_list],
        "notice": presenters.notice(request.GET.get("done")),
    }
    return render(request, "datasets/deposit/community.html", context)
