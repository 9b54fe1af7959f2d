"""What the dataset exporters read besides the DataCite `Resource`, and what they share.

`Landing` is built by the domain: the record's landing page, its persistent-identifier
URL and its files. The functions below derive, from a `Resource`, the values several
formats need in the same way (the DOI, the main title, the abstract, a person's name
split into given and family parts, an identifier as a URL, the publication date), so
that every format says the same thing about the same record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sankofa.core.formats.datacite.model import (
    Description,
    PersonName,
    Resource,
    Title,
)
from sankofa.core.formats.datacite.vocabulary import (
    DateType,
    DescriptionType,
    NameType,
    RelatedIdentifierType,
)


@dataclass(frozen=True, kw_only=True)
class File:
    """One downloadable file of a record; ``size`` in bytes, digests in lowercase hex."""

    name: str
    size: int
    sha256: str
    download_url: str
    md5: str | None = None
    media_type: str = "application/octet-stream"


@dataclass(frozen=True, kw_only=True)
class Landing:
    """Where a record lives: ``landing_url`` (its page), ``pid_url`` (``https://doi.org/…``
    or another resolver URL; when ``None`` it is derived from a DOI identifier) and its files.
    """

    landing_url: str
    pid_url: str | None = None
    files: tuple[File, ...] = ()


@dataclass(frozen=True)
class Name:
    """A person's name as citations want it: ``family``/``given``, or a ``literal`` name."""

    given: str = ""
    family: str = ""
    literal: str = ""


_RESOLVERS = {
    RelatedIdentifierType.DOI: "https://doi.org/",
    RelatedIdentifierType.HANDLE: "https://hdl.handle.net/",
    RelatedIdentifierType.ARXIV: "https://arxiv.org/abs/",
    RelatedIdentifierType.PMID: "https://pubmed.ncbi.nlm.nih.gov/",
    RelatedIdentifierType.ARK: "https://n2t.net/",
    RelatedIdentifierType.IGSN: "https://igsn.org/",
    RelatedIdentifierType.SWHID: "https://archive.softwareheritage.org/",
}
_SCHEME_BASES = {
    "orcid": "https://orcid.org/",
    "ror": "https://ror.org/",
    "isni": "https://isni.org/isni/",
    "crossref funder id": "https://doi.org/",
    "grid": "https://www.grid.ac/institutes/",
    "wikidata": "https://www.wikidata.org/wiki/",
}
_DOI_PREFIX = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_W3CDTF = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def is_url(value: str) -> bool:
    return value.startswith(("https://", "http://"))


def doi(resource: Resource) -> str | None:
    """The bare DOI (``10.1234/abc``) when the identifier is a DOI, else ``None``."""
    if resource.identifier.identifier_type.upper() != "DOI":
        return None
    return _DOI_PREFIX.sub("", resource.identifier.value.strip()) or None


def pid_url(resource: Resource, landing: Landing | None = None) -> str | None:
    """The persistent URL: the landing's ``pid_url``, else ``https://doi.org/<doi>``."""
    if landing is not None and landing.pid_url:
        return landing.pid_url
    found = doi(resource)
    return f"https://doi.org/{found}" if found else None


def main_title(resource: Resource) -> Title:
    """The first title without a ``titleType``, else the first title."""
    return next((t for t in resource.titles if t.title_type is None), resource.titles[0])


def abstract(resource: Resource) -> Description | None:
    """The first ``Abstract`` description, else the first description."""
    found = [d for d in resource.descriptions if d.description_type == DescriptionType.ABSTRACT]
    return next(iter(found or resource.descriptions), None)


def keywords(resource: Resource) -> list[str]:
    """The subject values, stripped, non-empty, in order, without repeats."""
    seen: dict[str, None] = {}
    for subject in resource.subjects:
        if subject.value.strip():
            seen.setdefault(subject.value.strip(), None)
    return list(seen)


def is_organization(person: PersonName) -> bool:
    """Whether a name is an organisation's: ``nameType`` says so, or no parts are given."""
    if person.name_type is not None:
        return person.name_type == NameType.ORGANIZATIONAL
    return not (person.given_name or person.family_name or "," in person.name)


def split_name(person: PersonName) -> Name:
    """Given and family from ``givenName``/``familyName``, else from a ``Family, Given``
    name of a person; an organisation (or a person with one name) is a literal."""
    if is_organization(person):
        return Name(literal=person.name.strip())
    if person.family_name and person.family_name.strip():
        return Name(given=(person.given_name or "").strip(), family=person.family_name.strip())
    family, comma, given = person.name.partition(",")
    if comma and family.strip():
        return Name(given=given.strip(), family=family.strip())
    return Name(literal=person.name.strip())


def identifier_url(value: str, scheme: str | None, scheme_uri: str | None = None) -> str | None:
    """``value`` as a URL: kept when it is one, else joined to ``scheme_uri`` or to the
    resolver of a known ``scheme`` (ORCID, ROR, ISNI, Crossref Funder ID…); else ``None``."""
    value = value.strip()
    if not value:
        return None
    if is_url(value):
        return value
    base = scheme_uri or _SCHEME_BASES.get((scheme or "").lower())
    if not base or not is_url(base):
        return None
    if (scheme or "").lower() == "crossref funder id" and not value.startswith("10."):
        value = f"10.13039/{value}"
    return base if base.endswith(value) else base.rstrip("/") + "/" + value


def related_url(value: str, kind: RelatedIdentifierType) -> str | None:
    """A related identifier as a URL when its type has a resolver (DOI, Handle, arXiv…)."""
    value = value.strip()
    if not value:
        return None
    if kind in (RelatedIdentifierType.URL, RelatedIdentifierType.PURL, RelatedIdentifierType.W3ID):
        return value if is_url(value) else None
    if is_url(value):
        return value
    base = _RESOLVERS.get(kind)
    if base is None:
        return None
    if kind == RelatedIdentifierType.DOI:
        value = _DOI_PREFIX.sub("", value)
    elif kind == RelatedIdentifierType.ARXIV and value.lower().startswith("arxiv:"):
        value = value[len("arxiv:") :]
    return base + value


def related_text(value: str, kind: RelatedIdentifierType) -> str:
    """A related identifier as a URL when it resolves, else ``<type>:<value>`` (the value
    alone when it already starts with its type, or is a URN)."""
    url = related_url(value, kind)
    if url:
        return url
    value = value.strip()
    if value.lower().startswith(f"{kind.lower()}:") or value.lower().startswith("urn:"):
        return value
    return f"{kind}:{value}"


def issued(resource: Resource) -> str:
    """The publication date: the first ``Issued`` date in W3CDTF (``YYYY[-MM[-DD]]``) form
    whose year is the publication year, else the four-digit publication year."""
    year = f"{resource.publication_year:04d}"
    for date in resource.dates:
        value = date.value.strip()
        if date.date_type == DateType.ISSUED and _W3CDTF.match(value) and value[:4] == year:
            return value
    return year


def date_parts(value: str) -> list[int]:
    """``YYYY[-MM[-DD]]`` as its integer parts."""
    return [int(part) for part in value.split("-")]


def w3cdtf(value: str) -> bool:
    """Whether `value` is a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date."""
    return _W3CDTF.match(value.strip()) is not None


def one_line(text: str) -> str:
    """`text` with every run of whitespace made one space."""
    return " ".join(text.split())
