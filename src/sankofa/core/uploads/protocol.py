"""The header formats of the tus 1.0.0 resumable upload protocol (https://tus.io/protocols/resumable-upload).

Pure parsing, no I/O:

``Upload-Offset`` / ``Upload-Length``
    a non-negative decimal integer (ASCII digits only, no sign, no spaces).
``Upload-Metadata``
    comma-separated pairs ``<key> <base64 value>``; a key is non-empty, has no space
    or comma and is unique; the value is standard Base64 (RFC 4648, with padding) and
    may be empty, in which case the separating space may be left out
    (``filename d29ybGQ=,is_confidential``).
``Upload-Checksum``
    ``<algorithm> <base64 digest>``, the digest of one ``PATCH`` body; the algorithms
    are lowercase names (:data:`CHECKSUM_ALGORITHMS`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

TUS_VERSION = "1.0.0"
EXTENSIONS = ("creation", "creation-with-upload", "termination", "checksum", "expiration")
CHECKSUM_ALGORITHMS = ("sha1", "sha256", "md5")
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
MAX_METADATA_LENGTH = 8192  # characters of an Upload-Metadata header
MAX_METADATA_PAIRS = 64

_DIGITS = re.compile(r"[0-9]{1,19}")
_KEY = re.compile(r"[!-+\--~]+")  # printable ASCII but space and comma


class HeaderError(ValueError):
    """A tus header does not parse; the message names the header."""


def parse_size(name: str, value: str | None) -> int:
    """The non-negative integer of header `name`; HeaderError if absent or malformed."""
    if value is None:
        raise HeaderError(f"{name}: the header is required")
    text = value.strip()
    if not _DIGITS.fullmatch(text) or int(text) >= 2**63:
        raise HeaderError(f"{name}: {value[:40]!r} is not a non-negative integer")
    return int(text)


def _b64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def parse_metadata(value: str | None) -> dict[str, str]:
    """Upload-Metadata as {key: base64 value} ("" for a pair without value), in order."""
    if value is None or not value.strip():
        return {}
    if len(value) > MAX_METADATA_LENGTH:
        raise HeaderError(f"Upload-Metadata: longer than {MAX_METADATA_LENGTH} characters")
    pairs = value.split(",")
    if len(pairs) > MAX_METADATA_PAIRS:
        raise HeaderError(f"Upload-Metadata: more than {MAX_METADATA_PAIRS} pairs")
    found: dict[str, str] = {}
    for pair in pairs:
        key, _, encoded = pair.strip().partition(" ")
        if not _KEY.fullmatch(key):
            raise HeaderError(f"Upload-Metadata: {key[:40]!r} is not a key (ASCII, no space)")
        if key in found:
            raise HeaderError(f"Upload-Metadata: the key {key!r} is given twice")
        try:
            _b64(encoded)
        except (binascii.Error, UnicodeEncodeError):
            raise HeaderError(f"Upload-Metadata: the value of {key!r} is not Base64") from None
        found[key] = encoded
    return found


def format_metadata(metadata: dict[str, str]) -> str:
    """The Upload-Metadata header of {key: base64 value}, as the client gave it."""
    return ",".join(f"{k} {v}" if v else k for k, v in metadata.items())


def metadata_text(metadata: dict[str, str], key: str) -> str | None:
    """The value of `key` decoded as UTF-8 (invalid bytes replaced), None if absent."""
    if key not in metadata:
        return None
    return _b64(metadata[key]).decode("utf-8", "replace")


@dataclass(frozen=True)
class Checksum:
    """An Upload-Checksum: the algorithm and the expected digest of one PATCH body."""

    algorithm: str
    digest: bytes

    def new_hash(self) -> hashlib._Hash:
        return hashlib.new(self.algorithm, usedforsecurity=False)


def parse_checksum(value: str | None) -> Checksum | None:
    """The Upload-Checksum header, None if absent; HeaderError if malformed or unsupported."""
    if value is None:
        return None
    algorithm, _, encoded = value.strip().partition(" ")
    if algorithm not in CHECKSUM_ALGORITHMS:
        supported = ", ".join(CHECKSUM_ALGORITHMS)
        raise HeaderError(f"Upload-Checksum: {algorithm[:20]!r} is not supported (use {supported})")
    try:
        digest = _b64(encoded.strip())
    except (binascii.Error, UnicodeEncodeError):
        raise HeaderError("Upload-Checksum: the digest is not Base64") from None
    if len(digest) != hashlib.new(algorithm, usedforsecurity=False).digest_size:
        raise HeaderError(f"Upload-Checksum: not a {algorithm} digest (wrong length)")
    return Checksum(algorithm, digest)
