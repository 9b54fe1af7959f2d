"""RIS (Research Information Systems) record of a DataCite resource, type ``DATA``.

One record; each line is a two-letter tag, two spaces, a hyphen, a space and the value,
ending with CR LF; values are single lines (whitespace runs made one space) and blank
values are left out. Tags, in this order::

    TY  - DATA
    AU  - Family, Given            (one line per creator; an organisation's name as is)
    TI  - the main title
    PY  - 2024                     (publication year)
    DA  - 2024/05/17               (the Issued date, when it is a full or partial date)
    PB  - publisher
    ET  - version
    DO  - 10.1234/abc              (when the identifier is a DOI)
    UR  - https://…                (landing page, else the persistent URL)
    KW  - keyword                  (one line per subject)
    AB  - abstract
    LA  - language
    ER  -

The record ends with ``ER  - `` and CR LF.
"""

from __future__ import annotations

from sankofa.core.formats import record
from sankofa.core.formats.datacite.model import Creator, Resource
from sankofa.core.formats.record import Landing

CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"


def author(creator: Creator) -> str:
    """``Family, Given`` (or ``Family``) for a person, the name for an organisation."""
    name = record.split_name(creator)
    if name.literal:
        return name.literal
    return f"{name.family}, {name.given}" if name.given else name.family


def _issued(resource: Resource) -> str:
    date = record.issued(resource)
    if len(date) == 4:
        return ""
    parts = date.split("-") + [""] * 2
    return "/".join(parts[:3])


def document(resource: Resource, landing: Landing | None = None) -> str:
    """The RIS record of `resource`, lines ending with CR LF."""
    abstract = record.abstract(resource)
    lines: list[tuple[str, str]] = [("TY", "DATA")]
    lines += [("AU", author(c)) for c in resource.creators]
    lines += [
        ("TI", record.main_title(resource).value),
        ("PY", f"{resource.publication_year:04d}"),
        ("DA", _issued(resource)),
        ("PB", resource.publisher.name),
        ("ET", resource.version or ""),
        ("DO", record.doi(resource) or ""),
        ("UR", landing.landing_url if landing else record.pid_url(resource) or ""),
    ]
    lines += [("KW", k) for k in record.keywords(resource)]
    lines += [("AB", abstract.text if abstract else ""), ("LA", resource.language or "")]
    body = [f"{tag}  - {record.one_line(value)}" for tag, value in lines if value.strip()]
    return "\r\n".join([*body, "ER  - "]) + "\r\n"
