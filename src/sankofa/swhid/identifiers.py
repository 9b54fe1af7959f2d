"""Parsing and formatting of core and qualified SWHIDs (SWHID v1.2, ISO/IEC 18670:2025).

Text format (clause 4 of the specification)::

    swh:<version>:<type>:<id>[;<name>=<value>]...

* ``swh`` and the object type (``cnt``, ``dir``, ``rev``, ``rel``, ``snp``) are lower case.
* ``<version>`` is ``1``; a scheme version fixes the hash function and digest size of the
  object id (:data:`SCHEME_VERSIONS`); version 1 uses 20-byte ``sha1_git`` digests written
  as 40 lower-case hexadecimal digits.
* Qualifiers (clause 6) are ``origin`` (an IRI), ``visit`` (a ``snp`` core SWHID),
  ``anchor`` (a ``dir``/``rev``/``rel``/``snp`` core SWHID), ``path`` (an absolute path),
  ``lines`` (``N`` or ``N-M``, lines count from 1) and ``bytes`` (``N`` or ``N-M``, bytes
  count from 0); ranges are inclusive.  Each qualifier appears at most once.

Escaping.  ``origin`` and ``path`` values are percent-encoded: ``;`` and ``%`` always, and
this module also requires raw characters to be legal in an RFC 3987 IRI (for ``origin``)
or ``ipath-absolute`` (for ``path``), so whitespace, control characters and
``"<>\\^`{|}`` must be escaped; ``%XX`` escapes are accepted in either case.  ``path`` is
held as raw bytes after percent-decoding and may be any byte string starting with ``/``
(not necessarily UTF-8); ``origin`` is held decoded and must be valid UTF-8 once decoded.
The two escaping layers are distinct: the origin ``https://h/a%20b`` is written
``origin=https://h/a%2520b``.

Canonical output (``str()``): qualifiers in the order of clause 6.5 (origin, visit,
anchor, path, lines or bytes), numbers without leading zeros, upper-case ``%XX``, and
only ASCII.  In ``origin`` every byte is kept except those outside ``A-Za-z0-9-._~``,
``!$&'()*+,=:@/?#[]``; ``path`` keeps the same set minus ``?#[]``.  ``=`` needs no
escaping because a qualifier is split at its first ``=``.

Validity rules (clause 6), enforced on every :class:`QualifiedSWHID` so that none is
ever generated invalid: ``lines``/``bytes`` only on ``cnt`` and never both; ``visit``
only with ``origin``; ``anchor`` only with ``path``; ``path`` only on ``cnt`` or
``dir``.  The last rule follows the correction of clause 6.3.4 adopted after v1.2: the
v1.2 text says "only valid when the object type is not content", which contradicts the
clause's own example and the canonical example of 6.5 (both put ``path`` on a ``cnt``).
Parsing is strict by default and raises :class:`SWHIDError` on unknown qualifiers and
on invalid combinations; with ``strict=False`` it does what clause 6.1 prescribes and
ignores them (dropping ``lines`` when ``bytes`` is present).  Malformed values, empty
or duplicate qualifiers and surrounding whitespace are errors in both modes.

Line and byte numbers may carry leading zeros on input and are limited to 2**64 - 1.
"""

from __future__ import annotations

import enum
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, NamedTuple

__all__ = [
    "QUALIFIER_NAMES",
    "SCHEME_VERSIONS",
    "CoreSWHID",
    "ObjectType",
    "QualifiedSWHID",
    "SWHIDError",
    "SchemeVersion",
    "parse_swhid",
]


class ObjectType(enum.Enum):
    """The five object types of SWHID v1, by their three-letter tag."""

    CONTENT = "cnt"
    DIRECTORY = "dir"
    REVISION = "rev"
    RELEASE = "rel"
    SNAPSHOT = "snp"


