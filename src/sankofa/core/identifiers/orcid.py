"""ORCID iDs: parsing, check digit and normalisation.

An ORCID iD is 16 characters: 15 decimal digits and a check character, written in four
groups of four separated by hyphens (``0000-0002-1825-0097``).  The check character is
ISO/IEC 7064 MOD 11-2 over the 15 digits::

    total = 0
    for digit in digits: total = (total + digit) * 2
    check = (12 - total % 11) % 11        # 10 is written "X"

so only the last character may be ``X``.  MOD 11-2 detects every single-character
substitution and every transposition of two adjacent characters.

Accepted input (surrounding whitespace ignored): the bare 16 characters, the hyphenated
form, and either form behind ``https://orcid.org/``, ``http://orcid.org/`` or
``orcid.org/`` (host case-insensitive, an optional ``www.``).  A lower-case ``x`` is
read as ``X``.  The canonical form, ``str(orcid)``, is the https URI that ORCID asks
every display to use: ``https://orcid.org/0000-0002-1825-0097``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from sankofa.core.identifiers.errors import IdentifierError

__all__ = ["Orcid", "OrcidError", "orcid_check_character"]

URI_BASE: Final = "https://orcid.org/"
_URI_PREFIX: Final = re.compile(r"(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
_GROUPED: Final = re.compile(r"[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]")
_BARE: Final = re.compile(r"[0-9]{15}[0-9X]")


class OrcidError(IdentifierError):
    """A string is not a valid ORCID iD."""


def orcid_check_character(digits: str) -> str:
    """ISO/IEC 7064 MOD 11-2 check character of 15 decimal digits: ``0``-``9`` or ``X``."""
    if len(digits) != 15 or not digits.isascii() or not digits.isdigit():
        raise OrcidError(f"ORCID iD base {digits!r}: expected 15 decimal digits")
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


@dataclass(frozen=True)
class Orcid:
    """An ORCID iD, held as its 16 characters without hyphens (``0000000218250097``)."""

    digits: str

    def __post_init__(self) -> None:
        if not _BARE.fullmatch(self.digits):
            raise OrcidError(
                f"ORCID iD {self.digits!r}: expected 16 characters, 15 digits and a "
                "check character (digit or X)"
            )
        expected = orcid_check_character(self.digits[:15])
        if self.digits[15] != expected:
            raise OrcidError(
                f"ORCID iD {self.hyphenated}: wrong check digit {self.digits[15]!r} "
                f"(ISO 7064 MOD 11-2 gives {expected!r}); a character was probably mistyped"
            )

    @classmethod
    def parse(cls, text: str) -> Orcid:
        """Read an ORCID iD in any accepted form (see the module docstring)."""
        value = text.strip()
        match = _URI_PREFIX.match(value)
        if match:
            value = value[match.end() :]
        value = value.upper() if value.isascii() else value
        if _GROUPED.fullmatch(value):
            value = value.replace("-", "")
        elif not _BARE.fullmatch(value):
            raise OrcidError(
                f"ORCID iD {text!r}: expected 16 characters such as 0000-0002-1825-0097, "
                "with or without https://orcid.org/"
            )
        return cls(value)

    @classmethod
    def from_base(cls, digits: str) -> Orcid:
        """The ORCID iD made of 15 digits followed by their check character."""
        return cls(digits + orcid_check_character(digits))

    @property
    def hyphenated(self) -> str:
        """The 16 characters in groups of four: ``0000-0002-1825-0097``."""
        d = self.digits
        return f"{d[0:4]}-{d[4:8]}-{d[8:12]}-{d[12:16]}"

    @property
    def uri(self) -> str:
        """The canonical https URI, ``https://orcid.org/0000-0002-1825-0097``."""
        return URI_BASE + self.hyphenated

    def __str__(self) -> str:
        return self.uri
