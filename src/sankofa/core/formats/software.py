"""Software metadata as this node keeps it, whatever file it was read from.

`SoftwareMetadata` holds the normalised fields; `merge` combines what several files
say, field by field, the first file that gives a field winning. The readers of each
file format (`codemeta`, `cff`, `manifests`) raise `MetadataError` for a file they
cannot read; the helpers here turn loosely typed values into clean ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sankofa.core.formats.citation import Author

ORCID_RE = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\s*/?$")
SPDX_URL_RE = re.compile(r"^https?://(?:www\.)?spdx\.org/licenses/([^/?#]+?)(?:\.html|\.json)?/?$")


class MetadataError(ValueError):
    """A metadata file that cannot be read (its reason is shown in warnings)."""


@dataclass(frozen=True)
class SoftwareMetadata:
    """What software says of itself; empty strings and tuples mean "not said".

    ``date_published`` is an ISO date (YYYY-MM-DD); ``licenses`` are SPDX ids when the
    file gives one (else its text); ``identifiers`` are DOIs and other ids, as written.
    """

    name: str = ""
    description: str = ""
    version: str = ""
    date_published: str = ""
    authors: tuple[Author, ...] = ()
    licenses: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    code_repository: str = ""
    url: str = ""
    identifiers: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON object of the fields that are said (authors as objects)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if not value:
                continue
            if f.name == "authors":
                value = [{k: v for k, v in vars(a).items() if v} for a in value]
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SoftwareMetadata:
        """The inverse of `to_json` (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        values["authors"] = tuple(Author(**a) for a in values.get("authors", ()))
        for name in ("licenses", "keywords", "identifiers"):
            values[name] = tuple(values.get(name, ()))
        return cls(**values)

    @property
    def is_empty(self) -> bool:
        return self == SoftwareMetadata()


def merge(*found: SoftwareMetadata) -> SoftwareMetadata:
    """Field by field, the value of the first of `found` that says it."""
    result = SoftwareMetadata()
    for f in fields(SoftwareMetadata):
        value = next((getattr(m, f.name) for m in found if getattr(m, f.name)), None)
        if value:
            result = replace(result, **{f.name: value})
    return result


# --- cleaning loosely typed values -----------------------------------------------------------


def text(value: object) -> str:
    """A string, number or ``{"@value": ...}`` as one line of text; anything else as ""."""
    if isinstance(value, dict):
        value = value.get("@value", value.get("name", ""))
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | str):
        return " ".join(str(value).split())
    return ""


def texts(value: object, split: str | None = None) -> tuple[str, ...]:
    """A list (or one value; a string split on `split` if given) as distinct non-empty texts."""
    if isinstance(value, dict) and "@list" in value:
        value = value["@list"]
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        raw = item.split(split) if split and isinstance(item, str) else [item]
        out += [t for t in (text(r) for r in raw) if t and t not in out]
    return tuple(out)


def iso_date(value: object) -> str:
    """A date (or datetime, or text starting with YYYY-MM-DD) as YYYY-MM-DD; else ""."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    candidate = text(value)[:10]
    try:
        return date.fromisoformat(candidate).isoformat() if len(candidate) == 10 else ""
    except ValueError:
        return ""


def orcid(value: object) -> str:
    """The bare ORCID iD in an ORCID URL or id (checksum not verified); else ""."""
    found = ORCID_RE.search(text(value))
    return found.group(1) if found else ""


def spdx(value: object) -> str:
    """An SPDX licence URL as its id; any other licence text as written."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("identifier") or value.get("url") or value.get("name")
    found = text(value)
    match = SPDX_URL_RE.match(found)
    return match.group(1) if match else found


def person(given: object = "", family: object = "", name: object = "", **extra: object) -> Author:
    """An author from loosely typed parts (given and family names may be lists)."""
    return Author(
        given=" ".join(texts(given)),
        family=" ".join(texts(family)),
        name=text(name),
        orcid=orcid(extra.get("orcid", "")),
        affiliation=text(extra.get("affiliation", "")),
    )


def named(value: str) -> Author:
    """An author given as one string, such as ``Jane Doe <jane@example.org> (https://…)``."""
    return Author(name=re.sub(r"\s*[<(].*$", "", value).strip())
