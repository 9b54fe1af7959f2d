"""Citation data of a journal article: CSL-JSON, BibTeX and RIS. Pure: no I/O.

CSL-JSON (schema 1.0.2), one item of type ``article-journal``::

    {"id": "…", "type": "article-journal", "title": "…",
     "author": [{"family": "Mensah", "given": "Ama"}, {"literal": "The Maize Consortium"}],
     "container-title": "Journal of …", "container-title-short": "J …",
     "ISSN": "1234-5678", "volume": "3", "issue": "2", "page": "10-19",
     "issued": {"date-parts": [[2024, 3, 14]]}, "publisher": "…", "DOI": "10.…",
     "URL": "https://…", "language": "en", "abstract": "…", "keyword": "a, b"}

``page`` is first-last page (an en dash is not used: CSL processors add their own), else
the first page, else the electronic location id as ``number``. ``URL`` is the `url` given
(what to cite); ``DOI`` only when the article has one (`item`'s ``with_doi`` lets a caller
leave out a DOI that does not resolve). Authors only (editors and translators are left
out); a group (``collab``) is a ``literal`` name. Empty fields are left out.

BibTeX: one ``@article`` entry, key ``<first author's surname><year>`` made of ASCII
letters and digits (``article`` when empty), fields author, title, journal, year, month,
volume, number, pages (with ``--``), issn, publisher, doi, url, language, keywords,
abstract; text escaped as `sankofa.core.formats.biblatex.escape`, URLs and DOIs verbatim.

RIS: ``TY  - JOUR``, then AU (per author), TI, T2 (journal), J2 (abbreviation), PY, DA
(``YYYY/MM/DD`` as far as known), VL, IS, SP, EP, SN (each ISSN), PB, DO, UR, KW (per
keyword), AB, LA, ``ER  - ``; lines end with CR LF, values on one line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from sankofa.core.formats.article.model import Article, Contributor
from sankofa.core.formats.biblatex import escape, verbatim

__all__ = [
    "BIBTEX_TYPE",
    "CSL_TYPE",
    "RIS_TYPE",
    "bibtex",
    "csl_json",
    "item",
    "ris",
]

CSL_TYPE = "application/vnd.citationstyles.csl+json"
BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"
RIS_TYPE = "application/x-research-info-systems; charset=utf-8"


def _name(person: Contributor) -> dict[str, str]:
    if person.collab and not person.surname:
        return {"literal": person.collab}
    return {k: v for k, v in (("family", person.surname), ("given", person.given_names)) if v}


def _pages(article: Article) -> str:
    if article.first_page and article.last_page:
        return f"{article.first_page}-{article.last_page}"
    return article.first_page


def _abstract(article: Article) -> str:
    return article.abstracts[0].value if article.abstracts else ""


def _keywords(article: Article) -> list[str]:
    lang = article.language
    chosen = [k.value for k in article.keywords if (k.lang or lang) == lang]
    return chosen or [k.value for k in article.keywords]


def item(article: Article, url: str, *, with_doi: bool = True) -> dict[str, Any]:
    """The CSL-JSON item of `article` (see the module docstring)."""
    journal = article.journal
    out: dict[str, Any] = {
        "id": article.doi or article.ark or key(article),
        "type": "article-journal",
        "title": article.title + (f": {article.subtitle}" if article.subtitle else ""),
        "author": [_name(p) for p in article.authors],
        "container-title": journal.title,
        "container-title-short": journal.abbrev_title,
        "ISSN": journal.issn_online or journal.issn_print or "",
        "volume": article.volume,
        "issue": article.issue,
        "page": _pages(article),
        "number": "" if _pages(article) else article.elocation_id,
        "publisher": journal.publisher,
        "DOI": article.doi if with_doi and article.doi else "",
        "URL": url,
        "language": article.language or "",
        "abstract": _abstract(article),
        "keyword": ", ".join(_keywords(article)),
    }
    if article.published is not None:
        parts = [article.published.year, article.published.month, article.published.day]
        out["issued"] = {"date-parts": [[p for p in parts if p is not None]]}
    return {k: v for k, v in out.items() if v not in ("", [], None)}


def csl_json(article: Article, url: str) -> str:
    """The CSL-JSON document: an array holding `item`."""
    return json.dumps([item(article, url)], ensure_ascii=False, indent=2) + "\n"


def key(article: Article) -> str:
    """The BibTeX key: first author's surname (ASCII letters) and the year."""
    first = article.authors[0] if article.authors else None
    name = (first.surname or first.collab) if first else ""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    word = re.sub(r"[^A-Za-z0-9]", "", ascii_name)
    year = str(article.published.year) if article.published else ""
    return (word + year) or "article"


def _bib_name(person: Contributor) -> str:
    if person.collab and not person.surname:
        return "{" + escape(person.collab) + "}"
    family = escape(person.surname)
    if "," in family or re.search(r"\band\b", family, re.I):
        family = "{" + family + "}"
    return f"{family}, {escape(person.given_names)}" if person.given_names else family


def bibtex(article: Article, url: str) -> str:
    """The BibTeX ``@article`` entry (see the module docstring)."""
    journal = article.journal
    date = article.published
    pages = _pages(article).replace("-", "--")
    fields = [
        ("author", " and ".join(_bib_name(p) for p in article.authors)),
        ("title", escape(article.title)),
        ("journal", escape(journal.title)),
        ("year", str(date.year) if date else ""),
        ("month", str(date.month) if date and date.month else ""),
        ("volume", escape(article.volume)),
        ("number", escape(article.issue)),
        ("pages", escape(pages) if pages else escape(article.elocation_id)),
        ("issn", journal.issn_online or journal.issn_print or ""),
        ("publisher", escape(journal.publisher)),
        ("doi", verbatim(article.doi or "")),
        ("url", verbatim(url)),
        ("language", escape(article.language or "")),
        ("keywords", escape(", ".join(_keywords(article)))),
        ("abstract", escape(_abstract(article))),
    ]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
    return f"@article{{{key(article)},\n{body}}}\n"


def _ris_line(tag: str, value: str) -> str:
    flat = " ".join(value.split())
    return f"{tag}  - {flat}\r\n" if flat else ""


def ris(article: Article, url: str) -> str:
    """The RIS record (see the module docstring)."""
    journal = article.journal
    date = article.published
    lines = [_ris_line("TY", "JOUR")]
    for person in article.authors:
        name = _name(person)
        text = name.get("literal") or ", ".join(
            v for v in (name.get("family", ""), name.get("given", "")) if v
        )
        lines.append(_ris_line("AU", text))
    lines += [
        _ris_line("TI", article.title),
        _ris_line("T2", journal.title),
        _ris_line("J2", journal.abbrev_title),
        _ris_line("PY", str(date.year) if date else ""),
        _ris_line("DA", date.iso().replace("-", "/") if date else ""),
        _ris_line("VL", article.volume),
        _ris_line("IS", article.issue),
        _ris_line("SP", article.first_page or article.elocation_id),
        _ris_line("EP", article.last_page),
        _ris_line("SN", journal.issn_print or ""),
        _ris_line("SN", journal.issn_online or ""),
        _ris_line("PB", journal.publisher),
        _ris_line("DO", article.doi or ""),
        _ris_line("UR", url),
    ]
    lines += [_ris_line("KW", k) for k in _keywords(article)]
    lines += [
        _ris_line("AB", _abstract(article)),
        _ris_line("LA", article.language or ""),
        "ER  - \r\n",
    ]
    return "".join(lines)
