"""Datasets as an OAI-PMH source: one item per record, disseminating its latest version.

The item ``oai:<repository id>:datasets/<record id>`` carries the metadata of the
record's newest published version (`Record.latest`); a record whose every version is
withdrawn is a deleted item (``deletedRecord`` is ``persistent``: it stays listed).
Records with no published version are not listed. Restricted, embargoed and
metadata-only records are listed like open ones: their metadata is open.

Datestamp: the last publication or withdrawal of any version of the record (a new
version, a withdrawn version uncovering its predecessor, the tombstone). The metadata
harvested is the published DataCite metadata, frozen at publication, with the DOI it was
published with, so neither a DOI's registration at DataCite nor the end of an embargo
changes it (nor the datestamp).

Sets: ``community`` and ``community:<slug>`` per community; ``type`` and
``type:<resourceTypeGeneral>`` (``type:Dataset``). Formats: ``oai_dc`` and
``oai_datacite`` (kernel 4.6 in DataCite's OAI envelope 1.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from lxml import etree

from sankofa.core.formats import datacite_rest, dublincore, oai_datacite
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.record import Landing
from sankofa.datasets import links
from sankofa.datasets.models import Community, Record, Version
from sankofa.discovery.oai import registry
from sankofa.discovery.oai.rows import RowSource
from sankofa.discovery.oai.source import MetadataFormat, OaiSet
from sankofa.discovery.oai.source import Record as OaiRecord

__all__ = ["DatasetSource", "Item"]

OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


@dataclass(frozen=True)
class Item:
    """What the renderers need: the published version (its metadata is read only when a
    record is rendered, so ListIdentifiers never parses any)."""

    version: Version

    def resource(self) -> Resource:
        resource = self.version.resource()
        assert resource is not None  # a published version has metadata
        return resource

    def landing(self, resource: Resource) -> Landing:
        landing_url = links.landing_url(self.version)
        is_doi = resource.identifier.identifier_type == "DOI"
        pid = f"https://doi.org/{resource.identifier.value}" if is_doi else landing_url
        return Landing(landing_url=landing_url, pid_url=pid)


def _render_dc(record: OaiRecord) -> etree._Element:
    item = record.payload
    assert isinstance(item, Item)
    resource = item.resource()
    return dublincore.element(resource, item.landing(resource))


def _render_datacite(record: OaiRecord) -> etree._Element:
    item = record.payload
    assert isinstance(item, Item)
    kernel = datacite_rest.kernel46(item.resource(), links.absolute("/"))
    return oai_datacite.element(kernel, datacentre_symbol())


def datacentre_symbol() -> str:
    """The node's DataCite repository account, else its OAI repository id."""
    user = str(getattr(settings, "SANKOFA_DATACITE_USER", "") or "")
    return user.upper() if user else registry.repository_id()


FORMATS = (
    MetadataFormat("oai_dc", OAI_DC_SCHEMA, dublincore.OAI_DC, _render_dc),
    MetadataFormat("oai_datacite", oai_datacite.SCHEMA, oai_datacite.NAMESPACE, _render_datacite),
)


def _stamps() -> Subquery:
    """The last publication or withdrawal among a record's versions."""
    frozen = (
        Version.objects.filter(record=OuterRef("pk"), published_at__isnull=False)
        .order_by()
        .values("record")
        .annotate(last=Max(Coalesce("withdrawn_at", "published_at")))
        .values("last")
    )
    return Subquery(frozen)


class DatasetSource(RowSource[Record]):
    """The OAI source ``datasets`` (registered by the datasets app)."""

    name = "datasets"
    related = ("latest", "community")

    def earliest_datestamp(self) -> datetime | None:
        """The first publication: no item's datestamp is earlier."""
        first: datetime | None = Version.objects.filter(published_at__isnull=False).aggregate(
            first=Min("published_at")
        )["first"]
        return first

    def metadata_formats(self) -> Sequence[MetadataFormat]:
        return FORMATS

    def sets(self) -> Sequence[OaiSet]:
        found = [OaiSet("community", "Communities"), OaiSet("type", "Resource types")]
        for slug, title in Community.objects.order_by("slug").values_list("slug", "title"):
            found.append(OaiSet(f"community:{slug}", title))
        types = (
            Record.objects.filter(latest__isnull=False)
            .order_by("latest__resource_type_general")
            .values_list("latest__resource_type_general", flat=True)
            .distinct()
        )
        found += [OaiSet(f"type:{t}", t) for t in types if t]
        return found

    def rows(
        self, from_: datetime | None, until: datetime | None, set_spec: str | None
    ) -> QuerySet[Record]:
        rows: QuerySet[Record] = Record.objects.filter(latest__isnull=False)
        rows = rows.annotate(stamp=_stamps())
        if from_ is not None:
            rows = rows.filter(stamp__gte=from_)
        if until is not None:
            rows = rows.filter(stamp__lte=until)
        if set_spec is not None:
            rows = _in_set(rows, set_spec)
        return rows

    def item(self, row: Record) -> OaiRecord:
        return _item(row)


def _in_set(rows: QuerySet[Record], spec: str) -> QuerySet[Record]:
    kind, _, value = spec.partition(":")
    if kind == "community":
        return rows.filter(community__slug=value) if value else rows.filter(community__isnull=False)
    if kind == "type":
        return rows.filter(latest__resource_type_general=value) if value else rows
    return rows.none()


def _item(row: Record) -> OaiRecord:
    latest = row.latest
    assert latest is not None
    specs: list[str] = []
    if row.community is not None:
        specs += ["community", f"community:{row.community.slug}"]
    if latest.resource_type_general:
        specs += ["type", f"type:{latest.resource_type_general}"]
    stamp: datetime = getattr(row, "stamp", None) or latest.published_at or latest.created
    deleted = latest.state == Version.State.WITHDRAWN
    payload = None if deleted else Item(latest)
    return OaiRecord(
        local_id=str(row.pk),
        key=row.pk,
        datestamp=stamp,
        set_specs=tuple(specs),
        deleted=deleted,
        payload=payload,
    )
