"""The metadata form's values as DataCite JSON attributes, and back; where an error goes.

The form edits what most deposits need: titles, creators (with one ORCID iD and one
affiliation each), the abstract, keywords, the licence, related identifiers, funding,
dates and places. What it does not show (contributors, other descriptions, subjects with
a scheme, other rights, geolocation boxes and polygons, alternate identifiers, related
items, sizes, formats) is kept as stored: `to_attributes` starts from the stored
attributes and replaces only what the form covers.

`to_attributes` also says which form row each list item came from (`Built.rows`), so
`locate` can turn a validation path such as ``creators[2].nameIdentifiers[0].nameIdentifier``
back into (formset, row, field).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sankofa.core.identifiers import IdentifierError, Orcid, Ror

Json = dict[str, Any]

ROW_KINDS = ("titles", "creators", "related", "funding", "dates", "places")
"""The repeated groups of the form (formset prefixes), in page order."""

JSON_KEY = {
    "titles": "titles",
    "creators": "creators",
    "related": "relatedIdentifiers",
    "funding": "fundingReferences",
    "dates": "dates",
    "places": "geoLocations",
}
ROW_OF_JSON = {key: kind for kind, key in JSON_KEY.items()}

# The licences offered in the form: SPDX id -> (name, URL)
LICENCES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share Alike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", ""),
    "ODC-By-1.0": ("Open Data Commons Attribution License v1.0", ""),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication & License 1.0", ""),
    "MIT": ("MIT License", ""),
    "Apache-2.0": ("Apache License 2.0", ""),
    "GPL-3.0-or-later": ("GNU General Public License v3.0 or later", ""),
}
OTHER_LICENCE = "other"
SPDX_LIST = "https://spdx.org/licenses/"

_PATH = re.compile(r"(?P<key>[A-Za-z]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<rest>.*))?")

# JSON sub-path prefix -> form field, per repeated group (the first match wins)
_ROW_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "titles": (("titleType", "title_type"), ("lang", "lang"), ("", "title")),
    "creators": (
        ("nameIdentifiers", "orcid"),
        ("affiliation[0].affiliationIdentifier", "ror"),
        ("affiliation", "affiliation"),
        ("givenName", "given_name"),
        ("familyName", "family_name"),
        ("nameType", "name_type"),
        ("", "name"),
    ),
    "related": (
        ("relatedIdentifierType", "identifier_type"),
        ("relationType", "relation_type"),
        ("relatedIdentifier", "identifier"),
    ),
    "funding": (
        ("funderIdentifier", "funder_identifier"),
        ("award", "award_number"),
        ("funderName", "funder_name"),
    ),
    "dates": (("dateType", "date_type"), ("date", "date")),
    "places": (
        ("geoLocationPoint.pointLongitude", "longitude"),
        ("geoLocationPoint", "latitude"),
        ("geoLocationPlace", "place"),
    ),
}
_MAIN_FIELDS = {
    "publisher": "publisher",
    "publicationYear": "publication_year",
    "types.resourceType": "resource_type",
    "types": "resource_type_general",
    "language": "language",
    "version": "version",
}


@dataclass
class Built:
    """Attributes made from the form, and the form row of each item of each list."""

    attributes: Json
    rows: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Place:
    """Where an error belongs: `group` "main" (the main form) or a row kind (with `row`),
    `field` None for the form (or formset, when `row` is None too) as a whole."""

    group: str
    row: int | None
    field: str | None


def _clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _put(target: Json, **values: Any) -> Json:
    target.update({k: v for k, v in values.items() if v not in (None, "")})
    return target


def _filled(row: Mapping[str, Any]) -> bool:
    return any(_clean(v) for v in row.values())


def to_attributes(
    main: Mapping[str, Any], rows: Mapping[str, Sequence[Mapping[str, Any]]], stored: Json | None
) -> Built:
    """DataCite JSON attributes from the cleaned form (`main` and the rows of each group),
    keeping what the form does not edit from `stored`."""
    attrs: Json = {k: v for k, v in (stored or {}).items() if k not in ("url", "schemaVersion")}
    built = Built(attrs)
    for kind in ROW_KINDS:
        items, used = [], []
        for index, row in enumerate(rows.get(kind, [])):
            if row and _filled(row):
                items.append(_ROW_WRITERS[kind](row))
                used.append(index)
        built.rows[JSON_KEY[kind]] = used
        kept = [g for g in attrs.get("geoLocations", []) if _complex_place(g)]
        attrs[JSON_KEY[kind]] = items + (kept if kind == "places" else [])
    before = attrs.get("publisher")
    attrs["publisher"] = {
        **(before if isinstance(before, dict) else {}),
        "name": _clean(main.get("publisher")),
    }
    attrs["publicationYear"] = _clean(main.get("publication_year"))
    attrs["types"] = _put(
        {"resourceTypeGeneral": _clean(main.get("resource_type_general"))},
        resourceType=_clean(main.get("resource_type")),
    )
    for key, name in (("language", "language"), ("version", "version")):
        attrs.pop(key, None)
        _put(attrs, **{key: _clean(main.get(name))})
    _descriptions(attrs, main, built)
    _subjects(attrs, main, built)
    _rights(attrs, main, built)
    return built


def _descriptions(attrs: Json, main: Mapping[str, Any], built: Built) -> None:
    others = list(attrs.get("descriptions", []))
    if others and others[0].get("descriptionType") == "Abstract":
        others = others[1:]
    text = _clean(main.get("description"))
    mine = (
        [
            _put(
                {"description": text, "descriptionType": "Abstract"},
                lang=main.get("description_lang"),
            )
        ]
        if text
        else []
    )
    built.rows["descriptions"] = [0] if mine else []
    attrs["descriptions"] = mine + others


def _subjects(attrs: Json, main: Mapping[str, Any], built: Built) -> None:
    kept = [s for s in attrs.get("subjects", []) if s.get("subjectScheme")]
    words = [w.strip() for w in str(main.get("subjects") or "").splitlines() if w.strip()]
    built.rows["subjects"] = list(range(len(words)))
    attrs["subjects"] = [{"subject": w} for w in words] + kept


def _rights(attrs: Json, main: Mapping[str, Any], built: Built) -> None:
    kept = [
        r for r in attrs.get("rightsList", []) if (r.get("rightsIdentifierScheme") or "") != "SPDX"
    ]
    chosen = _clean(main.get("licence"))
    if chosen == OTHER_LICENCE:
        chosen = _clean(main.get("licence_other"))
    mine: list[Json] = []
    if chosen:
        name, uri = LICENCES.get(chosen, (chosen, ""))
        mine.append(
            _put(
                {"rights": name, "rightsIdentifier": chosen, "rightsIdentifierScheme": "SPDX"},
                rightsUri=uri or f"{SPDX_LIST}{chosen}.html",
                schemeUri=SPDX_LIST,
            )
        )
    built.rows["rightsList"] = [0] if mine else []
    attrs["rightsList"] = mine + kept


def _complex_place(geo: Mapping[str, Any]) -> bool:
    return bool(geo.get("geoLocationBox") or geo.get("geoLocationPolygon"))


def _title(row: Mapping[str, Any]) -> Json:
    return _put(
        {"title": _clean(row.get("title"))},
        lang=_clean(row.get("lang")),
        titleType=_clean(row.get("title_type")),
    )


def _creator(row: Mapping[str, Any]) -> Json:
    given, family = _clean(row.get("given_name")), _clean(row.get("family_name"))
    name = _clean(row.get("name")) or ", ".join(p for p in (family, given) if p)
    found = _put(
        {"name": name}, nameType=_clean(row.get("name_type")), givenName=given, familyName=family
    )
    orcid = _clean(row.get("orcid"))
    found["nameIdentifiers"] = (
        [
            {
                "nameIdentifier": _orcid_uri(orcid),
                "nameIdentifierScheme": "ORCID",
                "schemeUri": "https://orcid.org",
            }
        ]
        if orcid
        else []
    )
    affiliation, ror = _clean(row.get("affiliation")), _clean(row.get("ror"))
    found["affiliation"] = (
        [
            _put(
                {"name": affiliation},
                affiliationIdentifier=_ror_uri(ror) if ror else None,
                affiliationIdentifierScheme="ROR" if ror else None,
                schemeUri="https://ror.org" if ror else None,
            )
        ]
        if affiliation or ror
        else []
    )
    return found


def _orcid_uri(text: str) -> str:
    try:
        return Orcid.parse(text).uri
    except IdentifierError:
        return text  # the validator names the problem


def _ror_uri(text: str) -> str:
    try:
        return Ror.parse(text).uri
    except IdentifierError:
        return text


def _related(row: Mapping[str, Any]) -> Json:
    return {
        "relatedIdentifier": _clean(row.get("identifier")),
        "relatedIdentifierType": _clean(row.get("identifier_type")),
        "relationType": _clean(row.get("relation_type")),
    }


def funder_type(identifier: str) -> str:
    """The funderIdentifierType of an identifier as typed: ROR, Crossref Funder ID or Other."""
    lowered = identifier.lower()
    if "ror.org/" in lowered or re.fullmatch(r"0[a-z0-9]{6}\d{2}", lowered):
        return "ROR"
    if lowered.startswith(("10.", "https://doi.org/10.", "http://dx.doi.org/10.")):
        return "Crossref Funder ID"
    return "Other"


def _funding(row: Mapping[str, Any]) -> Json:
    ident = _clean(row.get("funder_identifier"))
    found: Json = {"funderName": _clean(row.get("funder_name"))}
    if ident:
        kind = funder_type(ident)
        found["funderIdentifier"] = _ror_uri(ident) if kind == "ROR" else ident
        found["funderIdentifierType"] = kind
    return _put(found, awardNumber=_clean(row.get("award_number")))


def _date(row: Mapping[str, Any]) -> Json:
    return {"date": _clean(row.get("date")), "dateType": _clean(row.get("date_type"))}


def _place(row: Mapping[str, Any]) -> Json:
    found = _put({}, geoLocationPlace=_clean(row.get("place")))
    lat, lon = _clean(row.get("latitude")), _clean(row.get("longitude"))
    if lat or lon:
        found["geoLocationPoint"] = {"pointLatitude": lat, "pointLongitude": lon}
    return found


_ROW_WRITERS = {
    "titles": _title,
    "creators": _creator,
    "related": _related,
    "funding": _funding,
    "dates": _date,
    "places": _place,
}


# Back: stored attributes as the form's initial values ------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def from_attributes(attrs: Json | None) -> tuple[Json, dict[str, list[Json]]]:
    """The initial values of the main form and of each group's rows."""
    attrs = attrs or {}
    publisher = attrs.get("publisher")
    types = attrs.get("types") or {}
    main: Json = {
        "publisher": publisher.get("name", "") if isinstance(publisher, dict) else _text(publisher),
        "publication_year": _text(attrs.get("publicationYear")),
        "resource_type_general": _text(types.get("resourceTypeGeneral")),
        "resource_type": _text(types.get("resourceType")),
        "language": _text(attrs.get("language")),
        "version": _text(attrs.get("version")),
    }
    descriptions = attrs.get("descriptions") or []
    if descriptions and descriptions[0].get("descriptionType") == "Abstract":
        main["description"] = _text(descriptions[0].get("description"))
        main["description_lang"] = _text(descriptions[0].get("lang"))
    main["subjects"] = "\n".join(
        _text(s.get("subject")) for s in attrs.get("subjects") or [] if not s.get("subjectScheme")
    )
    spdx = [r for r in attrs.get("rightsList") or [] if r.get("rightsIdentifierScheme") == "SPDX"]
    if spdx:
        ident = _text(spdx[0].get("rightsIdentifier"))
        main["licence"] = ident if ident in LICENCES else OTHER_LICENCE
        main["licence_other"] = "" if ident in LICENCES else ident
    rows = {
        kind: [
            _ROW_READERS[kind](item)
            for item in attrs.get(JSON_KEY[kind]) or []
            if not (kind == "places" and _complex_place(item))
        ]
        for kind in ROW_KINDS
    }
    return main, rows


