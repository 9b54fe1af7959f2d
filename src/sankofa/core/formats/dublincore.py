"""Simple Dublin Core (OAI-PMH ``oai_dc``) of a DataCite resource.

The document is ``<oai_dc:dc>`` in ``http://www.openarchives.org/OAI/2.0/oai_dc/`` with
the fifteen elements in ``http://purl.org/dc/elements/1.1/`` and ``xsi:schemaLocation``
``http://www.openarchives.org/OAI/2.0/oai_dc.xsd``; it is valid against ``oai_dc.xsd``.
Elements come in this order, one per value, ``xml:lang`` kept where DataCite has it:

* ``dc:title`` every title; ``dc:creator``/``dc:contributor`` every name as written;
* ``dc:subject`` every subject; ``dc:description`` every description (breaks as newlines);
* ``dc:publisher``; ``dc:date`` the publication year, then every date value;
* ``dc:type`` the resourceTypeGeneral, then the free resource type;
* ``dc:format`` every format; ``dc:identifier`` the persistent URL (``https://doi.org/…``)
  or the identifier, the landing page, then alternate identifiers;
* ``dc:language``; ``dc:relation`` every related identifier (`record.related_text`:
  a URL where it resolves); ``dc:coverage`` places and ``Coverage`` dates;
* ``dc:rights`` every rights text and rights URI.

Blank values and repeats of an element's value are left out; characters XML 1.0 cannot
hold are dropped. UTF-8 with an XML declaration, two-space indentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from sankofa.core.formats import record
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.datacite.vocabulary import DateType
from sankofa.core.formats.record import Landing

CONTENT_TYPE = "application/xml; charset=utf-8"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Value = tuple[str, str, str | None]
"""(element, text, xml:lang)."""


def _values(resource: Resource, landing: Landing | None) -> Iterator[Value]:
    r = resource
    yield from (("title", t.value, t.lang) for t in r.titles)
    yield from (("creator", c.name, c.lang) for c in r.creators)
    yield from (("contributor", c.name, c.lang) for c in r.contributors)
    yield from (("subject", s.value, s.lang) for s in r.subjects)
    yield from (("description", d.text, d.lang) for d in r.descriptions)
    yield ("publisher", r.publisher.name, r.publisher.lang)
    yield ("date", f"{r.publication_year:04d}", None)
    yield from (("date", d.value, None) for d in r.dates if d.date_type != DateType.COVERAGE)
    yield ("type", r.resource_type.general, None)
    yield ("type", r.resource_type.value, None)
    yield from (("format", f, None) for f in r.formats)
    yield ("identifier", record.pid_url(r, landing) or r.identifier.value, None)
    if landing is not None:
        yield ("identifier", landing.landing_url, None)
    yield from (("identifier", a.value, None) for a in r.alternate_identifiers)
    yield ("language", r.language or "", None)
    for rel in r.related_identifiers:
        yield ("relation", record.related_text(rel.value, rel.identifier_type), None)
    yield from (("coverage", g.place or "", None) for g in r.geo_locations)
    yield from (("coverage", d.value, None) for d in r.dates if d.date_type == DateType.COVERAGE)
    for rights in r.rights_list:
        yield ("rights", rights.value, rights.lang)
        yield ("rights", rights.uri or "", None)


def element(resource: Resource, landing: Landing | None = None) -> etree._Element:
    """The ``oai_dc:dc`` element of `resource` (for embedding in an OAI-PMH record)."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    seen: set[tuple[str, str]] = set()
    for name, raw, lang in _values(resource, landing):
        text = _NOT_XML.sub("", raw).strip()
        if not text or (name, text) in seen:
            continue
        seen.add((name, text))
        child = etree.SubElement(root, f"{{{DC}}}{name}")
        child.text = text
        if lang:
            child.set(XML_LANG, _NOT_XML.sub("", lang))
    return root


def document(resource: Resource, landing: Landing | None = None) -> bytes:
    """The oai_dc XML document of `resource` (UTF-8, with an XML declaration)."""
    root = element(resource, landing)
    etree.indent(root, space="  ")
    body: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return body + b"\n"
