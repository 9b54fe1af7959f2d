"""Reading a JATS journal article (NISO Z39.96 JATS 1.0-1.3 and NLM 3.0, Publishing and
Archiving tag sets, as PMC, eLife, PLOS, SciELO and JOSS produce them) into an `Article`.

Parsing.  The bytes are parsed by lxml with no network, no DTD loading and no entity
substitution; comments and processing instructions are dropped.  A DOCTYPE naming a DTD
anywhere is fine (it is never fetched); an internal subset that declares an ENTITY, or an
entity reference left in the tree (``&nbsp;`` with no DTD to define it), is refused, so
neither "billion laughs" nor ``file:///`` entities can do anything.  The root must be an
un-namespaced ``<article>`` and ``front/article-meta/title-group/article-title`` must hold
text.  Every failure is a `JatsError` whose ``path`` is the element's XPath
(``/article/front/article-meta/contrib-group/contrib[3]/contrib-id``).

Only the article itself is read: ``<sub-article>`` content is ignored except the title,
untyped abstracts and keywords of ``sub-article[@article-type="translation"]`` (SciELO's
translations), which join the other languages.  Texts are plain: inline markup is flattened,
whitespace runs become one space, footnote ``<xref>`` marks in titles are dropped.

What is read, and the choices made:

* journal-meta: ``journal-title``, first ``abbrev-journal-title``, ``publisher-name`` and
  ``-loc``; ``journal-id`` (nlm-ta first, then publisher-id, then any); each ``<issn>`` is
  print when ``@pub-type="ppub"`` or ``@publication-format="print"``, online when ``epub``
  or ``electronic``/``online``, and print when untyped (the first of each kind wins).
* article-id ``doi``, ``pmid``, ``pmc``/``pmcid`` (digits get the ``PMC`` prefix),
  ``publisher-id`` (the first), ``ark``; section = the first ``subj-group-type="heading"``.
* titles: ``article-title`` (``lang`` only when it has its own ``@xml:lang``), then each
  ``trans-title-group/trans-title``, then translation sub-articles' titles.
* contributors of ``article-meta/contrib-group`` (not the members listed inside a
  ``<collab>``): ``contrib-type`` author (or none), translator, or any type containing
  "editor"; others and contribs with neither a surname nor a collab are skipped.  ORCID
  iD from ``contrib-id[@contrib-id-type="orcid"]`` as ``0000-0002-1825-0097``.
  Affiliations: ``xref[@ref-type="aff"]`` targets, ``aff`` inside the contrib, or else the
  contrib-group's own ``aff`` elements without ``@id``.  An affiliation's name is SciELO's
  ``institution[@content-type="normalized"]``, else the other institutions joined with
  ", " (department first as printed; "original" left out), else the printed text without
  its label; ROR from ``institution-id[@institution-id-type="ror"]``; country from
  ``country/@country`` when it is two letters.  Corresponding: ``@corresp="yes"`` or an
  ``xref[@ref-type="corresp"]``; e-mail from the contrib, else from the ``corresp`` it
  points to when that holds exactly one.  ``role[@vocab="credit"]`` (by ``@vocab-term``,
  the role text or the slug of ``@vocab-term-identifier``) gives CRediT roles (so does, as
  JATS 1.1 writes it, a ``role`` whose ``@content-type`` is a credit.niso.org URI); unknown
  terms are ignored.
* published = the first ``pub-date`` of the best kind: epub (or pub/publication
  electronic), then epub-ppub or untyped pub, then ppub, then collection; "update",
  "corrected" and other kinds never count.  received/accepted from ``history``.
* licence: the ``license`` in the article's language, else the first: ``@xlink:href``,
  else ``ali:license_ref``; its text is the ``license-p`` paragraphs.
* abstracts: untyped (or ``structured``) ``abstract`` and ``trans-abstract`` elements;
  typed ones (executive-summary, summary, toc, graphical, teaser, ...) are lay summaries
  or display snippets and are skipped.  Paragraphs (``p``, list items, section titles)
  are separated by a blank line; the abstract's own title and object-id are dropped.
* keywords: every ``kwd-group`` except eLife's ``research-organism``; ``lang`` from the
  group's ``@xml:lang``.
* funding: one `Funding` per ``funding-source`` of each ``award-group``, with the group's
  ``award-id`` values; funder id = ``institution-id`` as a DOI (``10.13039/...``) or ROR.
* references: each ``ref`` of ``back`` (its first citation); ``text`` is the
  mixed-citation as printed, or, for an element-citation, "Authors (year). Title. Source
  volume:pages. doi:..." built from its parts; ``authors`` are "Surname Given-names" of
  the author person-group.  A malformed DOI in a reference is dropped (the text keeps it).
* data availability: ``sec``/``notes``/``fn`` of type data-availability (or eLife's
  ``datasets``), or a ``custom-meta`` named "Data Availability".  Related objects:
  ``related-object`` elements describing a dataset or software (``@content-type``/
  ``@document-type``), links inside the data-availability statement, and every SWHID
  linked anywhere in the article; identifiers typed DOI, ARK, SWHID or URL.

Identifiers in the front matter (article DOI, ISSN, ORCID, ROR) must pass their checks
(`sankofa.core.identifiers`); a failure is a `JatsError` naming the element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from sankofa.core.formats.article import jats_back as back
from sankofa.core.formats.article import model as m
from sankofa.core.formats.article import xmlinput
from sankofa.core.formats.article.jats_back import XLINK_HREF, lang, paragraphs, plain
from sankofa.core.identifiers import Ark, Doi, IdentifierError, Issn, Orcid, Ror

__all__ = ["JatsError", "read"]

Element = Any  # lxml ships no type stubs
ALI_LICENSE_REF = "{http://www.niso.org/schemas/ali/1.0/}license_ref"

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_PUB_RANKS = {"epub": 0, "epub-ppub": 1, "ppub": 2, "collection": 3}
_KEPT_ABSTRACTS = frozenset({"", "structured", "abstract"})


def _credit_key(term: str) -> str:
    words = re.sub(r"[\u2010-\u2015\-/_&]", " ", term.lower()).split()
    return " ".join(w for w in words if w != "and")


_CREDIT = {_credit_key(role): role for role in m.CREDIT_ROLES}


class JatsError(ValueError):
    """A document that is not a JATS article this reader can hold.

    ``path`` is the XPath of the element at fault (empty when the document does not
    parse); the message reads ``"<path>: <reason>"``.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def read(data: bytes) -> m.Article:
    """The `Article` a JATS document describes (see the module docstring)."""
    return _Reader(_parse(data)).article()


