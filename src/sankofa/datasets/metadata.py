"""A version's DataCite metadata: stored as kernel-4.7 XML, a few fields indexed.

At publication the version's own ARK is written into the metadata as an alternate
identifier (type ``ARK``) and the concept ARK as a related identifier ``IsVersionOf``;
a new draft drops the ARKs its predecessor was stamped with.

The primary identifier of published metadata is the version DOI when the version has one
(DataCite configured), else its ARK (``identifierType="ARK"``); the concept DOI is then
also a related identifier ``IsVersionOf``.
"""

from __future__ import annotations

from dataclasses import replace

from sankofa.core.formats.datacite import Resource, xml47
from sankofa.core.formats.datacite.model import (
    AlternateIdentifier,
    Identifier,
    RelatedIdentifier,
)
from sankofa.core.formats.datacite.vocabulary import (
    RelatedIdentifierType,
    RelationType,
)
from sankofa.datasets.models import Version

ARK = "ARK"
TBA = "(:tba)"  # the identifier of a draft, until publication gives it one


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
    """`resource` less the ARKs a publication stamped into it, and less its primary
    identifier (the predecessor's DOI or ARK): a draft's is ``(:tba)`` until published."""
    return replace(
        resource,
        identifier=Identifier(value=TBA, identifier_type="DOI"),
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


def stamped(
    resource: Resource,
    version_ark: str,
    concept_ark: str,
    *,
    version_doi: str | None = None,
    concept_doi: str | None = None,
) -> Resource:
    """`resource` naming its version ARK and the concept ARK it is a version of; its
    primary identifier is `version_doi` when given, else `version_ark` (type ARK), and
    `concept_doi`, when given, is a related identifier ``IsVersionOf`` too."""
    clean = without_own_arks(resource)
    related = [
        r
        for r in clean.related_identifiers
        if not (
            concept_doi is not None
            and r.identifier_type == RelatedIdentifierType.DOI
            and r.relation_type == RelationType.IS_VERSION_OF
            and r.value.lower() == concept_doi.lower()
        )
    ]
    related.append(
        RelatedIdentifier(
            value=concept_ark,
            identifier_type=RelatedIdentifierType.ARK,
            relation_type=RelationType.IS_VERSION_OF,
        )
    )
    if concept_doi is not None:
        related.append(
            RelatedIdentifier(
                value=concept_doi,
                identifier_type=RelatedIdentifierType.DOI,
                relation_type=RelationType.IS_VERSION_OF,
            )
        )
    primary = (
        Identifier(value=version_doi, identifier_type="DOI")
        if version_doi
        else Identifier(value=version_ark, identifier_type=ARK)
    )
    return replace(
        clean,
        identifier=primary,
        alternate_identifiers=(
            *clean.alternate_identifiers,
            AlternateIdentifier(value=version_ark, identifier_type=ARK),
        ),
        related_identifiers=tuple(related),
    )


__all__ = ["ARK", "stamped", "store", "without_own_arks"]
