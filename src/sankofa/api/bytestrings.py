"""Byte strings in JSON: how names, messages and people become text, and back.

Git names, messages and identities are bytes, not necessarily UTF-8. The API writes
them as Software Heritage does:

* :func:`decode_with_escape` (snapshot branch names, always): backslashes doubled, NUL
  written ``\\x00``, then UTF-8 decoding in which each byte that is not part of a valid
  sequence is written ``\\x`` and two lower-case hex digits. ``b"caf\\xe9"`` becomes
  the 7 characters ``caf\\xe9``. The mapping is injective; :func:`unescape` inverts it.
* :func:`decode_field` (entry names, messages, people, headers): plain UTF-8 when the
  bytes decode, else :func:`decode_with_escape`, and the field is then listed in the
  object's ``decoding_failures``.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\(\\|x[0-9a-fA-F]{2})")


def decode_with_escape(value: bytes) -> str:
    """UTF-8 text with backslashes doubled, NUL and invalid bytes written ``\\xNN``."""
    escaped = value.replace(b"\\", b"\\\\").replace(b"\x00", b"\\x00")
    return escaped.decode("utf-8", "backslashreplace")


def decode_field(value: bytes) -> tuple[str, bool]:
    """(text, escaped): plain UTF-8 if `value` decodes, else :func:`decode_with_escape`."""
    try:
        return value.decode("utf-8"), False
    except UnicodeDecodeError:
        return decode_with_escape(value), True


def unescape(text: str) -> bytes:
    """The bytes :func:`decode_with_escape` wrote as `text` (``\\\\`` and ``\\xNN`` undone).

    Text that :func:`decode_with_escape` cannot have written is read leniently: a lone
    backslash stays a backslash.
    """
    out = bytearray()
    pos = 0
    for match in _ESCAPE.finditer(text):
        out += text[pos : match.start()].encode("utf-8", "surrogateescape")
        token = match.group(1)
        out += b"\\" if token == "\\" else bytes([int(token[1:], 16)])
        pos = match.end()
    out += text[pos:].encode("utf-8", "surrogateescape")
    return bytes(out)
