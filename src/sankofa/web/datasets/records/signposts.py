"""The FAIR Signposting of a dataset version (`sankofa.discovery.signposting` writes it).

``cite-as`` is the persistent identifier's URL (`links.pid_url`), ``describedby`` every
export format but the packages of files (BagIt, RO-Crate), at its language-neutral
``datafiles:export`` address with its media type,
``item`` every file the asker may download (at most `MAX_HEADER_ITEMS` in the ``Link``
header, which proxies cap; the linkset lists them all), ``author`` the creators' ORCID
iDs, ``license`` the first rights URI, ``type`` schema.org's Dataset and AboutPage, and
``linkset`` the level-2 linkset of the version. A withdrawn version offers no items.
"""

from __future__ import annotations

from dataclasses import replace

from django.urls import reverse

from sankofa.core.formats import record as shared
from sankofa.datasets import exports, links
from sankofa.datasets.models import Version
from sankofa.discovery.signposting import Signposts, Target
from sankofa.web.datasets.records.presenters import rights_url

__all__ = ["MAX_HEADER_ITEMS", "for_header", "signposts"]

MAX_HEADER_ITEMS = 20


def export_url(version: Version, key: str) -> str:
    return links.absolute(
        reverse("datafiles:export", args=[version.record_id, version.number, key])
    )


def linkset_url(version: Version) -> str:
    return links.absolute(reverse("datafiles:linkset", args=[version.record_id, version.number]))


def signposts(version: Version, *, with_files: bool) -> Signposts:
    """Every signpost of `version`; files only when `with_files` (the asker may download)."""
    resource = version.resource()
    authors: tuple[str, ...] = ()
    licenses: tuple[str, ...] = ()
    if resource is not None:
        authors = tuple(
            url
            for creator in resource.creators
            for ident in creator.name_identifiers
            if ident.scheme.lower() == "orcid"
            and (url := shared.identifier_url(ident.value, ident.scheme, ident.scheme_uri))
        )
        licenses = tuple(url for r in resource.rights_list if (url := rights_url(r)))
    files = version.files.all() if with_files and version.state != "withdrawn" else ()
    return Signposts(
        anchor=links.landing_url(version),
        cite_as=links.pid_url(version),
        describedby=tuple(
            Target(export_url(version, fmt.key), fmt.media_type)
            for fmt in exports.formats()
            if fmt.stream is None  # packages hold the data too: not metadata records
        )
        if resource is not None
        else (),
        items=tuple(Target(links.download_url(f, version), f.media_type) for f in files),
        authors=authors,
        licenses=licenses,
        linkset=linkset_url(version),
    )


def for_header(found: Signposts) -> Signposts:
    """The signposts a ``Link`` header carries: the first `MAX_HEADER_ITEMS` items."""
    if len(found.items) <= MAX_HEADER_ITEMS:
        return found
    return replace(found, items=found.items[:MAX_HEADER_ITEMS])
