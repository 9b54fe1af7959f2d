"""DataCite Metadata Schema kernel-4.6 XML: `read` bytes into a `Resource`, `write` it back.

The document is ``<resource xmlns="http://datacite.org/schema/kernel-4">`` with the
``xsi`` prefix declared once, on the root, and ``xsi:schemaLocation`` pointing at
``https://schema.datacite.org/meta/kernel-4/metadata.xsd`` as DataCite's own examples do.
`write` gives UTF-8 with an XML declaration and two-space indentation (none inside a
description, whose text is mixed content); elements in the order the XSD declares them,
``xs:all`` groups included (``pointLongitude`` before ``pointLatitude``); attributes in XSD
order; absent values left out; ``xml:lang`` kept; ``<br/>`` between a description's parts.
The same `Resource` always gives the same bytes.

`read` accepts any order the XSD accepts and raises `DataCiteError` ("<path>: <reason>")
for bytes that are not XML or carry a DOCTYPE, another root or namespace, a missing
mandatory property, a value outside the kernel's vocabularies, or an element or attribute
the kernel does not define. It does not replace XSD validation (`validate`), which also
checks the lexical forms of URIs and language tags.

Kernel 4.7 (`xml47`) differs in its vocabularies and ``relationTypeInformation``: the
methods handling those are what `xml47.DataCite47` overrides.
"""

from __future__ import annotations

from sankofa.core.formats.datacite.cursor import NS
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.datacite.reader46 import Reader46
from sankofa.core.formats.datacite.vocabulary import (
    ContributorType,
    DateType,
    DescriptionType,
    FunderIdentifierType,
    NameType,
    NumberType,
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
    TitleType,
    Vocabulary,
)
from sankofa.core.formats.datacite.writer46 import Writer46

# The enums follow the newest kernel; 4.6 lacks the values kernel-4.7 added.
VOCABULARY: Vocabulary = {
    TitleType: frozenset(TitleType),
    ContributorType: frozenset(ContributorType),
    DateType: frozenset(DateType),
    ResourceTypeGeneral: frozenset(ResourceTypeGeneral)
    - {ResourceTypeGeneral.POSTER, ResourceTypeGeneral.PRESENTATION},
    RelationType: frozenset(RelationType) - {RelationType.OTHER},
    RelatedIdentifierType: frozenset(RelatedIdentifierType)
    - {RelatedIdentifierType.RAID, RelatedIdentifierType.SWHID},
    FunderIdentifierType: frozenset(FunderIdentifierType),
    DescriptionType: frozenset(DescriptionType),
    NameType: frozenset(NameType),
    NumberType: frozenset(NumberType),
}


class DataCite46(Reader46, Writer46):
    """Kernel 4.6: reader and writer together, subclassed by later kernels."""

    version = "4.6"
    vocabulary: Vocabulary = VOCABULARY
    schema_location = f"{NS} https://schema.datacite.org/meta/kernel-4/metadata.xsd"


KERNEL = DataCite46()


def read(data: bytes) -> Resource:
    """The resource in kernel-4.6 XML `data`; `DataCiteError` names what is wrong."""
    return KERNEL.read(data)


def write(resource: Resource) -> bytes:
    """Kernel-4.6 XML of `resource` (UTF-8); `DataCiteError` if it uses a 4.7 value."""
    return KERNEL.write(resource)
