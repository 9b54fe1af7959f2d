"""Reading ``codemeta.json`` (CodeMeta 2.0 and 3.0, JSON-LD in its compacted form).

Recognised contexts: ``https://doi.org/10.5063/schema/codemeta-2.0``,
``https://w3id.org/codemeta/3.0`` (and their raw GitHub copies). Terms may carry the
``schema:`` or ``codemeta:`` prefix. Authors (``author``, else ``creator``) are Persons
(``givenName``/``familyName``, else ``name``) or Organizations (``name``); an ORCID
``@id`` (or ``identifier``) and an ``affiliation`` are kept. Licences given as SPDX URLs
become SPDX ids; ``keywords`` may be a list or a comma-separated string.
"""

from __future__ import annotations

import json
from typing import Any

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

CONTEXTS = frozenset(
    {
        "https://doi.org/10.5063/schema/codemeta-2.0",
        "https://doi.org/10.5063/schema/codemeta-2.0/",
        "https://raw.githubusercontent.com/codemeta/codemeta/2.0/codemeta.jsonld",
        "https://w3id.org/codemeta/3.0",
        "https://w3id.org/codemeta/3.1",
        "https://raw.githubusercontent.com/codemeta/codemeta/3.0/codemeta.jsonld",
        "https://w3id.org/codemeta/v2",
    }
)
PREFIXES = ("schema:", "codemeta:", "http://schema.org/", "https://schema.org/")


def _terms(document: dict[str, Any]) -> dict[str, Any]:
    """The document's terms without their prefixes (an unprefixed term wins)."""
    out: dict[str, Any] = {}
    for key, value in document.items():
        bare = next((key[len(p) :] for p in PREFIXES if key.startswith(p)), key)
        if bare == key or bare not in out:
            out[bare] = value
    return out


def is_codemeta(context: object) -> bool:
    """Whether a ``@context`` value names a CodeMeta context."""
    items = context if isinstance(context, list) else [context]
    return any(isinstance(c, str) and c.strip() in CONTEXTS for c in items)


def _affiliation(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_affiliation(v) for v in value if _affiliation(v))
    if isinstance(value, dict):
        return text(_terms(value).get("name", ""))
    return text(value)


def agent(value: object) -> Author | None:
    """A Person or Organization (or a bare name) as an author; None if it names no one."""
    if isinstance(value, str):
        return Author(name=text(value)) if text(value) else None
    if not isinstance(value, dict):
        return None
    terms = _terms(value)
    found = person(
        given=terms.get("givenName", ""),
        family=terms.get("familyName", ""),
        name=terms.get("name", ""),
        orcid=value.get("@id") or terms.get("identifier", ""),
        affiliation=_affiliation(terms.get("affiliation", "")),
    )
    return found if found.display else None


def agents(value: object) -> tuple[Author, ...]:
    if isinstance(value, dict) and "@list" in value:
        value = value["@list"]
    items = value if isinstance(value, list) else [value]
    return tuple(a for a in (agent(v) for v in items) if a is not None)


def _identifiers(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("value") or item.get("@id")
        found += list(texts(item))
    return tuple(found)


def read(data: bytes) -> SoftwareMetadata:
    """The metadata of a ``codemeta.json`` file; MetadataError if it is not one."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MetadataError(f"not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise MetadataError("not a JSON object")
    if not is_codemeta(document.get("@context")):
        raise MetadataError("no CodeMeta @context (2.0 or 3.0)")
    terms = _terms(document)
    return SoftwareMetadata(
        name=text(terms.get("name")),
        description=" ".join(texts(terms.get("description"))),
        version=text(terms.get("version") or terms.get("softwareVersion")),
        date_published=iso_date(terms.get("datePublished")),
        authors=agents(terms.get("author") or terms.get("creator")),
        licenses=tuple(t for t in (spdx(x) for x in _list(terms.get("license"))) if t),
        keywords=texts(terms.get("keywords"), split=","),
        code_repository=text(terms.get("codeRepository")),
        url=text(terms.get("url")),
        identifiers=_identifiers(terms.get("identifier")),
    )


def _list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _person_jsonld(author: Author) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Person"}
    if author.is_literal:
        found["name"] = author.display
    else:
        found |= {"givenName": author.given, "familyName": author.family}
    if author.orcid:
        found["@id"] = f"https://orcid.org/{author.orcid}"
    if author.affiliation:
        found["affiliation"] = {"@type": "Organization", "name": author.affiliation}
    return {k: v for k, v in found.items() if v}


def to_jsonld(metadata: SoftwareMetadata) -> dict[str, Any]:
    """`metadata` as a CodeMeta 3.0 document (compacted JSON-LD); empty fields left out.

    Licences that look like SPDX ids are written as SPDX URLs.
    """
    licenses = [
        f"https://spdx.org/licenses/{x}" if " " not in x and "/" not in x else x
        for x in metadata.licenses
    ]
    found: dict[str, Any] = {
        "@context": "https://w3id.org/codemeta/3.0",
        "@type": "SoftwareSourceCode",
        "name": metadata.name,
        "description": metadata.description,
        "version": metadata.version,
        "datePublished": metadata.date_published,
        "author": [_person_jsonld(a) for a in metadata.authors],
        "license": licenses,
        "keywords": list(metadata.keywords),
        "codeRepository": metadata.code_repository,
        "url": metadata.url,
        "identifier": list(metadata.identifiers),
    }
    return {k: v for k, v in found.items() if v}
