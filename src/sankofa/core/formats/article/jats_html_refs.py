"""References for `jats_html`: each ``ref`` as ``<li class="ref">`` with its label, its
citations and a DOI link.

A ``mixed-citation`` (or ``citation``) is written as printed, with its inline markup; a
``name`` in it reads "Surname Given-names Suffix" (JATS puts no space between the parts),
an empty ``etal`` reads "et al.", and a ``pub-id`` of type doi links its printed text to
https://doi.org/.  An ``element-citation`` (or ``nlm-citation``) holds no punctuation; it
is written as "Authors (Year). Title. <i>Source</i> Volume(Issue):fpage\u2013lpage.
Location: Publisher." followed by its links and comments, from the parts present
(authors are the first ``person-group``, names as above, comma-separated).  After each
citation, its first ``pub-id[@pub-id-type="doi"]``, if a valid DOI not yet linked, is
added as a link whose text is the https://doi.org/ URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from sankofa.core.formats.article.jats_html_render import Element, Renderer, parse_doi, plain

__all__ = ["HANDLERS"]

_CITATIONS: Final = frozenset({"mixed-citation", "element-citation", "citation", "nlm-citation"})
_TITLES: Final = ("article-title", "chapter-title", "data-title", "part-title")
_NAME_PARTS: Final = ("prefix", "surname", "given-names", "suffix")


def ref(r: Renderer, element: Element) -> None:
    with r.out.element("li", r.attrs(element, "ref")):
        label = element.find("label")
        if label is not None and plain(label):
            with r.phrase("span", {"class": "label"}):
                r.children(label)
            r.out.text(" ")
        citations = [child for child in element if child.tag in _CITATIONS]
        if not citations:
            r.children(element, frozenset({"label"}))
        for index, citation in enumerate(citations):
            if index:
                r.out.text(" ")
            r.node(citation)


def citation(r: Renderer, element: Element) -> None:
    mark = len(r.out.hrefs)
    with r.lang_span(element), r.phrase():
        if element.tag in ("element-citation", "nlm-citation"):
            _structured(r, element)
        else:
            r.children(element)
        _doi_link(r, element, mark)


def _doi_link(r: Renderer, element: Element, mark: int) -> None:
    pub_id = element.find(".//pub-id[@pub-id-type='doi']")
    doi = parse_doi(plain(pub_id)) if pub_id is not None else None
    if doi is None or doi.url in r.out.hrefs[mark:] or r.links:
        return
    r.out.text(" ")
    with r.link({"href": doi.url, "class": "doi"}):
        r.out.text(doi.url)


def name(r: Renderer, element: Element) -> None:
    parts = (element.find(tag) for tag in _NAME_PARTS)
    r.out.text(" ".join(plain(part) for part in parts if part is not None and plain(part)))


def etal(r: Renderer, element: Element) -> None:
    if plain(element):
        r.children(element)
    else:
        r.out.text("et al.")


def pub_id(r: Renderer, element: Element) -> None:
    doi = parse_doi(plain(element)) if element.get("pub-id-type") == "doi" else None
    if doi is None or r.links:
        r.children(element)
        return
    with r.link({"href": doi.url, "class": "doi"}):
        r.children(element)


def _period(r: Renderer, written: str) -> None:
    if written and not written.rstrip().endswith((".", "?", "!")):
        r.out.text(".")


def _part(r: Renderer, element: Element | None, before: str = "", after: str = "") -> str:
    """Write ``before``, the element's content, ``after``; the plain text written."""
    if element is None or not plain(element):
        return ""
    r.out.text(before)
    r.children(element)
    r.out.text(after)
    return before + plain(element) + after


def _structured(r: Renderer, element: Element) -> None:
    """An ``element-citation``, punctuated as the module docstring says."""
    authors = element.find("person-group")
    collab = element.find("collab")
    written = _authors(r, authors) if authors is not None else _part(r, collab)
    year = _part(r, element.find("year"), " (" if written else "(", ")")
    _period(r, year or written)
    title = next((element.find(t) for t in _TITLES if element.find(t) is not None), None)
    _period(r, _part(r, title, " "))
    source = element.find("source")
    written = ""
    if source is not None and plain(source):
        r.out.text(" ")
        with r.out.element("i"):
            r.children(source)
        written = plain(source)
    written += _part(r, element.find("volume"), " ") + _part(r, element.find("issue"), "(", ")")
    written += _part(r, element.find("fpage"), ":") + _part(r, element.find("lpage"), "\u2013")
    if element.find("fpage") is None:
        written += _part(r, element.find("elocation-id"), ":" if written else " ")
    _period(r, written)
    place = _part(r, element.find("publisher-loc"), " ", ":")
    _period(r, _part(r, element.find("publisher-name"), " ") or place)
    for extra in element.iterchildren("ext-link", "uri", "comment"):
        r.out.text(" ")
        r.node(extra)


def _authors(r: Renderer, group: Element) -> str:
    written: list[str] = []
    for member in group:
        if member.tag not in ("name", "string-name", "collab", "etal"):
            continue
        if written:
            r.out.text(", ")
        r.node(member)
        written.append(plain(member) or "et al.")
    return ", ".join(written)


HANDLERS: Final[Mapping[str, Callable[[Renderer, Element], None]]] = {
    "ref": ref,
    **{tag: citation for tag in _CITATIONS},
    "name": name,
    "etal": etal,
    "pub-id": pub_id,
}
