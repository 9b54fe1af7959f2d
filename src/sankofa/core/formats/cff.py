"""Reading ``CITATION.cff`` (Citation File Format 1.2.0, YAML).

The file describes the software itself: its title, authors (persons with
``given-names``/``family-names``, ``name-particle``, ``orcid``, ``affiliation``, or
entities with ``name``), ``version``, ``date-released``, ``license`` (an SPDX id or a
list), ``keywords``, ``abstract``, ``repository-code``, ``url``, ``doi`` and
``identifiers``. A ``preferred-citation`` (often a paper about the software) is not
what is archived: it is noted, not used.
"""

from __future__ import annotations

from typing import Any

import yaml

from sankofa.core.formats.citation import Author
from sankofa.core.formats.software import (
    MetadataError,
    SoftwareMetadata,
    iso_date,
    person,
    spdx,
    text,
    texts,
)


def _author(value: object) -> Author | None:
    if not isinstance(value, dict):
        return None
    given = text(value.get("given-names"))
    family = " ".join(
        t for t in (text(value.get("name-particle")), text(value.get("family-names"))) if t
    )
    found = person(
        given=given,
        family=family,
        name=value.get("name") or value.get("alias") or "",
        orcid=value.get("orcid", ""),
        affiliation=value.get("affiliation", ""),
    )
    return found if found.display else None


def _identifiers(document: dict[str, Any]) -> tuple[str, ...]:
    found = list(texts(document.get("doi")))
    for item in document.get("identifiers") or []:
        if isinstance(item, dict) and text(item.get("value")) not in found:
            found += list(texts(item.get("value")))
    return tuple(found)


def read(data: bytes) -> tuple[SoftwareMetadata, list[str]]:
    """The metadata of a ``CITATION.cff`` file and notes on what was not used."""
    try:
        document = yaml.safe_load(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        raise MetadataError(f"not YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(document, dict):
        raise MetadataError("not a YAML mapping")
    if "cff-version" not in document or "title" not in document:
        raise MetadataError("not a Citation File Format file (no cff-version or title)")
    notes = []
    if isinstance(document.get("preferred-citation"), dict):
        kind = text(document["preferred-citation"].get("type")) or "work"
        notes.append(f"preferred-citation ({kind}) noted but not used: the software is cited")
    authors = document.get("authors")
    metadata = SoftwareMetadata(
        name=text(document.get("title")),
        description=" ".join(texts(document.get("abstract"))),
        version=text(document.get("version")),
        date_published=iso_date(document.get("date-released")),
        authors=tuple(a for a in map(_author, authors if isinstance(authors, list) else []) if a),
        licenses=tuple(t for t in (spdx(x) for x in texts(document.get("license"))) if t),
        keywords=texts(document.get("keywords")),
        code_repository=text(document.get("repository-code")),
        url=text(document.get("url")),
        identifiers=_identifiers(document),
    )
    return metadata, notes