def _parse(data: bytes) -> Element:
    try:
        root = xmlinput.parse(data)
    except xmlinput.NotXml as exc:
        raise JatsError("", str(exc)) from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise JatsError("/", "the DOCTYPE declares entities, which are never expanded")
    for entity in root.iter(etree.Entity):
        raise JatsError(
            tree.getpath(entity.getparent()),
            f"entity reference {entity.text} cannot be resolved (DTDs are never loaded)",
        )
    if root.tag != "article":
        raise JatsError(tree.getpath(root), f"the root element is <{root.tag}>, not <article>")
    return root


_CREDIT_URI_PREFIX = "https://credit.niso.org/contributor-roles/"


def _is_credit(role: Element) -> bool:
    """A CRediT role: ``@vocab="credit"`` (JATS 1.2+), or in JATS 1.1, which has no
    ``@vocab``, a ``@content-type`` that is the term's URI at credit.niso.org."""
    return role.get("vocab") == "credit" or (role.get("content-type") or "").startswith(
        _CREDIT_URI_PREFIX
    )


def _credit_role(role: Element) -> str | None:
    for term in (
        role.get("vocab-term") or "",
        plain(role),
        (role.get("vocab-term-identifier") or "").rstrip("/").rsplit("/", 1)[-1],
    ):
        found = _CREDIT.get(_credit_key(term))
        if found:
            return found
    return None


