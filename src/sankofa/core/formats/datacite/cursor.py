"""A position in a parsed DataCite document: the element, its path, and what was read of it.

Readers ask a cursor for attributes and children by name; `Cursor.done` then raises on
anything left unread (an attribute or element the kernel does not define), so a document
is never half-read in silence. Every failure is a `DataCiteError` naming the path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from lxml import etree

from sankofa.core.formats.datacite.model import DataCiteError
from sankofa.core.formats.datacite.vocabulary import Vocabulary

NS = "http://datacite.org/schema/kernel-4"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_YEAR = re.compile(r"[0-9]{4}")


def qualified(name: str) -> str:
    return f"{{{NS}}}{name}"


def shown(name: str) -> str:
    """An attribute or element name as paths show it (``xml:lang``, ``{ns}local``)."""
    if name == XML_LANG:
        return "xml:lang"
    return name.removeprefix(f"{{{NS}}}")


def parse(data: bytes) -> Any:
    """The root element of `data`; no DTD, no entities, no network."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError, TypeError) as exc:
        raise DataCiteError("", f"not XML: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise DataCiteError("", "a document type declaration is not allowed")
    return root


class Cursor:
    def __init__(self, element: Any, path: str, version: str, vocabulary: Vocabulary) -> None:
        self.element = element
        self.path = path
        self.version = version
        self.vocabulary = vocabulary
        self._read_attrs: set[str] = set()
        self._read_children: set[str] = set()
        self._text_read = False

    def _child_path(self, name: str) -> str:
        return f"{self.path}/{name}" if self.path else name

    def fail(self, reason: str, name: str = "") -> NoReturn:
        raise DataCiteError(self._child_path(name) if name else self.path, reason)

    # attributes

    def attr(self, name: str) -> str | None:
        self._read_attrs.add(name)
        value: str | None = self.element.get(name)
        return value

    def required_attr(self, name: str) -> str:
        value = self.attr(name)
        if value is None:
            self.fail("missing", f"@{shown(name)}")
        return value

    def lang(self) -> str | None:
        return self.attr(XML_LANG)

    def enum(self, name: str, kind: type[E]) -> E | None:
        value = self.attr(name)
        if value is None:
            return None
        try:
            member = kind(value)
        except ValueError:
            self.fail(f"unknown value {value!r}", f"@{name}")
        if member not in self.vocabulary[kind]:
            self.fail(f"{value!r} is not in kernel-{self.version}", f"@{name}")
        return member

    def required_enum(self, name: str, kind: type[E]) -> E:
        member = self.enum(name, kind)
        if member is None:
            self.fail("missing", f"@{name}")
        return member

    # children

    def _elements(self) -> Iterator[Any]:
        return (child for child in self.element if isinstance(child.tag, str))

    def all(self, name: str) -> list[Cursor]:
        self._read_children.add(qualified(name))
        found = [c for c in self._elements() if c.tag == qualified(name)]
        path = self._child_path(name)
        return [
            Cursor(c, f"{path}[{i}]", self.version, self.vocabulary)
            for i, c in enumerate(found, start=1)
        ]

    def one(self, name: str) -> Cursor | None:
        self._read_children.add(qualified(name))
        found = [c for c in self._elements() if c.tag == qualified(name)]
        if len(found) > 1:
            self.fail("more than one", name)
        if not found:
            return None
        return Cursor(found[0], self._child_path(name), self.version, self.vocabulary)

    def required(self, name: str) -> Cursor:
        found = self.one(name)
        if found is None:
            self.fail("missing", name)
        return found

    def wrapped(self, wrapper: str, name: str) -> list[Cursor]:
        """The ``name`` children of the optional ``wrapper`` child (``subjects/subject``)."""
        outer = self.one(wrapper)
        if outer is None:
            return []
        items = outer.all(name)
        outer.done()
        return items

    # text

    def text(self) -> str:
        self._text_read = True
        value: str = self.element.text or ""
        return value

    def nonempty_text(self) -> str:
        value = self.text()
        if not value:
            self.fail("empty")
        return value

    def year(self) -> int:
        value = self.text().strip()
        if not _YEAR.fullmatch(value):
            self.fail(f"{value!r} is not a four-digit year")
        return int(value)

    def decimal(self) -> Decimal:
        value = self.text().strip()
        if not _FLOAT.fullmatch(value):
            self.fail(f"{value!r} is not a number")
        return Decimal(value)

    def simple(self) -> str:
        """The text of an element with text content only, nothing else read."""
        value = self.text()
        self.done()
        return value

    # closing

    def build(self, factory: Callable[..., T], **fields: Any) -> T:
        """``factory(**fields)``, its `ValueError` raised as a `DataCiteError` here."""
        try:
            return factory(**fields)
        except ValueError as exc:
            self.fail(str(exc))

    def done(self) -> None:
        """Raise on an attribute, element or text that was not read."""
        for name in self.element.attrib:
            if name not in self._read_attrs:
                self.fail(f"unexpected attribute in kernel-{self.version}", f"@{shown(name)}")
        for child in self._elements():
            if child.tag not in self._read_children:
                self.fail(f"unexpected element in kernel-{self.version}", shown(child.tag))
        if self._text_read:
            return
        texts = [self.element.text] + [child.tail for child in self.element]
        if any(t and t.strip() for t in texts):
            self.fail("unexpected text")