@dataclass(frozen=True)
class SchemeVersion:
    """What a SWHID scheme version fixes: the hash of object ids and its digest size."""

    number: int
    hash_name: str
    digest_size: int

    @property
    def hex_length(self) -> int:
        """Number of hexadecimal digits of an object id in this scheme version."""
        return 2 * self.digest_size


SCHEME_VERSIONS: Final[Mapping[int, SchemeVersion]] = MappingProxyType(
    {1: SchemeVersion(number=1, hash_name="sha1_git", digest_size=20)}
)

QUALIFIER_NAMES: Final = ("origin", "visit", "anchor", "path", "lines", "bytes")
"""Qualifier names of SWHID v1.2, in canonical order (clause 6.5)."""

_SCHEMES_BY_TEXT: Final = {str(n): scheme for n, scheme in SCHEME_VERSIONS.items()}
_MAX_POSITION: Final = 2**64 - 1
_HEX_DIGITS: Final = frozenset("0123456789abcdef")
_URI_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_RANGE: Final = re.compile(r"([0-9]+)(?:-([0-9]+))?")
_PATH_RAW: Final = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,=:@/")
_ORIGIN_RAW: Final = _PATH_RAW | frozenset("?#[]")
_ANCHOR_TYPES: Final = frozenset(
    {ObjectType.DIRECTORY, ObjectType.REVISION, ObjectType.RELEASE, ObjectType.SNAPSHOT}
)
_PATH_TYPES: Final = frozenset({ObjectType.CONTENT, ObjectType.DIRECTORY})


def _escape_table(safe: frozenset[str]) -> tuple[str, ...]:
    return tuple(chr(b) if chr(b) in safe else f"%{b:02X}" for b in range(256))


_PATH_ESCAPES: Final = _escape_table(_PATH_RAW)
_ORIGIN_ESCAPES: Final = _escape_table(_ORIGIN_RAW)


class SWHIDError(ValueError):
    """A string is not a valid SWHID, or a SWHID value would be invalid.

    ``text`` is the parsed input ("" when a value was constructed directly), ``position``
    the 0-based index in ``text`` where the problem starts (None for constructed values),
    ``reason`` the problem alone.
    """

    def __init__(self, reason: str, text: str = "", position: int | None = None) -> None:
        self.reason = reason
        self.text = text
        self.position = position
        if position is None:
            message = f"invalid SWHID: {reason}"
        else:
            message = f"invalid SWHID {text!r}: {reason} at position {position}"
        super().__init__(message)


@dataclass(frozen=True)
class CoreSWHID:
    """A core SWHID: object type and raw digest (``object_id``, not hex).

    ``str()`` gives ``swh:<scheme_version>:<type>:<lower-case hex of object_id>``.
    """

    object_type: ObjectType
    object_id: bytes
    scheme_version: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.object_type, ObjectType):
            raise TypeError(f"object_type must be an ObjectType, not {self.object_type!r}")
        if not isinstance(self.object_id, bytes):
            raise TypeError(f"object_id must be bytes, not {type(self.object_id).__name__}")
        if type(self.scheme_version) is not int or self.scheme_version not in SCHEME_VERSIONS:
            supported = ", ".join(map(str, SCHEME_VERSIONS))
            raise SWHIDError(
                f"unsupported scheme version {self.scheme_version!r} (supported: {supported})"
            )
        size = self.scheme.digest_size
        if len(self.object_id) != size:
            raise SWHIDError(
                f"object id must be {size} bytes for scheme version {self.scheme_version},"
                f" got {len(self.object_id)}"
            )

    @property
    def scheme(self) -> SchemeVersion:
        """The scheme version's parameters (hash function, digest size)."""
        return SCHEME_VERSIONS[self.scheme_version]

    @property
    def hex(self) -> str:
        """The object id as lower-case hexadecimal."""
        return self.object_id.hex()

    def __str__(self) -> str:
        return f"swh:{self.scheme_version}:{self.object_type.value}:{self.hex}"

    @classmethod
    def from_string(cls, text: str) -> CoreSWHID:
        """Parse a core SWHID; qualifiers are rejected."""
        _check_text(text)
        semicolon = text.find(";")
        core = _parse_core(text, 0, len(text) if semicolon < 0 else semicolon)
        if semicolon >= 0:
            raise SWHIDError("a core SWHID has no qualifiers, found ';'", text, semicolon)
        return core


