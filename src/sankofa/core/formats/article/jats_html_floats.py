"""Figures, tables, graphics, formulas and attached files for `jats_html` (the mapping
is stated there): functions of the `Renderer` and one element, listed in `HANDLERS`."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from sankofa.core.formats.article.jats_html_math import MML, write_math
from sankofa.core.formats.article.jats_html_render import (
    MAX_DEPTH,
    XLINK_HREF,
    Element,
    Renderer,
    plain,
)

__all__ = ["HANDLERS"]

_ALTERNATIVES: Final = (f"{MML}math", "table", "graphic", "inline-graphic", "tex-math", "media")
_FILES: Final = frozenset({"graphic", "inline-graphic", "media"})
_WEB_IMAGES: Final = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_MAX_ALT: Final = 1000
_MAX_SPAN: Final = 1000


def _alt(element: Element) -> str:
    alt = element.find("alt-text")
    return plain(alt)[:_MAX_ALT] if alt is not None else ""


def _caption_text(element: Element) -> str:
    """The caption title of a figure, else its label ("" if neither)."""
    title = element.find("caption/title")
    if title is not None and plain(title):
        return plain(title)[:_MAX_ALT]
    label = element.find("label")
    return plain(label)[:_MAX_ALT] if label is not None else ""


def fig(r: Renderer, element: Element) -> None:
    """``<figure class="fig">``: graphics and media, then label and caption."""
    r.figures += 1
    hint = _alt(element) or _caption_text(element) or r.word("figure")
    with r.out.element("figure", r.attrs(element, "fig")):
        before, r.alt_hint = r.alt_hint, hint
        r.children(element, frozenset({"label", "caption"}))
        r.alt_hint = before
        if element.find("label") is not None or element.find("caption") is not None:
            with r.out.element("figcaption"):
                r.caption_block(element)


def graphic(r: Renderer, element: Element) -> None:
    """``<img>`` of ``asset_url(@xlink:href)``, lazily loaded, never without alt text."""
    href = element.get(XLINK_HREF)
    if not href:
        return
    src = r.asset(href)
    alt = _alt(element) or r.alt_hint or _caption_text(element) or r.word("image")
    if src is None:
        return
    html_class = str(element.tag)
    attrs = r.attrs(element, html_class, src=src, alt=alt, loading="lazy", decoding="async")
    r.out.void("img", attrs)


def table_wrap(r: Renderer, element: Element) -> None:
    """``<figure class="table-wrap">``: the table (captioned), its foot; a figcaption
    when no ``<table>`` took the caption (a table given only as an image)."""
    r.tables += 1
    captioned = element.find("label") is not None or element.find("caption") is not None
    with r.out.element("figure", r.attrs(element, "table-wrap")):
        before_caption, before_hint = r.pending_caption, r.alt_hint
        r.pending_caption = element if captioned else None
        r.alt_hint = _alt(element) or _caption_text(element) or r.word("image")
        r.children(element, frozenset({"label", "caption", "table-wrap-foot"}))
        for foot in element.iterchildren("table-wrap-foot"):
            r.node(foot)
        if r.pending_caption is not None:
            with r.out.element("figcaption"):
                r.caption_block(element)
        r.pending_caption, r.alt_hint = before_caption, before_hint


def table(r: Renderer, element: Element) -> None:
    """``<table>`` with its row groups, rows and cells only."""
    if r.phrasing:
        r.out.text(plain(element))
        return
    caption_of, r.pending_caption = r.pending_caption, None
    with r.out.element("table", r.attrs(element)):
        if caption_of is not None:
            with r.out.element("caption"):
                r.caption_block(caption_of)
        loose: list[Element] = []
        for child in element:
            if child.tag == "tr":
                loose.append(child)
                continue
            _loose_rows(r, loose)
            if child.tag in ("thead", "tbody", "tfoot"):
                with r.out.element(child.tag, r.attrs(child)):
                    _rows(r, child.iterchildren("tr"), header=child.tag == "thead")
        _loose_rows(r, loose)


def _loose_rows(r: Renderer, rows: list[Element]) -> None:
    if rows:
        with r.out.element("tbody"):
            _rows(r, rows, header=False)
        rows.clear()


def _span(value: str | None) -> str | None:
    """A colspan/rowspan worth writing: 2 to 1000 (1 is the default)."""
    if value is None or not value.strip().isdigit():
        return None
    number = int(value)
    return str(number) if 1 < number <= _MAX_SPAN else None


def _rows(r: Renderer, rows: Iterable[Element], *, header: bool) -> None:
    for row in rows:
        with r.out.element("tr", r.attrs(row)):
            for cell in row.iterchildren("th", "td"):
                tag = "th" if header else str(cell.tag)
                if tag == "th" and _blank(cell):
                    tag = "td"  # a header cell must name something; an empty corner is data
                spans = {
                    "colspan": _span(cell.get("colspan")),
                    "rowspan": _span(cell.get("rowspan")),
                }
                with r.out.element(tag, r.attrs(cell, None, **spans)):
                    r.children(cell)


def _blank(cell: Element) -> bool:
    """A cell with no text and no image or formula in it."""
    if "".join(cell.itertext()).strip():
        return False
    return not any(isinstance(e.tag, str) and e.tag.endswith(_PICTURES) for e in cell.iter())


_PICTURES = ("graphic", "inline-graphic", "math", "alternatives")


def table_foot(r: Renderer, element: Element) -> None:
    with r.out.element("div", r.attrs(element, "table-wrap-foot")):
        before, r.fn_mode = r.fn_mode, "div"
        r.children(element)
        r.fn_mode = before


def formula(r: Renderer, element: Element) -> None:
    """``disp-formula`` (a ``div``, or a ``span`` inside a paragraph) or
    ``inline-formula`` (a ``span``), the label after the formula."""
    display = element.tag == "disp-formula"
    tag = "div" if display and not r.phrasing else "span"
    with r.out.element(tag, r.attrs(element, str(element.tag))):
        before, r.display_math = r.display_math, display
        with r.phrase():
            r.children(element, frozenset({"label"}))
            for label in element.iterchildren("label"):
                r.out.text(" ")
                with r.out.element("span", {"class": "label"}):
                    r.children(label)
        r.display_math = before


def math(r: Renderer, element: Element) -> None:
    display = "block" if r.display_math else None
    write_math(r.out, element, display=display, depth=MAX_DEPTH - r.depth)


def _tex_source(element: Element) -> str:
    """The TeX of a ``tex-math``, without a ``\\documentclass`` ... ``\\begin{document}``
    wrapper."""
    text = "".join(element.itertext())
    start, end = text.find("\\begin{document}"), text.rfind("\\end{document}")
    if 0 <= start < end:
        text = text[start + len("\\begin{document}") : end]
    return " ".join(text.split())


def tex(r: Renderer, element: Element) -> None:
    """``<code class="tex-math">`` of the TeX."""
    with r.out.element("code", r.attrs(element, "tex-math")):
        r.out.text(_tex_source(element))


def alternatives(r: Renderer, element: Element) -> None:
    """The one child the page can show best: MathML, table, a graphic (one in a web
    format, PNG, JPEG, GIF, SVG or WebP, before others; never one without a file; its alt
    text the TeX of a ``tex-math`` alternative if any), TeX, media, else the first."""
    children = [child for child in element if isinstance(child.tag, str)]
    usable = [c for c in children if c.tag not in _FILES or (c.get(XLINK_HREF) or "").strip()]
    for wanted in _ALTERNATIVES:
        found = sorted((c for c in usable if c.tag == wanted), key=_not_web_image)
        if found:
            before = r.alt_hint
            tex_math = element.find("tex-math")
            if tex_math is not None and plain(tex_math):
                r.alt_hint = _tex_source(tex_math)[:_MAX_ALT]
            r.node(found[0])
            r.alt_hint = before
            return
    if usable:
        r.node(usable[0])


def _not_web_image(element: Element) -> bool:
    return not (element.get(XLINK_HREF) or "").lower().endswith(_WEB_IMAGES)


def supplementary(r: Renderer, element: Element) -> None:
    """``supplementary-material``, ``media``, ``inline-supplementary-material``: label,
    caption and a link to the file (named by its file name), in a ``div`` (``span``
    inline)."""
    href = element.get(XLINK_HREF) or next(
        (media.get(XLINK_HREF) for media in element.iter("media") if media.get(XLINK_HREF)), ""
    )
    url = r.asset(href) if href else None
    inline = r.phrasing or element.tag == "inline-supplementary-material"
    with r.out.element("span" if inline else "div", r.attrs(element, str(element.tag))):
        if inline:
            _file_link(r, url, element, href)
            return
        r.caption_block(element)
        skip = {"label", "caption"} | ({"media"} if not element.get(XLINK_HREF) else set())
        r.children(element, frozenset(skip))
        r.out.text(" ")
        _file_link(r, url, None, href)


def _file_link(r: Renderer, url: str | None, text: Element | None, href: str) -> None:
    """A link to the file, its text the element's or else the file name."""
    name = posixpath.basename(href.rstrip("/")) or href
    if url is None or r.links:
        r.children(text) if text is not None else r.out.text(name)
        return
    with r.link({"href": url, "class": "download"}):
        if text is not None and plain(text):
            r.children(text)
        else:
            r.out.text(name)


HANDLERS: Final[Mapping[str, Callable[[Renderer, Element], None]]] = {
    "fig": fig,
    "graphic": graphic,
    "inline-graphic": graphic,
    "table-wrap": table_wrap,
    "table": table,
    "array": table,
    "table-wrap-foot": table_foot,
    "disp-formula": formula,
    "inline-formula": formula,
    f"{MML}math": math,
    "tex-math": tex,
    "alternatives": alternatives,
    "supplementary-material": supplementary,
    "media": supplementary,
    "inline-supplementary-material": supplementary,
}
