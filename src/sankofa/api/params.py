"""Parsing what a request names: hashes, SWHIDs, query parameters, raw paths.

Everything malformed raises :class:`~sankofa.api.errors.BadInput` with a reason that
names the parameter and quotes the value, so a client never gets a server error for
what it sent. Hex digests are accepted in either case; their length comes from the
hash algorithm.
"""

from __future__ import annotations

import hashlib
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest

from sankofa.api.bytestrings import unescape
from sankofa.api.errors import BadInput
from sankofa.swhid.identifiers import (
    SCHEME_VERSIONS,
    CoreSWHID,
    QualifiedSWHID,
    SWHIDError,
    parse_swhid,
)
from sankofa.swhid.model import BranchTargetType

SHA1_GIT_SIZE = SCHEME_VERSIONS[1].digest_size
DIGEST_SIZES = {
    "sha1": hashlib.sha1().digest_size,
    "sha1_git": SHA1_GIT_SIZE,
    "sha256": hashlib.sha256().digest_size,
    "blake2s256": hashlib.blake2s(digest_size=32).digest_size,
}
_HEX = frozenset("0123456789abcdefABCDEF")
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


def hex_digest(value: str, size: int, what: str) -> bytes:
    if len(value) != 2 * size or not _HEX.issuperset(value):
        raise BadInput(f"Invalid {what} {value!r}: expected {2 * size} hexadecimal digits.")
    return bytes.fromhex(value)


def sha1_git(value: str) -> bytes:
    """A ``sha1_git`` object id in hex (a directory, revision, release or snapshot id)."""
    return hex_digest(value, SHA1_GIT_SIZE, "sha1_git")


def content_query(q: str) -> tuple[str, bytes]:
    """``[algo:]hex`` as in ``content/sha1_git:<hex>/``: (algorithm, digest).

    Without an algorithm, 40 digits mean sha1 and 64 mean sha256, as in Software Heritage.
    """
    algo, sep, value = q.partition(":")
    if not sep:
        algo, value = (
            {2 * DIGEST_SIZES["sha1"]: "sha1", 2 * DIGEST_SIZES["sha256"]: "sha256"}.get(
                len(q), ""
            ),
            q,
        )
        if not algo:
            raise BadInput(f"Invalid checksum query string {q!r}.")
    if algo not in DIGEST_SIZES:
        raise BadInput(f"Unknown hash algorithm {algo!r} in {q!r}.")
    return algo, hex_digest(value, DIGEST_SIZES[algo], f"{algo} checksum")


def core_swhid(text: object) -> CoreSWHID:
    if not isinstance(text, str):
        raise BadInput(f"Error when parsing identifier: {text!r} is not a string.")
    try:
        return CoreSWHID.from_string(text)
    except SWHIDError as exc:
        raise BadInput(f"Error when parsing identifier: {exc}") from None


def qualified_swhid(text: str) -> QualifiedSWHID:
    try:
        return parse_swhid(text)
    except SWHIDError as exc:
        raise BadInput(f"Error when parsing identifier: {exc}") from None


def integer(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    """A query parameter as an integer, brought into [low, high] as Software Heritage does."""
    text = request.GET.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadInput(f"Invalid query parameter {name}={text!r}: not an integer.") from None
    return max(low, min(high, value))


def optional_integer(request: HttpRequest, name: str) -> int | None:
    if request.GET.get(name) is None:
        return None
    return integer(request, name, 0, -(2**63), 2**63 - 1)


def boolean(request: HttpRequest, name: str) -> bool:
    text = request.GET.get(name, "").lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadInput(f"Invalid query parameter {name}={text!r}: not a boolean.")


def target_types(request: HttpRequest) -> set[BranchTargetType] | None:
    text = request.GET.get("target_types")
    if not text:
        return None
    try:
        return {BranchTargetType(t.strip()) for t in text.split(",")}
    except ValueError:
        allowed = ", ".join(t.value for t in BranchTargetType)
        raise BadInput(
            f"Invalid query parameter target_types={text!r}: types are among {allowed}."
        ) from None


def query_bytes(request: HttpRequest, name: str) -> bytes | None:
    """A query parameter's exact bytes (percent-decoded, not decoded as UTF-8)."""
    raw = request.META.get("QUERY_STRING", "")
    for pair in raw.split("&"):
        key, _, value = pair.partition("=")
        if unquote_to_bytes(key.replace("+", " ")) == name.encode():
            return unquote_to_bytes(value.replace("+", " "))
    return None


def path_spellings(path: str) -> list[list[bytes]]:
    """Each component of a path below a directory, with the names it may stand for.

    Django gives the path decoded as UTF-8, the bytes that are not part of valid UTF-8
    percent-encoded again (``%E9``). A component is first its UTF-8 bytes; with a ``%``
    it may also be those percent-encoded bytes (a name that is not UTF-8), with a
    backslash the escaped form the API displays for such a name (``caf\\xe9.txt``).
    """
    spellings = []
    for component in path.split("/"):
        names = [component.encode("utf-8")]
        if "%" in component:
            names.append(unquote_to_bytes(component))
        if "\\" in component:
            names.append(unescape(component))
        spellings.append(list(dict.fromkeys(names)))
    return spellings
