"""The tree walk behind `jats_html.render`: one `Renderer` per document, one method per
JATS element kind.  The mapping and its guarantees are stated in `jats_html`; citations
are formatted by `jats_html_refs`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from sankofa.core.formats.article.jats_html_writer import (
    AttrValue,
    HtmlWriter,
    LocalHref,
    safe_asset_url,
    safe_link_url,
)
from sankofa.core.identifiers import Doi, IdentifierError

__all__ = ["MAX_DEPTH", "WORDS", "Renderer", "plain"]

Element = Any  # lxml ships no type stubs
Handler = Callable[[Element], None]
MAX_DEPTH: Final = 60
XLINK_HREF: Final = "{http://www.w3.org/1999/xlink}href"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"

WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {"ref-list": "References", "fn-group": "Notes", "footnotes": "Footnotes",
           "ack": "Acknowledgements", "app-group": "Appendices", "glossary": "Glossary",
           "figure": "Figure", "image": "Image", "note": "Note"},
    "pt": {"ref-list": "Referências", "fn-group": "Notas", "footnotes": "Notas de rodapé",
           "ack": "Agradecimentos", "app-group": "Apêndices", "glossary": "Glossário",
           "figure": "Figura", "image": "Imagem", "note": "Nota"},
    "es": {"ref-list": "Referencias", "fn-group": "Notas", "footnotes": "Notas al pie",
           "ack": "Agradecimientos", "app-group": "Apéndices", "glossary": "Glosario",
           "figure": "Figura", "image": "Imagen", "note": "Nota"},
    "fr": {"ref-list": "Références", "fn-group": "Notes", "footnotes": "Notes de bas de page",
           "ack": "Remerciements", "app-group": "Annexes", "glossary": "Glossaire",
           "figure": "Figure", "image": "Image", "note": "Note"},
}  # fmt: skip

_SECTIONS: Final = frozenset(
    {"sec", "ack", "app", "app-group", "glossary", "notes", "bio", "ref-list", "fn-group"}
)
_BLOCK: Final = frozenset(
    {"fig", "fig-group", "table-wrap", "table-wrap-group", "table", "list", "def-list",
     "disp-quote", "boxed-text", "preformat", "code", "supplementary-material", "media",
     "statement", "verse-group", "speech", "sec", "p", "array", "chem-struct-wrap",
     "disp-formula-group", "glossary", "ref-list", "fn-group", "table-wrap-foot", "title"}
)  # fmt: skip
_INLINE: Final[Mapping[str, tuple[str, str | None]]] = {
    "italic": ("i", None), "bold": ("b", None), "sup": ("sup", None), "sub": ("sub", None),
    "monospace": ("code", None), "strike": ("s", None), "abbrev": ("abbr", None),
    "sc": ("span", "sc"), "underline": ("span", "underline"),
    "overline": ("span", "overline"), "roman": ("span", "roman"),
    "sans-serif": ("span", "sans-serif"),
}  # fmt: skip
_DROPPED: Final = frozenset(
    {"object-id", "alt-text", "long-desc", "sec-meta", "processing-meta", "sub-article",
     "response", "col", "colgroup", "annotation"}
)  # fmt: skip
_ORDERED: Final[Mapping[str, str | None]] = {
    "order": None, "alpha-lower": "a", "alpha-upper": "A", "roman-lower": "i", "roman-upper": "I"
}  # fmt: skip
_LANG: Final = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,6}")
_ID_CHARS: Final = re.compile(r"[^A-Za-z0-9._-]+")
_CLASS: Final = re.compile(r"[^a-z0-9-]+")
_EMAIL: Final = re.compile(r"[^\s@\"'<>]+@[^\s@\"'<>]+")


def plain(element: Element) -> str:
    """The element's text content, whitespace runs collapsed to one space."""
    return " ".join("".join(element.itertext()).split())


def lang_of(element: Element) -> str | None:
    value = element.get(XML_LANG)
    if value and _LANG.fullmatch(value):
        return str(value).lower()
    return None


def parse_doi(value: str) -> Doi | None:
    try:
        return Doi.parse(value)
    except IdentifierError:
        return None


def _has_block(paragraph: Element) -> bool:
    """Whether a ``p`` holds content HTML does not allow in ``<p>`` (not counting the
    footnotes it holds, which are written elsewhere)."""
    for element in paragraph.iterdescendants(*_BLOCK):
        for ancestor in element.iterancestors():
            if ancestor is paragraph:
                return True
            if ancestor.tag == "fn":
                break
    return False


