"""Home and search pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {})


def search(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"query": request.GET.get("q", "")})


def unbuilt(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("Not yet available.", status=501, content_type="text/plain")