Range = tuple[int, int | None]
"""An inclusive ``(first, last)`` range; ``last`` is None for a single line or byte."""


@dataclass(frozen=True)
class QualifiedSWHID:
    """A core SWHID with the qualifiers of clause 6, all optional.

    ``origin`` is the decoded IRI; ``path`` the decoded absolute path as raw bytes;
    ``lines`` is the ``lines`` qualifier (first line is 1); ``bytes_range`` is the
    ``bytes`` qualifier (first byte is 0), named so to keep the builtin ``bytes`` usable.
    """

    core: CoreSWHID
    origin: str | None = None
    visit: CoreSWHID | None = None
    anchor: CoreSWHID | None = None
    path: bytes | None = None
    lines: Range | None = None
    bytes_range: Range | None = None

    def __post_init__(self) -> None:
        _check_field_types(self)
        for problem in (
            _origin_problem(self.origin),
            _visit_problem(self.visit),
            _anchor_problem(self.anchor),
            _path_problem(self.path),
            _range_problem("lines", self.lines, 1),
            _range_problem("bytes", self.bytes_range, 0),
        ):
            if problem is not None:
                raise SWHIDError(problem)
        violation = _combination_violation(self.core.object_type, self._present())
        if violation is not None:
            raise SWHIDError(violation[1])

    def _present(self) -> frozenset[str]:
        values = (self.origin, self.visit, self.anchor, self.path, self.lines, self.bytes_range)
        return frozenset(n for n, v in zip(QUALIFIER_NAMES, values, strict=True) if v is not None)

    @property
    def qualifiers(self) -> dict[str, str]:
        """The qualifiers as written in the SWHID (escaped), in canonical order."""
        result: dict[str, str] = {}
        if self.origin is not None:
            result["origin"] = "".join(_ORIGIN_ESCAPES[b] for b in self.origin.encode("utf-8"))
        if self.visit is not None:
            result["visit"] = str(self.visit)
        if self.anchor is not None:
            result["anchor"] = str(self.anchor)
        if self.path is not None:
            result["path"] = "".join(_PATH_ESCAPES[b] for b in self.path)
        if self.lines is not None:
            result["lines"] = _format_range(self.lines)
        if self.bytes_range is not None:
            result["bytes"] = _format_range(self.bytes_range)
        return result

    def __str__(self) -> str:
        return str(self.core) + "".join(f";{k}={v}" for k, v in self.qualifiers.items())

    @classmethod
    def from_string(cls, text: str, *, strict: bool = True) -> QualifiedSWHID:
        """Parse a core or qualified SWHID; see :func:`parse_swhid`."""
        return parse_swhid(text, strict=strict)


_ReferenceCheck = Callable[[CoreSWHID], str | None]


def parse_swhid(text: str, *, strict: bool = True) -> QualifiedSWHID:
    """Parse a core or qualified SWHID.

    The text must be exactly a SWHID (no surrounding whitespace, lower-case ``swh``, type
    and hex digits).  Qualifiers may come in any order.  With ``strict=True`` unknown
    qualifiers and invalid qualifier combinations raise :class:`SWHIDError`; with
    ``strict=False`` they are ignored, as clause 6.1 of the specification prescribes.
    """
    _check_text(text)
    semicolon = text.find(";")
    if semicolon < 0:
        return QualifiedSWHID(_parse_core(text, 0, len(text)))
    core = _parse_core(text, 0, semicolon)
    spans = _scan_qualifiers(text, semicolon, strict)
    while (violation := _combination_violation(core.object_type, frozenset(spans))) is not None:
        name, reason = violation
        if strict:
            raise SWHIDError(reason, text, spans[name].name_start)
        del spans[name]
    return _build(text, core, spans)