class Ids:
    """JATS ids mapped to unique HTML ids, and fresh ids for generated elements."""

    def __init__(self, roots: list[Element]) -> None:
        self.used: set[str] = set()
        self.by_jats: dict[str, str] = {}
        self.elements: dict[str, Element] = {}
        for root in roots:
            for element in root.iter():
                jats_id = element.get("id") if isinstance(element.tag, str) else None
                if jats_id and jats_id not in self.by_jats:
                    self.by_jats[jats_id] = self.fresh(jats_id)
                    self.elements[jats_id] = element

    def fresh(self, wanted: str) -> str:
        base = _ID_CHARS.sub("-", wanted[:200])[:64].strip("-")
        if not base[:1].isalpha():
            base = f"id-{base}" if base else "id"
        candidate, number = base, 1
        while candidate in self.used:
            number += 1
            candidate = f"{base}-{number}"
        self.used.add(candidate)
        return candidate

    def of(self, element: Element) -> str | None:
        jats_id = element.get("id")
        return self.by_jats.get(jats_id) if jats_id else None

    def label_of(self, jats_id: str) -> str:
        """The label text of the element with that JATS id ("" if none)."""
        element = self.elements.get(jats_id)
        label = element.find("label") if element is not None else None
        return plain(label) if label is not None else ""