def _read_creator(item: Json) -> Json:
    orcids = [
        n
        for n in item.get("nameIdentifiers") or []
        if _text(n.get("nameIdentifierScheme")).upper() == "ORCID"
    ]
    affiliations = item.get("affiliation") or [{}]
    first = affiliations[0] if affiliations else {}
    return {
        "name": _text(item.get("name")),
        "name_type": _text(item.get("nameType")),
        "given_name": _text(item.get("givenName")),
        "family_name": _text(item.get("familyName")),
        "orcid": _text(orcids[0].get("nameIdentifier")) if orcids else "",
        "affiliation": _text(first.get("name")),
        "ror": _text(first.get("affiliationIdentifier")),
    }


def _read_place(item: Json) -> Json:
    point = item.get("geoLocationPoint") or {}
    return {
        "place": _text(item.get("geoLocationPlace")),
        "latitude": _text(point.get("pointLatitude")),
        "longitude": _text(point.get("pointLongitude")),
    }


_ROW_READERS = {
    "titles": lambda t: {
        "title": _text(t.get("title")),
        "lang": _text(t.get("lang")),
        "title_type": _text(t.get("titleType")),
    },
    "creators": _read_creator,
    "related": lambda r: {
        "identifier": _text(r.get("relatedIdentifier")),
        "identifier_type": _text(r.get("relatedIdentifierType")),
        "relation_type": _text(r.get("relationType")),
    },
    "funding": lambda f: {
        "funder_name": _text(f.get("funderName")),
        "funder_identifier": _text(f.get("funderIdentifier")),
        "award_number": _text(f.get("awardNumber")),
    },
    "dates": lambda d: {"date": _text(d.get("date")), "date_type": _text(d.get("dateType"))},
    "places": _read_place,
}


