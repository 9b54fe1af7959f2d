"""Writing an `Article` as a JATS 1.1 Journal Publishing document (NISO Z39.96-2015).

`write` makes the whole document: the DOCTYPE of the Journal Publishing DTD 1.1
(``-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN``,
``JATS-journalpublishing1.dtd``), ``<article dtd-version="1.1">`` with the article's
``article-type`` and ``xml:lang`` (left out when the article has no language), the front
matter written from the metadata, the given ``<body>`` and a ``<back>`` holding the data
availability section, the reference list and the given extra back matter. The output is
meant to be valid against that DTD (JATS production checks it; the tests do too) and to
read back with `sankofa.core.formats.article.jats.read` to the same facts.

Choices, where JATS 1.1 leaves room or lacks a thing:

* article-id: ``doi``, ``ark``, ``pmid``, ``pmcid`` and ``publisher-id`` are all values
  of 1.1's enumerated ``pub-id-type``.
* journal-id: the journal's own id as ``journal-id-type="publisher-id"`` (1.1 requires
  one: a journal without an id gets its abbreviated title, else its title); ISSNs as
  ``pub-type="ppub"``/``"epub"`` with ``publication-format="print"``/``"electronic"``.
  JATS Publishing 1.1 requires at least one ISSN: without one the DTD refuses the
  document (JATS production says so before it starts).
* contributors: one ``contrib-group``; ``contrib-type`` author, editor or translator;
  ``corresp="yes"``; ORCID iD as ``contrib-id[@contrib-id-type="orcid"]`` in its URL form
  (``authenticated`` is not claimed); a group as ``collab``. Affiliations are ``aff``
  elements after the group (one per distinct affiliation, ids ``aff1``…, pointed to by
  ``xref[@ref-type="aff"]``): ``institution-wrap`` with the name and
  ``institution-id[@institution-id-type="ror"]``, and ``country/@country``.
* CRediT roles: JATS 1.1 has no ``@vocab`` attributes on ``role`` (they came with 1.2),
  so each role is a plain ``<role>`` holding the CRediT term, its ``@content-type`` the
  term's URI at credit.niso.org (which `jats.read` reads back as CRediT roles).
* pub-date: ``date-type="pub" publication-format="electronic"`` with ``iso-8601-date``;
  received and accepted in ``history``. JATS Publishing requires a pub-date: an article
  without ``published`` makes a document the DTD refuses.
* licence: ``license[@xlink:href]`` with the licence text as ``license-p`` paragraphs;
  1.1 requires a ``license-p``, so an article with a licence URL and no text gets one
  holding a link to the URL (which reads back as the licence text).
* abstracts: the first, and any later one in the article's language (or without one),
  as ``abstract``; the others as ``trans-abstract`` with ``xml:lang``; paragraphs (blank
  line separated in the model) as ``p``.
* data availability: ``back/sec[@sec-type="data-availability"]`` with a title
  (`data_availability_title`) and the statement's paragraphs.
* related objects: ``related-object`` elements with ``document-id`` and
  ``document-id-type`` (doi, ark, swhid, uri), ``xlink:href`` the resolvable link, and
  ``content-type`` the kind, prefixed ``generated-`` for data the article itself made
  (relation ``isSupplementedBy``). Those of kind dataset or software go in article-meta
  after the history; the others in the data-availability section, where JATS readers
  look for them (there as empty elements, so the statement's text stays as written).
  Relations other than ``references`` and ``isSupplementedBy`` are not told apart.
* references: ``ref`` with ``label``, an ``element-citation`` of the known parts
  (``person-group`` of ``string-name``s, ``article-title``, ``source``, ``year``,
  ``volume``, ``fpage``, ``pub-id`` doi and pmid, ``ext-link`` url) and the printed text
  as ``mixed-citation``.
* funding: one ``award-group`` per funder (``funding-source`` with ``institution-wrap``,
  ``institution-id`` typed doi or ror) with its ``award-id``s; ``extra["funding_statement"]``
  as ``funding-statement``.

Not written: fields the model holds that have no place here (``extra`` other than the
funding statement). Pure: no Django, no I/O; `body` and `back_extra` are parsed without
DTD loading or entity expansion (`xmlinput.parse`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from sankofa.core.formats.article import model as m
from sankofa.core.formats.article import xmlinput

__all__ = ["DOCTYPE", "PUBLIC_ID", "SYSTEM_ID", "JatsWriteError", "write"]

PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN"
SYSTEM_ID = "JATS-journalpublishing1.dtd"
DOCTYPE = f'<!DOCTYPE article PUBLIC "{PUBLIC_ID}" "{SYSTEM_ID}">'

XLINK = "http://www.w3.org/1999/xlink"
MML = "http://www.w3.org/1998/Math/MathML"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_HREF = f"{{{XLINK}}}href"
_CREDIT_URI = "https://credit.niso.org/contributor-roles/{}/"
_ID_TYPES = {"DOI": "doi", "ARK": "ark", "SWHID": "swhid", "URL": "uri"}

Element = Any  # lxml ships no type stubs


class JatsWriteError(ValueError):
    """`body` or `back_extra` is not the XML of a ``<body>`` or ``<back>`` element."""


def write(
    article: m.Article,
    *,
    body: bytes | None = None,
    back_extra: bytes | None = None,
    data_availability_title: str = "Data availability",
) -> bytes:
    """The JATS 1.1 Journal Publishing document of `article` (UTF-8, with the XML
    declaration and DOCTYPE): the front matter from the metadata (see the module
    docstring), then `body` (the XML of a ``<body>`` element, kept as it is), then the
    back matter: the data-availability section, the reference list, and the children
    of `back_extra` (the XML of a ``<back>`` element) in their order. Raises
    `JatsWriteError` when `body` or `back_extra` is not XML of the right element."""
    root = etree.Element("article", nsmap={"xlink": XLINK, "mml": MML})
    root.set("article-type", article.article_type or "research-article")
    root.set("dtd-version", "1.1")
    if article.language:
        root.set(_XML_LANG, article.language)
    front = _sub(root, "front")
    front.append(_journal_meta(article.journal))
    front.append(_ArticleMeta(article).element())
    if body is not None:
        root.append(_fragment(body, "body"))
    back = _back(article, back_extra, data_availability_title)
    if len(back):
        root.append(back)
    data: bytes = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE, pretty_print=True
    )
    return data


# building blocks


def _sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    el = etree.SubElement(parent, tag)
    for name, value in attrs.items():
        el.set(_attr_name(name), value)
    if text is not None:
        el.text = text
    return el


def _attr_name(name: str) -> str:
    if name == "lang":
        return _XML_LANG
    if name == "href":
        return _HREF
    return name.replace("_", "-")


def _lang(el: Element, lang: str | None) -> Element:
    if lang:
        el.set(_XML_LANG, lang)
    return el


def _fragment(data: bytes, tag: str) -> Element:
    try:
        el = xmlinput.parse(data)
    except xmlinput.NotXml as exc:
        raise JatsWriteError(f"<{tag}>: {exc}") from None
    if el.tag != tag:
        raise JatsWriteError(f"expected a <{tag}> element, got <{el.tag}>")
    return el


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _date(parent: Element, tag: str, date: m.PartialDate, **attrs: str) -> Element:
    el = _sub(parent, tag, **attrs)
    if date.day is not None:
        _sub(el, "day", f"{date.day:02d}")
    if date.month is not None:
        _sub(el, "month", f"{date.month:02d}")
    _sub(el, "year", f"{date.year:04d}")
    return el


def _link(kind: str, identifier: str) -> str:
    """A resolvable link for an identifier typed DOI, ARK, SWHID or URL."""
    if kind == "DOI":
        return f"https://doi.org/{identifier}"
    if kind == "ARK":
        return f"https://n2t.net/{identifier}"
    if kind == "SWHID":
        return f"https://archive.softwareheritage.org/{identifier}"
    return identifier


# front


def _journal_meta(journal: m.Journal) -> Element:
    jm = etree.Element("journal-meta")
    journal_id = journal.journal_id or journal.abbrev_title or journal.title
    if journal_id:
        _sub(jm, "journal-id", journal_id, journal_id_type="publisher-id")
    if journal.title or journal.abbrev_title:
        group = _sub(jm, "journal-title-group")
        if journal.title:
            _sub(group, "journal-title", journal.title)
        if journal.abbrev_title:
            _sub(group, "abbrev-journal-title", journal.abbrev_title)
    if journal.issn_print:
        _sub(jm, "issn", journal.issn_print, pub_type="ppub", publication_format="print")
    if journal.issn_online:
        _sub(jm, "issn", journal.issn_online, pub_type="epub", publication_format="electronic")
    if journal.publisher:
        publisher = _sub(jm, "publisher")
        _sub(publisher, "publisher-name", journal.publisher)
        if journal.publisher_location:
            _sub(publisher, "publisher-loc", journal.publisher_location)
    return jm


class _ArticleMeta:
    """``article-meta``, its children in the order of the DTD's content model."""

    def __init__(self, article: m.Article) -> None:
        self.article = article
        self.meta = etree.Element("article-meta")

    def element(self) -> Element:
        a = self.article
        self.ids()
        if a.section:
            group = _sub(_sub(self.meta, "article-categories"), "subj-group")
            group.set("subj-group-type", "heading")
            _sub(group, "subject", a.section)
        self.titles()
        self.contributors()
        if a.published is not None:
            pub = _date(self.meta, "pub-date", a.published, date_type="pub")
            pub.set("publication-format", "electronic")
            pub.set("iso-8601-date", a.published.iso())
        self.numbering()
        self.history()
        self.permissions()
        for obj in a.related:
            if _in_front(obj):
                self.meta.append(_related_object(obj))
        self.abstracts()
        self.keywords()
        self.funding()
        return self.meta

    def ids(self) -> None:
        a = self.article
        pairs = (
            ("doi", a.doi),
            ("ark", a.ark),
            ("pmid", a.pmid),
            ("pmcid", a.pmcid),
            ("publisher-id", a.publisher_id),
        )
        for kind, value in pairs:
            if value:
                _sub(self.meta, "article-id", value, pub_id_type=kind)

    def titles(self) -> None:
        a = self.article
        group = _sub(self.meta, "title-group")
        _lang(_sub(group, "article-title", a.titles[0].value), a.titles[0].lang)
        if a.subtitle:
            _sub(group, "subtitle", a.subtitle)
        for title in a.titles[1:]:
            trans = _lang(_sub(group, "trans-title-group"), title.lang)
            _sub(trans, "trans-title", title.value)

    def contributors(self) -> None:
        contributors = self.article.contributors
        if not contributors:
            return
        affs: dict[m.Affiliation, str] = {}
        for c in contributors:
            for aff in c.affiliations:
                affs.setdefault(aff, f"aff{len(affs) + 1}")
        group = _sub(self.meta, "contrib-group")
        for c in contributors:
            group.append(_contrib(c, affs))
        for aff, aff_id in affs.items():
            self.meta.append(_aff(aff, aff_id))

    def numbering(self) -> None:
        a = self.article
        if a.volume:
            _sub(self.meta, "volume", a.volume)
        if a.issue:
            _sub(self.meta, "issue", a.issue)
        if a.first_page:
            _sub(self.meta, "fpage", a.first_page)
            if a.last_page:
                _sub(self.meta, "lpage", a.last_page)
        elif a.elocation_id:
            _sub(self.meta, "elocation-id", a.elocation_id)

    def history(self) -> None:
        a = self.article
        if a.received is None and a.accepted is None:
            return
        history = _sub(self.meta, "history")
        if a.received is not None:
            _date(history, "date", a.received, date_type="received")
        if a.accepted is not None:
            _date(history, "date", a.accepted, date_type="accepted")

    def permissions(self) -> None:
        a = self.article
        if not (a.licence or a.copyright_statement):
            return
        perms = _sub(self.meta, "permissions")
        if a.copyright_statement:
            _sub(perms, "copyright-statement", a.copyright_statement)
        if a.licence is None:
            return
        licence = _sub(perms, "license")
        if a.licence.url:
            licence.set(_HREF, a.licence.url)
        texts = _paragraphs(a.licence.text)
        for text in texts:
            _sub(licence, "license-p", text)
        if not texts:
            p = _sub(licence, "license-p")
            if a.licence.url:
                _sub(p, "ext-link", a.licence.url, ext_link_type="uri", href=a.licence.url)

    def abstracts(self) -> None:
        a = self.article
        main = [t for i, t in enumerate(a.abstracts) if i == 0 or _same_lang(t, a.language)]
        for tag, texts in (
            ("abstract", main),
            ("trans-abstract", [t for t in a.abstracts if t not in main]),
        ):
            for text in texts:
                el = _lang(_sub(self.meta, tag), text.lang)
                for para in _paragraphs(text.value) or [text.value]:
                    _sub(el, "p", para)

    def keywords(self) -> None:
        groups: dict[str | None, list[str]] = {}
        for kwd in self.article.keywords:
            groups.setdefault(kwd.lang, []).append(kwd.value)
        for lang, values in groups.items():
            group = _lang(_sub(self.meta, "kwd-group"), lang)
            for value in values:
                _sub(group, "kwd", value)

    def funding(self) -> None:
        statement = self.article.extra.get("funding_statement", "")
        if not (self.article.funding or statement):
            return
        group = _sub(self.meta, "funding-group")
        for funding in self.article.funding:
            award = _sub(group, "award-group")
            wrap = _sub(_sub(award, "funding-source"), "institution-wrap")
            _sub(wrap, "institution", funding.funder_name)
            if funding.funder_id:
                kind = "ror" if "ror.org" in funding.funder_id else "doi"
                _sub(wrap, "institution-id", funding.funder_id, institution_id_type=kind)
            for award_id in funding.award_ids:
                _sub(award, "award-id", award_id)
        if statement:
            _sub(group, "funding-statement", statement)


