"""OAI-PMH ``oai_datacite``: DataCite metadata in the DataCite OAI envelope, schema 1.1.

The element is ``<oai_datacite>`` in ``http://schema.datacite.org/oai/oai-1.1/`` with
``xsi:schemaLocation`` ``http://schema.datacite.org/oai/oai-1.1/oai.xsd``, holding, in
this order, ``schemaVersion`` (the kernel version of the payload, ``4.6``),
``datacentreSymbol`` (the DataCite repository account of the node) and ``payload``: the
complete kernel-4 ``<resource>`` (``http://datacite.org/schema/kernel-4``), unaltered.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

__all__ = ["NAMESPACE", "SCHEMA", "element"]

NAMESPACE: Final = "http://schema.datacite.org/oai/oai-1.1/"
SCHEMA: Final = "http://schema.datacite.org/oai/oai-1.1/oai.xsd"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"


def element(
    kernel_xml: bytes, datacentre_symbol: str, schema_version: str = "4.6"
) -> etree._Element:
    """The ``oai_datacite`` element wrapping the kernel-4 document `kernel_xml`."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    resource = etree.fromstring(kernel_xml, parser)
    root = etree.Element(f"{{{NAMESPACE}}}oai_datacite", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NAMESPACE} {SCHEMA}")
    etree.SubElement(root, f"{{{NAMESPACE}}}schemaVersion").text = schema_version
    etree.SubElement(root, f"{{{NAMESPACE}}}datacentreSymbol").text = datacentre_symbol
    etree.SubElement(root, f"{{{NAMESPACE}}}payload").append(resource)
    return root
