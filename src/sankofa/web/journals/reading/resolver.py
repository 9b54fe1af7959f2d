"""Article ARKs at the node's ARK resolver (``/ark:…``, `sankofa.web.datasets.records.
resolver`), which asks here when no dataset has the ARK: an article's ARK (with or without
a qualifier) answers 302 to the article's page in the language being spoken; a retracted
article's page is its tombstone (410)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import get_language

from sankofa.core.identifiers.ark import Ark
from sankofa.journals import links
from sankofa.journals.models import Article

__all__ = ["answer"]


def answer(request: HttpRequest, ark: Ark) -> HttpResponseRedirect | None:
    """The redirect to the page of the article named by `ark`, or None if none has it."""
    article = Article.objects.select_related("journal").filter(ark=str(ark.base)).first()
    if article is None:
        return None
    return HttpResponseRedirect(links.article_path(article, get_language()))
