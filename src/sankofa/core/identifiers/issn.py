"""ISSNs (ISO 3297): parsing, check digit and normalisation.

An ISSN is seven decimal digits and a check character, written ``NNNN-NNNC``.  The
check character is MOD 11 with weights 8 down to 2 over the seven digits::

    check = (11 - sum(weight * digit) % 11) % 11      # 10 is written "X"

(ISSN International Centre worked example: ``0317-847`` weighs 0+21+6+35+32+12+14 =
120, 120 mod 11 = 10, check 1, so ``0317-8471``.)  The weights are non-zero and below the
prime 11, so every single-digit substitution and every transposition of two adjacent
characters is detected.

Accepted input (surrounding whitespace ignored): eight characters with or without the
hyphen, optionally after ``ISSN`` and a space (case-insensitive); a lower-case ``x`` is
read as ``X``.  The canonical form, ``str(issn)``, is ``NNNN-NNNC``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from sankofa.core.identifiers.errors import IdentifierError

__all__ = ["Issn", "IssnError", "issn_check_character"]

_LABEL: Final = re.compile(r"ISSN:?\s*", re.IGNORECASE)
_TEXT: Final = re.compile(r"([0-9]{4})-?([0-9]{3}[0-9X])")


class IssnError(IdentifierError):
    """A string is not a valid ISSN."""


def issn_check_character(digits: str) -> str:
    """MOD 11 check character (weights 8..2) of seven decimal digits: ``0``-``9`` or ``X``."""
    if len(digits) != 7 or not digits.isascii() or not digits.isdigit():
        raise IssnError(f"ISSN base {digits!r}: expected 7 decimal digits")
    total = sum(weight * int(digit) for weight, digit in zip(range(8, 1, -1), digits, strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


@dataclass(frozen=True)
class Issn:
    """An ISSN, held as its eight characters without the hyphen (``03178471``)."""

    digits: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9]{7}[0-9X]", self.digits):
            raise IssnError(
                f"ISSN {self.digits!r}: expected 8 characters, 7 digits and a check "
                "character (digit or X)"
            )
        expected = issn_check_character(self.digits[:7])
        if self.digits[7] != expected:
            raise IssnError(
                f"ISSN {self}: wrong check digit {self.digits[7]!r} (MOD 11 gives "
                f"{expected!r}); a digit was probably mistyped"
            )

    @classmethod
    def parse(cls, text: str) -> Issn:
        """Read ``NNNN-NNNC`` or ``NNNNNNNC``, optionally after ``ISSN``."""
        value = text.strip()
        label = _LABEL.match(value)
        if label:
            value = value[label.end() :]
        value = value.upper() if value.isascii() else value
        match = _TEXT.fullmatch(value)
        if not match:
            raise IssnError(
                f"ISSN {text!r}: expected 8 characters such as 0317-8471 "
                "(7 digits and a check digit or X)"
            )
        return cls(match.group(1) + match.group(2))

    @classmethod
    def from_base(cls, digits: str) -> Issn:
        """The ISSN made of seven digits followed by their check character."""
        return cls(digits + issn_check_character(digits))

    @property
    def uri(self) -> str:
        """The ISSN Portal address of this ISSN."""
        return f"https://portal.issn.org/resource/ISSN/{self}"

    def __str__(self) -> str:
        return f"{self.digits[:4]}-{self.digits[4:]}"
