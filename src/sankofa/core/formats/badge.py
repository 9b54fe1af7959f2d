"""Badges: small two-part SVG images ("label | message"), drawn like shields.io's flat style.

The SVG is static and self-contained: no script, no external reference, no font file.
It is accessible: ``role="img"`` with an ``aria-label`` and a ``<title>`` that read
"label: message". Text widths are estimated from a table of Verdana 11px advance widths
(the font badges name first), so the layout needs no font at run time; a character
the table lacks counts as a wide letter, an East Asian wide character as a full em.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape, quoteattr

CONTENT_TYPE = "image/svg+xml"
HEIGHT = 20
PADDING = 6  # on each side of each text
MAX_CHARS = 64
LABEL_COLOR = "#555"  # white text on it: contrast 7.5:1
GREEN = "#2b7a3d"  # white text on it: contrast 5.4:1
BLUE = "#245f9e"  # white text on it: contrast 6.6:1
FONT = "Verdana,Geneva,DejaVu Sans,sans-serif"

_WIDTHS: dict[str, float] = {}
for _chars, _width in (
    ("il|'", 3.0),
    ("jI!.,:;", 3.9),
    (" ", 3.9),
    ("frt()[]{}/\\-", 4.6),
    ('sczJ"`', 5.8),
    ("abdeghknopquvxy0123456789$?_+=<>#^~*", 7.0),
    ("ABCEFKLPRSTVXYZ&", 7.6),
    ("DGHNOQU", 8.4),
    ("mwMW%@", 10.4),
):
    _WIDTHS.update(dict.fromkeys(_chars, _width))
DEFAULT_WIDTH = 7.6
WIDE_WIDTH = 11.0


def text_width(text: str) -> float:
    """Estimated width in pixels of `text` set in Verdana 11px."""
    total = 0.0
    for char in text:
        if char in _WIDTHS:
            total += _WIDTHS[char]
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            total += WIDE_WIDTH
        elif unicodedata.combining(char):
            continue
        else:
            total += DEFAULT_WIDTH
    return total


def _clip(text: str) -> str:
    flat = " ".join("".join(c for c in text if c.isprintable()).split())
    return flat if len(flat) <= MAX_CHARS else flat[: MAX_CHARS - 1] + "…"


def svg(label: str, message: str, color: str = GREEN) -> str:
    """The badge "label | message" as an SVG document (text, ending with a newline)."""
    label, message = _clip(label), _clip(message)
    left = round(text_width(label)) + 2 * PADDING
    right = round(text_width(message)) + 2 * PADDING
    width = left + right
    spoken = f"{label}: {message}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" '
        f'viewBox="0 0 {width} {HEIGHT}" role="img" aria-label={quoteattr(spoken)}>'
        f"<title>{escape(spoken)}</title>"
        '<linearGradient id="s" x2="0" y2="100%">'
        '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="{HEIGHT}" rx="3" fill="#fff"/>'
        "</clipPath>"
        f'<g clip-path="url(#r)"><rect width="{left}" height="{HEIGHT}" fill="{LABEL_COLOR}"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill={quoteattr(color)}/>'
        f'<rect width="{width}" height="{HEIGHT}" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="{FONT}" font-size="11" '
        'aria-hidden="true">'
        f'<text x="{left / 2:g}" y="14">{escape(label)}</text>'
        f'<text x="{left + right / 2:g}" y="14">{escape(message)}</text>'
        "</g></svg>\n"
    )
