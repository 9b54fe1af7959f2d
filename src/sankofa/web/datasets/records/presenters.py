"""A version's DataCite metadata as a landing page shows it: plain values for templates.

Each function turns one property of the `Resource` into dicts of strings (and links)
a template prints without knowing DataCite: creators with their ORCID iD and ROR
affiliations as links, titles and descriptions with their language, related
identifiers as links (a SWHID to this node's own resolver, an ARK to this node's ARK
resolver, a DOI to its resolver), rights, funding and places. Vocabulary terms
(``IsVersionOf``) are shown split into words (``Is version of``).
"""

from __future__ import annotations

import re
from typing import Any

from sankofa.core.formats import record as shared
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.vocabulary import RelatedIdentifierType

__all__ = ["metadata", "term"]

Item = dict[str, Any]
_SPDX = "https://spdx.org/licenses/"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def term(value: object) -> str:
    """A vocabulary term as words: ``IsVersionOf`` -> ``Is version of``."""
    text = str(value or "")
    if " " in text or not text:
        return text
    words = _CAMEL.split(text)
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def _person(person: m.Creator) -> Item:
    orcid, others = None, []
    for found in person.name_identifiers:
        url = shared.identifier_url(found.value, found.scheme, found.scheme_uri)
        if found.scheme.lower() == "orcid" and orcid is None:
            orcid = url
        else:
            others.append({"scheme": found.scheme, "value": found.value, "url": url})
    affiliations = [
        {
            "name": a.name,
            "url": shared.identifier_url(a.identifier or "", a.identifier_scheme, a.scheme_uri),
            "ror": (a.identifier_scheme or "").upper() == "ROR",
        }
        for a in person.affiliations
    ]
    return {
        "name": person.name,
        "lang": person.lang,
        "orcid": orcid,
        "orcid_id": (orcid or "").rsplit("/", 1)[-1],
        "identifiers": others,
        "affiliations": affiliations,
    }


def creators(resource: Resource) -> list[Item]:
    return [_person(c) for c in resource.creators]


def contributors(resource: Resource) -> list[Item]:
    return [{**_person(c), "role": term(c.contributor_type)} for c in resource.contributors]


def titles(resource: Resource) -> list[Item]:
    return [{"value": t.value, "lang": t.lang, "type": term(t.title_type)} for t in resource.titles]


def descriptions(resource: Resource) -> list[Item]:
    return [
        {"parts": d.parts, "lang": d.lang, "type": term(d.description_type)}
        for d in resource.descriptions
    ]


def subjects(resource: Resource) -> list[Item]:
    return [
        {
            "value": s.value,
            "lang": s.lang,
            "scheme": s.scheme,
            "url": s.value_uri if s.value_uri and shared.is_url(s.value_uri) else None,
            "code": s.classification_code,
        }
        for s in resource.subjects
    ]


def dates(resource: Resource) -> list[Item]:
    return [
        {"value": d.value, "type": term(d.date_type), "information": d.information}
        for d in resource.dates
    ]


def related_url(value: str, kind: RelatedIdentifierType) -> str | None:
    """Where a related identifier leads: SWHIDs and ARKs to this node's resolvers (as
    paths), the others to their resolver (`core.formats.record.related_url`)."""
    text = value.strip()
    if kind == RelatedIdentifierType.SWHID and text.startswith("swh:"):
        return f"/{text}"
    if kind == RelatedIdentifierType.ARK:
        found = re.search(r"ark:/?.+", text)
        return f"/{found.group(0)}" if found else None
    return shared.related_url(text, kind)


def related(resource: Resource) -> list[Item]:
    return [
        {
            "relation": term(r.relation_type),
            "type": str(r.identifier_type),
            "value": r.value,
            "url": related_url(r.value, r.identifier_type),
            "resource_type": term(r.resource_type_general),
            "information": r.relation_type_information,
        }
        for r in resource.related_identifiers
    ]


def rights_url(rights: m.Rights) -> str | None:
    """The licence's address: its URI, else the SPDX page of an SPDX identifier."""
    if rights.uri and shared.is_url(rights.uri.strip()):
        return rights.uri.strip()
    if rights.identifier and (rights.identifier_scheme or "").upper() == "SPDX":
        return _SPDX + rights.identifier.strip()
    return None


def rights(resource: Resource) -> list[Item]:
    return [
        {
            "value": r.value or r.identifier or r.uri or "",
            "lang": r.lang,
            "url": rights_url(r),
            "identifier": r.identifier,
        }
        for r in resource.rights_list
    ]


def funding(resource: Resource) -> list[Item]:
    found = []
    for f in resource.funding_references:
        ident = f.funder_identifier
        award = f.award_number
        award_url = award.uri if award and award.uri and shared.is_url(award.uri) else None
        found.append(
            {
                "funder": f.funder_name,
                "funder_url": shared.identifier_url(
                    ident.value, str(ident.identifier_type), ident.scheme_uri
                )
                if ident
                else None,
                "award": award.value if award else None,
                "award_url": award_url,
                "award_title": f.award_title,
            }
        )
    return found


def _point(point: m.GeoPoint | None) -> str | None:
    return f"{point.latitude}, {point.longitude}" if point else None


def places(resource: Resource) -> list[Item]:
    return [
        {
            "place": g.place,
            "point": _point(g.point),
            "box": (f"{g.box.west}/{g.box.east}, {g.box.south}/{g.box.north}" if g.box else None),
            "polygons": [len(p.points) for p in g.polygons],
        }
        for g in resource.geo_locations
    ]


def metadata(resource: Resource) -> Item:
    """Everything the page shows of the metadata, by property."""
    return {
        "titles": titles(resource),
        "main_title": shared.main_title(resource),
        "creators": creators(resource),
        "contributors": contributors(resource),
        "descriptions": descriptions(resource),
        "subjects": subjects(resource),
        "dates": dates(resource),
        "related": related(resource),
        "rights": rights(resource),
        "funding": funding(resource),
        "places": places(resource),
        "publisher": resource.publisher.name,
        "publication_year": resource.publication_year,
        "resource_type": term(resource.resource_type.general),
        "resource_type_text": resource.resource_type.value,
        "language": resource.language,
        "version": resource.version,
        "sizes": list(resource.sizes),
        "formats": list(resource.formats),
        "alternate_identifiers": [
            {"type": a.identifier_type, "value": a.value} for a in resource.alternate_identifiers
        ],
    }
