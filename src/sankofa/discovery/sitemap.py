"""Sitemaps (sitemaps.org protocol 0.9): the pages a crawler should visit, from sources.

A domain hands the node's sitemap a **source**: an object that counts its pages and
lists a slice of them (`SitemapSource`). `document` turns the sources into what
``/sitemap.xml`` answers: one ``<urlset>`` while all pages fit in one file
(`MAX_URLS`, the protocol's 50,000), else a ``<sitemapindex>`` naming one ``<urlset>``
per page of `MAX_URLS` (``page_url(n)``, n from 1), each listing sources one after the
other in the order given.

Written by hand as UTF-8 with ``&``, ``<``, ``>``, ``'`` and ``"`` escaped, as the
protocol asks; ``lastmod`` in W3C datetime form (``2026-05-01T12:00:00+00:00``, or a
date alone). Alternates (``xhtml:link rel="alternate" hreflang=…``) name a page's
translations. Nothing here knows which records exist: `discovery` imports no domain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import chain
from typing import Protocol
from xml.sax.saxutils import escape

__all__ = [
    "MAX_URLS",
    "NAMESPACE",
    "SitemapSource",
    "Url",
    "document",
    "index",
    "page_count",
    "page_urls",
    "urlset",
]

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000
_ENTITIES = {'"': "&quot;", "'": "&apos;"}


@dataclass(frozen=True)
class Url:
    """One page: its absolute address, its last change, and its translations
    (``(language, absolute address)`` pairs)."""

    loc: str
    lastmod: datetime | date | None = None
    alternates: tuple[tuple[str, str], ...] = ()


class SitemapSource(Protocol):
    """What a domain implements to list its pages: `count` how many, `urls` a slice in a
    stable order (``offset`` pages skipped, at most ``limit`` given)."""

    name: str

    def count(self) -> int: ...

    def urls(self, offset: int, limit: int) -> Iterable[Url]: ...


def _text(value: str) -> str:
    return escape(value, _ENTITIES)


def w3c_datetime(value: datetime | date) -> str:
    """A W3C datetime: a date alone, or a time in UTC to the second."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    return value.isoformat()


def _url(url: Url) -> str:
    lines = [f"<url><loc>{_text(url.loc)}</loc>"]
    if url.lastmod is not None:
        lines.append(f"<lastmod>{w3c_datetime(url.lastmod)}</lastmod>")
    for lang, href in url.alternates:
        lines.append(f'<xhtml:link rel="alternate" hreflang="{_text(lang)}" href="{_text(href)}"/>')
    lines.append("</url>\n")
    return "".join(lines)


def urlset(urls: Iterable[Url]) -> Iterator[bytes]:
    """A ``<urlset>`` document, in chunks (the caller streams it)."""
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{NAMESPACE}" xmlns:xhtml="{XHTML}">\n'
    ).encode()
    batch: list[str] = []
    for url in urls:
        batch.append(_url(url))
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    batch.append("</urlset>\n")
    yield "".join(batch).encode()


def index(sitemaps: Iterable[str]) -> bytes:
    """A ``<sitemapindex>`` naming each sitemap by its absolute address."""
    entries = "".join(f"<sitemap><loc>{_text(loc)}</loc></sitemap>\n" for loc in sitemaps)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="{NAMESPACE}">\n{entries}</sitemapindex>\n'
    ).encode()


def page_count(sources: Sequence[SitemapSource], per_page: int = MAX_URLS) -> int:
    """How many ``<urlset>`` files the sources fill (at least one, even when empty)."""
    total = sum(source.count() for source in sources)
    return max(1, -(-total // per_page))


def page_urls(
    sources: Sequence[SitemapSource], number: int, per_page: int = MAX_URLS
) -> Iterator[Url]:
    """The pages of sitemap `number` (from 1): the sources' pages one after the other,
    `per_page` a file."""
    skip, left = (number - 1) * per_page, per_page
    parts: list[Iterable[Url]] = []
    for source in sources:
        if left <= 0:
            break
        size = source.count()
        if skip >= size:
            skip -= size
            continue
        take = min(left, size - skip)
        parts.append(source.urls(skip, take))
        skip, left = 0, left - take
    return chain.from_iterable(parts)


def document(
    sources: Sequence[SitemapSource],
    page: int | None,
    page_url: Callable[[int], str],
    per_page: int = MAX_URLS,
) -> Iterator[bytes] | None:
    """What the sitemap address answers: with no `page`, the one ``<urlset>`` when one
    file holds every page, else the ``<sitemapindex>``; with a `page`, that ``<urlset>``.
    None for a page number that does not exist."""
    pages = page_count(sources, per_page)
    if page is None:
        if pages == 1:
            return urlset(page_urls(sources, 1, per_page))
        return iter([index(page_url(n) for n in range(1, pages + 1))])
    if not 1 <= page <= pages:
        return None
    return urlset(page_urls(sources, page, per_page))
