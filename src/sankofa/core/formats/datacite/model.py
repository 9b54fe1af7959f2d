"""The DataCite resource (kernel-4.6 and 4.7) as frozen values, one class per property.

Field names follow the XML names in snake case; ``None`` means the element or attribute
is absent, ``""`` that it is present and empty, and an empty tuple that the property has
no entries (an empty wrapper such as ``<subjects/>`` is not kept: it carries nothing).
Text is kept exactly as written (no stripping). Vocabulary fields are the enums of
`vocabulary`; which values a kernel version accepts is checked by its reader and writer.

Construction checks what the XSD requires of every version (mandatory properties, non-empty
names, four-digit years, coordinates in range, polygons of four points or more) and raises
`ValueError`; the readers turn it into `DataCiteError` naming the element.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
)


class DataCiteError(ValueError):
    """A document that is not a DataCite resource, or a value a kernel cannot hold.

    ``path`` names the element (``creators/creator[2]/creatorName``, repeated elements
    counted from 1, attributes as ``@name``); the message reads ``"<path>: <reason>"``.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


def _nonempty(value: str, what: str) -> None:
    if not value:
        raise ValueError(f"{what} is empty")


def _year(value: int | None) -> None:
    if value is not None and not 0 <= value <= 9999:
        raise ValueError(f"year {value} is not four digits")


@dataclass(frozen=True, kw_only=True)
class PersonName:
    """``creatorName``/``contributorName`` with ``givenName`` and ``familyName``."""

    name: str
    name_type: NameType | None = None
    lang: str | None = None
    given_name: str | None = None
    family_name: str | None = None


@dataclass(frozen=True, kw_only=True)
class NameIdentifier:
    value: str
    scheme: str
    scheme_uri: str | None = None

    def __post_init__(self) -> None:
        _nonempty(self.value, "nameIdentifier")


@dataclass(frozen=True, kw_only=True)
class Affiliation:
    name: str
    identifier: str | None = None
    identifier_scheme: str | None = None
    scheme_uri: str | None = None

    def __post_init__(self) -> None:
        _nonempty(self.name, "affiliation")


