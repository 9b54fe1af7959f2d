"""How long browsers and shared caches may keep a page.

Pages of archived objects named by their hash never change: they may be kept a day.
Pages whose content moves (home, search, an origin's visits) are kept a minute.
A page rendered for a signed-in person names them, so it is kept only by their own
browser (``private``) and never by a shared cache.

Usage in a view::

    response = render(request, "browse/release.html", context)
    return cache_for(request, response, IMMUTABLE)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

IMMUTABLE = 86400  # seconds: pages of objects named by their hash
SHORT = 60  # seconds: pages that change as the archive grows
UNCACHED = ("/api/", "/static/")  # never kept by the page cache

R = TypeVar("R", bound=HttpResponseBase)

# Pages that count each reading (usage statistics) may still be kept by the page cache:
# their views register a counter here, and a GET answered from the cache is counted by
# the counter of the first pattern its path matches (the view counts the others itself).
Counter = Callable[[HttpRequest, "re.Match[str]"], None]
_counters: list[tuple[re.Pattern[str], Counter]] = []


def count_cached_hits(pattern: str, counter: Counter) -> None:
    """Count GETs of paths matching `pattern` (a regular expression matched from the
    start of the path) that the page cache answers, with `counter(request, match)`."""
    compiled = re.compile(pattern)
    if all(p.pattern != compiled.pattern for p, _ in _counters):
        _counters.append((compiled, counter))


def _count(request: HttpRequest) -> None:
    if request.method != "GET":
        return
    for pattern, counter in _counters:
        if found := pattern.match(request.path):
            counter(request, found)
            return


def signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def cache_for(request: HttpRequest, response: R, seconds: int) -> R:
    """Mark `response` cacheable for `seconds`: ``public`` for anonymous visitors,
    ``private`` for signed-in ones; only successful responses are marked.

    The response varies with the session cookie, so a shared cache never hands one
    person's page to another.
    """
    if response.status_code != 200:
        return response
    patch_vary_headers(response, ("Cookie",))
    if signed_in(request):
        patch_cache_control(response, private=True, max_age=seconds)
    else:
        patch_cache_control(response, public=True, max_age=seconds)
    return response


def immutable(request: HttpRequest, response: R) -> R:
    """Cache headers for a page of an object named by its hash."""
    return cache_for(request, response, IMMUTABLE)


def short(request: HttpRequest, response: R) -> R:
    """Cache headers for a page whose content changes as the archive grows."""
    return cache_for(request, response, SHORT)


class PageCacheUpdate(UpdateCacheMiddleware):
    """The node's own shared cache, like a reverse proxy in front of it: a page marked
    ``public`` with a ``max-age`` is kept (compressed, as sent) for that long.

    Keys follow the response's ``Vary`` (cookie and encoding), so a signed-in page —
    ``private`` anyway — or a page that sets a cookie is never handed to anyone else.
    The API is left out: its answers are counted by the rate limiter one by one.
    """

    def _should_update_cache(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        keep = super()._should_update_cache(request, response)  # type: ignore[misc]
        return bool(keep) and not request.path.startswith(UNCACHED)


class PageCacheFetch(FetchFromCacheMiddleware):
    """Answers a request from the page cache before the rest of the stack runs."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if request.path.startswith(UNCACHED):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        response = super().process_request(request)
        if response is not None:
            _count(request)
        if response is None or not (etag := response.get("ETag")):
            return response
        # what ConditionalGetMiddleware would have answered, had the stack run
        return get_conditional_response(request, etag=etag, response=response)
