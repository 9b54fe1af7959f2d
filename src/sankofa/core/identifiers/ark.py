"""ARKs (Archival Resource Keys): parsing, normalisation, check characters and minting.

Syntax (draft-kunze-ark, sections 2 and 3)::

    [https://NMA/]ark:[/]NAAN/Name[Qualifiers]

* The label is ``ark:``; the old form ``ark:/`` is equivalent and is written ``ark:``.
* The NAAN is one or more betanumeric characters (:data:`BETANUMERIC`, digits and
  consonants without ``l``); upper-case letters in it are folded to lower case.
* The Name (base name) runs from after ``NAAN/`` up to the first ``/`` or ``.``; the rest
  is the Qualifier: a component path (``/c3/s5``) and/or a variant path (``.v7.xsl``).
* Name and Qualifier use letters, digits, ``= ~ * + @ _ $`` and the reserved ``% - . /``;
  ``%`` introduces a two-hex-digit escape of any other octet.
* A shoulder is, by the "first-digit convention", the run of betanumeric consonants at the
  start of the Name followed by the first digit (``x6`` in ``x6np1wh8k``); the blade is
  the rest of the Name.  Shoulders are a convention, not syntax: :attr:`Ark.shoulder` is
  empty when the Name does not start that way.

Normalisation (section 3.2), applied by :meth:`Ark.parse` so that equal ARKs compare equal:
the resolver part up to ``/ark:`` and any query string are dropped; the label becomes
``ark:``; the NAAN is lower-cased; ``%`` escapes get upper-case hex digits; all hyphens
are removed (also U+2010 to U+2015, the hyphen-like characters pasted text carries);
leading, trailing and doubled ``/`` and ``.`` after the NAAN are collapsed to the first
of the run.  Step 9 (a variant ``.x`` before a component ``/y``) is not reordered: such an
ARK is refused as malformed, which the specification allows.  Letters keep their case
everywhere else: ``ark:12345/x6ABC`` and ``ark:12345/x6abc`` are different ARKs.

Check character (Noid Check Digit Algorithm, NCDA, the Noid documentation's "NOID CHECK
DIGIT ALGORITHM"): over the check zone ``NAAN/Name-without-its-last-character``, each
character's ordinal in :data:`BETANUMERIC` (0 for any other character, ``/`` and
upper-case letters included) is multiplied by its position counted from 1; the sum modulo
29 indexes :data:`BETANUMERIC`.  Worked example of the Noid documentation: ``13030/xf93gt2``
sums to 891, 891 mod 29 = 21, check character ``q``, ARK ``ark:13030/xf93gt2q``.  For
zones of at most 28 characters it detects every substitution of one betanumeric character
by another and every transposition of two adjacent, distinct betanumeric characters.
Qualifiers are outside the check zone.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from sankofa.core.identifiers.errors import IdentifierError

__all__ = ["BETANUMERIC", "Ark", "ArkError", "mint", "ncda_check_character"]

BETANUMERIC: Final = "0123456789bcdfghjkmnpqrstvwxz"
"""The 29 NOID "extended digits", in ordinal order."""

_ORDINALS: Final = {char: ordinal for ordinal, char in enumerate(BETANUMERIC)}
_HYPHENS: Final = str.maketrans("", "", "-\u2010\u2011\u2012\u2013\u2014\u2015")
_LABEL: Final = re.compile(r"ark:/?", re.IGNORECASE)
_RESOLVER: Final = re.compile(r"https?://[^?#]*?/(?=ark:)", re.IGNORECASE)
_NAME_CHARS: Final = re.compile(r"(?:[A-Za-z0-9=~*+@_$./]|%[0-9A-Fa-f]{2})*")
_STRUCTURAL_RUN: Final = re.compile(r"[./]{2,}")
_PERCENT: Final = re.compile(r"%[0-9A-Fa-f]{2}")
_SHOULDER: Final = re.compile(r"[bcdfghjkmnpqrstvwxz]+[0-9]")
_BASE_NAME_END: Final = re.compile(r"[./]")


class ArkError(IdentifierError):
    """A string is not a valid ARK, or an ARK's check character does not match."""


def ncda_check_character(zone: str) -> str:
    """The NCDA check character of ``zone`` (such as ``13030/xf93gt2``, giving ``q``)."""
    total = sum(position * _ORDINALS.get(char, 0) for position, char in enumerate(zone, 1))
    return BETANUMERIC[total % len(BETANUMERIC)]


