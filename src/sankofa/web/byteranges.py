"""HTTP byte ranges and validators (RFC 9110 §13, §14), shared by every download the node
serves (vault bundles, dataset files).

`byte_range` reads one ``Range: bytes=…`` header; several ranges in one header, another
unit, bad syntax or a last byte before the first are what a server may ignore, and the
caller then sends the whole representation (200). `etags` splits an ``If-None-Match`` or
``If-Match`` list (weak tags compared by their opaque part, as RFC 9110 §13.1.2 wants
for If-None-Match).
"""

from __future__ import annotations

import re

__all__ = ["BYTES_RANGE", "Unsatisfiable", "byte_range", "etags"]

BYTES_RANGE = re.compile(r"bytes=\s*(\d*)\s*-\s*(\d*)\s*")


class Unsatisfiable(Exception):
    """The requested range starts beyond the representation (answer 416)."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one range ``[start, end)`` asked by a ``Range`` header, or None for the whole.

    None too for what a server may ignore (RFC 9110 §14.2): another unit, several
    ranges, bad syntax, a last byte before the first. Raises Unsatisfiable when the
    range starts at or past the end, or asks for an empty suffix.
    """
    if header is None:
        return None
    match = BYTES_RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - length), size
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    return start, size if not last else min(int(last) + 1, size)


def etags(header: str) -> list[str]:
    """The entity tags of an ``If-None-Match`` header, weak ones by their opaque part."""
    return [tag.strip().removeprefix("W/") for tag in header.split(",")]
