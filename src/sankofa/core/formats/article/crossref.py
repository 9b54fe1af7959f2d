"""Crossref deposit XML (schema 5.3.1): the ``doi_batch`` that registers journal articles.

`deposit` writes UTF-8 bytes with an XML declaration: a ``doi_batch version="5.3.1"`` in
the namespace ``http://www.crossref.org/schema/5.3.1`` (prefixes ``jats`` for abstracts,
``fr`` for funding, ``ai`` for licences, ``rel`` for relations), holding ``head``
(``doi_batch_id``, ``timestamp``, ``depositor``, ``registrant``) and a ``body`` with one
``journal`` per article, children in the order the XSD's sequences require::

    journal: journal_metadata  journal_issue?  journal_article
    journal_metadata: full_title  abbrev_title?  issn*
    journal_issue: publication_date  journal_volume/volume?  issue?
    journal_article: titles+  contributors?  jats:abstract*  publication_date
        acceptance_date?  pages?  publisher_item?  fr:program?  ai:program?  rel:program?
        doi_data  citation_list?

What each holds, from the `Article`:

* ``journal_metadata``: the journal's title (1 to 255 characters), abbreviation (up to
  150) and ISSNs as ``NNNN-NNNC``, check digit verified, ``media_type`` ``print`` or
  ``electronic``. ``journal_issue`` only when the article has a volume or an issue
  number; its ``publication_date`` is the article's.
* ``journal_article`` (``publication_type="full_text"``, ``language`` when the article's
  language, or its first title's, has an ISO 639-1 code in Crossref's list).
  ``titles``: one per `Text` of ``titles`` (at most 20, as the XSD allows, the way
  Crossref takes multilingual titles), the subtitle in the first; ``original_language_title``
  is for translated works and is not used.
* ``contributors``: in order; a person as ``person_name`` (``given_name`` if any,
  ``surname``, ``affiliations/institution`` with ``institution_name`` and
  ``institution_id type="ror"``, ``ORCID authenticated="false"`` as
  ``https://orcid.org/…``, checksum verified), a group (``collab``) as ``organization``.
  ``contributor_role`` is ``author``, ``editor`` or ``translator``; ``sequence`` is
  ``first`` for the first contributor of each role, ``additional`` for the others.
  Crossref limits names to 60 characters with no digit outside one word and no ``?``
  before the first word (``[^\\d\\?]*[^\\?\\s]+[^\\d]*``): names have every run of Unicode
  white space made one space, a name that does not fit has its digits and question marks
  removed, and every name is cut to 60 characters.
* ``jats:abstract``: one per `Text` of ``abstracts``, ``xml:lang`` from its language,
  one ``jats:p`` per paragraph (paragraphs are separated by blank lines).
* ``publication_date media_type="online"`` from ``published`` (required),
  ``acceptance_date`` from ``accepted``; each ``month? day? year`` (1400 to 2200).
* ``pages`` (``first_page``, ``last_page``), ``publisher_item/item_number
  item_number_type="article_number"`` for the ``elocation_id``; each up to 32 characters.
* ``fr:program name="fundref"``: one ``fundgroup`` assertion per `Funding`, holding
  ``funder_name`` (with ``funder_identifier`` inside it: a Funder Registry DOI as
  ``https://doi.org/10.13039/…`` or a ROR id as ``https://ror.org/…``) and one
  ``award_number`` per award.
* ``ai:program name="AccessIndicators"``: when the licence has a URL, ``free_to_read``
  (Sankofa journals have no paywall) and ``license_ref applies_to="vor"``, with
  ``start_date`` when the publication date is a full day.
* ``rel:program name="relations"``: one ``related_item`` per `RelatedObject`, its ``kind``
  as ``description``; ``inter_work_relation`` with the relation (Crossref's spelling:
  ``IsSupplementedBy`` becomes ``isSupplementedBy``, ``Cites`` ``references``) and the
  identifier: a DOI as ``identifier-type="doi"``, an ARK, SWHID or URL as ``"uri"``
  through a resolver (``https://n2t.net/ark:…``, ``https://archive.softwareheritage.org/swh:…``).
* ``doi_data``: the article's DOI (required, matching the XSD's ``10.NNNN/…`` with at
  most 200 characters after the slash) and ``resource``, the landing-page URL the
  caller's ``resource_url`` gives (http, https or ftp).
* ``citation_list``: one ``citation key="refN"`` per `Reference` (N counts from 1), with
  its ``doi`` when it has one the XSD takes and ``unstructured_citation``: the citation as
  printed, or failing it one made of its authors, year, title, source, volume and page.
  A reference with neither DOI nor text is left out.

Texts have their runs of XML white space collapsed, and characters XML 1.0 cannot hold
(control characters, U+FFFE, U+FFFF) removed. What the format has no place for (keywords,
section, emails, CRediT roles, received date, copyright, data availability) is dropped. A
value Crossref cannot take raises `CrossrefError` naming the article and the element,
never an invalid document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from sankofa.core.formats.article.model import (
    Affiliation,
    Article,
    Contributor,
    Funding,
    PartialDate,
    Reference,
    RelatedObject,
)
from sankofa.core.identifiers import Ark, Doi, IdentifierError, Issn, Orcid, Ror
from sankofa.swhid.identifiers import SWHIDError, parse_swhid

__all__ = [
    "AI",
    "FR",
    "JATS",
    "NS",
    "REL",
    "SCHEMA_LOCATION",
    "CrossrefError",
    "Depositor",
    "crossref_language",
    "deposit",
]

NS: Final = "http://www.crossref.org/schema/5.3.1"
JATS: Final = "http://www.ncbi.nlm.nih.gov/JATS1"
FR: Final = "http://www.crossref.org/fundref.xsd"
AI: Final = "http://www.crossref.org/AccessIndicators.xsd"
REL: Final = "http://www.crossref.org/relations.xsd"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION: Final = f"{NS} https://www.crossref.org/schemas/crossref5.3.1.xsd"
_NSMAP: Final = {None: NS, "jats": JATS, "fr": FR, "ai": AI, "rel": REL, "xsi": XSI}

# The values of the XSD's language.atts enumeration (ISO 639-1, as Crossref lists them).
_LANGUAGE_CODES: Final = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
    ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jw ka kg ki kj kk kl km kn ko kr ks
    ku kv kw ky la lb lg li ln lo lt lu lv mg mu mi mk ml mn mr ms mt my na nb nd ne ng nl
    nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
    vi vo wa wo xh yi yo za zh
"""
_LANGUAGES: Final = frozenset(_LANGUAGE_CODES.split())

