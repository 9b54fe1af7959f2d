"""The parts of JATS reading that `jats` builds on: plain text from mixed content, links
typed as identifiers, and the back matter (references, data availability, related
objects).  Pure functions of lxml elements of one article; see `jats` for the contract.

Plain text: markup is flattened, whitespace runs become one space.  Paragraphs: ``p``,
list items and section titles each make one paragraph (an element holding only inline
content is one paragraph); labels and ``object-id`` are dropped.

Links are typed, in this order: a SWHID (``swh:1:…``, also inside a Software Heritage
URL; qualifiers kept when they parse), an ARK (``ark:``, also behind a resolver), a DOI
(bare ``10.…/…``, ``doi:`` or a doi.org URL), else an http(s)/ftp URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from sankofa.core.formats.article import model as m
from sankofa.core.identifiers import Ark, Doi, IdentifierError, Ror
from sankofa.swhid.identifiers import SWHIDError, parse_swhid

__all__ = [
    "XLINK_HREF",
    "XML_LANG",
    "classify",
    "data_availability",
    "funder_id",
    "lang",
    "paragraphs",
    "plain",
    "references",
    "related",
]

Element = Any  # lxml ships no type stubs
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_DATA_TYPES = frozenset({"data-availability", "data_availability", "datasets", "data-access"})
_BLOCKS = frozenset({"p", "sec", "list", "list-item", "title", "disp-quote", "boxed-text"})
_NESTED = frozenset({"sec", "list", "list-item", "boxed-text", "disp-quote"})
_DROPPED = frozenset({"label", "object-id"})
# Elements that hold a field of their own (citation parts, address parts) get a space
# before them when a word or a full stop runs into them, as XML often leaves none.
_GAP = "\x00"  # not allowed in XML, so never in the text
_AFTER_WORD_GAP = re.compile(r"(?<=[\w.])\x00")
_FIELDS = frozenset(
    {
        *("addr-line", "article-title", "chapter-title", "city", "collab", "comment"),
        *("country", "data-title", "edition", "etal", "fpage", "institution", "issue"),
        *("lpage", "person-group", "pub-id", "publisher-loc", "publisher-name", "source"),
        *("volume", "year"),
    }
)
_TITLES = ("article-title", "chapter-title", "data-title", "part-title")
_CITATIONS = ("mixed-citation", "element-citation", "citation", "nlm-citation")
_NAMES = frozenset({"name", "string-name", "collab"})
_DOI_LIKE = re.compile(r"(?:https?://(?:dx\.|www\.)?doi\.org/|doi:\s*|10\.[0-9]+/)", re.I)
_URL = re.compile(r"(?:https?|ftp)://\S+", re.I)


# Text


def local(tag: object) -> str:
    """The local name of an element's tag ("" for comments and the like)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _pieces(el: Element, skip: frozenset[str]) -> Iterator[str]:
    if el.text:
        yield el.text
    for child in el:
        tag = local(child.tag)
        if tag in _FIELDS:
            yield _GAP
        if tag in ("name", "string-name") and child.find("surname") is not None:
            yield _citation_name(child)
        elif tag not in skip:
            yield from _pieces(child, skip)
        if child.tail:
            yield child.tail


def plain(el: Element | None, skip: frozenset[str] = frozenset()) -> str:
    """The element's text, markup flattened, whitespace runs made one space; elements
    named in ``skip`` are left out (their tails kept)."""
    if el is None:
        return ""
    text = _AFTER_WORD_GAP.sub(" ", "".join(_pieces(el, skip))).replace(_GAP, "")
    return " ".join(text.split())


def paragraphs(el: Element, keep_title: bool = False) -> list[str]:
    """Block paragraphs (the element's own title only when ``keep_title``)."""
    if not any(local(child.tag) in _BLOCKS for child in el):
        text = plain(el, _DROPPED)
        return [text] if text else []
    out: list[str] = []
    if el.text and el.text.strip():
        out.append(" ".join(el.text.split()))
    for child in el:
        tag = local(child.tag)
        if tag in _DROPPED or (tag == "title" and not keep_title):
            continue
        if tag in _NESTED:
            out += paragraphs(child, keep_title=True)
        else:
            text = plain(child)
            if text:
                out.append(text)
    return out