class _Span(NamedTuple):
    """Where one qualifier sits in the parsed text."""

    name_start: int
    value_start: int
    value_end: int


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"a SWHID is parsed from str, not {type(text).__name__}")
    if text[:1].isspace():
        raise SWHIDError("leading whitespace", text, 0)
    if text[-1:].isspace():
        raise SWHIDError("trailing whitespace", text, len(text) - 1)


def _parse_core(text: str, start: int, end: int) -> CoreSWHID:
    """Parse ``text[start:end]`` as a core SWHID; error positions index ``text``."""
    fields = text[start:end].split(":")
    if fields[0] != "swh":
        reason = (
            "the prefix must be 'swh' in lower case"
            if fields[0].lower() == "swh"
            else f"a SWHID starts with 'swh:', found {text[start : start + 4]!r}"
        )
        raise SWHIDError(reason, text, start)
    if len(fields) != 4:
        position = start + sum(len(f) + 1 for f in fields[:4]) - 1 if len(fields) > 4 else end
        raise SWHIDError(
            f"a core SWHID has 4 fields swh:<version>:<type>:<id>, found {len(fields)}",
            text,
            position,
        )
    _, version, tag, hex_id = fields
    position = start + 4
    scheme = _SCHEMES_BY_TEXT.get(version)
    if scheme is None:
        supported = ", ".join(map(str, SCHEME_VERSIONS))
        raise SWHIDError(
            f"unsupported scheme version {version!r} (supported: {supported})", text, position
        )
    position += len(version) + 1
    try:
        object_type = ObjectType(tag)
    except ValueError:
        known = ", ".join(t.value for t in ObjectType)
        qualifier = " in lower case" if tag.lower() in {t.value for t in ObjectType} else ""
        raise SWHIDError(
            f"the object type must be one of {known}{qualifier}, found {tag!r}", text, position
        ) from None
    position += len(tag) + 1
    return CoreSWHID(object_type, _parse_object_id(text, position, hex_id, scheme), scheme.number)


def _parse_object_id(text: str, start: int, hex_id: str, scheme: SchemeVersion) -> bytes:
    for offset, char in enumerate(hex_id):
        if char not in _HEX_DIGITS:
            kind = "lower-case " if char in string.hexdigits else ""
            raise SWHIDError(
                f"object id must be {kind}hexadecimal digits, found {char!r}",
                text,
                start + offset,
            )
    if len(hex_id) != scheme.hex_length:
        raise SWHIDError(
            f"object id must be {scheme.hex_length} hexadecimal digits,"
            f" found {len(hex_id)} characters",
            text,
            start,
        )
    return bytes.fromhex(hex_id)


def _scan_qualifiers(text: str, semicolon: int, strict: bool) -> dict[str, _Span]:
    """Locate each ``name=value`` after the core; unknown names are dropped if not strict."""
    spans: dict[str, _Span] = {}
    position = semicolon + 1
    for segment in text[semicolon + 1 :].split(";"):
        equals = segment.find("=")
        name = segment[:equals]
        if not segment:
            raise SWHIDError("empty qualifier", text, position)
        if equals < 0:
            raise SWHIDError(f"a qualifier is name=value, found {segment!r}", text, position)
        if not name:
            raise SWHIDError("empty qualifier name", text, position)
        if name in spans:
            first = spans[name].name_start
            raise SWHIDError(
                f"duplicate qualifier {name!r} (first at position {first})", text, position
            )
        if name in QUALIFIER_NAMES:
            spans[name] = _Span(position, position + equals + 1, position + len(segment))
        elif strict:
            known = ", ".join(QUALIFIER_NAMES)
            raise SWHIDError(f"unknown qualifier {name!r} (known: {known})", text, position)
        position += len(segment) + 1
    return spans


