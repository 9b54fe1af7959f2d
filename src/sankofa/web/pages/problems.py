"""Pages that say what went wrong: a bad request (400) or something not found (404).

A view raises `PageProblem` (or calls `problem_page`) with one clear sentence; the
page is rendered in the request's language, never cached, and never crashes on the
input it names.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

TITLES = {400: _("Bad request"), 404: _("Not found")}


class PageProblem(Exception):
    """Stop rendering a page and answer `status` with `message` (one sentence)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bad_request(message: str) -> PageProblem:
    return PageProblem(400, message)


def not_found(message: str) -> PageProblem:
    return PageProblem(404, message)


def problem_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    context = {"title": TITLES.get(status, _("Error")), "message": message, "status": status}
    response = render(request, "pages/problem.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def problem_response(request: HttpRequest, problem: PageProblem) -> HttpResponse:
    return problem_page(request, problem.status, problem.message)
