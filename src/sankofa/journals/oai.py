"""Journal articles as an OAI-PMH source: one item per published article.

The item ``oai:<repository id>:journals/<article pk>`` is an article of any journal of
the node; its datestamp is ``Article.updated`` (publication, a metadata change, the
retraction). A retracted article is a deleted item (``deletedRecord`` is ``persistent``:
it stays listed, without metadata). Items are listed in primary-key order.

Sets: ``journal`` (every article), ``journal:<slug>`` per journal and
``journal:<slug>:<section slug>`` per section (an article lists each level it is in).

Formats:

* ``oai_dc``: `sankofa.core.formats.article.oai_dc` of the stored metadata, with the
  journal as this node has it (title, ISSNs, publisher), the identifiers being the ARK's
  URL at the node, the DOI's ``https://doi.org/`` URL when the DOI is registered (or was
  registered elsewhere) and the landing page.
* ``jats``: the article's JATS document (the blob ``Article.jats_sha256``), its root
  ``<article>`` with every un-namespaced element put in the namespace PubMed Central's
  OAI service uses for JATS, ``https://jats.nlm.nih.gov/ns/archiving/1.3/`` (OAI-PMH
  requires metadata in a namespace of its own); MathML, XLink and other namespaces are
  kept. An article without a stored JATS document gets one written from its metadata by
  `sankofa.core.formats.article.jats_write`; one whose metadata cannot be written answers
  ``cannotDisseminateFormat``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Min, QuerySet
from lxml import etree

from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import jats_write, json_form, oai_dc
from sankofa.core.formats.article import model as m
from sankofa.core.formats.article.xmlinput import NotXml, parse
from sankofa.discovery.oai import registry
from sankofa.discovery.oai.protocol import OaiError
from sankofa.discovery.oai.rows import RowSource
from sankofa.discovery.oai.source import MetadataFormat, OaiSet
from sankofa.discovery.oai.source import Record as OaiRecord
from sankofa.journals.doi import journal_metadata, landing_url
from sankofa.journals.models import Article, Journal, Section
from sankofa.journals.texts import localized

__all__ = ["JATS_NAMESPACE", "JATS_SCHEMA", "JournalSource", "jats_element", "register"]

JATS_NAMESPACE = "https://jats.nlm.nih.gov/ns/archiving/1.3/"
JATS_SCHEMA = "https://jats.nlm.nih.gov/archiving/1.3/xsd/JATS-archivearticle1-3.xsd"
CITABLE_DOI_STATES = (Article.DoiState.REGISTERED, Article.DoiState.EXTERNAL)


@dataclass(frozen=True)
class Item:
    """What the renderers need: the article row (its journal selected)."""

    article: Article

    def metadata(self) -> m.Article:
        stored = json_form.from_json(self.article.metadata)
        return replace(stored, journal=journal_metadata(self.article.journal))

    def identifiers(self) -> list[str]:
        a = self.article
        found = []
        if a.ark:
            found.append(f"{settings.SANKOFA_BASE_URL}/{a.ark}")
        if a.doi and a.doi_state in CITABLE_DOI_STATES:
            found.append(f"https://doi.org/{a.doi}")
        found.append(landing_url(a))
        return found


def _payload(record: OaiRecord) -> Item:
    item = record.payload
    assert isinstance(item, Item)
    return item


def _render_dc(record: OaiRecord) -> etree._Element:
    item = _payload(record)
    return oai_dc.element(
        item.metadata(), identifiers=item.identifiers(), ark_resolver=settings.SANKOFA_BASE_URL
    )


def jats_element(data: bytes) -> etree._Element:
    """The root ``<article>`` of a JATS document, its un-namespaced elements moved into
    `JATS_NAMESPACE` (raises `NotXml` for bytes that are not XML)."""
    root = parse(data, huge_tree=True)
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).namespace is None:
            element.tag = f"{{{JATS_NAMESPACE}}}{etree.QName(element).localname}"
    etree.cleanup_namespaces(root, top_nsmap={None: JATS_NAMESPACE})
    return root


def _jats_bytes(item: Item) -> bytes | None:
    article = item.article
    if article.jats_sha256:
        with get_blobstore().open(article.jats_sha256) as stream:
            return stream.read()
    return jats_write.write(item.metadata())


def _render_jats(record: OaiRecord) -> etree._Element:
    try:
        data = _jats_bytes(_payload(record))
    except ValueError:  # the writer cannot write this article's metadata
        data = None
    if data is None:
        raise OaiError("cannotDisseminateFormat", "this article has no JATS document")
    try:
        return jats_element(data)
    except NotXml:
        raise OaiError("cannotDisseminateFormat", "this article's JATS is not XML") from None


FORMATS = (
    MetadataFormat("oai_dc", oai_dc.SCHEMA, oai_dc.OAI_DC, _render_dc),
    MetadataFormat("jats", JATS_SCHEMA, JATS_NAMESPACE, _render_jats),
)


def _title(texts: dict[str, str], primary: str, fallback: str) -> str:
    return localized(texts, primary, primary) or fallback


class JournalSource(RowSource[Article]):
    """The OAI source ``journals`` (registered by `register`)."""

    name = "journals"
    related = ("journal", "section")

    def earliest_datestamp(self) -> datetime | None:
        first: datetime | None = Article.objects.aggregate(first=Min("updated"))["first"]
        return first

    def metadata_formats(self) -> Sequence[MetadataFormat]:
        return FORMATS

    def sets(self) -> Sequence[OaiSet]:
        found = [OaiSet("journal", "Journals")]
        journals = Journal.objects.order_by("slug")
        sections: dict[int, list[Section]] = {}
        for section in Section.objects.order_by("slug"):
            sections.setdefault(section.journal_id, []).append(section)
        for journal in journals:
            name = _title(journal.title, journal.primary_language, journal.slug)
            found.append(OaiSet(f"journal:{journal.slug}", name))
            for section in sections.get(journal.pk, []):
                label = _title(section.title, journal.primary_language, section.slug)
                found.append(OaiSet(f"journal:{journal.slug}:{section.slug}", f"{name}: {label}"))
        return found

    def rows(
        self, from_: datetime | None, until: datetime | None, set_spec: str | None
    ) -> QuerySet[Article]:
        rows: QuerySet[Article] = Article.objects.all()
        if from_ is not None:
            rows = rows.filter(updated__gte=from_)
        if until is not None:
            rows = rows.filter(updated__lte=until)
        if set_spec is not None:
            rows = _in_set(rows, set_spec)
        return rows

    def item(self, row: Article) -> OaiRecord:
        return _item(row)


def _in_set(rows: QuerySet[Article], spec: str) -> QuerySet[Article]:
    parts = spec.split(":")
    if parts[0] != "journal" or len(parts) > 3:
        return rows.none()
    if len(parts) >= 2:
        rows = rows.filter(journal__slug=parts[1])
    if len(parts) == 3:
        rows = rows.filter(section__slug=parts[2])
    return rows


def _item(row: Article) -> OaiRecord:
    specs = ["journal", f"journal:{row.journal.slug}"]
    if row.section is not None:
        specs.append(f"journal:{row.journal.slug}:{row.section.slug}")
    deleted = row.state == Article.State.RETRACTED
    return OaiRecord(
        local_id=str(row.pk),
        key=row.pk,
        datestamp=row.updated,
        set_specs=tuple(specs),
        deleted=deleted,
        payload=None if deleted else Item(row),
    )


def register(**_: Any) -> None:
    """Serve the ``journals`` source over OAI-PMH (once: a second call does nothing)."""
    if not any(s.name == JournalSource.name for s in registry.sources()):
        registry.register(JournalSource())
