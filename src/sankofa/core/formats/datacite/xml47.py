"""DataCite Metadata Schema kernel-4.7 XML: kernel 4.6 (`xml46`) plus what 4.7 added.

Kernel 4.7 (2026-03-03) adds the resourceTypeGeneral values ``Poster`` and
``Presentation``, the relatedIdentifierType values ``RAiD`` and ``SWHID``, the relationType
``Other``, and the optional attribute ``relationTypeInformation`` on ``relatedIdentifier``
and ``relatedItem`` (written last among their attributes). Nothing else changed: same
namespace, same elements, same order.
"""

from __future__ import annotations

from sankofa.core.formats.datacite.cursor import Cursor
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.datacite.vocabulary import (
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
    Vocabulary,
)
from sankofa.core.formats.datacite.writer46 import Attrs
from sankofa.core.formats.datacite.xml46 import VOCABULARY as VOCABULARY_46
from sankofa.core.formats.datacite.xml46 import DataCite46

VOCABULARY: Vocabulary = {
    **VOCABULARY_46,
    ResourceTypeGeneral: frozenset(ResourceTypeGeneral),
    RelationType: frozenset(RelationType),
    RelatedIdentifierType: frozenset(RelatedIdentifierType),
}


class DataCite47(DataCite46):
    version = "4.7"
    vocabulary: Vocabulary = VOCABULARY

    def read_relation_type_information(self, c: Cursor) -> str | None:
        return c.attr("relationTypeInformation")

    def relation_type_information(self, value: str | None, path: str) -> Attrs:
        return [("relationTypeInformation", value)]


KERNEL = DataCite47()


def read(data: bytes) -> Resource:
    """The resource in kernel-4.7 XML `data`; `DataCiteError` names what is wrong."""
    return KERNEL.read(data)


def write(resource: Resource) -> bytes:
    """Kernel-4.7 XML of `resource` (UTF-8)."""
    return KERNEL.write(resource)
