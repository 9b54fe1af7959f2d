"""Reading an OJS "Native XML" export (issues, articles, authors, galleys) into pure values.

The format is the one the Native XML plugin of Open Journal Systems 3.3 to 3.5 writes
(namespace ``http://pkp.sfu.ca``; schemas ``native.xsd`` + ``pkp-native.xsd`` +
``importexport.xsd`` of the OJS and pkp-lib branches ``stable-3_3_0``, ``stable-3_4_0``,
``stable-3_5_0`` and ``main``).  The root is ``<issues>``, ``<issue>``, ``<articles>`` or
``<article>``; each ``<article>`` holds ``<submission_file>`` elements then one or more
``<publication>`` versions.  The layouts differ in small ways, all read here: 3.3 writes
locales as ``en_US`` and the submission locale on ``publication/@locale``; 3.4+ writes
``en`` and puts it on ``article/@locale``; 3.5+ wraps keywords as
``<keyword><name>…</name></keyword>`` and affiliations as ``<affiliation><name>`` or
``<rorAffiliation><ror>…</ror><name>``; ``main`` adds ``contributor_type`` and
``contributor_roles`` to authors.

Parsing.  lxml with no network, no DTD loading, no entity substitution, and ``huge_tree``
so that a galley of more than 10 MB of base64 can be read.  Base64 ``<embed>`` content is
decoded chunk by chunk (1 MiB of text at a time, whitespace removed, ``strict_mode``) and
refused with `OjsError` once it passes ``max_file_bytes``; only galley files are decoded.

Locales become BCP 47 tags (``en_US`` → ``en``, ``fr_CA`` → ``fr-CA``, ``pt_BR`` →
``pt-BR``; see `ojs_values.bcp47`), stored HTML becomes plain text (`ojs_values.html_text`).

What goes where, for each article (the current publication: ``current_publication_id``,
or failing it the last ``<publication>``):

* ``Article.titles``: ``prefix`` + ``title`` per locale, the article's locale first;
  ``subtitle`` of that locale; ``abstracts`` per locale (the HTML OJS stores turned into
  plain paragraphs separated by blank lines); ``keywords`` per locale; ``language``.
* ``contributors`` (ordered by ``@seq``): ``givenname``/``familyname`` in the article's
  locale (else the first given), ``email``, ``orcid`` (checked), affiliations (with ROR id
  in 3.5+), ``primary_contact`` or ``publication/@primary_contact_id`` → corresponding;
  user group "Translator" → translator, any other → author.  A person with no family name
  keeps the given name as surname (mononym); ``contributor_type`` organization → collab.
* ``section`` (the issue's section title for ``@section_ref``, else the ref), ``doi``
  (``<id type="doi">``, checked), ``publisher_id`` (the OJS submission id), ``published``
  (``publication/@date_published``, else the issue's), ``received``
  (``article/@date_submitted``), ``volume``/``issue`` (the issue's, else the publication's
  own ``issue_identification``), ``pages`` → first/last page, ``licenseUrl`` + ``rights``
  → licence, ``copyrightYear`` + ``copyrightHolder`` → ``"© 2020 Holder"``, ``agencies`` →
  funding, ``citations`` → references (text only).
* `OjsGalley`: each ``article_galley``: its name, locale, sequence, DOI, and the file of
  the ``submission_file`` it refers to (name, mime type, decoded bytes) or its remote URL.

Everything else with content is listed in `OjsExport.lost`, one human-readable line each:
covers, issue galleys, other publication versions, submission files that are no galley
(manuscripts, review files: the reviewer data an export holds), author country, URL,
biography and name variants in other locales, values in other locales where the model holds
one (subtitle, copyright holder, rights, affiliation), coverage, type, source, disciplines,
subjects, keyword ids, unparseable identifiers, and any element this reader does not know.
Workflow state (internal ids, ``status``, ``stage``, ``access_status``, ``url_path``,
``seq`` flags, ``last_modified``, ``date_notified``, ``open_access_date``) and the
journal's section settings (abbreviation, policy, the section title in other locales) are
not article content and are not listed.

Bad input (not XML, another root or namespace, a date that is not one, broken base64, an
oversized file, a galley pointing at a missing file) raises `OjsError` naming the element
path (``issues/issue[1]/articles/article[1]/publication[1]/title``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import Any, Final

from lxml import etree

from sankofa.core.formats.article import xmlinput
from sankofa.core.formats.article.model import (
    Affiliation,
    Article,
    Contributor,
    ContributorKind,
    Funding,
    Journal,
    Keyword,
    Licence,
    PartialDate,
    Reference,
    Text,
)
from sankofa.core.formats.article.ojs_results import (
    OjsArticle,
    OjsError,
    OjsExport,
    OjsGalley,
    OjsIssue,
)
from sankofa.core.formats.article.ojs_values import (
    bcp47,
    decode_base64,
    html_text,
    mime_type,
    split_pages,
    squash,
)
from sankofa.core.identifiers import Doi, IdentifierError, Orcid, Ror

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "NS",
    "OjsArticle",
    "OjsError",
    "OjsExport",
    "OjsGalley",
    "OjsIssue",
    "read",
]

Element = Any  # lxml ships no type stubs
NS: Final = "http://pkp.sfu.ca"
DEFAULT_MAX_FILE_BYTES: Final = 512 * 1024 * 1024
_ROOTS: Final = ("issues", "issue", "articles", "article")

# What an element the model cannot hold is, in a report line.
_LOST_NAMES: Final = {
    "covers": "cover image(s)",
    "issue_galleys": "issue galley(s) (whole-issue files)",
    "coverage": "coverage",
    "type": "type",
    "source": "source",
    "disciplines": "disciplines",
    "subjects": "subjects",
    "country": "country",
    "url": "web page URL",
    "biography": "biography",
    "contributor_roles": "contributor role ids",
}
_IGNORED: Final = frozenset(
    {"id", "last_modified", "date_notified", "open_access_date", "issueId", "seq"}
)


def read(
    data: bytes, *, journal: Journal, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> OjsExport:
    """The issues and articles of an OJS native export (see the module docstring)."""
    root = _parse(data)
    reader = _Reader(journal, max_file_bytes)
    name = _local(root)
    if etree.QName(root).namespace != NS or name not in _ROOTS:
        raise OjsError("", f"the root element is {root.tag}, not {', '.join(_ROOTS)} in {{{NS}}}")
    issues: list[OjsIssue] = []
    articles: list[OjsArticle] = []
    if name in ("issues", "issue"):
        elements = _kids(root, "issue") if name == "issues" else [root]
        for index, element in enumerate(elements, 1):
            path = f"issues/issue[{index}]" if name == "issues" else "issue"
            issue = reader.issue(element, path)
            issues.append(issue)
            articles.extend(issue.articles)
        if name == "issues":
            reader.report_rest(root, name, {"issue"}, "the export")
    else:
        elements = _kids(root, "article") if name == "articles" else [root]
        for index, element in enumerate(elements, 1):
            path = f"articles/article[{index}]" if name == "articles" else "article"
            articles.append(reader.article(element, path, _IssueContext()))
    return OjsExport(issues=tuple(issues), articles=tuple(articles), lost=tuple(reader.lost))


def _parse(data: bytes) -> Element:
    try:
        return xmlinput.parse(data, huge_tree=True)
    except xmlinput.NotXml as exc:
        raise OjsError("", str(exc)) from None


def _local(element: Element) -> str:
    return str(etree.QName(element).localname) if isinstance(element.tag, str) else ""


def _kids(element: Element, name: str) -> list[Element]:
    return list(element.iterchildren(f"{{{NS}}}{name}"))


def _kid(element: Element, name: str) -> Element | None:
    return element.find(f"{{{NS}}}{name}")


def _text(element: Element | None) -> str:
    return "" if element is None else squash("".join(element.itertext()))


def _internal_id(element: Element) -> str:
    return next((_text(i) for i in _kids(element, "id") if i.get("type") == "internal"), "")


def _has_content(element: Element) -> bool:
    return len(element) > 0 or bool((element.text or "").strip())


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().lstrip("-").isdigit() else None


def _date(value: str | None, path: str) -> PartialDate | None:
    if value is None or not value.strip():
        return None
    text = value.strip()[:10]
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"[0-9]{4}", text):
            return PartialDate(int(text))
        raise OjsError(path, f"{value!r} is not a date (YYYY-MM-DD)") from None
    return PartialDate(day.year, day.month, day.day)


@dataclass
class _IssueContext:
    """What an article inherits from the issue it is in."""

    volume: str = ""
    number: str = ""
    published: PartialDate | None = None
    sections: dict[str, list[tuple[str | None, str]]] | None = None
    label: str = ""


class _Reader:
    def __init__(self, journal: Journal, max_file_bytes: int) -> None:
        self.journal = journal
        self.max_file_bytes = max_file_bytes
        self.lost: list[str] = []

    def note(self, where: str, what: str) -> None:
        self.lost.append(f"{where}: {what}")

    def report_rest(self, element: Element, path: str, read: set[str], where: str) -> None:
        """List each child with content that is neither read nor workflow state."""
        for child in element:
            name = _local(child)
            if not name or name in read or name in _IGNORED or not _has_content(child):
                continue
            what = _LOST_NAMES.get(name, f"<{name}> (not read by this importer)")
            self.note(where, f"{what} not kept [{path}/{name}]")

    def localized(self, element: Element, name: str, path: str) -> list[tuple[str | None, str]]:
        """(BCP 47 tag or None, text) of each `name` child, HTML turned to text."""
        values = []
        for child in _kids(element, name):
            tag = self.lang(child.get("locale"), f"{path}/{name}/@locale")
            value = html_text("".join(child.itertext()))
            if value:
                values.append((tag, value))
        return values

    def one(
        self, values: list[tuple[str | None, str]], lang: str | None, where: str, what: str
    ) -> str:
        """The value in `lang` (else the first); the other locales' are reported lost."""
        if not values:
            return ""
        chosen = next((v for t, v in values if t == lang), values[0][1])
        for tag, value in values:
            if value != chosen:
                self.note(where, f"{what} in {tag or 'no locale'} not kept ({value!r})")
        return chosen

    # issues

    def issue(self, element: Element, path: str) -> OjsIssue:
        ident = _kid(element, "issue_identification")
        if ident is None:
            raise OjsError(path, "an issue needs <issue_identification>")
        volume, number = _text(_kid(ident, "volume")), _text(_kid(ident, "number"))
        year = _int(_text(_kid(ident, "year")))
        label = f"issue vol. {volume or '-'} no. {number or '-'} ({year or 'no year'})"
        published = _date(_text(_kid(element, "date_published")), f"{path}/date_published")
        sections: dict[str, list[tuple[str | None, str]]] = {}
        holder = _kid(element, "sections")
        for index, section in enumerate([] if holder is None else _kids(holder, "section"), 1):
            sections[section.get("ref", "")] = self.localized(
                section, "title", f"{path}/sections/section[{index}]"
            )
        context = _IssueContext(volume, number, published, sections, label)
        articles: list[OjsArticle] = []
        holder = _kid(element, "articles")
        for index, article in enumerate([] if holder is None else _kids(holder, "article"), 1):
            articles.append(self.article(article, f"{path}/articles/article[{index}]", context))
        read = {"description", "issue_identification", "date_published", "sections", "articles"}
        self.report_rest(element, path, read, label)
        return OjsIssue(
            volume=volume,
            number=number,
            year=year,
            titles=tuple(Text(v, t) for t, v in self.localized(ident, "title", path)),
            descriptions=tuple(Text(v, t) for t, v in self.localized(element, "description", path)),
            published=published,
            doi=self.doi(element, path, label),
            articles=tuple(articles),
        )

    def doi(self, element: Element, path: str, where: str) -> str | None:
        for child in _kids(element, "id"):
            if (child.get("type") or "").lower() == "doi" and _text(child):
                try:
                    return str(Doi.parse(_text(child)))
                except IdentifierError as exc:
                    self.note(where, f"DOI not kept, it is not valid: {exc} [{path}/id]")
        return None

    # articles

    def article(self, element: Element, path: str, context: _IssueContext) -> OjsArticle:
        publications = _kids(element, "publication")
        if not publications:
            raise OjsError(path, "an article needs a <publication>")
        current = self.current(element, publications)
        ppath = f"{path}/publication[{publications.index(current) + 1}]"
        locale = element.get("locale") or current.get("locale")
        lang = self.lang(locale, f"{path}/@locale")
        titles = self.titles(current, ppath, lang)
        sub_id = _internal_id(element)
        where = f"{context.label + ', ' if context.label else ''}article "
        where += f"{sub_id} {titles[0].value!r}" if sub_id else repr(titles[0].value)
        lang = lang or titles[0].lang
        for other in publications:
            if other is not current:
                version = other.get("version") or other.get("version_major") or "?"
                self.note(where, f"publication version {version} (not the current one) not kept")
        galleys = self.galleys(current, ppath, self.submission_files(element, path), where)
        self.report_rest(element, path, {"submission_file", "publication"}, where)
        fields = self.publication_fields(current, ppath, lang, context, where)
        return OjsArticle(
            article=Article(
                journal=self.journal,
                titles=titles,
                language=lang,
                publisher_id=sub_id or None,
                received=_date(element.get("date_submitted"), f"{path}/@date_submitted"),
                **fields,
            ),
            galleys=galleys,
            sequence=_int(current.get("seq")),
            submission_id=sub_id or None,
            publication_id=_internal_id(current) or current.get("id"),
        )

    @staticmethod
    def lang(locale: str | None, path: str) -> str | None:
        try:
            return bcp47(locale) if locale else None
        except ValueError as exc:
            raise OjsError(path, str(exc)) from None

    @staticmethod
    def current(element: Element, publications: list[Element]) -> Element:
        wanted = element.get("current_publication_id")
        for publication in publications:
            if wanted and wanted in (_internal_id(publication), publication.get("id")):
                return publication
        return publications[-1]

    def titles(self, publication: Element, path: str, lang: str | None) -> tuple[Text, ...]:
        prefixes = dict(self.localized(publication, "prefix", path))
        titles = [
            Text(f"{prefixes[t]} {v}" if prefixes.get(t) else v, t)
            for t, v in self.localized(publication, "title", path)
        ]
        if not titles:
            raise OjsError(f"{path}/title", "the publication has no title")
        titles.sort(key=lambda text: text.lang != lang)
        return tuple(titles)

    def publication_fields(
        self, element: Element, path: str, lang: str | None, context: _IssueContext, where: str
    ) -> dict[str, Any]:
        """The `Article` fields of a publication other than titles, language and ids."""
        one = self.one
        subtitles = self.localized(element, "subtitle", path)
        section_ref = element.get("section_ref", "")
        section_titles = (context.sections or {}).get(section_ref) or []
        ident = _kid(element, "issue_identification")
        first, last = split_pages(_text(_kid(element, "pages")))
        holder = one(self.localized(element, "copyrightHolder", path), lang, where, "copyright")
        year = _text(_kid(element, "copyrightYear"))
        rights = one(self.localized(element, "rights", path), lang, where, "rights statement")
        url = _text(_kid(element, "licenseUrl")) or None
        date = element.get("date_published")
        read = {"title", "prefix", "subtitle", "abstract", "rights", "licenseUrl", "pages",
                "copyrightHolder", "copyrightYear", "keywords", "agencies", "languages",
                "authors", "article_galley", "citations", "issue_identification"}  # fmt: skip
        self.report_rest(element, path, read, where)
        self.languages(element, lang, where)
        return {
            "subtitle": one(subtitles, lang, where, "subtitle"),
            "contributors": self.contributors(element, path, lang, where),
            "abstracts": tuple(Text(v, t) for t, v in self.localized(element, "abstract", path)),
            "keywords": self.vocabulary(element, "keywords", "keyword", path, where),
            "section": next((v for t, v in section_titles if t == lang), "")
            or next((v for _t, v in section_titles), section_ref),
            "doi": self.doi(element, path, where),
            "published": _date(date, f"{path}/@date_published") or context.published,
            "volume": context.volume or (_text(_kid(ident, "volume")) if ident is not None else ""),
            "issue": context.number or (_text(_kid(ident, "number")) if ident is not None else ""),
            "first_page": first,
            "last_page": last,
            "licence": Licence(url=url, text=rights) if url or rights else None,
            "copyright_statement": " ".join(p for p in ("\N{COPYRIGHT SIGN}", year, holder) if p)
            if year or holder
            else "",
            "funding": self.funding(element, path, lang, where),
            "references": tuple(
                Reference(text=_text(c))
                for holder_ in _kids(element, "citations")
                for c in _kids(holder_, "citation")
                if _text(c)
            ),
            "extra": {"ojs_url_path": element.get("url_path")} if element.get("url_path") else {},
        }

    def funding(
        self, element: Element, path: str, lang: str | None, where: str
    ) -> tuple[Funding, ...]:
        """Supporting agencies in the article's language (else all); the rest are noted."""
        agencies = self.vocabulary(element, "agencies", "agency", path, where)
        kept = [a for a in agencies if a.lang in (None, lang)] or list(agencies)
        for agency in agencies:
            if agency not in kept:
                self.note(where, f"supporting agency in {agency.lang}: {agency.value!r} not kept")
        return tuple(Funding(funder_name=a.value) for a in kept)

    def languages(self, element: Element, lang: str | None, where: str) -> None:
        for holder in _kids(element, "languages"):
            for item in _kids(holder, "language"):
                value = _text(_kid(item, "name")) or _text(item)
                if value and value.lower() != (lang or "").lower():
                    self.note(where, f"language metadata {value!r} not kept")

    def vocabulary(
        self, element: Element, group: str, item: str, path: str, where: str
    ) -> tuple[Keyword, ...]:
        """Keywords (or agencies) per locale: ``<keyword>x</keyword>`` (3.3/3.4) or
        ``<keyword><name>x</name><identifier/><source/></keyword>`` (3.5+)."""
        values: list[Keyword] = []
        for holder in _kids(element, group):
            lang = self.lang(holder.get("locale"), f"{path}/{group}/@locale")
            for entry in _kids(holder, item):
                name = _kid(entry, "name")
                value = _text(name) if name is not None else _text(entry)
                if value:
                    values.append(Keyword(value=value, lang=lang))
                extra = [f"{_local(c)} {_text(c)!r}" for c in entry if c is not name and _text(c)]
                if extra:
                    self.note(
                        where, f"{item} {value!r}: {', '.join(extra)} not kept [{path}/{group}]"
                    )
        return tuple(values)

    # authors

    def contributors(
        self, element: Element, path: str, lang: str | None, where: str
    ) -> tuple[Contributor, ...]:
        holder = _kid(element, "authors")
        authors = [] if holder is None else _kids(holder, "author")
        primary = element.get("primary_contact_id")
        found = []
        for index, author in enumerate(authors, 1):
            found.append((_int(author.get("seq")) or 0, index, author))
        found.sort(key=lambda item: (item[0], item[1]))
        return tuple(
            self.contributor(author, f"{path}/authors/author[{index}]", lang, where, primary)
            for _seq, index, author in found
        )

    def contributor(
        self, element: Element, path: str, lang: str | None, where: str, primary: str | None
    ) -> Contributor:
        given_all = self.localized(element, "givenname", path)
        given = self.one(given_all, lang, where, "author given name")
        family = self.one(self.localized(element, "familyname", path), lang, where,
                          f"family name of {given!r}")  # fmt: skip
        name = f"{given} {family}".strip() or "(unnamed)"
        who = f"{where}, author {name!r}"
        orcid = None
        if _text(_kid(element, "orcid")):
            try:
                orcid = Orcid.parse(_text(_kid(element, "orcid"))).hyphenated
            except IdentifierError as exc:
                self.note(who, f"ORCID not kept, it is not valid: {exc}")
        read = {"givenname", "familyname", "affiliation", "rorAffiliation", "email", "orcid"}
        self.report_rest(element, path, read, who)
        organization = (element.get("contributor_type") or "").lower().startswith("organi")
        if not (given or family):
            raise OjsError(path, "an author needs a given or a family name")
        group = (element.get("user_group_ref") or "").strip().lower()
        return Contributor(
            surname="" if organization else (family or given),
            given_names="" if organization or not family else given,
            collab=name if organization else "",
            kind=ContributorKind.TRANSLATOR if group == "translator" else ContributorKind.AUTHOR,
            orcid=orcid,
            email=_text(_kid(element, "email")) or None,
            affiliations=self.affiliations(element, path, lang, who),
            corresponding=(element.get("primary_contact") or "").lower() in ("true", "1")
            or (primary is not None and primary == element.get("id")),
        )

    def affiliations(
        self, element: Element, path: str, lang: str | None, who: str
    ) -> tuple[Affiliation, ...]:
        """3.3/3.4: localized ``<affiliation>`` texts, one affiliation; 3.5+: one per
        ``<affiliation><name>`` or ``<rorAffiliation><ror/><name>``."""
        plain = [a for a in _kids(element, "affiliation") if _kid(a, "name") is None]
        result: list[Affiliation] = []
        if plain:
            values = self.localized(element, "affiliation", path)
            named = self.one([v for v in values], lang, who, "affiliation")
            if named:
                result.append(Affiliation(name=named))
        for child in element:
            if _local(child) not in ("affiliation", "rorAffiliation") or child in plain:
                continue
            name = self.one(self.localized(child, "name", path), lang, who, "affiliation name")
            ror = None
            if _text(_kid(child, "ror")):
                try:
                    ror = str(Ror.parse(_text(_kid(child, "ror"))))
                except IdentifierError as exc:
                    self.note(who, f"ROR id not kept, it is not valid: {exc}")
            if name:
                result.append(Affiliation(name=name, ror=ror))
        return tuple(result)

    # galleys

    def submission_files(self, element: Element, path: str) -> dict[str, tuple[Element, str]]:
        files: dict[str, tuple[Element, str]] = {}
        for index, child in enumerate(_kids(element, "submission_file"), 1):
            file_id = child.get("id") or _internal_id(child)
            files[file_id] = (child, f"{path}/submission_file[{index}]")
        return files

    def galleys(
        self, publication: Element, path: str, files: dict[str, tuple[Element, str]], where: str
    ) -> tuple[OjsGalley, ...]:
        """Each ``article_galley`` with its file; submission files no galley uses are noted."""
        galleys: list[OjsGalley] = []
        used: set[str] = set()
        for index, element in enumerate(_kids(publication, "article_galley"), 1):
            gpath = f"{path}/article_galley[{index}]"
            refs = [r.get("id", "") for r in _kids(element, "submission_file_ref")]
            used.update(refs)
            label = _text(_kid(element, "name")) or f"galley {index}"
            galley = OjsGalley(
                label=label,
                locale=self.lang(element.get("locale"), f"{gpath}/@locale"),
                seq=_int(_text(_kid(element, "seq"))),
                doi=self.doi(element, gpath, where),
            )
            remote = _kid(element, "remote")
            src = None if remote is None else remote.get("src")
            if refs:
                if refs[0] not in files:
                    raise OjsError(f"{gpath}/submission_file_ref", f"no submission file {refs[0]}")
                galley = self.galley_file(galley, *files[refs[0]])
                for extra in refs[1:]:
                    self.note(where, f"galley {label!r}: further file {extra} not kept")
            elif src:
                galley = replace(galley, href=src, mime_type=mime_type(src))
            galleys.append(galley)
        for file_id, (file_element, _fpath) in files.items():
            if file_id not in used:
                self.note(
                    where,
                    f"submission file {file_id} {_text(_kid(file_element, 'name'))!r} (stage "
                    f"{file_element.get('stage')}, genre {file_element.get('genre')}) is not a "
                    "galley; not kept",
                )
        return tuple(galleys)

    def galley_file(self, galley: OjsGalley, element: Element, path: str) -> OjsGalley:
        """The galley with the current file of a submission file (``@file_id``, else the
        last ``<file>``): its name, mime type and bytes or URL."""
        revisions = _kids(element, "file")
        if not revisions:
            raise OjsError(path, "the submission file holds no <file>")
        chosen = next((f for f in revisions if f.get("id") == element.get("file_id")), None)
        chosen = revisions[-1] if chosen is None else chosen
        if len(revisions) > 1:
            self.note(
                path, f"{len(revisions) - 1} earlier revision(s) of {galley.label!r} not kept"
            )
        fpath = f"{path}/file[{revisions.index(chosen) + 1}]"
        names = self.localized(element, "name", path)
        name = next((v for t, v in names if t == galley.locale), names[0][1] if names else "")
        extension = chosen.get("extension") or name.rpartition(".")[2]
        embed, href = _kid(chosen, "embed"), _kid(chosen, "href")
        if embed is not None:
            try:
                content = decode_base64(embed.text or "", self.max_file_bytes)
            except ValueError as exc:
                raise OjsError(f"{fpath}/embed", str(exc)) from None
            mime = embed.get("mime_type") or mime_type(f"x.{extension}")
            return replace(galley, file_name=name, mime_type=mime, content=content)
        if href is not None and href.get("src"):
            mime = href.get("mime_type") or mime_type(href.get("src"))
            return replace(galley, file_name=name, mime_type=mime, href=href.get("src"))
        raise OjsError(fpath, "the file has neither <embed> nor <href src>")
