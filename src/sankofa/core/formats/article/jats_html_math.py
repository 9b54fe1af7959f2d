"""MathML from a JATS document (``mml:math``, namespace
``http://www.w3.org/1998/Math/MathML``) rewritten as MathML Core for an HTML fragment.

Elements of `jats_html_writer.MATH_TAGS` are kept, by local name; their attributes are
kept only if named in `jats_html_writer.MATH_ATTRS` with a value of at most 64 letters,
digits, spaces and ``. % # + - _`` (so no URL, script or style can pass).  Legacy
presentation MathML that MathML Core does not render is rewritten: ``mfenced`` becomes an
``mrow`` of ``mo`` fences and separators (defaults ``(``, ``)`` and ``,``), ``mlabeledtr``
an ``mtr``, ``maction`` and ``semantics`` their first child.  ``annotation``,
``annotation-xml`` and ``mglyph`` are dropped with their content; any other element
(unknown MathML, HTML or JATS inside the formula) is dropped and its content kept.
Nesting deeper than ``depth`` elements is written as the plain text of the subtree.
"""

from __future__ import annotations

import re
from typing import Any, Final

from sankofa.core.formats.article.jats_html_writer import MATH_ATTRS, MATH_TAGS, HtmlWriter

__all__ = ["MML", "write_math"]

Element = Any  # lxml ships no type stubs
MML: Final = "{http://www.w3.org/1998/Math/MathML}"
_VALUE: Final = re.compile(r"[\w .%#+\-]{1,64}")
_DROPPED: Final = frozenset({"annotation", "annotation-xml", "mglyph"})
_FIRST_CHILD: Final = frozenset({"maction", "semantics"})


def _local(element: Element) -> str | None:
    """The MathML local name, or None for a node that is not a MathML element."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    if tag.startswith(MML):
        return str(tag[len(MML) :])
    return None


def _attrs(element: Element) -> dict[str, str | None]:
    kept: dict[str, str | None] = {}
    for name, value in element.attrib.items():
        if name in MATH_ATTRS and _VALUE.fullmatch(value):
            kept[name] = value
    return kept


def write_math(out: HtmlWriter, math: Element, *, display: str | None, depth: int) -> None:
    """Write the ``<math>`` element ``math`` (``display`` "block" or None for inline)."""
    attrs = _attrs(math)
    attrs["display"] = display
    alttext = math.get("alttext")
    attrs["alttext"] = alttext[:1000] if alttext else None
    out.start("math", attrs)
    _children(out, math, depth - 1)
    out.end("math")


def _children(out: HtmlWriter, element: Element, depth: int) -> None:
    if element.text:
        out.text(element.text)
    for child in element:
        _node(out, child, depth)
        if child.tail:
            out.text(child.tail)


def _node(out: HtmlWriter, element: Element, depth: int) -> None:
    name = _local(element)
    if not isinstance(element.tag, str) or name in _DROPPED:
        return
    if depth <= 0:
        out.text("".join(element.itertext()))
    elif name in _FIRST_CHILD:
        first = next((child for child in element if isinstance(child.tag, str)), None)
        if first is not None:
            _node(out, first, depth - 1)
    elif name == "mfenced":
        _mfenced(out, element, depth)
    elif name == "mlabeledtr":
        with out.element("mtr", _attrs(element)):
            _children(out, element, depth - 1)
    elif name in MATH_TAGS and name != "math":
        with out.element(name, _attrs(element)):
            _children(out, element, depth - 1)
    else:
        _children(out, element, depth - 1)


def _mfenced(out: HtmlWriter, element: Element, depth: int) -> None:
    separators = "".join((element.get("separators") or ",").split())
    parts = [child for child in element if isinstance(child.tag, str)]
    with out.element("mrow"):
        _fence(out, element.get("open", "("))
        for index, child in enumerate(parts):
            if index and separators:
                _fence(out, separators[min(index - 1, len(separators) - 1)], separator=True)
            _node(out, child, depth - 1)
        _fence(out, element.get("close", ")"))


def _fence(out: HtmlWriter, text: str, *, separator: bool = False) -> None:
    if not text:
        return
    attrs = {"separator": "true"} if separator else {"fence": "true"}
    with out.element("mo", attrs):
        out.text(text[:8])
