"""Persistent identifiers as typed values: ARK, DOI, ISSN, ORCID iD and ROR id.

Pure Python, no Django: each scheme parses text at the edge into a frozen value (or
raises a subclass of :class:`IdentifierError` whose message names what is wrong), formats
it canonically with ``str()``, and checks its check character where the scheme has one.
docs/identifiers.md describes each scheme, its check and its normalisation.
"""

from __future__ import annotations

from sankofa.core.identifiers.ark import Ark, ArkError, mint, ncda_check_character
from sankofa.core.identifiers.doi import Doi, DoiError
from sankofa.core.identifiers.errors import IdentifierError
from sankofa.core.identifiers.issn import Issn, IssnError
from sankofa.core.identifiers.orcid import Orcid, OrcidError
from sankofa.core.identifiers.ror import Ror, RorError

__all__ = [
    "Ark",
    "ArkError",
    "Doi",
    "DoiError",
    "IdentifierError",
    "Issn",
    "IssnError",
    "Orcid",
    "OrcidError",
    "Ror",
    "RorError",
    "mint",
    "ncda_check_character",
]
