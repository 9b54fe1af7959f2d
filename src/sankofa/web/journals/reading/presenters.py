"""What an article's page shows and tells machines, from its row and metadata: the
Google Scholar ``citation_*`` meta tags, schema.org ``ScholarlyArticle`` JSON-LD, FAIR
Signposting, and the page's lists (authors, abstracts, keywords, galleys, related works).

Meta tags follow Google Scholar's inclusion guidelines: one ``citation_author`` per author
in byline order, each followed by its ``citation_author_orcid`` and
``citation_author_institution`` tags; ``citation_publication_date`` as ``YYYY/MM/DD`` (as
far as known); ``citation_keywords`` joined by ``; ``; ``citation_pdf_url`` the first PDF
galley; the journal (title, ISSNs) is the one the metadata names (`cited_journal`), as in
the article's citations. The JSON-LD is safe inside ``<script>``: ``<``, ``>`` and ``&``
are written as ``\\u003c``, ``\\u003e``, ``\\u0026`` (the same JSON once parsed).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import translation

from sankofa.core.formats.article import model as m
from sankofa.discovery.signposting import Signposts, Target
from sankofa.journals import article_exports, links
from sankofa.journals.models import Article, Galley, Journal
from sankofa.journals.texts import localized
from sankofa.web.datasets.files.serving import safe_type

__all__ = [
    "SCHOLARLY_TYPES",
    "abstracts",
    "authors",
    "direction",
    "json_ld",
    "keywords",
    "meta_tags",
    "related",
    "served_type",
    "signposts",
]

_XML = frozenset({"application/xml", "text/xml", "application/jats+xml"})
_HTML = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml"})
SCHOLARLY_TYPES = ("https://schema.org/ScholarlyArticle", "https://schema.org/AboutPage")
ORCID = "https://orcid.org/"


def served_type(galley: Galley) -> str:
    """The ``Content-Type`` a galley is served with: an HTML galley NEVER as HTML
    (``text/plain``), JATS and other XML as ``application/xml``, the rest through the
    datasets' safe list (else ``application/octet-stream``; PDF stays ``application/pdf``)."""
    bare = galley.media_type.split(";", 1)[0].strip().lower()
    if galley.kind == Galley.Kind.HTML or bare in _HTML:
        return "text/plain; charset=utf-8"
    if galley.kind == Galley.Kind.JATS or bare in _XML or bare.endswith("+xml"):
        return "application/xml"
    return safe_type(bare)


def direction(lang: str | None) -> str:
    """``rtl`` or ``ltr`` for a language Django knows, else ``auto``."""
    if not lang:
        return "auto"
    for tag in (lang, lang.split("-", 1)[0].lower()):
        try:
            return "rtl" if translation.get_language_info(tag)["bidi"] else "ltr"
        except KeyError:
            continue
    return "auto"


def journal_title(journal: Journal, lang: str) -> str:
    return localized(journal.title, lang, journal.primary_language) or journal.slug


def cited_journal(article: Article, md: m.Article) -> tuple[str, list[str]]:
    """The journal an article cites: the title and ISSNs (print first) its metadata names
    (an imported article keeps its JATS's), else those of the journal it is in."""
    journal = article.journal
    title = md.journal.title or journal_title(journal, article.language)
    issns = [i for i in (md.journal.issn_print, md.journal.issn_online) if i]
    return title, issns or [i for i in (journal.issn_print, journal.issn_online) if i]


def authors(md: m.Article) -> list[dict[str, Any]]:
    """Authors in byline order: name, ORCID URL, affiliations, corresponding."""
    return [
        {
            "name": person.display_name,
            "orcid": person.orcid,
            "orcid_url": f"{ORCID}{person.orcid}" if person.orcid else "",
            "affiliations": [
                {"name": a.name, "ror": a.ror or "", "country": a.country or ""}
                for a in person.affiliations
            ],
            "corresponding": person.corresponding,
        }
        for person in md.authors
    ]


def abstracts(md: m.Article) -> list[dict[str, Any]]:
    """Every abstract, with its language, direction and paragraphs."""
    out = []
    for text in md.abstracts:
        lang = text.lang or md.language or ""
        out.append(
            {
                "lang": lang,
                "dir": direction(lang),
                "paragraphs": [p for p in text.value.split("\n\n") if p.strip()],
            }
        )
    return out


def keywords(md: m.Article) -> list[dict[str, Any]]:
    """Keywords grouped by language (in order of first appearance)."""
    groups: dict[str, list[str]] = {}
    for keyword in md.keywords:
        groups.setdefault(keyword.lang or md.language or "", []).append(keyword.value)
    return [{"lang": k, "dir": direction(k), "values": v} for k, v in groups.items()]


def related_url(identifier: str, kind: str) -> str:
    """Where a related object resolves: an ARK or SWHID at this node's resolver, a DOI at
    https://doi.org/, a URL as it is."""
    kind = kind.upper()
    if kind in ("ARK", "SWHID"):
        return links.absolute("/" + identifier.lstrip("/"))
    if kind == "DOI":
        return f"https://doi.org/{identifier}"
    return identifier if identifier.lower().startswith(("http://", "https://")) else ""


def related(md: m.Article) -> list[dict[str, str]]:
    return [
        {
            "identifier": r.identifier,
            "type": r.identifier_type,
            "kind": r.kind,
            "relation": r.relation,
            "url": related_url(r.identifier, r.identifier_type),
        }
        for r in md.related
    ]


