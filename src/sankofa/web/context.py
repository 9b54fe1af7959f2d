"""What every page's template knows: the node's name, the languages, who is signed in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def node(request: HttpRequest) -> dict[str, object]:
    """Links to this page in every shipped language (for the switcher and for hreflang)."""
    here = request.get_full_path()
    current = get_language()
    languages = [
        {"code": code, "name": name, "url": translate_url(here, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    return {"node_name": settings.SANKOFA_NODE_NAME, "language_links": languages}
