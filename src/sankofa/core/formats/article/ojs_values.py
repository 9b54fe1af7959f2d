"""The field values of an OJS native XML export, turned into what the article model holds.

* `bcp47`: an OJS locale (``en_US``, ``fr_CA``, ``sr_RS@latin``, 3.4+ ``en``, 3.5+
  ``zh_Hans``) as a BCP 47 tag.  ``_`` separates subtags; a 4-letter subtag is a script
  (title case), 2 letters or 3 digits a region (upper case), anything else a variant.  A
  region that is only the language's default is dropped: one equal to the language code
  (``fr_FR`` → ``fr``, ``pt_PT`` → ``pt``) or listed in ``DEFAULT_REGIONS`` (``en_US`` →
  ``en``, the regions OJS 3.3 gave every locale); others stay (``fr_CA`` → ``fr-CA``,
  ``pt_BR`` → ``pt-BR``, ``en_GB`` → ``en-GB``).  The modifiers ``@latin``/``@cyrillic``
  are the ``Latn``/``Cyrl`` script; another becomes a private-use ``x-`` subtag.
* `html_text`: OJS stores titles, abstracts and descriptions as HTML (escaped inside the
  XML).  Block elements (``p``, ``div``, ``li``, headings, ...) become paragraphs separated
  by one blank line, ``<br>`` a line break, whitespace runs one space; other tags are
  dropped and character references decoded.
* `decode_base64`: an ``<embed encoding="base64">`` text decoded 1 MiB of text at a time
  (whitespace removed, then ``binascii`` in strict mode), refusing padding in the middle
  and stopping with `ValueError` as soon as the output passes a limit.
* `split_pages`: ``"12-19"`` → (``12``, ``19``), ``"e5"`` → (``e5``, ``""``).
* `mime_type`: a mime type guessed from a file name or URL by a fixed table (not the
  machine's ``/etc/mime.types``, so the result is the same everywhere).
"""

from __future__ import annotations

import binascii
import re
from typing import Any, Final
from urllib.parse import urlsplit

from lxml import etree, html

__all__ = ["DEFAULT_REGIONS", "bcp47", "decode_base64", "html_text", "mime_type", "split_pages"]

Element = Any  # lxml ships no type stubs
CHUNK: Final = 1 << 20

# Regions OJS 3.3 wrote only out of habit (the language's main country).
DEFAULT_REGIONS: Final = {
    "en": "US", "sv": "SE", "da": "DK", "el": "GR", "cs": "CZ", "ja": "JP", "ko": "KR",
    "uk": "UA", "ca": "ES", "eu": "ES", "gl": "ES", "he": "IL", "fa": "IR", "ar": "IQ",
    "hi": "IN", "nb": "NO", "sl": "SI", "sr": "RS", "vi": "VN", "ka": "GE", "hy": "AM",
    "bs": "BA", "kk": "KZ", "ms": "MY", "ku": "IQ", "ckb": "IQ", "uz": "UZ", "be": "BY",
    "sq": "AL", "et": "EE", "ur": "PK", "sw": "KE",
}  # fmt: skip
_SCRIPTS: Final = {"latin": "Latn", "cyrillic": "Cyrl"}
_MIME_TYPES: Final = {
    "pdf": "application/pdf", "html": "text/html", "htm": "text/html",
    "xml": "application/xml", "txt": "text/plain", "epub": "application/epub+zip",
    "doc": "application/msword", "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
    "svg": "image/svg+xml", "zip": "application/zip", "csv": "text/csv",
    "json": "application/json", "mp3": "audio/mpeg", "mp4": "video/mp4",
}  # fmt: skip
_BLOCKS: Final = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
     "tr", "ul", "ol", "dl", "dt", "dd", "section"}
)  # fmt: skip


def bcp47(locale: str) -> str:
    """The BCP 47 tag of an OJS locale (``en_US`` → ``en``, ``pt_BR`` → ``pt-BR``)."""
    base, _, modifier = locale.strip().partition("@")
    parts = re.split(r"[_-]", base)
    if not all(parts) or not parts[0].isalpha() or not parts[0].isascii():
        raise ValueError(f"locale {locale!r} does not start with a language code")
    language, script, region = parts[0].lower(), "", ""
    variants: list[str] = []
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            region = part.upper()
        else:
            variants.append(part.lower())
    if modifier:
        if modifier.lower() in _SCRIPTS:
            script = script or _SCRIPTS[modifier.lower()]
        else:
            variants.append(f"x-{modifier.lower()[:8]}")
    if region and region in (language.upper(), DEFAULT_REGIONS.get(language)):
        region = ""
    return "-".join(p for p in [language, script, region, *variants] if p)


def html_text(markup: str) -> str:
    """Plain text of the HTML OJS stores (see the module docstring)."""
    if "<" not in markup and "&" not in markup:
        return squash(markup)
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = html.fragment_fromstring(markup, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError):
        return squash(markup)
    paragraphs: list[list[str]] = [[]]
    _walk(root, paragraphs)
    texts = ("\n".join(squash(line) for line in "".join(p).split("\n")) for p in paragraphs)
    return "\n\n".join(t.strip() for t in texts if t.strip())


def _walk(element: Element, paragraphs: list[list[str]]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _BLOCKS and paragraphs[-1]:
        paragraphs.append([])
    if tag == "br":
        paragraphs[-1].append("\n")
    if element.text and tag:
        paragraphs[-1].append(element.text)
    for child in element:
        _walk(child, paragraphs)
        if child.tail:
            paragraphs[-1].append(child.tail)
    if tag in _BLOCKS:
        paragraphs.append([])


def squash(text: str) -> str:
    """`text` with each run of whitespace made one space, and none at either end."""
    return " ".join(text.split())


def split_pages(text: str) -> tuple[str, str]:
    """First and last page of ``"12-19"`` (hyphen or dash); ``"e5"`` → (``e5``, ``""``)."""
    parts = [p.strip() for p in re.split(r"[-\u2010-\u2014]", text) if p.strip()]
    if not parts:
        return "", ""
    return parts[0], parts[-1] if len(parts) > 1 else ""


def decode_base64(text: str, limit: int) -> bytes:
    """The bytes of base64 `text`, read 1 MiB at a time; `ValueError` past `limit` bytes."""
    out = bytearray()
    carry = ""
    padded = False
    for start in range(0, len(text), CHUNK):
        piece = carry + "".join(text[start : start + CHUNK].split())
        usable = len(piece) - len(piece) % 4
        carry = piece[usable:]
        if not usable:
            continue
        if padded:
            raise ValueError("the base64 data goes on after its = padding")
        try:
            out += binascii.a2b_base64(piece[:usable], strict_mode=True)
        except binascii.Error as exc:
            raise ValueError(f"the embedded file is not valid base64 ({exc})") from None
        padded = piece[usable - 1] == "="
        if len(out) > limit:
            raise ValueError(f"the embedded file is larger than the limit of {limit} bytes")
    if carry:
        raise ValueError("the base64 data is cut short (its length is not a multiple of 4)")
    return bytes(out)


def mime_type(name: str | None) -> str | None:
    """The mime type of a file name or URL by its extension, None when unknown."""
    path = urlsplit(name or "").path
    _stem, dot, extension = path.rpartition(".")
    return _MIME_TYPES.get(extension.lower()) if dot and "/" not in extension else None