# relations.xsd's inter_work_relation types, by their lower-case spelling.
_RELATION_TYPES: Final = """isDerivedFrom hasDerivation isReviewOf hasReview isCommentOn hasComment
    isReplyTo hasReply basedOnData isDataBasisFor hasRelatedMaterial isRelatedMaterial
    isCompiledBy compiles isDocumentedBy documents isSupplementTo isSupplementedBy
    isContinuedBy continues isPartOf hasPart references isReferencedBy isBasedOn isBasisFor
    requires isRequiredBy"""
_RELATIONS: Final = {name.lower(): name for name in _RELATION_TYPES.split()}
# DataCite relation types with another name in Crossref.
_RELATIONS.update({"cites": "references", "iscitedby": "isReferencedBy"})

_SWH_RESOLVER: Final = "https://archive.softwareheritage.org/"
_NOT_XML_CHAR: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_SPACE: Final = re.compile("[ \t\n\r]+")
_NAME: Final = re.compile(r"[^\d?]*[^?\x20\t\n\r]+[^\d]*")  # given_name, surname (XSD)
_DOI_T: Final = re.compile(r"10\.[0-9]{4,9}/[^\n\r]{1,200}")
_URL: Final = re.compile(r"(?i:https?|ftp)://\S+")
_LANGUAGE_TAG: Final = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")  # xs:language
_PARAGRAPH_BREAK: Final = re.compile(r"\n[ \t\r]*\n")


class CrossrefError(ValueError):
    """An article (or batch) a Crossref deposit cannot hold as it is.

    ``where`` names the article (counted from 1, with its DOI or else its title), then the
    element (``article 2 (doi 10.1234/x)/contributors/person_name[1]/ORCID``); the message
    reads ``"<where>: <reason>"``.
    """

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}" if where else reason)
        self.where = where
        self.reason = reason


