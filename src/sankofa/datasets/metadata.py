"""A version's DataCite metadata: stored as kernel-4.7 XML, a few fields indexed.

At publication the version's own ARK is written into the metadata as an alternate
identifier (type ``ARK``) and the concept ARK as a related identifier ``IsVersionOf``;
a new draft drops the ARKs its predecessor was stamped with.
"""

from __future__ import annotations

from dataclasses import replace

from sankofa.core.formats.datacite import Resource, xml47
from sankofa.core.formats.datacite.model import AlternateIdentifier, RelatedIdentifier
from sankofa.core.formats.datacite.vocabulary import (
    RelatedIdentifierType,
    RelationType,
)
from sankofa.datasets.models import Version

ARK = "ARK"


def store(version: Version, resource: Resource) -> None:
    """Write `resource` as the version's XML and its indexed columns (not saved yet)."""
    if not isinstance(resource, Resource):
        raise TypeError(f"metadata must be a DataCite Resource, not {type(resource).__name__}")
    version.metadata = xml47.write(resource)
    main = [t for t in resource.titles if t.title_type is None] or list(resource.titles)
    version.title = main[0].value
    version.publication_year = resource.publication_year
    version.resource_type_general = resource.resource_type.general.value


def without_own_arks(resource: Resource) -> Resource:
    """`resource` less the ARKs a publication stamped into it."""
    return replace(
        resource,
        alternate_identifiers=tuple(
            a for a in resource.alternate_identifiers if a.identifier_type != ARK
        ),
        related_identifiers=tuple(
            r
            for r in resource.related_identifiers
            if not (
                r.identifier_type == RelatedIdentifierType.ARK
                and r.relation_type == RelationType.IS_VERSION_OF
            )
        ),
    )


def stamped(resource: Resource, version_ark: str, concept_ark: str) -> Resource:
    """`resource` naming its version ARK and the concept ARK it is a version of."""
    clean = without_own_arks(resource)
    return replace(
        clean,
        alternate_identifiers=(
            *clean.alternate_identifiers,
            AlternateIdentifier(value=version_ark, identifier_type=ARK),
        ),
        related_identifiers=(
            *clean.related_identifiers,
            RelatedIdentifier(
                value=concept_ark,
                identifier_type=RelatedIdentifierType.ARK,
                relation_type=RelationType.IS_VERSION_OF,
            ),
        ),
    )


__all__ = ["ARK", "stamped", "store", "without_own_arks"]