def _combination_violation(
    object_type: ObjectType, present: frozenset[str]
) -> tuple[str, str] | None:
    """The first qualifier that clause 6 makes invalid here, with the reason, or None.

    Checked in an order such that dropping the named qualifier and asking again gives the
    qualifiers a lenient parser keeps.
    """
    tag = object_type.value
    for name in ("lines", "bytes"):
        if name in present and object_type is not ObjectType.CONTENT:
            return name, f"the {name} qualifier is only valid on cnt SWHIDs, not {tag}"
    if {"lines", "bytes"} <= present:
        return "lines", "the lines and bytes qualifiers are mutually exclusive"
    if "path" in present and object_type not in _PATH_TYPES:
        return "path", f"the path qualifier is only valid on cnt or dir SWHIDs, not {tag}"
    if "anchor" in present and "path" not in present:
        return "anchor", "the anchor qualifier is only valid with a path qualifier"
    if "visit" in present and "origin" not in present:
        return "visit", "the visit qualifier is only valid with an origin qualifier"
    return None


def _build(text: str, core: CoreSWHID, spans: Mapping[str, _Span]) -> QualifiedSWHID:
    """Parse the values of the located qualifiers, in canonical order."""
    origin = visit = anchor = path = lines = bytes_range = None
    if "origin" in spans:
        origin = _parse_origin(text, spans["origin"])
    if "visit" in spans:
        visit = _parse_reference(text, spans["visit"], _visit_problem)
    if "anchor" in spans:
        anchor = _parse_reference(text, spans["anchor"], _anchor_problem)
    if "path" in spans:
        path = _parse_path(text, spans["path"])
    if "lines" in spans:
        lines = _parse_range(text, spans["lines"], "lines", 1)
    if "bytes" in spans:
        bytes_range = _parse_range(text, spans["bytes"], "bytes", 0)
    return QualifiedSWHID(core, origin, visit, anchor, path, lines, bytes_range)


def _parse_origin(text: str, span: _Span) -> str:
    raw = _unescape(text, span, "origin", _ORIGIN_RAW, private_use=True)
    try:
        origin = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SWHIDError(
            "the origin is not UTF-8 once percent-decoded", text, span.value_start
        ) from error
    problem = _origin_problem(origin)
    if problem is not None:
        raise SWHIDError(problem, text, span.value_start)
    return origin


def _parse_path(text: str, span: _Span) -> bytes:
    path = _unescape(text, span, "path", _PATH_RAW, private_use=False)
    problem = _path_problem(path)
    if problem is not None:
        raise SWHIDError(problem, text, span.value_start)
    return path


def _parse_reference(text: str, span: _Span, check: _ReferenceCheck) -> CoreSWHID:
    reference = _parse_core(text, span.value_start, span.value_end)
    problem = check(reference)
    if problem is not None:
        raise SWHIDError(problem, text, span.value_start)
    return reference


def _parse_range(text: str, span: _Span, name: str, first: int) -> Range:
    match = _RANGE.fullmatch(text, span.value_start, span.value_end)
    value = text[span.value_start : span.value_end]
    if match is None:
        raise SWHIDError(
            f"the {name} qualifier is N or N-M in decimal digits, found {value!r}",
            text,
            span.value_start,
        )
    if max(len(match[1]), len(match[2] or "")) > len(str(_MAX_POSITION)):
        raise SWHIDError(f"{name} number larger than {_MAX_POSITION}", text, span.value_start)
    result = (int(match[1]), None if match[2] is None else int(match[2]))
    problem = _range_problem(name, result, first)
    if problem is not None:
        raise SWHIDError(problem, text, span.value_start)
    return result