@dataclass(frozen=True)
class Depositor:
    """Who sends the deposit: a name (1 to 130 characters) and an e-mail address to which
    Crossref reports the outcome (6 to 200 characters)."""

    name: str
    email_address: str


def crossref_language(tag: str | None) -> str | None:
    """The ISO 639-1 code Crossref's ``language`` attribute takes for the BCP 47 ``tag``
    (its primary subtag, lower-cased: ``pt-BR`` is ``pt``), or None if its list lacks it."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in _LANGUAGES else None


def deposit(
    articles: Sequence[Article],
    *,
    batch_id: str,
    timestamp: int,
    depositor: Depositor,
    registrant: str,
    resource_url: Callable[[Article], str],
) -> bytes:
    """The ``doi_batch`` registering ``articles`` (see the module docstring).

    ``batch_id`` (4 to 100 characters) names the batch in Crossref's reports;
    ``timestamp`` (a non-negative integer, such as ``20240314120000`` or Unix seconds)
    must grow with each deposit of the same DOI; ``registrant`` is the organisation
    registering (1 to 255 characters). ``resource_url`` gives an article's landing page.
    """
    if not articles:
        raise CrossrefError("body", "a deposit needs at least one article")
    root = etree.Element(_q("doi_batch"), nsmap=_NSMAP)
    root.set("version", "5.3.1")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    _write_head(_sub(root, "head"), batch_id, timestamp, depositor, registrant)
    body = _sub(root, "body")
    for index, article in enumerate(articles, start=1):
        _Article(index, article).write(body, resource_url(article))
    etree.indent(root, space="  ")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def _write_head(
    head: Any, batch_id: str, timestamp: int, depositor: Depositor, registrant: str
) -> None:
    values = [
        ("doi_batch_id", batch_id, 4, 100),
        ("depositor/depositor_name", depositor.name, 1, 130),
        ("depositor/email_address", depositor.email_address, 6, 200),
        ("registrant", registrant, 1, 255),
    ]
    for path, value, low, high in values:
        if not low <= len(_clean(value)) <= high:
            raise CrossrefError(f"head/{path}", f"{value!r} is not {low} to {high} characters")
    if timestamp < 0:
        raise CrossrefError("head/timestamp", f"{timestamp} is negative")
    _sub(head, "doi_batch_id", batch_id)
    _sub(head, "timestamp", str(timestamp))
    element = _sub(head, "depositor")
    _sub(element, "depositor_name", depositor.name)
    _sub(element, "email_address", depositor.email_address)
    _sub(head, "registrant", registrant)


Attrs = Iterable[tuple[str, str | None]]


def _q(name: str, ns: str = NS) -> str:
    return f"{{{ns}}}{name}"


def _clean(text: str) -> str:
    """``text`` without the characters XML cannot hold, runs of white space collapsed."""
    return _XML_SPACE.sub(" ", _NOT_XML_CHAR.sub("", text)).strip(" ")


def _sub(parent: Any, name: str, text: str = "", attrs: Attrs = (), ns: str = NS) -> Any:
    """Append element ``name`` (in ``ns``) with the cleaned ``text`` and the attributes
    whose value is not None."""
    element = etree.SubElement(parent, _q(name, ns))
    for key, value in attrs:
        if value is not None:
            element.set(key, value)
    if text:
        element.text = _clean(text)
    return element


def _collapsed(value: str) -> str:
    """``value`` cleaned, with every run of Unicode white space (not only XML's) made one
    space: validators differ on whether a no-break space counts when they collapse."""
    return " ".join(_clean(value).split())


def _name_part(value: str) -> str:
    """A given name or surname as the XSD takes it (see the module docstring); "" if
    nothing is left."""
    name = _collapsed(value)
    if not _NAME.fullmatch(name):
        name = _collapsed(re.sub(r"[\d?]", "", name))
    return name[:60].rstrip(" ")


class _Article:
    """The writing of one article as one ``journal``, knowing where it is for errors."""

    def __init__(self, index: int, article: Article) -> None:
        self.article = article
        label = f"doi {article.doi}" if article.doi else repr(article.title[:60])
        self.where = f"article {index} ({label})"

    def error(self, path: str, reason: str) -> CrossrefError:
        return CrossrefError(f"{self.where}/{path}" if path else self.where, reason)

    def limited(self, path: str, value: str, high: int) -> str:
        """``value`` cleaned, refused if longer than ``high`` characters."""
        text = _clean(value)
        if len(text) > high:
            raise self.error(path, f"{text[:40]!r}… is longer than {high} characters")
        return text

    def write(self, body: Any, resource: str) -> None:
        a = self.article
        if a.published is None:
            raise self.error("publication_date", "the article has no publication date")
        if not a.doi:
            raise self.error("doi_data/doi", "the article has no DOI")
        journal = _sub(body, "journal")
        self.write_journal(_sub(journal, "journal_metadata"))
        if a.volume.strip() or a.issue.strip():
            self.write_issue(_sub(journal, "journal_issue"), a.published)
        language = crossref_language(a.language or a.titles[0].lang)
        attrs = [("publication_type", "full_text"), ("language", language)]
        element = _sub(journal, "journal_article", attrs=attrs)
        self.write_titles(element)
        self.write_contributors(element)
        self.write_abstracts(element)
        self.write_date(element, "publication_date", a.published)
        if a.accepted is not None:
            self.write_date(element, "acceptance_date", a.accepted)
        self.write_pages(element)
        self.write_funding(element)
        self.write_licence(element, a.published)
        self.write_relations(element)
        self.write_doi_data(element, a.doi, resource)
        self.write_citations(element)

    def write_journal(self, element: Any) -> None:
        journal = self.article.journal
        title = self.limited("journal_metadata/full_title", journal.title, 255)
        if not title:
            raise self.error("journal_metadata/full_title", "the journal has no title")
        _sub(element, "full_title", title)
        abbrev = self.limited("journal_metadata/abbrev_title", journal.abbrev_title, 150)
        if abbrev:
            _sub(element, "abbrev_title", abbrev)
        issns = [("print", journal.issn_print), ("electronic", journal.issn_online)]
        for media_type, value in issns:
            if value:
                try:
                    issn = str(Issn.parse(value))
                except IdentifierError as exc:
                    raise self.error(f"journal_metadata/issn[@{media_type}]", str(exc)) from exc
                _sub(element, "issn", issn, [("media_type", media_type)])

    def write_issue(self, element: Any, published: PartialDate) -> None:
        a = self.article
        self.write_date(element, "publication_date", published)
        if volume := self.limited("journal_issue/journal_volume/volume", a.volume, 32):
            _sub(_sub(element, "journal_volume"), "volume", volume)
        if issue := self.limited("journal_issue/issue", a.issue, 32):
            _sub(element, "issue", issue)

    def write_titles(self, element: Any) -> None:
        for i, title in enumerate(self.article.titles[:20], start=1):
            value = _clean(title.value)
            if not value:
                if i == 1:
                    raise self.error("titles/title", "the title has no printable text")
                continue
            titles = _sub(element, "titles")
            _sub(titles, "title", value)
            if i == 1 and _clean(self.article.subtitle):
                _sub(titles, "subtitle", self.article.subtitle)

    def write_contributors(self, element: Any) -> None:
        if not self.article.contributors:
            return
        parent = _sub(element, "contributors")
        seen: set[str] = set()
        for i, contributor in enumerate(self.article.contributors, start=1):
            role = contributor.kind.value  # author, editor, translator: Crossref's too
            sequence = "additional" if role in seen else "first"
            seen.add(role)
            attrs = [("sequence", sequence), ("contributor_role", role)]
            if _collapsed(contributor.collab):
                name = _collapsed(contributor.collab)[:511].rstrip(" ")
                _sub(parent, "organization", name, attrs)
            else:
                person = _sub(parent, "person_name", attrs=attrs)
                self.write_person(person, contributor, f"contributors/person_name[{i}]")

    def write_person(self, element: Any, person: Contributor, path: str) -> None:
        given, surname = _name_part(person.given_names), _name_part(person.surname)
        if not surname:
            raise self.error(f"{path}/surname", f"{person.surname!r} has no letters to keep")
        if given:
            _sub(element, "given_name", given)
        _sub(element, "surname", surname)
        institutions = [a for a in person.affiliations if _clean(a.name) or a.ror]
        if institutions:
            affiliations = _sub(element, "affiliations")
            for i, affiliation in enumerate(institutions, start=1):
                where = f"{path}/affiliations/institution[{i}]"
                self.write_institution(_sub(affiliations, "institution"), affiliation, where)
        if person.orcid:
            try:
                orcid = Orcid.parse(person.orcid).uri
            except IdentifierError as exc:
                raise self.error(f"{path}/ORCID", str(exc)) from exc
            _sub(element, "ORCID", orcid, [("authenticated", "false")])

    def write_institution(self, element: Any, affiliation: Affiliation, path: str) -> None:
        if name := _clean(affiliation.name)[:1024].rstrip(" "):
            _sub(element, "institution_name", name)
        if affiliation.ror:
            try:
                ror = Ror.parse(affiliation.ror).uri
            except IdentifierError as exc:
                raise self.error(f"{path}/institution_id", str(exc)) from exc
            _sub(element, "institution_id", ror, [("type", "ror")])

    def write_abstracts(self, element: Any) -> None:
        for i, abstract in enumerate(self.article.abstracts, start=1):
            paragraphs = [_clean(p) for p in _PARAGRAPH_BREAK.split(abstract.value)]
            paragraphs = [p for p in paragraphs if p]
            if not paragraphs:
                continue
            lang = abstract.lang.strip() if abstract.lang else None
            if lang is not None and not _LANGUAGE_TAG.fullmatch(lang):
                raise self.error(f"jats:abstract[{i}]/@xml:lang", f"{lang!r} is no language tag")
            parent = _sub(element, "abstract", attrs=[(XML_LANG, lang)], ns=JATS)
            for paragraph in paragraphs:
                _sub(parent, "p", paragraph, ns=JATS)

    def write_date(self, parent: Any, name: str, date: PartialDate) -> None:
        if not 1400 <= date.year <= 2200:
            raise self.error(name, f"year {date.year} is not 1400 to 2200")
        element = _sub(parent, name, attrs=[("media_type", "online")])
        if date.month is not None:
            _sub(element, "month", f"{date.month:02d}")
        if date.day is not None:
            _sub(element, "day", f"{date.day:02d}")
        _sub(element, "year", f"{date.year:04d}")

    def write_pages(self, element: Any) -> None:
        a = self.article
        first = self.limited("pages/first_page", a.first_page, 32)
        last = self.limited("pages/last_page", a.last_page, 32)
        item = self.limited("publisher_item/item_number", a.elocation_id, 32)
        if first:
            pages = _sub(element, "pages")
            _sub(pages, "first_page", first)
            if last:
                _sub(pages, "last_page", last)
        if item:
            publisher_item = _sub(element, "publisher_item")
            _sub(publisher_item, "item_number", item, [("item_number_type", "article_number")])

    def write_funding(self, element: Any) -> None:
        if not self.article.funding:
            return
        program = _sub(element, "program", attrs=[("name", "fundref")], ns=FR)
        for i, funding in enumerate(self.article.funding, start=1):
            self.write_fundgroup(program, funding, f"fr:program/fr:assertion[{i}]")

    def write_fundgroup(self, program: Any, funding: Funding, path: str) -> None:
        def assertion(parent: Any, name: str, text: str = "") -> Any:
            return _sub(parent, "assertion", text, [("name", name)], ns=FR)

        if not _clean(funding.funder_name):
            raise self.error(f"{path}/funder_name", "the funder has no name")
        group = assertion(program, "fundgroup")
        funder = assertion(group, "funder_name", funding.funder_name)
        if funding.funder_id:
            assertion(funder, "funder_identifier", self.funder_id(funding.funder_id, path))
        for award in funding.award_ids:
            if _clean(award):
                assertion(group, "award_number", award)

    def funder_id(self, value: str, path: str) -> str:
        """A Funder Registry DOI as its doi.org URL, or a ROR id as its URI."""
        try:
            return Doi.parse(value).url
        except IdentifierError:
            pass
        try:
            return Ror.parse(value).uri
        except IdentifierError as exc:
            raise self.error(
                f"{path}/funder_identifier", f"{value!r} is neither a DOI nor a ROR id"
            ) from exc

    def write_licence(self, element: Any, published: PartialDate) -> None:
        licence = self.article.licence
        if licence is None or not licence.url:
            return
        url = licence.url.strip()
        if not _URL.fullmatch(url) or len(url) < 10:
            raise self.error("ai:program/ai:license_ref", f"{url!r} is not an http(s) URL")
        program = _sub(element, "program", attrs=[("name", "AccessIndicators")], ns=AI)
        _sub(program, "free_to_read", ns=AI)
        start = published.iso() if published.day is not None else None
        attrs = [("applies_to", "vor"), ("start_date", start)]
        _sub(program, "license_ref", url, attrs, ns=AI)

    def write_relations(self, element: Any) -> None:
        if not self.article.related:
            return
        program = _sub(element, "program", attrs=[("name", "relations")], ns=REL)
        for i, related in enumerate(self.article.related, start=1):
            path = f"rel:program/rel:related_item[{i}]"
            relation = _RELATIONS.get(related.relation.strip().lower())
            if relation is None:
                raise self.error(path, f"relation {related.relation!r} is not in Crossref's list")
            identifier_type, identifier = self.related_identifier(related, path)
            item = _sub(program, "related_item", ns=REL)
            if _clean(related.kind):
                _sub(item, "description", related.kind, ns=REL)
            attrs = [("relationship-type", relation), ("identifier-type", identifier_type)]
            _sub(item, "inter_work_relation", identifier, attrs, ns=REL)

    def related_identifier(self, related: RelatedObject, path: str) -> tuple[str, str]:
        """(``identifier-type``, identifier): a DOI as itself, anything else as a URI."""
        kind, value = related.identifier_type.strip().upper(), related.identifier.strip()
        try:
            if kind == "DOI":
                return "doi", str(Doi.parse(value))
            if kind == "ARK":
                return "uri", Ark.parse(value).url()
            if kind == "SWHID":
                return "uri", _SWH_RESOLVER + str(parse_swhid(value))
        except (IdentifierError, SWHIDError) as exc:
            raise self.error(path, str(exc)) from exc
        if kind in ("URL", "URI") and _URL.fullmatch(value):
            return "uri", value
        reason = f"{related.identifier_type} {value!r} is not a DOI, ARK, SWHID or http(s) URL"
        raise self.error(path, reason)

    def write_doi_data(self, element: Any, doi: str, resource: str) -> None:
        try:
            name = str(Doi.parse(doi))
        except IdentifierError as exc:
            raise self.error("doi_data/doi", str(exc)) from exc
        if not _DOI_T.fullmatch(name):
            raise self.error(
                "doi_data/doi", f"{name!r} is not 10.NNNN/ with 1 to 200 characters after the /"
            )
        url = resource.strip()
        if not _URL.fullmatch(url) or len(url) > 2048:
            raise self.error("doi_data/resource", f"{resource!r} is not an http(s) or ftp URL")
        data = _sub(element, "doi_data")
        _sub(data, "doi", name)
        _sub(data, "resource", url)

    def write_citations(self, element: Any) -> None:
        citations = [
            (i, reference, _reference_doi(reference), _reference_text(reference))
            for i, reference in enumerate(self.article.references, start=1)
        ]
        citations = [c for c in citations if c[2] or c[3]]
        if not citations:
            return
        parent = _sub(element, "citation_list")
        for i, _reference, doi, text in citations:
            citation = _sub(parent, "citation", attrs=[("key", f"ref{i}")])
            if doi:
                _sub(citation, "doi", doi)
            if text:
                _sub(citation, "unstructured_citation", text)


def _reference_doi(reference: Reference) -> str:
    """The reference's DOI if the XSD takes it, else "" (the printed text keeps it)."""
    if not reference.doi:
        return ""
    try:
        doi = str(Doi.parse(reference.doi))
    except IdentifierError:
        return ""
    return doi if _DOI_T.fullmatch(doi) else ""


def _reference_text(reference: Reference) -> str:
    """The citation as printed, or one made of what is known of it."""
    if text := _clean(reference.text):
        return text
    parts = [
        ", ".join(_clean(a) for a in reference.authors if _clean(a)),
        f"({_clean(reference.year)})" if _clean(reference.year) else "",
        _clean(reference.title),
        _clean(reference.source),
        _clean(reference.volume),
        _clean(reference.first_page),
    ]
    return ". ".join(p for p in parts if p)