# Errors: a validation path back to the form ----------------------------------------------


def locate(path: str, built: Built) -> Place | None:
    """Where the problem at `path` is shown; None when the form does not show that part
    (the page lists it on its own)."""
    match = _PATH.fullmatch(path)
    if match is None:
        return None
    key, rest = match["key"], match["rest"] or ""
    index = int(match["index"]) if match["index"] is not None else None
    if key in ROW_OF_JSON:
        kind = ROW_OF_JSON[key]
        if index is None:
            return Place(kind, None, None)
        used = built.rows.get(key, [])
        if index >= len(used):
            return None
        return Place(kind, used[index], _row_field(kind, rest))
    if key in ("descriptions", "subjects", "rightsList"):
        used = built.rows.get(key, [])
        if index is not None and index >= len(used):
            return None
        if key == "descriptions":
            return Place("main", None, "description_lang" if rest == "lang" else "description")
        return Place("main", None, "subjects" if key == "subjects" else "licence")
    if key == "types":
        return Place(
            "main",
            None,
            _MAIN_FIELDS["types.resourceType"] if rest == "resourceType" else _MAIN_FIELDS["types"],
        )
    if key in _MAIN_FIELDS:
        return Place("main", None, _MAIN_FIELDS[key])
    return None


def _row_field(kind: str, rest: str) -> str | None:
    if not rest:
        return None
    for prefix, name in _ROW_FIELDS[kind]:
        if rest.startswith(prefix):
            return name
    return None
