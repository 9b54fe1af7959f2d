"""The reviewer's copy of a submission file: the bytes without author properties, stored
in the node's blob store (see `sankofa.journals.anonymise`)."""

from __future__ import annotations

import io

from sankofa.datasets.files import store_content
from sankofa.journals.anonymise import strip_author_properties

__all__ = ["reviewer_copy"]


def reviewer_copy(data: bytes, media_type: str, name: str) -> str | None:
    """Store `data` stripped of its author properties and return the blob's SHA-256; None
    when the file is of a kind `strip_author_properties` does not handle or cannot read
    (the caller then shows reviewers the original, e.g. a plain-text or image file).

    The stripped copy may equal the original (a file with no author properties); it is
    stored anyway and its SHA-256 returned."""
    stripped = strip_author_properties(data, media_type, name)
    if stripped is None:
        return None
    return store_content(io.BytesIO(stripped)).sha256
