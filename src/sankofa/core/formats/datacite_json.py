"""DataCite JSON: the ``attributes`` object of the DataCite REST API (``/dois/<doi>``).

`attributes` writes a `Resource` with the REST API's camelCase keys, as DataCite's own
serialiser (bolognese/lupo) does: ``doi``, ``identifiers``, ``creators``, ``titles``,
``publisher``, ``publicationYear``, ``types``, ``subjects``, ``contributors``, ``dates``,
``language``, ``alternateIdentifiers``, ``relatedIdentifiers``, ``relatedItems``,
``sizes``, ``formats``, ``version``, ``rightsList``, ``descriptions``, ``geoLocations``,
``fundingReferences``, ``url`` and ``schemaVersion``. Sub-keys are as in the API:
``name``/``nameType``/``givenName``/``familyName``, ``nameIdentifiers`` (``nameIdentifier``,
``nameIdentifierScheme``, ``schemeUri``), ``affiliation`` (``name``,
``affiliationIdentifier``, ``affiliationIdentifierScheme``, ``schemeUri``), ``rightsUri``,
``valueUri``, ``awardUri``, a related item's flat ``number``/``numberType`` and its
``relatedItemIdentifier`` object (whose scheme URI key is ``schemeURI``, as the API has it).
``publisher`` is the object form (``name``, ``publisherIdentifier``,
``publisherIdentifierScheme``, ``schemeUri``, ``lang``) the API gives with
``?publisher=true``. Lists are always present (``[]`` when empty); an absent value has no
key; ``""`` is kept.

``doi`` holds a DOI identifier; ``identifiers`` and ``alternateIdentifiers`` both list the
alternate identifiers (``identifier``/``identifierType`` and
``alternateIdentifier``/``alternateIdentifierType``), and a non-DOI main identifier comes
first in ``identifiers``. ``geoLocationPolygon`` is a list of ``{"polygonPoint": …}`` and
``{"inPolygonPoint": …}`` items for one polygon, a list of such lists for several.
Coordinates are JSON numbers written exactly as in the XML (`dumps` keeps ``41.090``).

So that reading back loses nothing, three keys go beyond what the API writes: ``lang`` on
a creator's or contributor's name (``xml:lang`` of ``creatorName``), and, for a
description holding ``<br/>`` breaks, ``descriptionParts`` (the parts; ``description`` is
still the text with a newline for each break).

`read` turns an attributes mapping (or a whole ``{"data": {"attributes": …}}`` document)
back into a `Resource`; it also accepts a ``publisher`` string, a ``publicationYear``
string, coordinates given as strings and ``schemeURI`` for ``schemeUri``. Bad input raises
`DataCiteError` naming the key (``creators[1].nameType``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.record import Landing

CONTENT_TYPE = "application/vnd.datacite.datacite+json"
SCHEMA_VERSION = "http://datacite.org/schema/kernel-4"

Json = dict[str, Any]
T = TypeVar("T")


def _put(target: Json, **values: Any) -> Json:
    """`target` with the non-``None`` `values` added."""
    target.update({k: v for k, v in values.items() if v is not None})
    return target


def _name(person: m.PersonName) -> Json:
    return _put(
        {"name": person.name},
        nameType=person.name_type,
        givenName=person.given_name,
        familyName=person.family_name,
        lang=person.lang,
    )


def _creator(creator: m.Creator) -> Json:
    found = _name(creator)
    found["nameIdentifiers"] = [
        _put(
            {"nameIdentifier": n.value, "nameIdentifierScheme": n.scheme},
            schemeUri=n.scheme_uri,
        )
        for n in creator.name_identifiers
    ]
    found["affiliation"] = [
        _put(
            {"name": a.name},
            affiliationIdentifier=a.identifier,
            affiliationIdentifierScheme=a.identifier_scheme,
            schemeUri=a.scheme_uri,
        )
        for a in creator.affiliations
    ]
    if isinstance(creator, m.Contributor):
        found["contributorType"] = creator.contributor_type
    return found


def _title(title: m.Title) -> Json:
    return _put({"title": title.value}, titleType=title.title_type, lang=title.lang)


def _point(point: m.GeoPoint) -> Json:
    return {"pointLongitude": point.longitude, "pointLatitude": point.latitude}


def _polygon(polygon: m.GeoPolygon) -> list[Json]:
    points = [{"polygonPoint": _point(p)} for p in polygon.points]
    if polygon.in_point is not None:
        points.append({"inPolygonPoint": _point(polygon.in_point)})
    return points


def _geo_location(geo: m.GeoLocation) -> Json:
    found = _put({}, geoLocationPlace=geo.place)
    if geo.point is not None:
        found["geoLocationPoint"] = _point(geo.point)
    if geo.box is not None:
        found["geoLocationBox"] = {
            "westBoundLongitude": geo.box.west,
            "eastBoundLongitude": geo.box.east,
            "southBoundLatitude": geo.box.south,
            "northBoundLatitude": geo.box.north,
        }
    if len(geo.polygons) == 1:
        found["geoLocationPolygon"] = _polygon(geo.polygons[0])
    elif geo.polygons:
        found["geoLocationPolygon"] = [_polygon(p) for p in geo.polygons]
    return found


def _funding(ref: m.FundingReference) -> Json:
    found: Json = {"funderName": ref.funder_name}
    if ref.funder_identifier is not None:
        ident = ref.funder_identifier
        _put(
            found,
            funderIdentifier=ident.value,
            funderIdentifierType=ident.identifier_type,
            schemeUri=ident.scheme_uri,
        )
    if ref.award_number is not None:
        _put(found, awardNumber=ref.award_number.value, awardUri=ref.award_number.uri)
    return _put(found, awardTitle=ref.award_title)


def _related_identifier(rel: m.RelatedIdentifier) -> Json:
    return _put(
        {
            "relatedIdentifier": rel.value,
            "relatedIdentifierType": rel.identifier_type,
            "relationType": rel.relation_type,
        },
        relationTypeInformation=rel.relation_type_information,
        resourceTypeGeneral=rel.resource_type_general,
        relatedMetadataScheme=rel.related_metadata_scheme,
        schemeUri=rel.scheme_uri,
        schemeType=rel.scheme_type,
    )


def _related_item(item: m.RelatedItem) -> Json:
    found = _put(
        {"relatedItemType": item.related_item_type, "relationType": item.relation_type},
        relationTypeInformation=item.relation_type_information,
    )
    if item.identifier is not None:
        ident = item.identifier
        found["relatedItemIdentifier"] = _put(
            {"relatedItemIdentifier": ident.value},
            relatedItemIdentifierType=ident.identifier_type,
            relatedMetadataScheme=ident.related_metadata_scheme,
            schemeURI=ident.scheme_uri,
            schemeType=ident.scheme_type,
        )
    found["creators"] = [_name(c) for c in item.creators]
    found["titles"] = [_title(t) for t in item.titles]
    _put(
        found,
        publicationYear=item.publication_year,
        volume=item.volume,
        issue=item.issue,
        number=item.number.value if item.number else None,
        numberType=item.number.number_type if item.number else None,
        firstPage=item.first_page,
        lastPage=item.last_page,
        publisher=item.publisher,
        edition=item.edition,
    )
    found["contributors"] = [
        {**_name(c), "contributorType": c.contributor_type} for c in item.contributors
    ]
    return found


def _description(description: m.Description) -> Json:
    found = _put(
        {"description": description.text, "descriptionType": description.description_type},
        lang=description.lang,
    )
    if len(description.parts) > 1:
        found["descriptionParts"] = list(description.parts)
    return found


def _identifiers(resource: Resource) -> tuple[str | None, list[Json]]:
    alternates = [
        {"identifier": a.value, "identifierType": a.identifier_type}
        for a in resource.alternate_identifiers
    ]
    main = resource.identifier
    if main.identifier_type == "DOI":
        return main.value, alternates
    return None, [{"identifier": main.value, "identifierType": main.identifier_type}, *alternates]


def attributes(resource: Resource, landing: Landing | None = None) -> Json:
    """The REST API ``attributes`` of `resource` (coordinates as `Decimal`; see `dumps`)."""
    r = resource
    doi, identifiers = _identifiers(r)
    publisher = _put(
        {"name": r.publisher.name},
        publisherIdentifier=r.publisher.identifier,
        publisherIdentifierScheme=r.publisher.identifier_scheme,
        schemeUri=r.publisher.scheme_uri,
        lang=r.publisher.lang,
    )
    found: Json = _put({}, doi=doi)
    found |= {
        "identifiers": identifiers,
        "creators": [_creator(c) for c in r.creators],
        "titles": [_title(t) for t in r.titles],
        "publisher": publisher,
        "publicationYear": r.publication_year,
        "types": {
            "resourceTypeGeneral": r.resource_type.general,
            "resourceType": r.resource_type.value,
        },
        "subjects": [
            _put(
                {"subject": s.value},
                subjectScheme=s.scheme,
                schemeUri=s.scheme_uri,
                valueUri=s.value_uri,
                classificationCode=s.classification_code,
                lang=s.lang,
            )
            for s in r.subjects
        ],
        "contributors": [_creator(c) for c in r.contributors],
        "dates": [
            _put({"date": d.value, "dateType": d.date_type}, dateInformation=d.information)
            for d in r.dates
        ],
    }
    _put(found, language=r.language)
    found |= {
        "alternateIdentifiers": [
            {"alternateIdentifier": a.value, "alternateIdentifierType": a.identifier_type}
            for a in r.alternate_identifiers
        ],
        "relatedIdentifiers": [_related_identifier(x) for x in r.related_identifiers],
        "relatedItems": [_related_item(x) for x in r.related_items],
        "sizes": list(r.sizes),
        "formats": list(r.formats),
    }
    _put(found, version=r.version)
    found |= {
        "rightsList": [
            _put(
                {"rights": x.value},
                rightsUri=x.uri,
                rightsIdentifier=x.identifier,
                rightsIdentifierScheme=x.identifier_scheme,
                schemeUri=x.scheme_uri,
                lang=x.lang,
            )
            for x in r.rights_list
        ],
        "descriptions": [_description(d) for d in r.descriptions],
        "geoLocations": [_geo_location(g) for g in r.geo_locations],
        "fundingReferences": [_funding(f) for f in r.funding_references],
    }
    _put(found, url=landing.landing_url if landing else None)
    found["schemaVersion"] = SCHEMA_VERSION
    return found


def dumps(value: Any, indent: int = 2) -> str:
    """JSON text of `value` (dicts, lists, str, int, bool, None, `Decimal`), ending with a
    newline; a `Decimal` is written as the number it spells (``41.090`` stays ``41.090``)."""
    return _dump(value, indent, 0) + "\n"


def _dump(value: Any, indent: int, depth: int) -> str:
    pad = "\n" + " " * (indent * (depth + 1))
    end = "\n" + " " * (indent * depth)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a JSON number")
        return str(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{json.dumps(str(k), ensure_ascii=False)}: {_dump(v, indent, depth + 1)}"
            for k, v in value.items()
        ]
        return "{" + pad + ("," + pad).join(items) + end + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[" + pad + ("," + pad).join(_dump(v, indent, depth + 1) for v in value) + end + "]"
    return json.dumps(value, ensure_ascii=False)


def document(resource: Resource, landing: Landing | None = None) -> str:
    """The attributes of `resource` as JSON text (UTF-8, two-space indent)."""
    return dumps(attributes(resource, landing))


# Reading lives in its own module; these names are part of this one's interface.
from sankofa.core.formats.datacite_json_reader import loads, read  # noqa: E402

__all__ = ["CONTENT_TYPE", "attributes", "document", "dumps", "loads", "read"]