def _same_lang(text: m.Text, language: str | None) -> bool:
    return text.lang is None or text.lang == language


def _contrib(c: m.Contributor, affs: dict[m.Affiliation, str]) -> Element:
    el = etree.Element("contrib")
    el.set("contrib-type", str(c.kind))
    if c.corresponding:
        el.set("corresp", "yes")
    if c.orcid:
        _sub(el, "contrib-id", f"https://orcid.org/{c.orcid}", contrib_id_type="orcid")
    if c.surname:
        name = _sub(el, "name")
        _sub(name, "surname", c.surname)
        if c.given_names:
            _sub(name, "given-names", c.given_names)
    else:
        _sub(el, "collab", c.collab)
    for aff in c.affiliations:
        _sub(el, "xref", ref_type="aff", rid=affs[aff])
    if c.email:
        _sub(el, "email", c.email)
    for role in c.credit_roles:
        _sub(el, "role", role, content_type=_CREDIT_URI.format(_credit_slug(role)))
    return el


def _credit_slug(term: str) -> str:
    return "-".join(re.sub(r"[^a-z]+", " ", term.lower()).split())


def _aff(aff: m.Affiliation, aff_id: str) -> Element:
    el = etree.Element("aff", id=aff_id)
    wrap = _sub(el, "institution-wrap")
    if aff.ror:
        _sub(wrap, "institution-id", aff.ror, institution_id_type="ror")
    _sub(wrap, "institution", aff.name)
    if aff.country:
        wrap.tail = ", "
        _sub(el, "country", aff.country, country=aff.country)
    return el