class _Reader:
    def __init__(self, root: Element) -> None:
        self.root = root
        self.tree = root.getroottree()
        self.front = self.required(root, "front")
        self.meta = self.required(self.front, "article-meta")
        self.language = lang(root)
        self.affs = {a.get("id"): a for a in self.meta.iter("aff", "aff-alternatives")}
        self.corresps = {c.get("id"): c for c in self.meta.iter("corresp") if c.get("id")}

    # helpers

    def fail(self, el: Element, message: str) -> JatsError:
        return JatsError(self.tree.getpath(el), message)

    def required(self, parent: Element, path: str) -> Element:
        found = parent.find(path)
        if found is None:
            raise JatsError(f"{self.tree.getpath(parent)}/{path}", "missing")
        return found

    def checked(self, el: Element, parse: Any, text: str) -> str:
        """``parse(text)`` as text; a failed identifier check names ``el``."""
        try:
            return str(parse(text))
        except IdentifierError as exc:
            raise self.fail(el, str(exc)) from None

    def date(self, el: Element) -> m.PartialDate:
        year = plain(el.find("year"))
        month = plain(el.find("month")).lower()
        day = plain(el.find("day"))
        if not year and el.get("iso-8601-date"):
            year, month, day = ([*el.get("iso-8601-date").split("-"), "", ""])[:3]
        try:
            return m.PartialDate(
                int(year),
                _MONTHS.get(month[:3]) or int(month) if month else None,
                int(day) if day and month else None,
            )
        except ValueError as exc:
            raise self.fail(el, f"not a date: {exc}") from None

    # the article

    def article(self) -> m.Article:
        meta = self.meta
        translations = [
            s for s in self.root.iter("sub-article") if s.get("article-type") == "translation"
        ]
        ids = self.article_ids()
        return m.Article(
            journal=self.journal(),
            titles=self.titles(translations),
            article_type=self.root.get("article-type") or "research-article",
            language=self.language,
            subtitle=plain(meta.find("title-group/subtitle")),
            contributors=tuple(self.contributors()),
            abstracts=tuple(self.abstracts(translations)),
            keywords=tuple(self.keywords(translations)),
            section=plain(
                meta.find("article-categories/subj-group[@subj-group-type='heading']/subject")
            ),
            **ids,
            published=self.published(),
            received=self.history("received"),
            accepted=self.history("accepted"),
            volume=plain(meta.find("volume")),
            issue=plain(meta.find("issue")),
            first_page=plain(meta.find("fpage")),
            last_page=plain(meta.find("lpage")),
            elocation_id=plain(meta.find("elocation-id")),
            licence=self.licence(),
            copyright_statement=plain(meta.find("permissions/copyright-statement")),
            funding=tuple(self.funding()),
            references=tuple(back.references(self.root)),
            related=back.related(self.root),
            data_availability=back.data_availability(self.root),
            extra=self.extra(),
        )

    def journal(self) -> m.Journal:
        jm = self.front.find("journal-meta")
        if jm is None:
            return m.Journal(title="")
        issns: dict[str, str] = {}
        for issn in jm.findall("issn"):
            kind = f"{issn.get('pub-type', '')} {issn.get('publication-format', '')}"
            online = any(k in kind for k in ("epub", "electronic", "online"))
            key = "online" if online else "print"
            issns.setdefault(key, self.checked(issn, Issn.parse, plain(issn)))
        ids = {j.get("journal-id-type"): plain(j) for j in jm.findall("journal-id")}
        journal_id = (
            ids.get("nlm-ta") or ids.get("publisher-id") or next((v for v in ids.values() if v), "")
        )
        title = jm.find("journal-title-group/journal-title")
        return m.Journal(
            title=plain(title if title is not None else jm.find("journal-title")),
            abbrev_title=plain(jm.find(".//abbrev-journal-title")),
            issn_print=issns.get("print"),
            issn_online=issns.get("online"),
            publisher=plain(jm.find("publisher/publisher-name")),
            publisher_location=plain(jm.find("publisher/publisher-loc")),
            journal_id=journal_id,
        )

    def article_ids(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for el in self.meta.findall("article-id"):
            kind, text = el.get("pub-id-type", ""), plain(el)
            if kind == "doi":
                found.setdefault("doi", self.checked(el, Doi.parse, text))
            elif kind == "pmid":
                found.setdefault("pmid", text)
            elif kind in ("pmc", "pmcid"):
                found.setdefault("pmcid", f"PMC{text}" if text.isdigit() else text)
            elif kind == "publisher-id":
                found.setdefault("publisher_id", text)
            elif kind == "ark":
                found.setdefault("ark", self.checked(el, Ark.parse, text))
        return found

    def titles(self, translations: list[Element]) -> tuple[m.Text, ...]:
        path = "title-group/article-title"
        title = self.meta.find(path)
        value = plain(title, frozenset({"xref", "fn"}))
        if not value:
            where = f"{self.tree.getpath(self.meta)}/{path}"
            raise JatsError(where, "the article has no title")
        titles = [m.Text(value, lang(title))]
        for group in self.meta.findall("title-group/trans-title-group"):
            for trans in group.findall("trans-title"):
                titles.append(m.Text(plain(trans), lang(trans) or lang(group)))
        for sub in translations:
            text = plain(sub.find("*/title-group/article-title"), frozenset({"xref", "fn"}))
            titles.append(m.Text(text, lang(sub)))
        unique = dict.fromkeys(t for t in titles if t.value)
        return tuple(unique)

    # contributors

    def contributors(self) -> Iterator[m.Contributor]:
        for group in self.meta.findall("contrib-group"):
            shared = [a for a in group.findall("aff") if not a.get("id")]
            for contrib in group.findall("contrib"):
                found = self.contributor(contrib, shared)
                if found is not None:
                    yield found

    def contributor(self, contrib: Element, shared: list[Element]) -> m.Contributor | None:
        kind_text = contrib.get("contrib-type", "author")
        if kind_text == "author":
            kind = m.ContributorKind.AUTHOR
        elif kind_text == "translator":
            kind = m.ContributorKind.TRANSLATOR
        elif "editor" in kind_text:
            kind = m.ContributorKind.EDITOR
        else:
            return None
        name = contrib.find("name")
        if name is None:
            name = contrib.find("name-alternatives/name")
        if name is None:
            name = contrib.find("string-name")
        surname = plain(name.find("surname")) if name is not None else ""
        if name is not None and not surname and name.tag == "string-name":
            surname = plain(name)
        collab = plain(contrib.find("collab"), frozenset({"contrib-group", "xref"}))
        if not (surname or collab):
            return None
        xrefs = contrib.findall("xref")
        return m.Contributor(
            surname=surname,
            given_names=plain(name.find("given-names")) if name is not None else "",
            collab=collab if not surname else "",
            kind=kind,
            orcid=self.orcid(contrib),
            email=self.email(contrib, xrefs),
            affiliations=tuple(self.affiliations(contrib, xrefs, shared)),
            credit_roles=tuple(
                dict.fromkeys(
                    r for r in map(_credit_role, filter(_is_credit, contrib.findall("role"))) if r
                )
            ),
            corresponding=contrib.get("corresp") == "yes"
            or any(x.get("ref-type") == "corresp" for x in xrefs),
        )

    def orcid(self, contrib: Element) -> str | None:
        for cid in contrib.findall("contrib-id"):
            if (cid.get("contrib-id-type") or "").lower() == "orcid" or "orcid.org" in (
                cid.text or ""
            ):
                return self.checked(cid, lambda t: Orcid.parse(t).hyphenated, plain(cid))
        return None

    def email(self, contrib: Element, xrefs: list[Element]) -> str | None:
        email = contrib.find("email")
        if email is None:
            email = contrib.find("address/email")
        if email is not None:
            return plain(email) or None
        for xref in xrefs:
            if xref.get("ref-type") != "corresp":
                continue
            corresp = self.corresps.get(xref.get("rid"))
            emails = corresp.findall(".//email") if corresp is not None else []
            if len(emails) == 1:
                return plain(emails[0]) or None
        return None

    def affiliations(
        self, contrib: Element, xrefs: list[Element], shared: list[Element]
    ) -> Iterator[m.Affiliation]:
        affs = [
            self.affs[rid]
            for x in xrefs
            if x.get("ref-type") == "aff"
            for rid in (x.get("rid") or "").split()
            if rid in self.affs
        ]
        affs += contrib.findall("aff") + contrib.findall("aff-alternatives")
        seen: set[m.Affiliation] = set()
        for aff in affs or shared:
            found = self.affiliation(aff)
            if found is not None and found not in seen:
                seen.add(found)
                yield found

    def affiliation(self, aff: Element) -> m.Affiliation | None:
        if aff.tag == "aff-alternatives":
            aff = aff.find("aff")
            if aff is None:
                return None
        institutions = list(aff.iter("institution"))
        kinds = [(i.get("content-type") or "", plain(i)) for i in institutions]
        normalized = [text for kind, text in kinds if kind == "normalized" and text]
        printed = [text for kind, text in kinds if kind not in ("original", "normalized")]
        name = (normalized[:1] or [", ".join(t for t in printed if t)])[0]
        if not name:
            name = plain(aff, frozenset({"label", "sup"})).strip(" ,;")
        if not name:
            return None
        ror = None
        for iid in aff.iter("institution-id"):
            if (iid.get("institution-id-type") or "").lower() == "ror":
                ror = self.checked(iid, Ror.parse, plain(iid))
        country_el = aff.find(".//country")
        country = (country_el.get("country") or "") if country_el is not None else ""
        return m.Affiliation(
            name=name,
            ror=ror,
            country=country.upper() if len(country) == 2 and country.isalpha() else None,
        )

    # dates, licence

    def published(self) -> m.PartialDate | None:
        best: tuple[int, Element] | None = None
        for el in self.meta.findall("pub-date"):
            kind = el.get("pub-type") or el.get("date-type") or "pub"
            fmt = el.get("publication-format") or ""
            if kind in ("pub", "publication"):
                rank = 0 if fmt in ("electronic", "online") else 2 if fmt == "print" else 1
            elif kind in _PUB_RANKS:
                rank = _PUB_RANKS[kind]
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, el)
        return self.date(best[1]) if best else None

    def history(self, kind: str) -> m.PartialDate | None:
        el = self.meta.find(f"history/date[@date-type='{kind}']")
        return self.date(el) if el is not None else None

    def licence(self) -> m.Licence | None:
        licences = self.meta.findall("permissions/license")
        if not licences:
            return None
        chosen = next((lic for lic in licences if lang(lic) == self.language), licences[0])
        url = chosen.get(XLINK_HREF) or plain(chosen.find(ALI_LICENSE_REF)) or None
        text = "\n\n".join(plain(p) for p in chosen.findall("license-p"))
        return m.Licence(url=url.strip() if url else None, text=text)

    # abstracts, keywords, funding

    def abstracts(self, translations: list[Element]) -> Iterator[m.Text]:
        sources: list[tuple[Element, str | None]]
        sources = [(a, None) for a in self.meta.findall("abstract")]
        sources += [(a, None) for a in self.meta.findall("trans-abstract")]
        sources += [(a, lang(s)) for s in translations for a in s.findall("*/abstract")]
        for el, default in sources:
            if (el.get("abstract-type") or "") not in _KEPT_ABSTRACTS:
                continue
            text = "\n\n".join(paragraphs(el))
            if text:
                yield m.Text(text, lang(el) or default)

    def keywords(self, translations: list[Element]) -> Iterator[m.Keyword]:
        groups: list[tuple[Element, str | None]]
        groups = [(g, None) for g in self.meta.findall("kwd-group")]
        groups += [(g, lang(s)) for s in translations for g in s.findall("*/kwd-group")]
        for group, default in groups:
            if group.get("kwd-group-type") == "research-organism":
                continue
            for kwd in group.findall("kwd"):
                value = plain(kwd)
                if value:
                    yield m.Keyword(value=value, lang=lang(group) or default)

    def funding(self) -> Iterator[m.Funding]:
        for award in self.meta.findall("funding-group/award-group"):
            award_ids = tuple(t for t in (plain(a) for a in award.findall("award-id")) if t)
            for source in award.findall("funding-source"):
                institution = source.find(".//institution")
                name = plain(institution) or plain(source, frozenset({"institution-id"}))
                iid = source.find(".//institution-id")
                if name:
                    yield m.Funding(
                        funder_name=name,
                        funder_id=back.funder_id(plain(iid)) if iid is not None else None,
                        award_ids=award_ids,
                    )

    def extra(self) -> dict[str, str]:
        extra = {
            "dtd_version": self.root.get("dtd-version") or "",
            "specific_use": self.root.get("specific-use") or "",
            "funding_statement": plain(self.meta.find("funding-group/funding-statement")),
        }
        return {k: v for k, v in extra.items() if v}
