"""schema.org JSON-LD of a DataCite resource, following Google's Dataset guidelines.

`dataset` gives one JSON-LD object: ``@context`` ``https://schema.org``, ``@type``
(``Dataset`` for the resource types Dataset, Collection and Model; ``SoftwareSourceCode``,
``ScholarlyArticle``, ``ImageObject``… for others), ``@id`` and ``identifier`` (the
persistent URL; alternate identifiers as ``PropertyValue``), ``url`` (the landing page),
``name`` (the main title) and ``alternateName``, ``description`` (the abstract, breaks as
newlines), ``creator`` and ``contributor`` (``Person`` with ``givenName``/``familyName``
or ``Organization``; ``sameAs`` their ORCID/ROR/ISNI URL; ``affiliation`` organisations),
``publisher``, ``datePublished`` (the ``Issued`` date, else the year), ``dateCreated``/
``dateModified``, ``version``, ``inLanguage``, ``keywords``, ``license`` (the rights URIs,
else SPDX URLs, else the rights text), ``isAccessibleForFree`` true, ``distribution``
(one ``DataDownload`` per file: ``contentUrl``, ``encodingFormat``, ``contentSize`` as
``"<bytes> B"``, ``sha256``), ``spatialCoverage`` (a ``Place`` per location with
``GeoCoordinates`` for a point and ``GeoShape`` ``box`` "south west north east" or
``polygon`` "lat lon …" pairs), ``temporalCoverage`` (``Coverage`` dates), ``funder``
(organisations, with ``sameAs``) and ``funding`` (``MonetaryGrant`` per award), and
``citation``/``isBasedOn``/``isPartOf``/``hasPart``/``isSupplementTo``-like relations from
the related identifiers that resolve to a URL. Repeated people and organisations are
listed once.

Empty values are left out. `document` serialises it for a ``<script
type="application/ld+json">`` block: ``<``, ``>`` and ``&`` are written as ``\\u`` escapes
so that no text can close the script element.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sankofa.core.formats import record
from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.datacite.vocabulary import (
    DateType,
    RelationType,
    ResourceTypeGeneral,
)
from sankofa.core.formats.record import Landing

CONTENT_TYPE = "application/ld+json"

Json = dict[str, Any]

_TYPES = {
    ResourceTypeGeneral.DATASET: "Dataset",
    ResourceTypeGeneral.COLLECTION: "Dataset",
    ResourceTypeGeneral.MODEL: "Dataset",
    ResourceTypeGeneral.SOFTWARE: "SoftwareSourceCode",
    ResourceTypeGeneral.COMPUTATIONAL_NOTEBOOK: "SoftwareSourceCode",
    ResourceTypeGeneral.TEXT: "CreativeWork",
    ResourceTypeGeneral.JOURNAL_ARTICLE: "ScholarlyArticle",
    ResourceTypeGeneral.PREPRINT: "ScholarlyArticle",
    ResourceTypeGeneral.IMAGE: "ImageObject",
    ResourceTypeGeneral.AUDIOVISUAL: "MediaObject",
    ResourceTypeGeneral.SOUND: "AudioObject",
    ResourceTypeGeneral.BOOK: "Book",
    ResourceTypeGeneral.EVENT: "Event",
    ResourceTypeGeneral.SERVICE: "Service",
}
_RELATIONS = {
    RelationType.CITES: "citation",
    RelationType.REFERENCES: "citation",
    RelationType.IS_DERIVED_FROM: "isBasedOn",
    RelationType.IS_PART_OF: "isPartOf",
    RelationType.HAS_PART: "hasPart",
    RelationType.IS_NEW_VERSION_OF: "isBasedOn",
    RelationType.IS_VERSION_OF: "isBasedOn",
    RelationType.IS_DESCRIBED_BY: "subjectOf",
    RelationType.IS_DOCUMENTED_BY: "subjectOf",
}
_SPDX = "https://spdx.org/licenses/"


def _compact(found: Json) -> Json:
    return {k: v for k, v in found.items() if v not in (None, "", [], {})}


def _one_or_many(values: list[Any]) -> Any:
    """One value alone, several as a list, none as ``None`` (left out)."""
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def _same_as(identifiers: tuple[m.NameIdentifier, ...]) -> Any:
    urls = [record.identifier_url(n.value, n.scheme, n.scheme_uri) for n in identifiers]
    return _one_or_many([u for u in urls if u])


def _organization(name: str, identifier: str | None, scheme: str | None, uri: str | None) -> Json:
    url = record.identifier_url(identifier, scheme, uri) if identifier else None
    return _compact({"@type": "Organization", "name": name.strip(), "sameAs": url})


def _agent(person: m.Creator) -> Json:
    same_as = _same_as(person.name_identifiers)
    if record.is_organization(person):
        return _compact({"@type": "Organization", "name": person.name.strip(), "sameAs": same_as})
    name = record.split_name(person)
    affiliations = [
        _organization(a.name, a.identifier, a.identifier_scheme, a.scheme_uri)
        for a in person.affiliations
    ]
    return _compact(
        {
            "@type": "Person",
            "name": f"{name.given} {name.family}".strip() or name.literal,
            "givenName": name.given,
            "familyName": name.family,
            "sameAs": same_as,
            "affiliation": _one_or_many(affiliations) if affiliations else None,
        }
    )


def _unique(items: Iterable[Json]) -> list[Json]:
    found = {json.dumps(item, sort_keys=True): item for item in items}
    return list(found.values())


def _licenses(resource: Resource) -> Any:
    found: list[str] = []
    for rights in resource.rights_list:
        scheme = (rights.identifier_scheme or "").upper()
        if rights.uri and rights.uri.strip():
            found.append(rights.uri.strip())
        elif rights.identifier and scheme == "SPDX":
            found.append(_SPDX + rights.identifier.strip())
        elif rights.value.strip():
            found.append(rights.value.strip())
    return _one_or_many(list(dict.fromkeys(found)))


def _identifiers(resource: Resource, landing: Landing | None) -> list[Any]:
    found: list[Any] = []
    pid = record.pid_url(resource, landing)
    if pid:
        found.append(pid)
    elif resource.identifier.value.strip():
        found.append(resource.identifier.value.strip())
    found += [
        {"@type": "PropertyValue", "propertyID": a.identifier_type, "value": a.value}
        for a in resource.alternate_identifiers
        if a.value.strip()
    ]
    return found


def _point(point: m.GeoPoint) -> str:
    return f"{point.latitude} {point.longitude}"


def _place(geo: m.GeoLocation) -> Json:
    shapes: list[Json] = []
    if geo.point is not None:
        shapes.append(
            {
                "@type": "GeoCoordinates",
                "latitude": float(geo.point.latitude),
                "longitude": float(geo.point.longitude),
            }
        )
    if geo.box is not None:
        b = geo.box
        shapes.append({"@type": "GeoShape", "box": f"{b.south} {b.west} {b.north} {b.east}"})
    for polygon in geo.polygons:
        shapes.append({"@type": "GeoShape", "polygon": " ".join(_point(p) for p in polygon.points)})
    return _compact(
        {
            "@type": "Place",
            "name": (geo.place or "").strip(),
            "geo": _one_or_many(shapes) if shapes else None,
        }
    )


def _funding(resource: Resource) -> tuple[list[Json], list[Json]]:
    funders: dict[str, Json] = {}
    grants: list[Json] = []
    for ref in resource.funding_references:
        ident = ref.funder_identifier
        funder = _organization(
            ref.funder_name,
            ident.value if ident else None,
            ident.identifier_type if ident else None,
            ident.scheme_uri if ident else None,
        )
        funders.setdefault(json.dumps(funder, sort_keys=True), funder)
        award = ref.award_number
        grant = _compact(
            {
                "@type": "MonetaryGrant",
                "identifier": award.value.strip() if award else None,
                "url": award.uri if award else None,
                "name": (ref.award_title or "").strip(),
            }
        )
        if len(grant) > 1:
            grants.append({**grant, "funder": funder})
    return list(funders.values()), grants


def _relations(resource: Resource) -> Json:
    found: dict[str, list[str]] = {}
    for rel in resource.related_identifiers:
        key = _RELATIONS.get(rel.relation_type)
        value = record.related_url(rel.value, rel.identifier_type)
        if key and value:
            found.setdefault(key, []).append(value)
    return {k: _one_or_many(v) for k, v in found.items()}


def _dates(resource: Resource, kind: DateType) -> list[str]:
    return [d.value.strip() for d in resource.dates if d.date_type == kind and d.value.strip()]


def _distribution(landing: Landing | None) -> list[Json]:
    files = landing.files if landing else ()
    return [
        _compact(
            {
                "@type": "DataDownload",
                "name": f.name,
                "contentUrl": f.download_url,
                "encodingFormat": f.media_type,
                "contentSize": f"{f.size} B",
                "sha256": f.sha256,
            }
        )
        for f in files
    ]


def dataset(resource: Resource, landing: Landing | None = None) -> Json:
    """The schema.org JSON-LD object of `resource` (see the module docstring)."""
    r = resource
    title = record.main_title(r)
    abstract = record.abstract(r)
    funders, grants = _funding(r)
    created = [d for d in _dates(r, DateType.CREATED) if record.w3cdtf(d)]
    modified = [d for d in _dates(r, DateType.UPDATED) if record.w3cdtf(d)]
    found: Json = {
        "@context": "https://schema.org",
        "@type": _TYPES.get(r.resource_type.general, "CreativeWork"),
        "@id": record.pid_url(r, landing) or (landing.landing_url if landing else None),
        "identifier": _one_or_many(_identifiers(r, landing)),
        "url": landing.landing_url if landing else record.pid_url(r),
        "name": title.value.strip(),
        "alternateName": [t.value.strip() for t in r.titles if t is not title and t.value.strip()],
        "description": abstract.text.strip() if abstract else None,
        "creator": _unique(_agent(c) for c in r.creators),
        "contributor": _unique(_agent(c) for c in r.contributors),
        "publisher": _organization(
            r.publisher.name, r.publisher.identifier, r.publisher.identifier_scheme,
            r.publisher.scheme_uri,
        ),
        "datePublished": record.issued(r),
        "dateCreated": created[0] if created else None,
        "dateModified": modified[-1] if modified else None,
        "version": (r.version or "").strip(),
        "inLanguage": (r.language or "").strip(),
        "keywords": record.keywords(r),
        "license": _licenses(r),
        "isAccessibleForFree": True,
        "distribution": _distribution(landing),
        "spatialCoverage": [p for p in (_place(g) for g in r.geo_locations) if len(p) > 1],
        "temporalCoverage": _one_or_many(_dates(r, DateType.COVERAGE)),
        "funder": _one_or_many(funders),
        "funding": grants,
        **_relations(r),
    }  # fmt: skip
    return _compact(found)


def document(resource: Resource, landing: Landing | None = None) -> str:
    """The JSON-LD text, safe inside an HTML ``<script>`` element, ending with a newline."""
    text = json.dumps(dataset(resource, landing), ensure_ascii=False, indent=2)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return text + "\n"
