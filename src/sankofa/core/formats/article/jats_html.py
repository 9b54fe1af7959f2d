"""A JATS article's body and back matter (JATS 1.0-1.3 and NLM 3.0) as a safe HTML fragment.

`render` returns the content of ``/article/body``, ``/article/floats-group`` and
``/article/back`` (in that order) inside one ``<div class="jats">``; front matter,
``sub-article`` and ``response`` are left to the page that embeds it.  The document is
parsed by lxml with no network, no DTD and no entity substitution (an entity reference
left in the tree writes nothing); libxml2 refuses documents nested deeper than 256
elements, which raise `JatsHtmlError` like any other unparsable input.  Markup nested
deeper than `MAX_DEPTH` JATS elements is written as its plain text.

Safety.  Every tag and attribute goes through `jats_html_writer.HtmlWriter`, which accepts
only its allow-list: nothing of the JATS (``<script>``, ``style=``, ``on*=``, ``<iframe>``,
XHTML elements) is ever copied as markup; unknown elements keep their text and lose their
tag.  External links are kept only for http(s) and mailto URLs and DOIs; images and files
only for relative or http(s) URLs as returned by ``asset_url``.

Mapping.
* ``sec``, ``ack``, ``app``, ``app-group``, ``glossary``, ``notes``, ``bio``, ``ref-list``,
  ``fn-group``: ``<section>`` with ``aria-labelledby`` its heading (only the first of
  the sections with one heading text: a named section is a landmark), ``<h2>`` at the top
  level, one level deeper per nesting, ``<h6>`` at most; heading = label and title.  Back
  matter without a title gets a default one (`WORDS`, by ``lang``).
* ``p``: ``<p>``, or ``<div class="p">`` when it holds block content (figures, lists,
  tables, quotes...) that HTML does not allow in a paragraph.
* ``italic``, ``bold``, ``sup``, ``sub``, ``monospace``, ``strike``, ``abbrev``: ``<i>``,
  ``<b>``, ``<sup>``, ``<sub>``, ``<code>``, ``<s>``, ``<abbr>`` (JATS ``italic`` is
  typographic, HTML's ``<i>``, not stress ``<em>``); ``sc``, ``underline``, ``overline``,
  ``roman``, ``sans-serif``: ``<span class="...">``; ``break``: ``<br>``.
* ``list``: ``<ol>`` for ``@list-type`` order, alpha-*, roman-* (with ``type``), else
  ``<ul>`` (``class="simple"`` for simple); ``def-list``: ``<dl>``; ``disp-quote``:
  ``<blockquote>``; ``boxed-text``: ``<aside>``.
* ``fig``: ``<figure class="fig">``: its graphics as ``<img loading="lazy"
  decoding="async">`` (alt = ``alt-text``, else the caption title, else the label, else
  "Figure"), then ``<figcaption>`` with label and caption; ``fig-group``:
  ``<div class="fig-group">``.  ``table-wrap``: ``<figure class="table-wrap">`` with the
  ``<table>`` (``<caption>`` = label and caption; ``thead``, ``tbody``, ``tfoot``, ``tr``,
  ``th``, ``td`` with ``colspan``/``rowspan`` only, header-row ``td`` written as ``th``,
  a header cell with nothing in it (no text, image or formula) written as ``td``, loose
  rows put in a ``tbody``, anything else between rows dropped) and its
  ``table-wrap-foot``.
* ``alternatives``: one child: MathML, else a table, else a graphic (web formats first, its
  alt text the TeX alternative), else TeX, else media.  MathML: `jats_html_math`;
  ``tex-math``: ``<code class="tex-math">`` (LaTeX document wrapper cut).
* ``xref``: ``<a href="#target">`` when its first ``@rid`` is written in the fragment (see
  `HtmlWriter`), else its text; ``ext-link``, ``uri``, ``email``: ``<a rel="noopener">``.
* ``fn`` in ``fn-group`` (as ``<ol>``) and ``table-wrap-foot`` stay in place; any other
  ``fn`` leaves a linked marker and is written in a final ``<section class="footnotes">``.
* ``ref``: ``<li class="ref">`` of an ``<ol class="references">``: label, the
  ``mixed-citation`` as printed (a ``name`` as "Surname Given"), or the
  ``element-citation`` formatted as "Authors (year). Title. Source volume(issue):pages.",
  then its DOI as a link to https://doi.org/ when not already linked.
* ``supplementary-material``, ``media``, ``inline-supplementary-material``: label, caption
  and a link to ``asset_url(href)``.
* ``@xml:lang`` differing from the enclosing language (``lang``, else the article's) is
  written as ``lang`` with ``dir="auto"``.
* Ids: ``@id`` with characters other than ``A-Za-z0-9._-`` replaced by ``-``, cut to 64
  characters, prefixed ``id-`` unless starting with a letter, made unique with ``-2``...;
  sections without an id get ``sec-1``...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Final

from sankofa.core.formats.article import jats_html_floats, jats_html_refs, xmlinput
from sankofa.core.formats.article.jats_html_render import MAX_DEPTH, WORDS, Element, Renderer
from sankofa.core.formats.article.jats_html_render import lang_of as _lang_of

__all__ = ["MAX_DEPTH", "ROOTS", "VERSION", "WORDS", "JatsHtmlError", "Rendered", "render"]

ROOTS: Final = ("body", "floats-group", "back")
# Raised whenever the HTML written for the same JATS changes: what is kept of earlier
# renderings (sankofa.journals.rendering) is keyed by it, so none outlives its renderer.
VERSION: Final = 2


class JatsHtmlError(ValueError):
    """Bytes that cannot be rendered; ``path`` is the XPath at fault ("" if not XML)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Rendered:
    """The fragment and what it holds: top-level sections as (html id, plain title), the
    numbers of footnotes, ``fig`` and ``table-wrap`` written, and every ``xlink:href``
    given to ``asset_url`` (graphics, media, supplementary files), once each, in order."""

    html: str
    toc: tuple[tuple[str, str], ...]
    footnotes_count: int
    figures: int
    tables: int
    assets: tuple[str, ...]


def render(data: bytes, *, asset_url: Callable[[str], str], lang: str | None = None) -> Rendered:
    """Render the JATS document ``data`` (see the module docstring).  ``asset_url`` maps an
    ``xlink:href`` to the URL the page serves it at; ``lang`` is the language of the page
    (default: the article's ``@xml:lang``), which also picks the default headings."""
    root = _parse(data)
    article_lang = _lang_of(root)
    roots = [part for tag in ROOTS for part in root.iterchildren(tag)]
    renderer = Renderer(roots, asset_url, (lang or article_lang or "").lower() or None)
    for handlers in (jats_html_floats.HANDLERS, jats_html_refs.HANDLERS):
        for tag, handler in handlers.items():
            renderer.handlers[tag] = partial(handler, renderer)
    html = renderer.render(article_lang)
    return Rendered(
        html=html,
        toc=tuple(renderer.toc),
        footnotes_count=renderer.footnotes,
        figures=renderer.figures,
        tables=renderer.tables,
        assets=tuple(renderer.assets),
    )


def _parse(data: bytes) -> Element:
    try:
        root = xmlinput.parse(data)
    except xmlinput.NotXml as exc:
        raise JatsHtmlError("", str(exc)) from None
    if root.tag != "article":
        raise JatsHtmlError("/", f"the root element is <{root.tag}>, not <article>")
    return root
