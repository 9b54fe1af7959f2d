"""The README shown below a directory's entries.

The first entry named README.md, README.markdown, README.rst, README.txt or README
(in any case, in that order of preference) is shown: Markdown rendered by
markdown-it-py with raw HTML disabled, then sanitised by nh3 (so neither scripts nor
``javascript:`` links survive); other formats as preformatted text.
"""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from sankofa.archive.queries import EntryInfo
from sankofa.swhid.identifiers import ObjectType

NAMES = (b"readme.md", b"readme.markdown", b"readme.rst", b"readme.txt", b"readme")
MARKDOWN = (b"readme.md", b"readme.markdown")
README_LIMIT = 256 * 1024  # bytes: a larger README is linked, not shown
URL_SCHEMES = {"http", "https", "mailto"}
TAGS = nh3.ALLOWED_TAGS - {"img"}  # an image would be fetched from a third party


@dataclass(frozen=True)
class Readme:
    entry: EntryInfo
    html: SafeString | None  # rendered Markdown
    text: str | None  # anything else, shown as preformatted text


def choose(entries: list[EntryInfo]) -> EntryInfo | None:
    """The README among a directory's entries, if any (a stored, reasonably small file)."""
    found = {
        e.name.lower(): e
        for e in entries
        if e.object_type is ObjectType.CONTENT
        and e.perms in (0o100644, 0o100755, 0o100664)
        and e.status == "visible"
        and (e.length or 0) <= README_LIMIT
    }
    return next((found[n] for n in NAMES if n in found), None)


def render(entry: EntryInfo, data: bytes) -> Readme:
    text = data.decode("utf-8", "replace")
    if entry.name.lower() in MARKDOWN:
        return Readme(entry, markdown(text), None)
    return Readme(entry, None, text)


def markdown(text: str) -> SafeString:
    """Markdown as sanitised HTML: no raw HTML, no scripts, links only to safe schemes."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    tokens = parser.parse(text)
    for token in tokens:  # the page has its own h1 and h2: README headings go below them
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
    html = parser.renderer.render(tokens, parser.options, {})
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # (nh3 allows only harmless tags and schemes)
