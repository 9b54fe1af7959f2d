"""The HTML fragment writer behind `jats_html`: allow-listed tags and attributes, escaped
text, balanced tags, unique ids, and URL checks.

Everything `jats_html` emits goes through `HtmlWriter`, which refuses (``UnsafeHtml``) any
tag outside `ALLOWED` or any attribute outside that tag's set: the allow-list is enforced
where bytes are written, not trusted to each caller.  Text is escaped with
``html.escape`` (``& < >``; attribute values also ``" '``) and runs of whitespace become
one space unless written with ``collapse=False``.  An end tag must close the innermost open
element.  An ``id`` is written only once (a second use is dropped).  An in-page link is
written with a `LocalHref`; when the fragment is joined, it becomes ``href="#id"`` if that
id was written anywhere in the fragment, and disappears otherwise, so every in-page link
has a target.

MathML elements are written by their local name (``<math>``, ``<mi>``), as HTML's syntax
for foreign content expects; their attributes come from `MATH_ATTRS` only (presentation
attributes; no ``href``, ``src``, ``style``, ``class``, ``id`` nor event handlers).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

__all__ = [
    "ALLOWED",
    "MATH_ATTRS",
    "HtmlWriter",
    "LocalHref",
    "UnsafeHtml",
    "safe_asset_url",
    "safe_link_url",
]

_GLOBAL: Final = frozenset({"id", "class", "lang", "dir"})
_CELL: Final = _GLOBAL | {"colspan", "rowspan"}

MATH_ATTRS: Final = frozenset(
    {
        "display", "alttext", "dir", "mathvariant", "displaystyle", "scriptlevel", "mathsize",
        "fence", "separator", "stretchy", "symmetric", "largeop", "movablelimits", "accent",
        "accentunder", "lspace", "rspace", "minsize", "maxsize", "form", "linethickness",
        "width", "height", "depth", "voffset", "columnalign", "rowalign", "columnspan",
        "rowspan", "notation", "numalign", "denomalign",
    }
)  # fmt: skip
MATH_TAGS: Final = frozenset(
    {
        "math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot",
        "mstyle", "merror", "mpadded", "mphantom", "menclose", "msub", "msup", "msubsup",
        "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mtable",
        "mtr", "mtd",
    }
)  # fmt: skip
_HTML_TAGS: Final = frozenset(
    {
        "div", "p", "span", "i", "b", "sup", "sub", "code", "s", "abbr", "br", "hr", "pre",
        "h2", "h3", "h4", "h5", "h6", "ol", "ul", "li", "dl", "dt", "dd", "blockquote",
        "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr",
    }
)  # fmt: skip

# Every tag the fragment may hold, with the attributes it may carry.
ALLOWED: Final[Mapping[str, frozenset[str]]] = {
    **{tag: _GLOBAL for tag in _HTML_TAGS},
    **{tag: MATH_ATTRS for tag in MATH_TAGS},
    "section": _GLOBAL | {"aria-labelledby"},
    "aside": _GLOBAL | {"aria-labelledby"},
    "ol": _GLOBAL | {"type"},
    "a": _GLOBAL | {"href", "rel"},
    "img": _GLOBAL | {"src", "alt", "loading", "decoding"},
    "th": _CELL,
    "td": _CELL,
}
_VOID: Final = frozenset({"img", "br", "hr"})
_WHITESPACE: Final = re.compile(r"[ \t\n\r]+")  # XML white space only: a no-break space stays


class UnsafeHtml(RuntimeError):
    """The renderer asked for a tag or attribute outside the allow-list (a bug in it)."""


@dataclass(frozen=True)
class LocalHref:
    """A link to ``#target``, kept only if an element with that id is written."""

    target: str


AttrValue = str | LocalHref | None


class HtmlWriter:
    """Accumulates the fragment; `result` joins it."""

    def __init__(self) -> None:
        self._parts: list[str | LocalHref] = []
        self._open: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []  # external hrefs written, in order

    def start(self, tag: str, attrs: Mapping[str, AttrValue] | None = None) -> None:
        self._tag(tag, attrs or {})
        if tag not in _VOID:
            self._open.append(tag)

    def void(self, tag: str, attrs: Mapping[str, AttrValue]) -> None:
        if tag not in _VOID:
            raise UnsafeHtml(f"<{tag}> is not a void element")
        self._tag(tag, attrs)

    def end(self, tag: str) -> None:
        if not self._open or self._open[-1] != tag:
            raise UnsafeHtml(f"</{tag}> does not close the open {self._open[-1:]}")
        self._open.pop()
        self._parts.append(f"</{tag}>")

    @contextmanager
    def element(self, tag: str, attrs: Mapping[str, AttrValue] | None = None) -> Iterator[None]:
        self.start(tag, attrs)
        yield
        self.end(tag)

    def text(self, value: str, *, collapse: bool = True) -> None:
        if collapse:
            value = _WHITESPACE.sub(" ", value)
        if value:
            self._parts.append(html.escape(value, quote=False))

    def result(self) -> str:
        if self._open:
            raise UnsafeHtml(f"elements left open: {self._open}")
        return "".join(
            (f' href="#{html.escape(part.target)}"' if part.target in self.ids else "")
            if isinstance(part, LocalHref)
            else part
            for part in self._parts
        )

    def _tag(self, tag: str, attrs: Mapping[str, AttrValue]) -> None:
        allowed = ALLOWED.get(tag)
        if allowed is None:
            raise UnsafeHtml(f"<{tag}> is not allowed")
        refused = [
            name for name, value in attrs.items() if value is not None and name not in allowed
        ]
        if refused:
            raise UnsafeHtml(f"{refused[0]}= is not allowed on <{tag}>")
        self._parts.append(f"<{tag}")
        for name, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, LocalHref):
                self._parts.append(value)
                continue
            if name == "id":
                if value in self.ids:
                    continue
                self.ids.add(value)
            elif name in ("href", "src") and not value.startswith("#"):
                self.hrefs.append(value)
            self._parts.append(f' {name}="{html.escape(value, quote=True)}"')
        self._parts.append(">")


# --- URLs ---------------------------------------------------------------------------------

_MAX_URL: Final = 4096
_EDGES: Final = "".join(chr(c) for c in range(0x21)) + "\x7f"
_TAB_NEWLINE: Final = re.compile(r"[\t\n\r]")
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def _clean(raw: str) -> str | None:
    """The URL a browser would see (WHATWG: outer C0 controls and spaces stripped, tabs and
    newlines removed anywhere), spaces percent-encoded; None if it still holds a control
    character or is longer than 4096 characters."""
    url = _TAB_NEWLINE.sub("", raw.strip(_EDGES)).replace(" ", "%20")
    if not url or len(url) > _MAX_URL or _CONTROL.search(url):
        return None
    return url


def safe_link_url(raw: str) -> str | None:
    """``raw`` cleaned if it is an absolute http, https or mailto URL, else None
    (javascript:, data:, vbscript:, file:, relative and malformed URLs)."""
    url = _clean(raw)
    if url is None:
        return None
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(1).lower() not in ("http", "https", "mailto"):
        return None
    return url


def safe_asset_url(raw: str) -> str | None:
    """``raw`` cleaned if it is a relative URL (no scheme) or an http(s) URL, else None."""
    url = _clean(raw)
    if url is None:
        return None
    scheme = _SCHEME.match(url)
    if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
        return None
    return url
