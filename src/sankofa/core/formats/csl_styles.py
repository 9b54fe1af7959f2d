"""Formatting one CSL-JSON item with a CSL style file, by citeproc-py (what dataset and
article citations share).

`format_item` renders the bibliography entry of one item as plain text or as HTML. For
HTML the item's text is escaped first (citeproc-py writes it as it is) and the result is
cleaned down to ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and ``<span>`` without attributes.
Two CSL rules citeproc-py does not apply are applied: ``<name initialize="false">`` keeps
given names whole (MLA, Chicago), and with an ``en-US`` locale a period or comma after a
closing quotation mark moves inside it. A leading reference number (``[1]``, IEEE) is cut:
the citation of one work is not an entry of a numbered list. Whitespace runs become one
space. citeproc-py is not thread-safe: rendering holds a lock.
"""

from __future__ import annotations

import html
import re
import threading
from functools import cache
from pathlib import Path
from typing import Any

import nh3
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import Name
from citeproc.source.json import CiteProcJSON

__all__ = ["format_item"]

_LOCK = threading.Lock()
_HTML_TAGS = {"i", "b", "sup", "sub", "span"}
_QUOTE_PUNCTUATION = re.compile(r"”([.,])")
_NUMBER_LABEL = re.compile(r"^\s*\[\d+\]\s*")


def format_item(item: dict[str, Any], style: Path, locale: str, *, html_output: bool) -> str:
    """The entry of the CSL-JSON `item` in the CSL `style` file (see the module docstring)."""
    item = dict(item, id=str(item.get("id") or "item"))
    if html_output:
        item = _escaped(item)
    with _LOCK:
        bibliography = CitationStylesBibliography(
            _style(str(style), locale),
            CiteProcJSON([item]),
            formatter.html if html_output else formatter.plain,
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        text = str(bibliography.bibliography()[0])
    text = _NUMBER_LABEL.sub("", text)
    if locale == "en-US":
        text = _QUOTE_PUNCTUATION.sub(r"\1”", text)
    text = " ".join(text.split())
    return nh3.clean(text, tags=_HTML_TAGS, attributes={}) if html_output else text


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


@cache
def _style(path: str, locale: str) -> CitationStylesStyle:
    return CitationStylesStyle(path, locale=locale, validate=False)


def _honour_initialize_false() -> None:
    """CSL 1.0.1 ``initialize="false"`` on ``cs:name``: given names are not initialised
    even where the style sets ``initialize-with`` (citeproc-py ignores the attribute)."""
    original = Name.get_option
    if getattr(original, "_sankofa", False):
        return

    def get_option(self: Name, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if name == "initialize-with" and self.get("initialize") == "false":
            return None
        return original(self, name, context, sort_options)

    get_option._sankofa = True  # type: ignore[attr-defined]
    Name.get_option = get_option


_honour_initialize_false()