@dataclass(frozen=True)
class Ark:
    """A normalised ARK: ``naan``, base ``name`` and ``qualifier`` (``""`` or ``/…``, ``.…``)."""

    naan: str
    name: str
    qualifier: str = ""

    def __post_init__(self) -> None:
        if not self.naan or any(char not in _ORDINALS for char in self.naan):
            raise ArkError(
                f"ARK NAAN {self.naan!r}: expected betanumeric characters "
                f"({BETANUMERIC}), such as 12345"
            )
        if not self.name or _BASE_NAME_END.search(self.name):
            raise ArkError(f"ARK name {self.name!r}: expected a non-empty name without / or .")
        if self.qualifier and (
            self.qualifier[0] not in "./"
            or self.qualifier[-1] in "./"
            or _STRUCTURAL_RUN.search(self.qualifier)
        ):
            raise ArkError(
                f"ARK qualifier {self.qualifier!r}: must start with / or . and have no "
                "empty component"
            )
        _check_characters(f"{self.name}{self.qualifier}", str(self))
        if any(m.group(0) != m.group(0).upper() for m in _PERCENT.finditer(str(self))):
            raise ArkError(f"ARK {self}: %-escapes are written with upper-case hex digits")

    @classmethod
    def parse(cls, text: str) -> Ark:
        """Read and normalise an ARK, compact (``ark:12345/x6np1wh8k``) or in a URL."""
        value = text.strip()
        resolver = _RESOLVER.match(value)
        if resolver:
            value = value[resolver.end() :]
        label = _LABEL.match(value)
        if not label:
            raise ArkError(f"ARK {text!r}: expected the label ark: (as in ark:12345/x6np1wh8k)")
        value = value[label.end() :].split("?", 1)[0].translate(_HYPHENS)
        naan, slash, rest = value.partition("/")
        if not slash:
            raise ArkError(f"ARK {text!r}: expected NAAN/name after ark:, such as ark:12345/x6")
        _check_characters(rest, text)
        rest = _PERCENT.sub(lambda m: m.group(0).upper(), _normalise_structure(rest))
        if not rest:
            raise ArkError(f"ARK {text!r}: the name after the NAAN is empty")
        if re.search(r"\.[^./]*/", rest):
            raise ArkError(
                f"ARK {text!r}: a variant (.…) comes before a component (/…), "
                "which the ARK specification treats as malformed"
            )
        end = _BASE_NAME_END.search(rest)
        split = end.start() if end else len(rest)
        return cls(naan.lower() if naan.isascii() else naan, rest[:split], rest[split:])

    @property
    def check_zone(self) -> str:
        """``NAAN/name`` without its last character: what the check character covers."""
        return f"{self.naan}/{self.name[:-1]}"

    @property
    def has_valid_check_character(self) -> bool:
        """Whether the last character of the name is the NCDA check character."""
        return ncda_check_character(self.check_zone) == self.name[-1]

    def verify_check_character(self) -> None:
        """Raise :class:`ArkError` naming both characters when the check character is wrong."""
        expected = ncda_check_character(self.check_zone)
        if self.name[-1] != expected:
            raise ArkError(
                f"ARK {self}: check character {self.name[-1]!r} does not match {expected!r} "
                f"computed over {self.check_zone!r}; a character was probably mistyped"
            )

    @property
    def shoulder(self) -> str:
        """The primordinal shoulder (consonants and the first digit) or ``""``."""
        match = _SHOULDER.match(self.name)
        return match.group(0) if match and match.end() < len(self.name) else ""

    @property
    def blade(self) -> str:
        """The name after the shoulder."""
        return self.name[len(self.shoulder) :]

    @property
    def base(self) -> Ark:
        """This ARK without its qualifier."""
        return Ark(self.naan, self.name)

    def url(self, resolver: str = "https://n2t.net/") -> str:
        """This ARK made actionable by a resolver (``https://n2t.net/ark:…`` by default)."""
        return resolver.rstrip("/") + "/" + str(self)

    def __str__(self) -> str:
        return f"ark:{self.naan}/{self.name}{self.qualifier}"


def _check_characters(rest: str, text: str) -> None:
    if _NAME_CHARS.fullmatch(rest):
        return
    for index, char in enumerate(rest):
        if char == "%" and not _PERCENT.match(rest, index):
            break
        if char != "%" and not _NAME_CHARS.fullmatch(char):
            raise ArkError(
                f"ARK {text!r}: character {char!r} is not allowed in an ARK name "
                "(letters, digits, = ~ * + @ _ $ . / and %XX escapes)"
            )
    raise ArkError(f"ARK {text!r}: a % must start a two-hex-digit escape such as %7D")


def _normalise_structure(rest: str) -> str:
    """Collapse runs of ``/`` and ``.`` to their first character; trim them at both ends."""
    return _STRUCTURAL_RUN.sub(lambda m: m.group(0)[0], rest).strip("./")


def mint(
    naan: str,
    shoulder: str,
    *,
    sequence: int | None = None,
    width: int = 8,
    randbelow: Callable[[int], int] = secrets.randbelow,
) -> Ark:
    """A new ARK ``ark:NAAN/shoulder+blade+check`` with a ``width``-character blade.

    The blade is ``sequence`` written in base 29 with :data:`BETANUMERIC` digits, padded
    with ``0`` to ``width`` characters (longer when the number needs it), or, without a
    sequence, ``width`` characters drawn with ``randbelow`` (a cryptographic source by
    default).  ``shoulder`` must be primordinal (consonants then one digit, ``b3``) or
    empty.
    """
    if shoulder and not _SHOULDER.fullmatch(shoulder):
        raise ArkError(
            f"ARK shoulder {shoulder!r}: expected betanumeric consonants followed by one "
            "digit, such as b3"
        )
    if width < 1:
        raise ArkError(f"ARK blade width {width}: must be at least 1")
    if sequence is None:
        blade = "".join(BETANUMERIC[randbelow(len(BETANUMERIC))] for _ in range(width))
    elif sequence < 0:
        raise ArkError(f"ARK sequence number {sequence}: must not be negative")
    else:
        blade = _base29(sequence).rjust(width, "0")
    body = Ark(naan, shoulder + blade)
    return Ark(body.naan, body.name + ncda_check_character(f"{body.naan}/{body.name}"))


def _base29(number: int) -> str:
    digits = []
    while True:
        number, digit = divmod(number, len(BETANUMERIC))
        digits.append(BETANUMERIC[digit])
        if not number:
            return "".join(reversed(digits))
