"""The export formats of a dataset version: one entry per format, each rendered by its
own pure module in `sankofa.core.formats` from the version's DataCite resource and
its `Landing` (`sankofa.datasets.links`).

Web pages link every format (``datafiles:export``) and the landing page answers
content negotiation with the formats marked `negotiable`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sankofa.core.formats import (
    bibtex_data,
    csl_data,
    datacite_json,
    dcat,
    dublincore,
    ris,
    schemaorg,
)
from sankofa.core.formats.datacite import Resource, xml46, xml47
from sankofa.core.formats.datacite.kernel46 import to_kernel46
from sankofa.core.formats.record import Landing
from sankofa.datasets import links
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Version

__all__ = ["Format", "by_key", "by_media_type", "formats", "render", "stream"]

Render = Callable[[Resource, Landing, Version], bytes]


@dataclass(frozen=True)
class Format:
    key: str  # in URLs
    label: str
    media_type: str
    extension: str
    render: Render
    negotiable: bool = True  # answered by content negotiation at the landing page
    stream: Callable[[Version], Iterator[bytes]] | None = None  # chunks, for large packages


def _text(data: str) -> bytes:
    return data.encode("utf-8")


_FORMATS: list[Format] = [
    Format(
        "datacite-xml",
        "DataCite XML 4.6",
        "application/vnd.datacite.datacite+xml",
        "xml",
        lambda r, la, v: xml46.write(to_kernel46(r, links.absolute("/"))),
    ),
    Format(
        "datacite-json",
        "DataCite JSON",
        "application/vnd.datacite.datacite+json",
        "json",
        lambda r, la, v: _text(datacite_json.document(r, la)),
    ),
    Format(
        "schemaorg",
        "schema.org JSON-LD",
        "application/ld+json",
        "jsonld",
        lambda r, la, v: _text(schemaorg.document(r, la)),
    ),
    Format(
        "dublincore",
        "Dublin Core",
        "application/oai-dc+xml",
        "xml",
        lambda r, la, v: dublincore.document(r, la),
        negotiable=False,
    ),
    Format(
        "csl-json",
        "CSL-JSON",
        "application/vnd.citationstyles.csl+json",
        "json",
        lambda r, la, v: _text(csl_data.document(r, la)),
    ),
    Format(
        "bibtex",
        "BibTeX",
        "application/x-bibtex",
        "bib",
        lambda r, la, v: _text(bibtex_data.entry(r, la)),
    ),
    Format(
        "ris",
        "RIS",
        "application/x-research-info-systems",
        "ris",
        lambda r, la, v: _text(ris.document(r, la)),
    ),
]


def _bag(r: Resource, la: Landing, v: Version) -> bytes:
    from sankofa.datasets import packages

    return packages.bag(r, la, v)


def _crate(r: Resource, la: Landing, v: Version) -> bytes:
    from sankofa.datasets import packages

    return packages.crate(r, la, v)


def _bag_stream(v: Version) -> Iterator[bytes]:
    from sankofa.datasets import packages

    return packages.bag_chunks(v)


def _crate_stream(v: Version) -> Iterator[bytes]:
    from sankofa.datasets import packages

    return packages.crate_chunks(v)


def _citation(style: str) -> Render:
    def render(r: Resource, la: Landing, v: Version) -> bytes:
        from sankofa.datasets import citations

        return _text(citations.render(r, la, style, html_output=False) + "\n")

    return render


_FORMATS += [
    Format(
        "datacite-xml-4.7",
        "DataCite XML 4.7",
        "application/vnd.datacite.datacite+xml",
        "xml",
        lambda r, la, v: xml47.write(r),
        negotiable=False,
    ),
    Format(
        "dcat-ap",
        "DCAT-AP 3 (Turtle)",
        "text/turtle",
        "ttl",
        lambda r, la, v: _text(dcat.document(r, la)),
    ),
    Format("bagit", "BagIt bag (ZIP)", "application/zip", "zip", _bag, False, _bag_stream),
    Format("ro-crate", "RO-Crate (ZIP)", "application/zip", "zip", _crate, False, _crate_stream),
    *(
        Format(
            f"citation-{key}",
            f"Citation ({key.upper() if key in ('apa', 'mla', 'ieee') else key.title()})",
            "text/plain; charset=utf-8",
            "txt",
            _citation(key),
            negotiable=False,
        )
        for key in ("apa", "harvard", "mla", "chicago", "ieee")
    ),
]


def register(fmt: Format) -> None:
    """Add a format (modules of this app call this at import; keys are unique)."""
    if any(f.key == fmt.key for f in _FORMATS):
        raise ValueError(f"export format {fmt.key!r} is registered already")
    _FORMATS.append(fmt)


def formats() -> list[Format]:
    return list(_FORMATS)


def by_key(key: str) -> Format:
    for fmt in _FORMATS:
        if fmt.key == key:
            return fmt
    raise NotFound(f"no export format {key!r}: one of {', '.join(f.key for f in _FORMATS)}")


def by_media_type(media_type: str) -> Format | None:
    for fmt in _FORMATS:
        if fmt.negotiable and fmt.media_type == media_type:
            return fmt
    return None


def render(version: Version, fmt: Format, *, with_files: bool = True) -> bytes:
    """`version` in `fmt`; a version without metadata has nothing to export."""
    resource = version.resource()
    if resource is None:
        raise NotFound(f"version {version.number} has no metadata yet: nothing to export")
    return fmt.render(resource, links.landing(version, with_files=with_files), version)


def stream(version: Version, fmt: Format, *, with_files: bool = True) -> Iterator[bytes]:
    """`version` in `fmt` as chunks: streamed for the packages, else `render` in one."""
    if fmt.stream is not None:
        if version.resource() is None:
            raise NotFound(f"version {version.number} has no metadata yet: nothing to export")
        return fmt.stream(version)
    return iter([render(version, fmt, with_files=with_files)])
