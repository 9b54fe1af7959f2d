"""Canonical form of a DataCite document, for comparing a written document with its source.

Two documents are equivalent when their canonical forms are equal bytes. The form is C14N
of the tree after removing comments, processing instructions and whitespace-only text,
with the kernel namespace as default and ``xsi`` as the only prefix (so prefix choice does
not count; C14N already sorts attributes), and with the children of each ``xs:all`` group
put in XSD order (the XSD gives that order no meaning). Everything else counts: text
exactly, attributes, the order of repeated elements.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

NS = "http://datacite.org/schema/kernel-4"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_POINT = ["pointLongitude", "pointLatitude"]

XS_ALL_ORDER: dict[str, list[str]] = {
    "resource": [
        "identifier", "creators", "titles", "publisher", "publicationYear", "resourceType",
        "subjects", "contributors", "dates", "language", "alternateIdentifiers",
        "relatedIdentifiers", "sizes", "formats", "version", "rightsList", "descriptions",
        "geoLocations", "fundingReferences", "relatedItems",
    ],
    "geoLocationPoint": _POINT,
    "polygonPoint": _POINT,
    "inPolygonPoint": _POINT,
    "geoLocationBox": [
        "westBoundLongitude", "eastBoundLongitude", "southBoundLatitude", "northBoundLatitude"
    ],
    "fundingReference": ["funderName", "funderIdentifier", "awardNumber", "awardTitle"],
}  # fmt: skip


def _meaningful(text: str | None) -> str | None:
    return text if text and text.strip() else None


def _rebuild(element: Any, parent: Any) -> Any:
    if parent is None:
        copy = etree.Element(element.tag, nsmap={None: NS, "xsi": XSI})
    else:
        copy = etree.SubElement(parent, element.tag)
    for key, value in element.attrib.items():
        copy.set(key, value)
    copy.text = _meaningful(element.text)
    children = [c for c in element if isinstance(c.tag, str)]
    order = XS_ALL_ORDER.get(etree.QName(element).localname)
    if order:
        children.sort(key=lambda c: order.index(etree.QName(c).localname))
    for child in children:
        _rebuild(child, copy).tail = _meaningful(child.tail)
    return copy


def canonical(document: bytes) -> bytes:
    parser = etree.XMLParser(remove_comments=True, remove_pis=True)
    root = etree.fromstring(document, parser)
    data: bytes = etree.tostring(_rebuild(root, None), method="c14n")
    return data
