"""The error every identifier parser raises."""

from __future__ import annotations

__all__ = ["IdentifierError"]


class IdentifierError(ValueError):
    """A string is not a valid identifier of the expected scheme.

    The message names the scheme, the offending text and what is wrong with it, in one
    sentence fit to show to the person who typed the identifier.  Each scheme has its own
    subclass (``ArkError``, ``DoiError``, ``IssnError``, ``OrcidError``, ``RorError``) so a
    caller can catch one scheme or all of them.
    """