# related objects and back matter


def _in_front(obj: m.RelatedObject) -> bool:
    return obj.kind in ("dataset", "software")


def _related_object(obj: m.RelatedObject) -> Element:
    el = etree.Element("related-object")
    kind = obj.kind
    if obj.relation == "isSupplementedBy":
        kind = f"generated-{kind}" if kind else "generated"
    if kind:
        el.set("content-type", kind)
    el.set("document-id", obj.identifier)
    el.set("document-id-type", _ID_TYPES.get(obj.identifier_type, obj.identifier_type.lower()))
    el.set(_HREF, _link(obj.identifier_type, obj.identifier))
    return el


def _back(article: m.Article, back_extra: bytes | None, title: str) -> Element:
    back = etree.Element("back")
    statement = _paragraphs(article.data_availability)
    unplaced = [obj for obj in article.related if not _in_front(obj)]
    if statement or unplaced:
        sec = _sub(back, "sec", sec_type="data-availability")
        _sub(sec, "title", title)
        for para in statement:
            _sub(sec, "p", para)
        if unplaced:
            p = _sub(sec, "p")
            for obj in unplaced:
                p.append(_related_object(obj))
    if article.references:
        ref_list = _sub(back, "ref-list")
        for index, ref in enumerate(article.references, 1):
            ref_list.append(_ref(ref, f"ref{index}"))
    if back_extra is not None:
        for child in list(_fragment(back_extra, "back")):
            back.append(child)
    return back


