"""Simple Dublin Core (OAI-PMH ``oai_dc``) of a journal article.

`element` writes ``<oai_dc:dc>`` (``http://www.openarchives.org/OAI/2.0/oai_dc/``, the
elements in ``http://purl.org/dc/elements/1.1/``, ``xsi:schemaLocation`` naming
``oai_dc.xsd``), valid against ``oai_dc.xsd``. Elements come in this order, one per value:

* ``dc:title``: every title (``xml:lang`` when it has a language), the first followed by
  ``": "`` and the subtitle if there is one;
* ``dc:creator``: every author, ``Surname, Given names`` (a group by its name);
  ``dc:contributor``: editors and translators, the same way;
* ``dc:subject``: every keyword (with its language); ``dc:description``: every abstract;
* ``dc:publisher``: the journal's publisher, else the journal's title;
* ``dc:date``: the publication date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``);
* ``dc:type``: ``Text`` (DCMI type), then ``info:eu-repo/semantics/article``;
* ``dc:identifier``: the ``identifiers`` the caller gives (ARK URL, DOI URL…), in order;
* ``dc:source``: the journal's title, then each ISSN as ``urn:ISSN:NNNN-NNNC`` (print first);
* ``dc:language``: the article's language;
* ``dc:relation``: each related object (datasets, software) as a URL where it resolves: a
  DOI at ``https://doi.org/``, an ARK at the node's resolver (``ark_resolver``), a SWHID at
  Software Heritage, a URL as it is;
* ``dc:rights``: the licence's URL (machine-readable), then its text.

Blank values and repeats of an element's value are left out; characters XML 1.0 cannot
hold are dropped. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lxml import etree

from sankofa.core.formats.article.model import Article, Contributor, ContributorKind

__all__ = ["DC", "OAI_DC", "SCHEMA", "element", "related_url"]

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SWH_RESOLVER = "https://archive.softwareheritage.org/"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Value = tuple[str, str, str | None]
"""(element, text, xml:lang)."""


def related_url(identifier: str, identifier_type: str, ark_resolver: str) -> str:
    """Where a related identifier resolves: ``https://doi.org/<doi>``, ``<ark_resolver>/ark:…``,
    ``https://archive.softwareheritage.org/swh:…``, or the identifier itself."""
    kind = identifier_type.upper()
    value = identifier.strip()
    if kind == "DOI" and not value.lower().startswith("http"):
        return f"https://doi.org/{value}"
    if kind == "ARK" and value.startswith("ark:"):
        return f"{ark_resolver.rstrip('/')}/{value}"
    if kind == "SWHID" and value.startswith("swh:"):
        return f"{SWH_RESOLVER}{value}"
    return value


def _name(person: Contributor) -> str:
    if person.collab.strip():
        return person.collab.strip()
    given = person.given_names.strip()
    return f"{person.surname.strip()}, {given}" if given else person.surname.strip()


def _values(article: Article, identifiers: Sequence[str], ark_resolver: str) -> Iterator[Value]:
    a = article
    for i, title in enumerate(a.titles):
        text = title.value
        if i == 0 and a.subtitle.strip():
            text = f"{text.strip()}: {a.subtitle.strip()}"
        yield ("title", text, title.lang)
    yield from (("creator", _name(c), None) for c in a.authors)
    others = (c for c in a.contributors if c.kind != ContributorKind.AUTHOR)
    yield from (("contributor", _name(c), None) for c in others)
    yield from (("subject", k.value, k.lang) for k in a.keywords)
    yield from (("description", d.value, d.lang) for d in a.abstracts)
    yield ("publisher", a.journal.publisher.strip() or a.journal.title, None)
    yield ("date", a.published.iso() if a.published else "", None)
    yield ("type", "Text", None)
    yield ("type", "info:eu-repo/semantics/article", None)
    yield from (("identifier", value, None) for value in identifiers)
    yield ("source", a.journal.title, None)
    for issn in (a.journal.issn_print, a.journal.issn_online):
        if issn:
            yield ("source", f"urn:ISSN:{issn}", None)
    yield ("language", a.language or "", None)
    for related in a.related:
        url = related_url(related.identifier, related.identifier_type, ark_resolver)
        yield ("relation", url, None)
    if a.licence is not None:
        yield ("rights", a.licence.url or "", None)
        yield ("rights", a.licence.text, None)


def element(
    article: Article, *, identifiers: Sequence[str] = (), ark_resolver: str = ""
) -> etree._Element:
    """The ``oai_dc:dc`` element of `article` (see the module docstring); `ark_resolver`
    is the base URL an ARK is appended to (the node's)."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {SCHEMA}")
    seen: set[tuple[str, str]] = set()
    for name, raw, lang in _values(article, identifiers, ark_resolver):
        text = " ".join(_NOT_XML.sub("", raw).split()) if name != "description" else raw
        text = _NOT_XML.sub("", text).strip()
        if not text or (name, text) in seen:
            continue
        seen.add((name, text))
        child = etree.SubElement(root, f"{{{DC}}}{name}")
        child.text = text
        if lang:
            child.set(XML_LANG, _NOT_XML.sub("", lang))
    return root