@dataclass(frozen=True, kw_only=True)
class Creator(PersonName):
    name_identifiers: tuple[NameIdentifier, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Contributor(Creator):
    contributor_type: ContributorType

    def __post_init__(self) -> None:
        _nonempty(self.name, "contributorName")


@dataclass(frozen=True, kw_only=True)
class Title:
    value: str
    title_type: TitleType | None = None
    lang: str | None = None


@dataclass(frozen=True, kw_only=True)
class Identifier:
    value: str
    identifier_type: str = "DOI"

    def __post_init__(self) -> None:
        _nonempty(self.value, "identifier")


@dataclass(frozen=True, kw_only=True)
class Publisher:
    name: str
    identifier: str | None = None
    identifier_scheme: str | None = None
    scheme_uri: str | None = None
    lang: str | None = None

    def __post_init__(self) -> None:
        _nonempty(self.name, "publisher")


@dataclass(frozen=True, kw_only=True)
class ResourceType:
    general: ResourceTypeGeneral
    value: str = ""


@dataclass(frozen=True, kw_only=True)
class Subject:
    value: str
    scheme: str | None = None
    scheme_uri: str | None = None
    value_uri: str | None = None
    classification_code: str | None = None
    lang: str | None = None


@dataclass(frozen=True, kw_only=True)
class Date:
    """``value`` is free text (W3CDTF or RKMS-ISO8601 ranges are recommended)."""

    value: str
    date_type: DateType
    information: str | None = None


@dataclass(frozen=True, kw_only=True)
class AlternateIdentifier:
    value: str
    identifier_type: str


@dataclass(frozen=True, kw_only=True)
class RelatedIdentifier:
    value: str
    identifier_type: RelatedIdentifierType
    relation_type: RelationType
    resource_type_general: ResourceTypeGeneral | None = None
    related_metadata_scheme: str | None = None
    scheme_uri: str | None = None
    scheme_type: str | None = None
    relation_type_information: str | None = None
    """Kernel 4.7 and later."""


@dataclass(frozen=True, kw_only=True)
class Rights:
    value: str = ""
    uri: str | None = None
    identifier: str | None = None
    identifier_scheme: str | None = None
    scheme_uri: str | None = None
    lang: str | None = None


@dataclass(frozen=True, kw_only=True)
class Description:
    """Mixed content: ``parts`` are the texts between ``<br/>`` elements (one part, no break)."""

    parts: tuple[str, ...]
    description_type: DescriptionType
    lang: str | None = None

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("a description has at least one part")

    @property
    def text(self) -> str:
        """The text with each ``<br/>`` as a newline."""
        return "\n".join(self.parts)


@dataclass(frozen=True, kw_only=True)
class GeoPoint:
    """Decimal degrees, kept as written (``41.090`` stays ``41.090``)."""

    latitude: Decimal
    longitude: Decimal

    def __post_init__(self) -> None:
        _coordinate(self.latitude, 90, "latitude")
        _coordinate(self.longitude, 180, "longitude")


def _coordinate(value: Decimal, bound: int, what: str) -> None:
    if not value.is_finite() or not -bound <= value <= bound:
        raise ValueError(f"{what} {value} is not between -{bound} and {bound}")


@dataclass(frozen=True, kw_only=True)
class GeoBox:
    west: Decimal
    east: Decimal
    south: Decimal
    north: Decimal

    def __post_init__(self) -> None:
        for value, bound, what in (
            (self.west, 180, "westBoundLongitude"),
            (self.east, 180, "eastBoundLongitude"),
            (self.south, 90, "southBoundLatitude"),
            (self.north, 90, "northBoundLatitude"),
        ):
            _coordinate(value, bound, what)


@dataclass(frozen=True, kw_only=True)
class GeoPolygon:
    points: tuple[GeoPoint, ...]
    in_point: GeoPoint | None = None

    def __post_init__(self) -> None:
        if len(self.points) < 4:
            raise ValueError("a polygon has at least four points")


@dataclass(frozen=True, kw_only=True)
class GeoLocation:
    place: str | None = None
    point: GeoPoint | None = None
    box: GeoBox | None = None
    polygons: tuple[GeoPolygon, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FunderIdentifier:
    value: str
    identifier_type: FunderIdentifierType
    scheme_uri: str | None = None


@dataclass(frozen=True, kw_only=True)
class AwardNumber:
    value: str
    uri: str | None = None


@dataclass(frozen=True, kw_only=True)
class FundingReference:
    funder_name: str
    funder_identifier: FunderIdentifier | None = None
    award_number: AwardNumber | None = None
    award_title: str | None = None

    def __post_init__(self) -> None:
        _nonempty(self.funder_name, "funderName")


@dataclass(frozen=True, kw_only=True)
class RelatedItemIdentifier:
    value: str
    identifier_type: RelatedIdentifierType | None = None
    related_metadata_scheme: str | None = None
    scheme_uri: str | None = None
    scheme_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class RelatedItemContributor(PersonName):
    contributor_type: ContributorType


@dataclass(frozen=True, kw_only=True)
class Number:
    value: str
    number_type: NumberType | None = None


@dataclass(frozen=True, kw_only=True)
class RelatedItem:
    related_item_type: ResourceTypeGeneral
    relation_type: RelationType
    relation_type_information: str | None = None
    """Kernel 4.7 and later."""
    identifier: RelatedItemIdentifier | None = None
    creators: tuple[PersonName, ...] = ()
    titles: tuple[Title, ...] = ()
    publication_year: int | None = None
    volume: str | None = None
    issue: str | None = None
    number: Number | None = None
    first_page: str | None = None
    last_page: str | None = None
    publisher: str | None = None
    edition: str | None = None
    contributors: tuple[RelatedItemContributor, ...] = ()

    def __post_init__(self) -> None:
        _year(self.publication_year)


@dataclass(frozen=True, kw_only=True)
class Resource:
    """One DataCite record: the six mandatory properties first, then the optional ones."""

    identifier: Identifier
    creators: tuple[Creator, ...]
    titles: tuple[Title, ...]
    publisher: Publisher
    publication_year: int
    resource_type: ResourceType
    subjects: tuple[Subject, ...] = ()
    contributors: tuple[Contributor, ...] = ()
    dates: tuple[Date, ...] = ()
    language: str | None = None
    alternate_identifiers: tuple[AlternateIdentifier, ...] = ()
    related_identifiers: tuple[RelatedIdentifier, ...] = ()
    sizes: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    version: str | None = None
    rights_list: tuple[Rights, ...] = ()
    descriptions: tuple[Description, ...] = ()
    geo_locations: tuple[GeoLocation, ...] = ()
    funding_references: tuple[FundingReference, ...] = ()
    related_items: tuple[RelatedItem, ...] = ()

    def __post_init__(self) -> None:
        if not self.creators:
            raise ValueError("a resource has at least one creator")
        if not self.titles:
            raise ValueError("a resource has at least one title")
        _year(self.publication_year)