def _unescape(
    text: str, span: _Span, name: str, raw_ascii: frozenset[str], *, private_use: bool
) -> bytes:
    """Percent-decode ``text`` over ``span``, refusing characters that must be escaped."""
    result = bytearray()
    index = span.value_start
    while index < span.value_end:
        char = text[index]
        if char == "%":
            digits = text[index + 1 : min(index + 3, span.value_end)]
            if len(digits) != 2 or not all(d in string.hexdigits for d in digits):
                escape = text[index : min(index + 3, span.value_end)]
                raise SWHIDError(f"invalid percent-escape {escape!r} in {name}", text, index)
            result.append(int(digits, 16))
            index += 3
            continue
        if not (char in raw_ascii or _is_iri_char(ord(char), private_use)):
            raise SWHIDError(
                f"character {char!r} (U+{ord(char):04X}) must be percent-encoded in {name}",
                text,
                index,
            )
        result += char.encode("utf-8")
        index += 1
    return bytes(result)


def _is_iri_char(code: int, private_use: bool) -> bool:
    """True for RFC 3987 ``ucschar`` (and ``iprivate`` if ``private_use``)."""
    if private_use and (
        0xE000 <= code <= 0xF8FF or 0xF0000 <= code <= 0xFFFFD or 0x100000 <= code <= 0x10FFFD
    ):
        return True
    if code < 0xA0:
        return False
    if code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF:
        return True
    if code < 0x10000 or code & 0xFFFF > 0xFFFD:
        return False
    return code < 0xE0000 or 0xE1000 <= code <= 0xEFFFD


def _check_field_types(swhid: QualifiedSWHID) -> None:
    expected: tuple[tuple[str, object, type | tuple[type, ...]], ...] = (
        ("core", swhid.core, CoreSWHID),
        ("origin", swhid.origin, (str, type(None))),
        ("visit", swhid.visit, (CoreSWHID, type(None))),
        ("anchor", swhid.anchor, (CoreSWHID, type(None))),
        ("path", swhid.path, (bytes, type(None))),
        ("lines", swhid.lines, (tuple, type(None))),
        ("bytes_range", swhid.bytes_range, (tuple, type(None))),
    )
    for field, value, types in expected:
        if not isinstance(value, types):
            raise TypeError(f"{field} has the wrong type: {type(value).__name__}")


def _origin_problem(origin: str | None) -> str | None:
    if origin is None:
        return None
    if _URI_SCHEME.match(origin) is None:
        return f"the origin must be an IRI starting with a scheme like 'https:', found {origin!r}"
    try:
        origin.encode("utf-8")
    except UnicodeEncodeError:
        return "the origin contains a lone surrogate and cannot be written as UTF-8"
    return None


def _visit_problem(visit: CoreSWHID | None) -> str | None:
    if visit is None or visit.object_type is ObjectType.SNAPSHOT:
        return None
    return f"the visit qualifier must be a snp SWHID, found {visit.object_type.value}"


def _anchor_problem(anchor: CoreSWHID | None) -> str | None:
    if anchor is None or anchor.object_type in _ANCHOR_TYPES:
        return None
    tag = anchor.object_type.value
    return f"the anchor qualifier must be a dir, rev, rel or snp SWHID, found {tag}"


def _path_problem(path: bytes | None) -> str | None:
    if path is None or path.startswith(b"/"):
        return None
    return f"the path must be absolute (start with '/'), found {path!r}"


def _range_problem(name: str, value: Range | None, first: int) -> str | None:
    if value is None:
        return None
    if (
        len(value) != 2
        or type(value[0]) is not int
        or not (value[1] is None or type(value[1]) is int)
    ):
        return f"{name} must be a pair (first: int, last: int | None), found {value!r}"
    start, end = value
    if start < first:
        return f"{name} count from {first}, found {start}"
    if end is not None and end < start:
        return f"{name} range ends at {end} before it starts at {start}"
    if max(start, end or 0) > _MAX_POSITION:
        return f"{name} number larger than {_MAX_POSITION}"
    return None


def _format_range(value: Range) -> str:
    return str(value[0]) if value[1] is None else f"{value[0]}-{value[1]}"