class Renderer:
    """Walks ``roots`` (body, floats-group, back) once and writes them to `out`."""

    def __init__(
        self, roots: list[Element], asset_url: Callable[[str], str], lang: str | None
    ) -> None:
        self.out = HtmlWriter()
        self.roots = roots
        self.ids = Ids(roots)
        self.asset_url = asset_url
        self.assets: dict[str, None] = {}
        self.toc: list[tuple[str, str]] = []
        self.words = WORDS.get((lang or "en").split("-")[0], WORDS["en"])
        self.langs: list[str | None] = [lang]
        self.figures = self.tables = self.footnotes = 0
        self.depth = self.section_depth = self.links = 0
        self.phrasing = False
        self.display_math = False
        self.alt_hint = ""
        self.pending_caption: Element | None = None  # the table-wrap whose <table> is next
        self.loose_footnotes: list[Element] = []
        self.loose_ids: dict[Element, str] = {}
        self.fn_mode: str | None = None  # None: footnotes go to the closing section
        self.region_names: set[tuple[str, str]] = set()  # (tag, heading) named so far
        self.handlers: dict[str, Handler] = {
            **{tag: self.section for tag in _SECTIONS},
            "p": self.paragraph, "list": self.list, "def-list": self.def_list,
            "disp-quote": self.quote, "boxed-text": self.boxed_text,
            "fig-group": self.group, "table-wrap-group": self.group,
            "xref": self.xref, "ext-link": self.ext_link, "uri": self.ext_link,
            "related-object": self.ext_link, "self-uri": self.ext_link, "email": self.email,
            "fn": self.fn, "break": self.line_break, "hr": self.rule,
            "preformat": self.preformat, "code": self.preformat, "label": self.label,
            "title": self.label, "caption": self.caption_only, "permissions": self.permissions,
            "body": self.container, "back": self.container, "floats-group": self.container,
        }  # fmt: skip
        # jats_html adds the handlers of jats_html_floats and jats_html_refs.

    # --- the walk -------------------------------------------------------------------------

    def node(self, element: Element) -> None:
        """Write one element (not its tail)."""
        tag = element.tag
        if not isinstance(tag, str) or tag in _DROPPED:
            return
        if self.depth >= MAX_DEPTH:
            self.out.text(plain(element))
            return
        own = lang_of(element)
        self.langs.append(own or self.langs[-1])
        self.depth += 1
        try:
            self._dispatch(element, tag, own)
        finally:
            self.depth -= 1
            self.langs.pop()

    def _dispatch(self, element: Element, tag: str, own: str | None) -> None:
        handler = self.handlers.get(tag)
        if handler is not None:
            handler(element)
        elif tag in _INLINE:
            html_tag, html_class = _INLINE[tag]
            with self.out.element(html_tag, self.attrs(element, html_class)):
                self.children(element)
        elif own is not None and own != self.langs[-2]:
            with self.out.element("span", self.attrs(element)):
                self.children(element)
        else:
            self.children(element)

    def children(self, element: Element, skip: frozenset[str] = frozenset()) -> None:
        """Write the element's content: its text, its children but ``skip``, their tails."""
        if element.text:
            self.out.text(element.text)
        for child in element:
            if child.tag not in skip:
                self.node(child)
            if child.tail:
                self.out.text(child.tail)

    def attrs(
        self, element: Element, html_class: str | None = None, **more: AttrValue
    ) -> dict[str, AttrValue]:
        """``id`` (from ``@id``), ``class``, and ``lang``/``dir`` where the language changes."""
        result: dict[str, AttrValue] = {"id": self.ids.of(element), "class": html_class}
        own = lang_of(element)
        if own is not None and len(self.langs) > 1 and own != self.langs[-2]:
            result["lang"], result["dir"] = own, "auto"
        result.update(more)
        return result

    @contextmanager
    def phrase(
        self, tag: str | None = None, attrs: Mapping[str, AttrValue] | None = None
    ) -> Iterator[None]:
        """Inside ``<tag>`` (if given), in phrasing content."""
        before, self.phrasing = self.phrasing, True
        if tag:
            self.out.start(tag, attrs)
        yield
        if tag:
            self.out.end(tag)
        self.phrasing = before

    def word(self, key: str) -> str:
        return self.words[key]

    # --- sections and blocks --------------------------------------------------------------

    def section(self, element: Element) -> None:
        kind = str(element.tag)
        title, label = element.find("title"), element.find("label")
        heading = " ".join(plain(e) for e in (label, title) if e is not None).strip()
        if not heading and kind in self.words:
            heading = self.word(kind)
        section_id = self.ids.of(element) or self.ids.fresh(kind)
        heading_id = self.ids.fresh(f"{section_id}-title") if heading else None
        level = min(2 + self.section_depth, 6)
        named = self.region_name("section", heading, heading_id)
        attrs = self.attrs(element, kind, **{"aria-labelledby": named})
        attrs["id"] = section_id
        with self.out.element("section", attrs):
            if heading_id is not None:
                with self.phrase(f"h{level}", {"id": heading_id}):
                    self.heading_text(label, title, heading)
                if self.section_depth == 0:
                    self.toc.append((section_id, heading))
            self.section_depth += 1
            self.section_body(element, kind)
            self.section_depth -= 1

    def region_name(self, tag: str, heading: str, heading_id: str | None) -> str | None:
        """`heading_id` for ``aria-labelledby`` when no earlier `tag` of the article was
        named by the same heading, else None: a named section or aside is a landmark, and
        landmarks must differ (two "Methods" sections: only the first is one)."""
        key = (tag, " ".join(heading.split()).casefold())
        if heading_id is None or not key[1] or key in self.region_names:
            return None
        self.region_names.add(key)
        return heading_id

    def heading_text(self, label: Element | None, title: Element | None, default: str) -> None:
        if label is not None and plain(label):
            with self.out.element("span", {"class": "label"}):
                self.children(label)
            self.out.text(" ")
        if title is not None and plain(title):
            self.children(title)
        elif label is None or not plain(label):
            self.out.text(default)

    def section_body(self, element: Element, kind: str) -> None:
        skip = frozenset({"title", "label"})
        if kind == "ref-list":
            self.grouped(element, "ref", "ol", "references", skip)
        elif kind == "fn-group":
            before, self.fn_mode = self.fn_mode, "li"
            self.grouped(element, "fn", "ol", "footnotes", skip)
            self.fn_mode = before
        else:
            self.children(element, skip)

    def grouped(
        self, element: Element, member: str, tag: str, html_class: str, skip: frozenset[str]
    ) -> None:
        """Children, with each run of ``member`` elements inside one ``<tag>``."""
        run = False
        for child in element:
            if child.tag == member and not run:
                self.out.start(tag, {"class": html_class})
                run = True
            elif child.tag != member and run and isinstance(child.tag, str):
                self.out.end(tag)
                run = False
            if child.tag not in skip:
                self.node(child)
            if child.tail and not run:
                self.out.text(child.tail)
        if run:
            self.out.end(tag)

    def paragraph(self, element: Element) -> None:
        tag = "span" if self.phrasing else "div" if _has_block(element) else "p"
        html_class = None if tag == "p" else "p"
        if tag == "div":
            with self.out.element(tag, self.attrs(element, html_class)):
                self.children(element)
        else:
            with self.phrase(tag, self.attrs(element, html_class)):
                self.children(element)

    def label(self, element: Element) -> None:
        """A ``label`` or ``title`` its parent did not place: a span of its own."""
        with self.phrase("span", self.attrs(element, str(element.tag))):
            self.children(element)

    def caption_only(self, element: Element) -> None:
        """A ``caption`` its parent did not place."""
        with self.out.element("span" if self.phrasing else "div", self.attrs(element, "caption")):
            self.caption_content(element)

    def list(self, element: Element) -> None:
        kind = element.get("list-type") or ""
        self.block_title(element)
        ordered = kind in _ORDERED
        tag = "ol" if ordered else "ul"
        extra = {"type": _ORDERED[kind]} if ordered else {}
        html_class = "simple" if kind == "simple" else None
        with self.out.element(tag, self.attrs(element, html_class, **extra)):
            for item in element.iterchildren("list-item"):
                with self.out.element("li", self.attrs(item)):
                    self.labelled(item)

    def labelled(self, element: Element) -> None:
        """The element's ``label`` as a span, then the rest of its content."""
        label = element.find("label")
        if label is not None:
            with self.phrase("span", {"class": "label"}):
                self.children(label)
            self.out.text(" ")
        self.children(element, frozenset({"label"}))

    def block_title(self, element: Element) -> None:
        title = element.find("title")
        if title is not None and plain(title):
            with self.phrase("p", {"class": "title"}):
                self.children(title)

    def def_list(self, element: Element) -> None:
        self.block_title(element)
        with self.out.element("dl", self.attrs(element)):
            for item in element.iterchildren("def-item"):
                for part in item.iterchildren("term", "def"):
                    tag = "dt" if part.tag == "term" else "dd"
                    with self.out.element(tag, self.attrs(part if tag == "dd" else item)):
                        self.children(part)

    def quote(self, element: Element) -> None:
        with self.out.element("blockquote", self.attrs(element)):
            self.children(element, frozenset({"attrib"}))
            for attrib in element.iterchildren("attrib"):
                with self.phrase("p", {"class": "attrib"}):
                    self.children(attrib)

    def boxed_text(self, element: Element) -> None:
        caption, label = element.find("caption"), element.find("label")
        title = caption.find("title") if caption is not None else None
        heading_id = None
        if title is not None or label is not None:
            heading_id = self.ids.fresh(f"{self.ids.of(element) or 'box'}-title")
        heading = " ".join(plain(e) for e in (label, title) if e is not None)
        named = self.region_name("aside", heading, heading_id)
        attrs = self.attrs(element, "boxed-text", **{"aria-labelledby": named})
        with self.out.element("aside", attrs):
            if heading_id is not None:
                with self.phrase("p", {"class": "title", "id": heading_id}):
                    self.heading_text(label, title, "")
            if caption is not None:
                self.children(caption, frozenset({"title"}))
            self.children(element, frozenset({"caption", "label"}))

    def preformat(self, element: Element) -> None:
        if self.phrasing:
            with self.out.element("code", self.attrs(element)):
                self.out.text("".join(element.itertext()))
            return
        with self.out.element("pre", self.attrs(element)):
            self.out.text("".join(element.itertext()), collapse=False)

    def line_break(self, element: Element) -> None:
        self.out.void("br", {})

    def rule(self, element: Element) -> None:
        if not self.phrasing:
            self.out.void("hr", {})

    def group(self, element: Element) -> None:
        """``fig-group`` and ``table-wrap-group``: members then the group's caption."""
        with self.out.element("div", self.attrs(element, str(element.tag))):
            self.children(element, frozenset({"label", "caption"}))
            if element.find("caption") is not None or element.find("label") is not None:
                with self.out.element("div", {"class": "caption"}):
                    self.caption_block(element)

    def permissions(self, element: Element) -> None:
        if self.phrasing:
            return
        with self.out.element("div", self.attrs(element, "permissions")):
            for statement in element.iterchildren("copyright-statement"):
                with self.phrase("p"):
                    self.children(statement)
            for licence in element.iterchildren("license"):
                self.children(licence)

    # --- captions (of figures, tables, groups, boxes, media) ------------------------------

    def caption_block(self, element: Element) -> None:
        """The element's label and caption (title as a span, paragraphs as such)."""
        label, caption = element.find("label"), element.find("caption")
        if label is not None:
            with self.phrase("span", {"class": "label"}):
                self.children(label)
            self.out.text(" ")
        if caption is not None:
            self.caption_content(caption)

    def caption_content(self, caption: Element) -> None:
        for title in caption.iterchildren("title"):
            with self.phrase("span", {"class": "title"}):
                self.children(title)
            self.out.text(" ")
        self.children(caption, frozenset({"title"}))

    # --- links and footnotes --------------------------------------------------------------

    @contextmanager
    def link(self, attrs: Mapping[str, AttrValue]) -> Iterator[None]:
        """Inside ``<a>`` (links are never nested: callers check `links` first)."""
        self.links += 1
        with self.phrase("a", attrs):
            yield
        self.links -= 1

    @contextmanager
    def lang_span(self, element: Element, html_class: str | None = None) -> Iterator[None]:
        """Inside ``<span lang>`` if the element changes the language (else no element)."""
        attrs = self.attrs(element, html_class)
        if "lang" in attrs:
            with self.out.element("span", attrs):
                yield
        else:
            yield

    def asset(self, href: str) -> str | None:
        """The checked URL ``asset_url`` gives for ``href`` (None if unsafe)."""
        self.assets.setdefault(href, None)
        return safe_asset_url(self.asset_url(href))

    def external_url(self, raw: str, kind: str | None) -> str | None:
        value = raw.strip()
        if kind == "doi" or value.lower().startswith("doi:") or value.startswith("10."):
            doi = parse_doi(value)
            return doi.url if doi is not None else None
        return safe_link_url(value)

    def xref(self, element: Element) -> None:
        rids = (element.get("rid") or "").split()
        target = self.ids.by_jats.get(rids[0]) if rids else None
        if target is None or self.links:
            self.children(element)
            return
        ref_type = _CLASS.sub("-", (element.get("ref-type") or "").lower())[:32]
        with self.link({"href": LocalHref(target), "class": ref_type or None}):
            if plain(element):
                self.children(element)
            else:
                self.out.text(self.ids.label_of(rids[0]) or self.word("note"))

    def ext_link(self, element: Element) -> None:
        raw = element.get(XLINK_HREF) or ""
        if not raw and element.tag in ("uri", "self-uri"):
            raw = plain(element)
        url = self.external_url(raw, element.get("ext-link-type")) if raw else None
        if url is None or self.links:
            self.children(element)
            return
        with self.link(self.attrs(element, None, href=url, rel="noopener")):
            if plain(element):
                self.children(element)
            else:
                self.out.text(url)

    def email(self, element: Element) -> None:
        address = plain(element)
        url = safe_link_url(f"mailto:{address}") if _EMAIL.fullmatch(address) else None
        if url is None or self.links:
            self.children(element)
            return
        with self.link(self.attrs(element, "email", href=url)):
            self.children(element)

    def fn(self, element: Element) -> None:
        """A footnote: in place (``fn_mode`` "li" or "div"), or a marker now and the note
        in the closing footnotes section."""
        if self.fn_mode is not None:
            self.footnote(element, self.fn_mode)
            return
        self.loose_footnotes.append(element)
        target = self.ids.of(element) or self.ids.fresh("fn")
        self.loose_ids[element] = target
        label = element.find("label")
        text = plain(label) if label is not None else ""
        with self.phrase("sup", {"class": "fn-mark"}):
            if self.links:
                self.out.text(text or str(len(self.loose_footnotes)))
                return
            with self.link({"href": LocalHref(target)}):
                self.out.text(text or str(len(self.loose_footnotes)))

    def footnote(self, element: Element, tag: str) -> None:
        self.footnotes += 1
        attrs = self.attrs(element, "fn")
        attrs["id"] = self.loose_ids.get(element) or attrs["id"]
        before, self.phrasing = self.phrasing, False
        with self.out.element(tag, attrs):
            self.labelled(element)
        self.phrasing = before

    def footnotes_section(self) -> None:
        """The footnotes met outside ``fn-group`` and ``table-wrap-foot``, if any."""
        if not self.loose_footnotes:
            return
        section_id = self.ids.fresh("footnotes")
        heading_id = self.ids.fresh("footnotes-title")
        attrs = {"id": section_id, "class": "footnotes", "aria-labelledby": heading_id}
        self.toc.append((section_id, self.word("footnotes")))
        with self.out.element("section", attrs):
            with self.out.element("h2", {"id": heading_id}):
                self.out.text(self.word("footnotes"))
            with self.out.element("ol", {"class": "footnotes"}):
                self.fn_mode = "li"
                for element in self.loose_footnotes:
                    self.footnote(element, "li")
                self.fn_mode = None

    def container(self, element: Element) -> None:
        """``body``, ``back``, ``floats-group``: a ``<div>`` of that class."""
        with self.out.element("div", self.attrs(element, str(element.tag))):
            self.children(element)

    def render(self, article_lang: str | None) -> str:
        """The whole fragment: the roots in one ``<div class="jats">``, then the notes."""
        attrs: dict[str, AttrValue] = {"class": "jats"}
        if article_lang and article_lang != self.langs[-1]:
            attrs["lang"], attrs["dir"] = article_lang, "auto"
        self.langs.append(article_lang or self.langs[-1])
        with self.out.element("div", attrs):
            for root in self.roots:
                self.node(root)
            self.footnotes_section()
        return self.out.result()
