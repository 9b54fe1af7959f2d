"""Reading article XML that arrives from outside, safely.

`parse` never fetches anything (no network, no DTD loading), never expands entities
(so neither "billion laughs" nor an external entity naming a local file can do harm),
and drops comments and processing instructions. Bytes that are not well-formed XML
raise `NotXml`, which each format turns into its own error naming where.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

__all__ = ["NotXml", "parse"]


class NotXml(ValueError):
    """The bytes are not well-formed XML (the message says why)."""


def parse(data: bytes, *, huge_tree: bool = False) -> Any:
    """The root element of `data`; `huge_tree` lifts libxml2's limits on text and depth
    for documents that embed large files (OJS exports carry galleys in base64)."""
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=huge_tree,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError, TypeError) as exc:
        raise NotXml(f"not XML: {exc}") from None
