"""An article's JATS body as HTML, rendered once and kept.

`article_html` renders the stored JATS with `sankofa.core.formats.article.jats_html.render`
and keeps the fragment and its table of contents on disk, under
``SANKOFA_HOME/cache/jats-html/<key>.json``, where the key is the SHA-256 of the
renderer's ``VERSION``, the JATS's SHA-256, the language of default headings and the
asset map (the article's galley names): the same JATS is rendered once per node,
whichever process asks, and again after an upgrade that changes the renderer. A kept
entry that cannot be read is rendered again; writes go to a temporary file renamed into
place, so a reader never sees half an entry. A few entries are also kept in memory.

Assets (``xlink:href`` of graphics, media, supplementary files) link to the article's
galley of that name when there is one, stay as they are when they are http(s) URLs, and
are dropped otherwise (the renderer writes no image without a URL it accepts).
A JATS that does not render gives an empty fragment (the page shows the metadata).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import jats_html
from sankofa.journals import links
from sankofa.journals.models import Article

__all__ = ["ArticleHtml", "article_html", "cache_dir"]

log = logging.getLogger(__name__)
_MEMORY: OrderedDict[str, ArticleHtml] = OrderedDict()
_MEMORY_ENTRIES = 64


@dataclass(frozen=True)
class ArticleHtml:
    html: str
    toc: tuple[tuple[str, str], ...]


def cache_dir() -> Path:
    """Where rendered fragments are kept."""
    return Path(settings.HOME) / "cache" / "jats-html"


def _key(article: Article, lang: str, assets: dict[str, str]) -> str:  # lang "": its own
    material = json.dumps([jats_html.VERSION, article.jats_sha256, lang, sorted(assets.items())])
    return hashlib.sha256(material.encode()).hexdigest()


def _asset_map(article: Article) -> dict[str, str]:
    return {g.name: links.galley_path(g) for g in article.galleys.all()}


def _load(path: Path) -> ArticleHtml | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        toc = tuple((str(t[0]), str(t[1])) for t in data["toc"])
        return ArticleHtml(html=str(data["html"]), toc=toc)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(path: Path, rendered: ArticleHtml) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"html": rendered.html, "toc": [list(t) for t in rendered.toc]}, out)
        os.replace(tmp, path)
    except OSError as error:  # a cache that cannot be written only costs time
        log.warning("cannot keep the rendered article at %s: %s", path, error)


def _render(article: Article, lang: str | None, assets: dict[str, str]) -> ArticleHtml:
    with get_blobstore().open(article.jats_sha256) as stream:
        data = stream.read()

    def asset_url(href: str) -> str:
        if href in assets:
            return assets[href]
        return href if href.lower().startswith(("http://", "https://")) else ""

    try:
        rendered = jats_html.render(data, asset_url=asset_url, lang=lang)
    except jats_html.JatsHtmlError as error:
        log.warning("article %s: its JATS does not render: %s", article.pk, error)
        return ArticleHtml(html="", toc=())
    return ArticleHtml(html=rendered.html, toc=rendered.toc)


def article_html(article: Article, lang: str | None = None) -> ArticleHtml:
    """The article's body and back matter as HTML (see the module docstring); `lang` picks
    the default headings of back matter (None: the article's own language, so that they
    match the fragment's ``lang``); empty for an article without JATS."""
    if not article.jats_sha256:
        return ArticleHtml(html="", toc=())
    assets = _asset_map(article)
    key = _key(article, lang or "", assets)
    if (kept := _MEMORY.get(key)) is not None:
        _MEMORY.move_to_end(key)
        return kept
    path = cache_dir() / key[:2] / f"{key}.json"
    rendered = _load(path)
    if rendered is None:
        rendered = _render(article, lang, assets)
        _store(path, rendered)
    _MEMORY[key] = rendered
    while len(_MEMORY) > _MEMORY_ENTRIES:
        _MEMORY.popitem(last=False)
    return rendered
