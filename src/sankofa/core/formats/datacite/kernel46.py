"""A kernel-4.7 resource said in kernel 4.6, for readers and registries still on 4.6.

Kernel 4.7 added values that 4.6 lacks; each is replaced by the nearest 4.6 term or left
out, and nothing else changes:

- a related identifier of type ``SWHID`` becomes type ``URL``: `swhid_resolver` followed
  by the SWHID (the node passes its own resolver, ``https://node.example/``); a ``RAiD``
  written as a URL becomes type ``URL``, any other RAiD is left out;
- relations of type ``Other`` are left out (4.6 has no such type, and no other type
  says the same), and ``relationTypeInformation`` is dropped everywhere;
- resource types ``Poster`` and ``Presentation`` become ``Text``, keeping the word in
  the free-text resource type when that is empty.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from sankofa.core.formats.datacite.model import RelatedIdentifier, RelatedItem, Resource
from sankofa.core.formats.datacite.vocabulary import (
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
)

__all__ = ["to_kernel46"]

_NEW_TYPES: Final = {ResourceTypeGeneral.POSTER, ResourceTypeGeneral.PRESENTATION}


def _general(value: ResourceTypeGeneral) -> ResourceTypeGeneral:
    return ResourceTypeGeneral.TEXT if value in _NEW_TYPES else value


def to_kernel46(resource: Resource, swhid_resolver: str) -> Resource:
    """`resource` with every kernel-4.7 term replaced or left out (see the module)."""
    resource_type = resource.resource_type
    if resource_type.general in _NEW_TYPES:
        resource_type = replace(
            resource_type,
            general=ResourceTypeGeneral.TEXT,
            value=resource_type.value or resource_type.general.value,
        )
    related = tuple(
        r
        for r in (_related46(r, swhid_resolver) for r in resource.related_identifiers)
        if r is not None
    )
    items = tuple(
        _item46(i) for i in resource.related_items if i.relation_type != RelationType.OTHER
    )
    return replace(
        resource, resource_type=resource_type, related_identifiers=related, related_items=items
    )


def _related46(related: RelatedIdentifier, swhid_resolver: str) -> RelatedIdentifier | None:
    if related.relation_type == RelationType.OTHER:
        return None
    value, kind = related.value, related.identifier_type
    if kind == RelatedIdentifierType.SWHID:
        value, kind = swhid_resolver + related.value, RelatedIdentifierType.URL
    elif kind == RelatedIdentifierType.RAID:
        if not related.value.startswith(("https://", "http://")):
            return None
        kind = RelatedIdentifierType.URL
    general = related.resource_type_general
    return replace(
        related,
        value=value,
        identifier_type=kind,
        resource_type_general=_general(general) if general is not None else None,
        relation_type_information=None,
    )


def _item46(item: RelatedItem) -> RelatedItem:
    return replace(
        item, related_item_type=_general(item.related_item_type), relation_type_information=None
    )