def _pdf(galleys: list[Galley]) -> Galley | None:
    return next((g for g in galleys if g.kind == Galley.Kind.PDF), None)


def _date(md: m.Article, article: Article) -> str:
    if md.published is not None:
        return md.published.iso().replace("-", "/")
    return article.published.strftime("%Y/%m/%d")


def meta_tags(article: Article, md: m.Article, galleys: list[Galley]) -> list[tuple[str, str]]:
    """The Google Scholar meta tags, as (name, content), in order."""
    journal = article.journal
    tags: list[tuple[str, str]] = [("citation_title", md.title)]
    for person in md.authors:
        tags.append(("citation_author", person.display_name))
        if person.orcid:
            tags.append(("citation_author_orcid", f"{ORCID}{person.orcid}"))
        tags += [("citation_author_institution", a.name) for a in person.affiliations]
    tags.append(("citation_publication_date", _date(md, article)))
    title, issns = cited_journal(article, md)
    tags.append(("citation_journal_title", title))
    if abbreviation := md.journal.abbrev_title or journal.abbreviation:
        tags.append(("citation_journal_abbrev", abbreviation))
    tags += [("citation_issn", i) for i in issns]
    if publisher := md.journal.publisher or journal.publisher:
        tags.append(("citation_publisher", publisher))
    for name, value in (
        ("citation_volume", md.volume or (article.issue.volume if article.issue else "")),
        ("citation_issue", md.issue or (article.issue.number if article.issue else "")),
        ("citation_firstpage", md.first_page or md.elocation_id),
        ("citation_lastpage", md.last_page),
        ("citation_doi", article.doi or ""),
    ):
        if value:
            tags.append((name, value))
    if (pdf := _pdf(galleys)) is not None:
        tags.append(("citation_pdf_url", links.galley_url(pdf)))
    tags.append(("citation_abstract_html_url", links.article_url(article)))
    tags.append(("citation_fulltext_html_url", links.article_url(article)))
    tags.append(("citation_language", article.language))
    words = [k.value for k in md.keywords if (k.lang or md.language) == md.language]
    if words:
        tags.append(("citation_keywords", "; ".join(words)))
    return tags


def _person(person: m.Contributor) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Organization" if person.collab else "Person"}
    node["name"] = person.display_name
    if person.surname:
        node["familyName"] = person.surname
    if person.given_names:
        node["givenName"] = person.given_names
    if person.orcid:
        node["@id"] = f"{ORCID}{person.orcid}"
    if person.affiliations:
        node["affiliation"] = [
            {"@type": "Organization", "name": a.name, **({"@id": a.ror} if a.ror else {})}
            for a in person.affiliations
        ]
    return node


def _part_of(article: Article, md: m.Article) -> dict[str, Any]:
    title, issns = cited_journal(article, md)
    periodical: dict[str, Any] = {
        "@type": "Periodical",
        "name": title,
        "url": links.journal_url(article.journal),
    }
    if issns:
        periodical["issn"] = issns
    volume = md.volume or (article.issue.volume if article.issue else "")
    number = md.issue or (article.issue.number if article.issue else "")
    part = periodical
    if volume:
        part = {"@type": "PublicationVolume", "volumeNumber": volume, "isPartOf": part}
    if number:
        part = {"@type": "PublicationIssue", "issueNumber": number, "isPartOf": part}
    return part


def json_ld(article: Article, md: m.Article, galleys: list[Galley]) -> str:
    """The schema.org ScholarlyArticle, escaped for a ``<script>`` element."""
    published = md.published.iso() if md.published else article.published.date().isoformat()
    doi_url = f"https://doi.org/{article.doi}" if article.doi else ""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": links.cite_url(article),
        "url": links.article_url(article),
        "headline": md.title[:110],
        "name": md.title,
        "inLanguage": article.language,
        "author": [_person(p) for p in md.authors],
        "datePublished": published,
        "isPartOf": _part_of(article, md),
        "identifier": [i for i in (article.ark, doi_url) if i],
    }
    if md.abstracts:
        data["abstract"] = md.abstracts[0].value
    if md.keywords:
        data["keywords"] = [k.value for k in md.keywords]
    if md.licence and md.licence.url:
        data["license"] = md.licence.url
    if publisher := md.journal.publisher or article.journal.publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    if galleys:
        data["encoding"] = [
            {
                "@type": "MediaObject",
                "contentUrl": links.galley_url(g),
                "encodingFormat": served_type(g),
                "contentSize": str(g.size),
                "name": g.name,
            }
            for g in galleys
        ]
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def licence_url(article: Article, md: m.Article) -> str:
    """The article's licence URL, else its journal's."""
    return (md.licence.url if md.licence and md.licence.url else "") or article.journal.licence_url


def signposts(article: Article, md: m.Article, galleys: list[Galley]) -> Signposts:
    """The FAIR Signposting links of the article's page."""
    exports = [
        Target(links.export_url(article, f.key), f.media_type)
        for f in article_exports.formats(article)
    ]
    return Signposts(
        anchor=links.article_url(article),
        cite_as=links.cite_url(article),
        describedby=tuple(exports),
        items=tuple(Target(links.galley_url(g), served_type(g)) for g in galleys),
        authors=tuple(f"{ORCID}{p.orcid}" for p in md.authors if p.orcid),
        licenses=(licence_url(article, md),),
        types=SCHOLARLY_TYPES,
        linkset=links.linkset_url(article),
    )