def _ref(ref: m.Reference, ref_id: str) -> Element:
    el = etree.Element("ref", id=ref_id)
    if ref.label:
        _sub(el, "label", ref.label)
    parts = list(_citation_parts(ref))
    if parts:
        cit = _sub(el, "element-citation")
        for part in parts:
            cit.append(part)
    if ref.text or not parts:
        _sub(el, "mixed-citation", ref.text)
    return el


def _citation_parts(ref: m.Reference) -> Iterator[Element]:
    if ref.authors:
        group = etree.Element("person-group", {"person-group-type": "author"})
        for author in ref.authors:
            _sub(group, "string-name", author)
        yield group
    simple: Iterable[tuple[str, str]] = (
        ("article-title", ref.title),
        ("source", ref.source),
        ("year", ref.year),
        ("volume", ref.volume),
        ("fpage", ref.first_page),
    )
    for tag, value in simple:
        if value:
            yield _leaf(tag, value)
    if ref.doi:
        yield _leaf("pub-id", ref.doi, {"pub-id-type": "doi"})
    if ref.pmid:
        yield _leaf("pub-id", ref.pmid, {"pub-id-type": "pmid"})
    if ref.url:
        yield _leaf("ext-link", ref.url, {"ext-link-type": "uri", _HREF: ref.url})


def _leaf(tag: str, text: str, attrs: dict[str, str] | None = None) -> Element:
    el = etree.Element(tag, attrs or {})
    el.text = text
    return el
