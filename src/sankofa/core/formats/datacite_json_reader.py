"""DataCite JSON read back into the DataCite model (the writer is `datacite_json`).

`read` turns an attributes mapping (or a whole ``{"data": {"attributes": …}}`` document)
back into a `Resource`; it also accepts a ``publisher`` string, a ``publicationYear``
string, coordinates given as strings and ``schemeURI`` for ``schemeUri``. Bad input raises
`DataCiteError` naming the key (``creators[1].nameType``). `loads` parses JSON text first,
numbers keeping their written digits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.model import DataCiteError, Resource
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

T = TypeVar("T")


def loads(text: str | bytes) -> Resource:
    """The resource in DataCite JSON `text`; numbers keep their written digits."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except ValueError as exc:
        raise DataCiteError("", f"not JSON: {exc}") from exc
    return read(data)


# The reader ---------------------------------------------------------------------------


class _At:
    """A JSON object being read, with the path of its key for error messages."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, Mapping):
            raise DataCiteError(path, "is not an object")
        self.data = data
        self.path = path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def text(self, key: str, *aliases: str) -> str | None:
        for name in (key, *aliases):
            value = self.data.get(name)
            if value is not None:
                if not isinstance(value, str):
                    raise DataCiteError(self._at(name), "is not a string")
                return value
        return None

    def need(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise DataCiteError(self._at(key), "is missing")
        return value

    def enum(self, key: str, kind: Callable[[str], T]) -> T | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            raise DataCiteError(self._at(key), f"{value!r} is not a known value") from None

    def need_enum(self, key: str, kind: Callable[[str], T]) -> T:
        found = self.enum(key, kind)
        if found is None:
            raise DataCiteError(self._at(key), "is missing")
        return found

    def objects(self, key: str) -> list[_At]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise DataCiteError(self._at(key), "is not a list")
        return [_At(v, f"{self._at(key)}[{i}]") for i, v in enumerate(value, 1)]

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataCiteError(self._at(key), "is not a list of strings")
        return tuple(value)

    def child(self, key: str) -> _At | None:
        value = self.data.get(key)
        return None if value is None else _At(value, self._at(key))

    def year(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.isascii() and value.isdigit():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise DataCiteError(self._at(key), f"{value!r} is not a year")

    def number(self, key: str) -> Decimal:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            raise DataCiteError(self._at(key), "is not a number")
        try:
            found = Decimal(str(value)) if not isinstance(value, Decimal) else value
        except ArithmeticError:
            raise DataCiteError(self._at(key), f"{value!r} is not a number") from None
        return found

    def build(self, make: Callable[..., T], **fields: Any) -> T:
        try:
            return make(**fields)
        except ValueError as exc:
            raise DataCiteError(self.path, str(exc)) from None


def _read_names(at: _At) -> dict[str, Any]:
    return {
        "name": at.need("name"),
        "name_type": at.enum("nameType", NameType),
        "lang": at.text("lang"),
        "given_name": at.text("givenName"),
        "family_name": at.text("familyName"),
    }


def _read_creator(at: _At, kind: type[m.Creator]) -> m.Creator:
    extra: dict[str, Any] = {}
    if kind is m.Contributor:
        extra["contributor_type"] = at.need_enum("contributorType", ContributorType)
    identifiers = tuple(
        n.build(
            m.NameIdentifier,
            value=n.need("nameIdentifier"),
            scheme=n.need("nameIdentifierScheme"),
            scheme_uri=n.text("schemeUri", "schemeURI"),
        )
        for n in at.objects("nameIdentifiers")
    )
    affiliations = tuple(
        a.build(
            m.Affiliation,
            name=a.need("name"),
            identifier=a.text("affiliationIdentifier"),
            identifier_scheme=a.text("affiliationIdentifierScheme"),
            scheme_uri=a.text("schemeUri", "schemeURI"),
        )
        for a in at.objects("affiliation")
    )
    return at.build(
        kind, **_read_names(at), name_identifiers=identifiers, affiliations=affiliations, **extra
    )


def _read_title(at: _At) -> m.Title:
    return m.Title(
        value=at.need("title"), title_type=at.enum("titleType", TitleType), lang=at.text("lang")
    )


def _read_point(at: _At) -> m.GeoPoint:
    return at.build(
        m.GeoPoint, latitude=at.number("pointLatitude"), longitude=at.number("pointLongitude")
    )


def _read_polygon(items: Any, path: str) -> m.GeoPolygon:
    if not isinstance(items, list):
        raise DataCiteError(path, "is not a list")
    points: list[m.GeoPoint] = []
    inside = None
    for i, item in enumerate(items, 1):
        at = _At(item, f"{path}[{i}]")
        if (found := at.child("polygonPoint")) is not None:
            points.append(_read_point(found))
        elif (found := at.child("inPolygonPoint")) is not None:
            inside = _read_point(found)
        else:
            raise DataCiteError(at.path, "has neither polygonPoint nor inPolygonPoint")
    try:
        return m.GeoPolygon(points=tuple(points), in_point=inside)
    except ValueError as exc:
        raise DataCiteError(path, str(exc)) from None


def _read_geo_location(at: _At) -> m.GeoLocation:
    box = at.child("geoLocationBox")
    point = at.child("geoLocationPoint")
    polygons = at.data.get("geoLocationPolygon") or []
    path = f"{at.path}.geoLocationPolygon"
    if polygons and isinstance(polygons, list) and isinstance(polygons[0], list):
        read = tuple(_read_polygon(p, f"{path}[{i}]") for i, p in enumerate(polygons, 1))
    else:
        read = (_read_polygon(polygons, path),) if polygons else ()
    return m.GeoLocation(
        place=at.text("geoLocationPlace"),
        point=_read_point(point) if point else None,
        box=box.build(
            m.GeoBox,
            west=box.number("westBoundLongitude"),
            east=box.number("eastBoundLongitude"),
            south=box.number("southBoundLatitude"),
            north=box.number("northBoundLatitude"),
        )
        if box
        else None,
        polygons=read,
    )


def _read_funding(at: _At) -> m.FundingReference:
    funder = None
    if at.text("funderIdentifier") is not None:
        funder = m.FunderIdentifier(
            value=at.need("funderIdentifier"),
            identifier_type=at.need_enum("funderIdentifierType", FunderIdentifierType),
            scheme_uri=at.text("schemeUri", "schemeURI"),
        )
    award = at.text("awardNumber")
    return at.build(
        m.FundingReference,
        funder_name=at.need("funderName"),
        funder_identifier=funder,
        award_number=m.AwardNumber(value=award, uri=at.text("awardUri", "awardURI"))
        if award is not None
        else None,
        award_title=at.text("awardTitle"),
    )


def _read_related_identifier(at: _At) -> m.RelatedIdentifier:
    return m.RelatedIdentifier(
        value=at.need("relatedIdentifier"),
        identifier_type=at.need_enum("relatedIdentifierType", RelatedIdentifierType),
        relation_type=at.need_enum("relationType", RelationType),
        resource_type_general=at.enum("resourceTypeGeneral", ResourceTypeGeneral),
        related_metadata_scheme=at.text("relatedMetadataScheme"),
        scheme_uri=at.text("schemeUri", "schemeURI"),
        scheme_type=at.text("schemeType"),
        relation_type_information=at.text("relationTypeInformation"),
    )


def _read_related_item(at: _At) -> m.RelatedItem:
    ident = at.child("relatedItemIdentifier")
    number = at.text("number")
    return at.build(
        m.RelatedItem,
        related_item_type=at.need_enum("relatedItemType", ResourceTypeGeneral),
        relation_type=at.need_enum("relationType", RelationType),
        relation_type_information=at.text("relationTypeInformation"),
        identifier=m.RelatedItemIdentifier(
            value=ident.need("relatedItemIdentifier"),
            identifier_type=ident.enum("relatedItemIdentifierType", RelatedIdentifierType),
            related_metadata_scheme=ident.text("relatedMetadataScheme"),
            scheme_uri=ident.text("schemeURI", "schemeUri"),
            scheme_type=ident.text("schemeType"),
        )
        if ident
        else None,
        creators=tuple(c.build(m.PersonName, **_read_names(c)) for c in at.objects("creators")),
        titles=tuple(_read_title(t) for t in at.objects("titles")),
        publication_year=at.year("publicationYear"),
        volume=at.text("volume"),
        issue=at.text("issue"),
        number=m.Number(value=number, number_type=at.enum("numberType", NumberType))
        if number is not None
        else None,
        first_page=at.text("firstPage"),
        last_page=at.text("lastPage"),
        publisher=at.text("publisher"),
        edition=at.text("edition"),
        contributors=tuple(
            c.build(
                m.RelatedItemContributor,
                **_read_names(c),
                contributor_type=c.need_enum("contributorType", ContributorType),
            )
            for c in at.objects("contributors")
        ),
    )


def _read_description(at: _At) -> m.Description:
    parts = at.texts("descriptionParts") or (at.need("description"),)
    return m.Description(
        parts=parts,
        description_type=at.need_enum("descriptionType", DescriptionType),
        lang=at.text("lang"),
    )


def _read_publisher(root: _At) -> m.Publisher:
    value = root.data.get("publisher")
    if isinstance(value, str):
        return root.build(m.Publisher, name=value)
    at = root.child("publisher")
    if at is None:
        raise DataCiteError("publisher", "is missing")
    return at.build(
        m.Publisher,
        name=at.need("name"),
        identifier=at.text("publisherIdentifier"),
        identifier_scheme=at.text("publisherIdentifierScheme"),
        scheme_uri=at.text("schemeUri", "schemeURI"),
        lang=at.text("lang"),
    )


def _read_identifiers(root: _At) -> tuple[m.Identifier, tuple[m.AlternateIdentifier, ...]]:
    listed = [
        (at.need("identifier"), at.need("identifierType")) for at in root.objects("identifiers")
    ]
    doi = root.text("doi")
    if doi is not None:
        main = root.build(m.Identifier, value=doi)
        listed = [x for x in listed if x != (doi, "DOI")]
    elif listed:
        value, kind = listed.pop(0)
        main = root.build(m.Identifier, value=value, identifier_type=kind)
    else:
        raise DataCiteError("doi", "is missing")
    if "alternateIdentifiers" in root.data:
        listed = [
            (at.need("alternateIdentifier"), at.need("alternateIdentifierType"))
            for at in root.objects("alternateIdentifiers")
        ]
    alternates = tuple(m.AlternateIdentifier(value=v, identifier_type=t) for v, t in listed)
    return main, alternates


def read(data: Any) -> Resource:
    """The `Resource` in DataCite JSON attributes (or a ``{"data": {"attributes"}}`` document)."""
    if isinstance(data, Mapping) and isinstance(data.get("data"), Mapping):
        data = data["data"].get("attributes", data["data"])
    root = _At(data, "")
    identifier, alternates = _read_identifiers(root)
    types = root.child("types")
    if types is None:
        raise DataCiteError("types", "is missing")
    year = root.year("publicationYear")
    if year is None:
        raise DataCiteError("publicationYear", "is missing")
    descriptions = tuple(_read_description(d) for d in root.objects("descriptions"))
    return root.build(
        Resource,
        identifier=identifier,
        creators=tuple(_read_creator(c, m.Creator) for c in root.objects("creators")),
        titles=tuple(_read_title(t) for t in root.objects("titles")),
        publisher=_read_publisher(root),
        publication_year=year,
        resource_type=m.ResourceType(
            general=types.need_enum("resourceTypeGeneral", ResourceTypeGeneral),
            value=types.text("resourceType") or "",
        ),
        subjects=tuple(
            m.Subject(
                value=s.need("subject"),
                scheme=s.text("subjectScheme"),
                scheme_uri=s.text("schemeUri", "schemeURI"),
                value_uri=s.text("valueUri", "valueURI"),
                classification_code=s.text("classificationCode"),
                lang=s.text("lang"),
            )
            for s in root.objects("subjects")
        ),
        contributors=tuple(_read_creator(c, m.Contributor) for c in root.objects("contributors")),
        dates=tuple(
            m.Date(
                value=d.need("date"),
                date_type=d.need_enum("dateType", DateType),
                information=d.text("dateInformation"),
            )
            for d in root.objects("dates")
        ),
        language=root.text("language"),
        alternate_identifiers=alternates,
        related_identifiers=tuple(
            _read_related_identifier(x) for x in root.objects("relatedIdentifiers")
        ),
        sizes=root.texts("sizes"),
        formats=root.texts("formats"),
        version=root.text("version"),
        rights_list=tuple(
            m.Rights(
                value=x.text("rights") or "",
                uri=x.text("rightsUri", "rightsURI"),
                identifier=x.text("rightsIdentifier"),
                identifier_scheme=x.text("rightsIdentifierScheme"),
                scheme_uri=x.text("schemeUri", "schemeURI"),
                lang=x.text("lang"),
            )
            for x in root.objects("rightsList")
        ),
        descriptions=descriptions,
        geo_locations=tuple(_read_geo_location(g) for g in root.objects("geoLocations")),
        funding_references=tuple(_read_funding(f) for f in root.objects("fundingReferences")),
        related_items=tuple(_read_related_item(x) for x in root.objects("relatedItems")),
    )
