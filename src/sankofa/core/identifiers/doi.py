"""DOI names: parsing, comparison and URL presentation (DOI Handbook, ISO 26324).

A DOI name is ``<prefix>/<suffix>``.  The prefix is the directory indicator ``10``, a
period and a registrant code; this module requires the registrant code to be decimal
digits, possibly subdivided by periods (``10.1000``, ``10.1000.10``), which every
registration agency assigns.  The suffix is any non-empty string of printable Unicode
characters, ``/`` included.  This module also refuses whitespace and control characters
in a suffix: the Handbook allows a space, but no registration agency mints one and a
space in pasted text is nearly always an error.

Comparison.  DOI names are case-insensitive for ASCII letters (Handbook 2.4): ``==``
and ``hash`` fold ``a``-``z`` to upper case and leave every other character alone.
The suffix is kept as given, so ``str(doi)`` shows it as it was registered or typed.

Accepted input (surrounding whitespace ignored):

* ``10.1000/182`` (bare) and ``doi:10.1000/182`` (label case-insensitive), taken
  literally: a ``%`` there is part of the name;
* ``https://doi.org/10.1000/182``, ``http://`` and ``dx.doi.org`` or ``www.doi.org``
  hosts: a URL, so its query and fragment are dropped and its path is percent-decoded
  (as UTF-8) to give the name.

URL presentation (Handbook appendix "DOI Name Encoding Rules for URL Presentation"):
``doi.url`` percent-encodes the mandatory set ``% " # SPACE ?``, the recommended set
``< > { } ^ [ ] ` | \\ +``, every other character outside printable ASCII (as UTF-8),
and, as the Handbook advises, the slash next to a ``.`` or ``..`` path segment
(``/./`` becomes ``/.%2F``) so that browsers do not collapse it.  Parsing that URL gives
back the same name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import unquote, urlsplit

from sankofa.core.identifiers.errors import IdentifierError

__all__ = ["Doi", "DoiError", "doi_url_path"]

RESOLVER: Final = "https://doi.org/"
_PREFIX: Final = re.compile(r"10\.[0-9]+(?:\.[0-9]+)*")
_LABEL: Final = re.compile(r"doi:\s*", re.IGNORECASE)
_URL: Final = re.compile(r"https?://(?:dx\.|www\.)?doi\.org/", re.IGNORECASE)
_ENCODED: Final = frozenset('%"# ?<>{}^[]`|\\+')
_ASCII_UPPER: Final = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class DoiError(IdentifierError):
    """A string is not a valid DOI name."""


def _encode_char(char: str) -> str:
    if char in _ENCODED or not (" " < char < "\x7f"):
        return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return char


def doi_url_path(name: str) -> str:
    """The URL path (no leading ``/``) presenting the DOI name ``name``."""
    segments = ["".join(_encode_char(char) for char in part) for part in name.split("/")]
    separators = ["/"] * (len(segments) - 1)
    for index, segment in enumerate(segments[1:], start=1):
        if segment in (".", ".."):
            # The slash after a dot segment, or before it when it ends the path.
            separators[index if index < len(separators) else index - 1] = "%2F"
    out = [segments[0]]
    for separator, segment in zip(separators, segments[1:], strict=True):
        out += [separator, segment]
    return "".join(out)


def _bad_suffix_char(suffix: str) -> str | None:
    for char in suffix:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return char
    return None


@dataclass(frozen=True, eq=False)
class Doi:
    """A DOI name: ``prefix`` (``10.1000``) and ``suffix`` (``182``), as given."""

    prefix: str
    suffix: str
    _key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _PREFIX.fullmatch(self.prefix):
            raise DoiError(
                f"DOI {self.prefix}/{self.suffix}: prefix {self.prefix!r} is not 10. "
                "followed by a numeric registrant code (such as 10.1000)"
            )
        if not self.suffix:
            raise DoiError(f"DOI {self.prefix}/: the suffix after the / is empty")
        bad = _bad_suffix_char(self.suffix)
        if bad is not None:
            raise DoiError(
                f"DOI {self.prefix}/{self.suffix!r}: the suffix contains {bad!r} "
                f"(U+{ord(bad):04X}), whitespace and control characters are not allowed"
            )
        object.__setattr__(self, "_key", str(self).translate(_ASCII_UPPER))

    @classmethod
    def parse(cls, text: str) -> Doi:
        """Read a DOI name, bare, after ``doi:`` or in a doi.org URL."""
        value = text.strip()
        if _URL.match(value):
            value = _decoded_url_path(text, value)
        else:
            label = _LABEL.match(value)
            if label:
                value = value[label.end() :]
        prefix, slash, suffix = value.partition("/")
        if not slash:
            raise DoiError(
                f"DOI {text!r}: expected a name such as 10.1000/182, a prefix, a / and a suffix"
            )
        return cls(prefix, suffix)

    @property
    def url(self) -> str:
        """The doi.org URL, percent-encoded as the DOI Handbook prescribes."""
        return RESOLVER + doi_url_path(str(self))

    def __str__(self) -> str:
        return f"{self.prefix}/{self.suffix}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Doi):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)


def _decoded_url_path(text: str, value: str) -> str:
    path = urlsplit(value).path.lstrip("/")
    try:
        return unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise DoiError(f"DOI URL {text!r}: its percent-encoded bytes are not UTF-8") from None