def lang(el: Element | None) -> str | None:
    """The element's own ``@xml:lang``, or None."""
    value = el.get(XML_LANG) if el is not None else None
    return (value.strip() or None) if value else None


# Identifiers


def doi(text: str) -> str | None:
    """The DOI name in ``text`` (bare, ``doi:`` or doi.org URL), or None."""
    try:
        return str(Doi.parse(text))
    except IdentifierError:
        return None


def _swhid(text: str) -> str | None:
    start = text.find("swh:1:")
    if start < 0:
        return None
    value = text[start:]
    for candidate in (value, value.split(";", 1)[0]):
        try:
            return str(parse_swhid(candidate, strict=False))
        except SWHIDError:
            continue
    return None


def classify(text: str) -> tuple[str, str] | None:
    """(identifier type, identifier) of a link: SWHID, ARK, DOI or URL; None if none."""
    value = text.strip()
    swhid = _swhid(value)
    if swhid:
        return "SWHID", swhid
    if "ark:" in value:
        try:
            return "ARK", str(Ark.parse(value))
        except IdentifierError:
            pass
    if _DOI_LIKE.match(value):
        found = doi(value)
        if found:
            return "DOI", found
    if _URL.fullmatch(value):
        return "URL", value
    return None


def funder_id(text: str) -> str | None:
    """A funder's id as a ROR URI or a Funder Registry DOI (bare digits get 10.13039/)."""
    value = text.strip()
    if value.isdigit():
        value = f"10.13039/{value}"
    if "ror.org" in value:
        try:
            return str(Ror.parse(value))
        except IdentifierError:
            return None
    return doi(value)


# References


def references(root: Element) -> Iterator[m.Reference]:
    """Every ``ref`` under the article's ``back``, in order."""
    back = root.find("back")
    if back is not None:
        for ref in back.iter("ref"):
            yield reference(ref)


def _citation_name(el: Element) -> str:
    if local(el.tag) in ("name", "string-name") and el.find("surname") is not None:
        parts = (plain(el.find(p)) for p in ("surname", "suffix", "given-names"))
        return " ".join(p for p in parts if p)
    return plain(el)


def _is_printed(cit: Element) -> bool:
    if local(cit.tag) == "mixed-citation":
        return True
    return bool((cit.text or "").strip()) or any((c.tail or "").strip() for c in cit)


def reference(ref: Element) -> m.Reference:
    """A ``ref``: its fields from the element-citation if there is one (else the first
    citation), its text from the first printed (mixed) citation, else composed."""
    label = plain(ref.find("label"))
    cits = list(ref.iter(*_CITATIONS))
    if not cits:
        return m.Reference(label=label, text=plain(ref, frozenset({"label"})))
    cit = next((c for c in cits if local(c.tag) == "element-citation"), cits[0])
    group = cit.find("person-group[@person-group-type='author']")
    if group is None:
        group = cit.find("person-group")
    holder = group if group is not None else cit
    authors = tuple(
        name for name in (_citation_name(n) for n in holder if local(n.tag) in _NAMES) if name
    )
    doi_el = cit.find(".//pub-id[@pub-id-type='doi']")
    found_doi = doi(plain(doi_el)) if doi_el is not None else None
    links = [(e.get(XLINK_HREF) or plain(e)).strip() for e in cit.iter("ext-link", "uri")]
    if found_doi is None:
        found_doi = next((d for d in map(doi, filter(_DOI_LIKE.match, links)) if d), None)
    pmid = cit.find(".//pub-id[@pub-id-type='pmid']")
    fields = {
        "title": next((t for t in map(plain, map(cit.find, _TITLES)) if t), ""),
        "source": plain(cit.find("source")),
        "year": plain(cit.find("year")) or plain(cit.find("date/year")),
        "volume": plain(cit.find("volume")),
        "first_page": plain(cit.find("fpage")) or plain(cit.find("elocation-id")),
    }
    printed = next((c for c in cits if _is_printed(c)), None)
    text = plain(printed) if printed is not None else _composed(authors, fields, cit, found_doi)
    return m.Reference(
        label=label,
        text=text,
        doi=found_doi,
        pmid=plain(pmid) or None,
        url=next((u for u in links if u and not _DOI_LIKE.match(u)), None),
        authors=authors,
        **fields,
    )


