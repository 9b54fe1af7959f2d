"""Remove the metadata that cameras and editors write into JPEG and PNG images, without
decoding or re-encoding a pixel.

Pure code (no Django): bytes in, bytes out; `strip` leaves any other format as it is.
A photo in a manuscript carries its maker's name (EXIF ``Artist``, ``Copyright``,
``XPAuthor``), the camera's owner and serial number, GPS coordinates, and the XMP and IPTC
records of the editing software; `sankofa.journals.anonymise` passes each image it finds
in a reviewer's copy through `strip`.

- JPEG: every segment is copied but ``APP1`` (EXIF, XMP), ``APP3``-``APP13`` (IPTC and
  Photoshop records, picture info), ``APP15`` and ``COM`` (comments). ``APP0`` (JFIF),
  ``APP2`` (ICC colour profile) and ``APP14`` (Adobe colour transform) stay, since the
  colours depend on them; the orientation the EXIF gave is kept, as an EXIF of that one
  tag, so a portrait photo is still shown upright. Bytes after the end of the image go.
- PNG: the critical chunks and the ancillary chunks that change how the image looks
  (transparency, gamma, chromaticities, colour profile, significant bits, background,
  pixel size, palette histogram and suggestions, animation) stay; text chunks
  (``tEXt``, ``zTXt``, ``iTXt``), ``eXIf``, ``tIME`` and any unknown ancillary chunk go,
  and so does everything after ``IEND``.

A JPEG or PNG that does not parse raises `ValueError`: a broken image cannot be shown
to be clean.
"""

from __future__ import annotations

import struct

from PIL import Image

__all__ = ["JPEG_SIGNATURE", "PNG_SIGNATURE", "strip"]

JPEG_SIGNATURE = b"\xff\xd8\xff"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ORIENTATION = 0x0112
_JPEG_KEPT_APPS = frozenset({0xE0, 0xE2, 0xEE})
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_SOS, _EOI, _COM = 0xDA, 0xD9, 0xFE
_PNG_KEPT = frozenset(
    {
        b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"sPLT",
        b"hIST", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi",
    }
)  # fmt: skip


def strip(data: bytes) -> bytes:
    """`data` without its metadata when it is a JPEG or a PNG; anything else unchanged."""
    if data.startswith(JPEG_SIGNATURE):
        return _strip_jpeg(data)
    if data.startswith(PNG_SIGNATURE):
        return _strip_png(data)
    return data


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    at = 2
    while True:
        marker, at = _marker(data, at)
        if marker == _EOI:
            out += b"\xff\xd9"
            return bytes(out)
        if marker in _JPEG_STANDALONE:
            out += bytes((0xFF, marker))
            continue
        if at + 2 > len(data):
            raise ValueError("JPEG: truncated segment")
        (length,) = struct.unpack(">H", data[at : at + 2])
        end = at + length
        if length < 2 or end > len(data):
            raise ValueError("JPEG: bad segment length")
        if marker == 0xE1 and data[at + 2 : at + 8] == b"Exif\x00\x00":
            orientation = _orientation(data[at + 2 : end])
            if orientation not in (None, 1):  # in the EXIF's place: only the orientation
                out += _exif_segment(orientation)
        elif not _dropped(marker):
            out += bytes((0xFF, marker)) + data[at:end]
        at = end
        if marker == _SOS:
            scan_end = _scan_end(data, at)
            out += data[at:scan_end]
            at = scan_end


def _marker(data: bytes, at: int) -> tuple[int, int]:
    """The marker at `at` (after any fill bytes) and where its segment starts."""
    if at >= len(data) or data[at] != 0xFF:
        raise ValueError("JPEG: a marker was expected")
    while at < len(data) and data[at] == 0xFF:
        at += 1
    if at >= len(data):
        raise ValueError("JPEG: truncated")
    return data[at], at + 1


def _dropped(marker: int) -> bool:
    is_app = 0xE0 <= marker <= 0xEF
    return marker == _COM or (is_app and marker not in _JPEG_KEPT_APPS)


def _scan_end(data: bytes, at: int) -> int:
    """Where the entropy-coded data that starts at `at` ends: the next marker that is
    neither a stuffed zero, a restart marker nor a fill byte."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            raise ValueError("JPEG: the scan has no end")
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1
            continue
        return at


def _orientation(exif: bytes) -> int | None:
    try:
        found = Image.Exif()
        found.load(exif)
        value = found.get(_ORIENTATION)
    except Exception:  # an unreadable EXIF is dropped all the same
        return None
    return value if isinstance(value, int) and 1 <= value <= 8 else None


def _exif_segment(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    payload = exif.tobytes()
    if not payload.startswith(b"Exif\x00\x00"):
        payload = b"Exif\x00\x00" + payload
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _strip_png(data: bytes) -> bytes:
    out = bytearray(PNG_SIGNATURE)
    at = len(PNG_SIGNATURE)
    while True:
        if at + 8 > len(data):
            raise ValueError("PNG: truncated chunk")
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        end = at + 12 + length
        if end > len(data) or not kind.isalpha():
            raise ValueError("PNG: bad chunk")
        critical = kind[:1].isupper()
        if critical or kind in _PNG_KEPT:
            out += data[at:end]
        at = end
        if kind == b"IEND":
            return bytes(out)
