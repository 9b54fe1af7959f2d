"""The metadata exports of a published article, by key: what ``/journals/articles/<pk>/
export/<key>`` serves, the landing page links (``describedby``) and ``sankofa journals
export`` prints.

=========  ===============================================  ==============================
key        what                                             media type
=========  ===============================================  ==============================
bibtex     BibTeX ``@article``                              application/x-bibtex
ris        RIS record                                       application/x-research-info-systems
csl-json   CSL-JSON (one item)                              application/vnd.citationstyles.csl+json
jats       the article's JATS XML as stored                 application/xml
dc         simple Dublin Core (``oai_dc``)                  application/xml
json       the node's JSON form of the article's metadata   application/json
=========  ===============================================  ==============================

``jats`` exists only for an article with JATS; a retracted article keeps every export
(its metadata stays, as a tombstone's does). The citations use `citations` (what to cite
is the DOI when it resolves, else the ARK).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import oai_dc
from sankofa.journals import citations, links
from sankofa.journals.articles import metadata_of
from sankofa.journals.models import Article

__all__ = ["Export", "NoSuchExport", "by_key", "formats", "render"]


class NoSuchExport(LookupError):
    """No export by that key (or none of that kind for this article)."""


@dataclass(frozen=True)
class Export:
    key: str
    label: str
    media_type: str
    extension: str
    write: Callable[[Article], bytes]


def jats_bytes(article: Article) -> bytes:
    """The article's stored JATS (NoSuchExport when it has none)."""
    if not article.jats_sha256:
        raise NoSuchExport(f"article {article.pk} has no JATS")
    with get_blobstore().open(article.jats_sha256) as stream:
        return bytes(stream.read())


def _dc(article: Article) -> bytes:
    identifiers = [links.ark_url(article)]
    if article.doi:
        identifiers.append(f"https://doi.org/{article.doi}")
    element = oai_dc.element(
        metadata_of(article), identifiers=identifiers, ark_resolver=links.absolute("/")
    )
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8"))


def _json(article: Article) -> bytes:
    return (json.dumps(article.metadata, ensure_ascii=False, indent=2) + "\n").encode()


_FORMATS = (
    Export("bibtex", "BibTeX", "application/x-bibtex; charset=utf-8", "bib",
           lambda a: citations.bibtex(a).encode()),
    Export("ris", "RIS", "application/x-research-info-systems; charset=utf-8", "ris",
           lambda a: citations.ris(a).encode()),
    Export("csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "json",
           lambda a: citations.csl_json(a).encode()),
    Export("jats", "JATS XML", "application/xml", "xml", jats_bytes),
    Export("dc", "Dublin Core", "application/xml", "dc.xml", _dc),
    Export("json", "JSON", "application/json", "json", _json),
)  # fmt: skip


def formats(article: Article | None = None) -> list[Export]:
    """The exports (of `article`: ``jats`` only when it has JATS)."""
    return [f for f in _FORMATS if article is None or f.key != "jats" or bool(article.jats_sha256)]


def by_key(key: str) -> Export:
    """The export named `key`; NoSuchExport if none."""
    for fmt in _FORMATS:
        if fmt.key == key:
            return fmt
    raise NoSuchExport(f"no export {key!r}: one of {', '.join(f.key for f in _FORMATS)}")


def render(article: Article, key: str) -> bytes:
    """The export `key` of `article`."""
    return by_key(key).write(article)