def _composed(
    authors: tuple[str, ...], fields: dict[str, str], cit: Element, found_doi: str | None
) -> str:
    """The text of an element-citation, which holds no punctuation of its own:
    ``Authors (year). Title. Source volume:fpage-lpage. doi:...``."""
    head = ", ".join(authors)
    if fields["year"]:
        head = f"{head} ({fields['year']})".strip()
    pages = "\N{EN DASH}".join(p for p in (fields["first_page"], plain(cit.find("lpage"))) if p)
    where = " ".join(p for p in (fields["source"], fields["volume"]) if p)
    if pages:
        where = f"{where}:{pages}" if fields["volume"] else f"{where} {pages}".strip()
    parts = [head, fields["title"], where, f"doi:{found_doi}" if found_doi else ""]
    kept = [p.rstrip(".") for p in parts if p]
    return ". ".join(kept) + "." if kept else ""


# Data availability and related objects


def _main_parts(root: Element) -> list[Element]:
    parts = (root.find("front/article-meta"), root.find("body"), root.find("back"))
    return [p for p in parts if p is not None]


def _data_sections(root: Element) -> Iterator[Element]:
    for part in _main_parts(root):
        for el in part.iter("sec", "notes", "fn"):
            kind = el.get("sec-type") or el.get("notes-type") or el.get("fn-type") or ""
            if kind.lower() in _DATA_TYPES:
                yield el


def data_availability(root: Element) -> str:
    """The data-availability statement: its sections' paragraphs, then any custom-meta
    named "Data Availability", separated by blank lines."""
    found = [p for sec in _data_sections(root) for p in paragraphs(sec)]
    meta = root.find("front/article-meta")
    for custom in meta.iter("custom-meta") if meta is not None else ():
        key = f"{custom.get('id', '')} {plain(custom.find('meta-name'))}".lower()
        if "data availability" in key or "data-availability" in key:
            found.append(plain(custom.find("meta-value")))
    return "\n\n".join(p for p in found if p)


def related(root: Element) -> tuple[m.RelatedObject, ...]:
    """Datasets and software the article links to, each identifier once."""
    seen: dict[tuple[str, str], m.RelatedObject] = {}
    for found in _related_candidates(root):
        seen.setdefault((found.identifier_type, found.identifier), found)
    return tuple(seen.values())


def _related_candidates(root: Element) -> Iterator[m.RelatedObject]:
    # lxml elements compare by identity; the set keeps their proxies alive
    in_data = {el for sec in _data_sections(root) for el in sec.iter()}
    for part in _main_parts(root):
        for obj in part.iter("related-object"):
            found = _related_object(obj, obj in in_data)
            if found is not None:
                yield found
    for part in _main_parts(root):
        for link in part.iter("ext-link", "uri", "pub-id"):
            target = classify(link.get(XLINK_HREF) or plain(link))
            if target is None or (link not in in_data and target[0] != "SWHID"):
                continue
            if any(a.tag == "related-object" for a in link.iterancestors()):
                continue
            kind = "software" if target[0] == "SWHID" else ""
            yield m.RelatedObject(identifier=target[1], identifier_type=target[0], kind=kind)


def _related_object(obj: Element, in_data: bool) -> m.RelatedObject | None:
    described = f"{obj.get('content-type', '')} {obj.get('document-type', '')}".lower()
    kind = "software" if "software" in described else "dataset" if "data" in described else ""
    if not (kind or in_data):
        return None
    doi_el = obj.find(".//pub-id[@pub-id-type='doi']")
    candidates = [plain(doi_el)]
    candidates += [obj.get(a) or "" for a in (XLINK_HREF, "source-id", "document-id")]
    candidates += [e.get(XLINK_HREF) or plain(e) for e in obj.iter("ext-link", "uri")]
    target = next((t for t in map(classify, filter(None, candidates)) if t), None)
    if target is None:
        return None
    relation = "isSupplementedBy" if described.startswith("generated") else "references"
    return m.RelatedObject(
        identifier=target[1], identifier_type=target[0], relation=relation, kind=kind
    )
