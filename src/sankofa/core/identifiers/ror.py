"""ROR identifiers (Research Organization Registry): parsing, checksum and normalisation.

A ROR id is nine characters after ``https://ror.org/``: a leading ``0``, six characters
of Crockford base 32 (digits and lower-case letters without ``i``, ``l``, ``o``, ``u``)
and a two-digit checksum.  The checksum is ISO/IEC 7064 MOD 97-10 over the number ``n``
the seven leading characters encode, written exactly as ROR's own generator writes it
(ror-community/ror-api, ``generaterorid.py``, following DataCite's base32-url)::

    checksum = 98 - (n * 100) % 97          # two digits, zero-padded: 02 to 98

so ``(n * 100 + checksum) % 97 == 1`` for every valid id.  Because 97 is prime and does
not divide 100 or a power of 32, changing any one character changes the check and is
always detected.

Accepted input (surrounding whitespace ignored): the nine characters, alone or after
``https://ror.org/``, ``http://ror.org/`` or ``ror.org/`` (host case-insensitive, an
optional ``www.``).  Letters may be upper case; they are folded to lower case.  The
canonical form, ``str(ror)``, is the https URI: ``https://ror.org/05dxps055``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from sankofa.core.identifiers.errors import IdentifierError

__all__ = ["CROCKFORD_ALPHABET", "Ror", "RorError", "ror_checksum"]

URI_BASE: Final = "https://ror.org/"
CROCKFORD_ALPHABET: Final = "0123456789abcdefghjkmnpqrstvwxyz"
"""Crockford base 32 digits, lower case, in value order."""

_VALUES: Final = {char: value for value, char in enumerate(CROCKFORD_ALPHABET)}
_URI_PREFIX: Final = re.compile(r"(?:https?://)?(?:www\.)?ror\.org/", re.IGNORECASE)
_SHAPE: Final = re.compile(r"0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}")
_MAX_NUMBER: Final = 32**6 - 1


class RorError(IdentifierError):
    """A string is not a valid ROR identifier."""


def ror_checksum(number: int) -> str:
    """The two-digit ROR checksum of the number a ROR id encodes."""
    if not 0 <= number <= _MAX_NUMBER:
        raise RorError(f"ROR number {number}: must be between 0 and {_MAX_NUMBER}")
    return f"{98 - (number * 100) % 97:02d}"


def _decode(chars: str) -> int:
    number = 0
    for char in chars:
        number = number * 32 + _VALUES[char]
    return number


@dataclass(frozen=True)
class Ror:
    """A ROR identifier, held as its nine characters (``05dxps055``)."""

    id: str

    def __post_init__(self) -> None:
        if not _SHAPE.fullmatch(self.id):
            raise RorError(
                f"ROR id {self.id!r}: expected 0, six Crockford base-32 characters "
                "(no i, l, o or u) and two digits, such as 05dxps055"
            )
        expected = ror_checksum(self.number)
        if self.id[7:] != expected:
            raise RorError(
                f"ROR id {self.id}: wrong checksum {self.id[7:]!r} (MOD 97-10 gives "
                f"{expected!r}); a character was probably mistyped"
            )

    @classmethod
    def parse(cls, text: str) -> Ror:
        """Read a ROR id alone or in its ror.org URI."""
        value = text.strip()
        match = _URI_PREFIX.match(value)
        if match:
            value = value[match.end() :]
        if not value.isascii():
            raise RorError(f"ROR id {text!r}: contains characters outside ASCII")
        return cls(value.lower())

    @classmethod
    def from_number(cls, number: int) -> Ror:
        """The ROR id that encodes ``number`` (0 to 32**6 - 1)."""
        checksum = ror_checksum(number)
        chars = []
        for _ in range(6):
            number, digit = divmod(number, 32)
            chars.append(CROCKFORD_ALPHABET[digit])
        return cls("0" + "".join(reversed(chars)) + checksum)

    @property
    def number(self) -> int:
        """The number the seven leading characters encode."""
        return _decode(self.id[1:7])

    @property
    def uri(self) -> str:
        """The canonical https URI, ``https://ror.org/05dxps055``."""
        return URI_BASE + self.id

    def __str__(self) -> str:
        return self.uri
