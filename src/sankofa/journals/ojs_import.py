"""Importing an OJS "Native XML" export into a journal of this node.

`import_ojs` reads the export with `sankofa.core.formats.article.ojs_native.read` and, in
ONE transaction (an error leaves nothing behind), makes:

* an `Issue` for each ``<issue>`` (volume, number, year, title per language, published
  date), or reuses the journal's issue with the same year, volume and number; an issue
  with no year takes the year of its publication date, and failing both its articles are
  imported without an issue (a report line says so);
* a `Section` for each section title an article names that the journal lacks (matched
  against every language of the existing sections' titles, case-insensitively; the new
  slug is the title slugified, made unique with ``-2``, ``-3``...);
* an `Article` for each article, through `articles.store_article`: the metadata the
  reader gives (titles, abstracts, keywords, authors with ORCID and affiliations, pages,
  licence, funding, references, received date), the journal as this node has it, the
  DOI kept with ``doi_state="external"`` (registered elsewhere: never re-deposited), the
  publication date kept (else the issue's; else now, reported), the order in the issue
  (``publication/@seq``) and each embedded galley file stored as a `Galley` (kind from the
  mime type: PDF, HTML, EPUB, JATS XML for an XML file labelled JATS, else other), and
  its JATS document: the JATS galley if it has one, else the front matter and references
  written from the metadata by `jats_write` (an OJS export holds no structured body),
  stored only when valid against the JATS Publishing DTD (a report line says otherwise:
  a journal without an ISSN, for one).

Nothing is dropped silently. `OjsImportReport.lost` holds every line of the reader's
``lost`` (what the model cannot hold) plus what the importer itself cannot keep: galleys
hosted elsewhere (their URL is listed), galley DOIs, issue DOIs and descriptions.

Importing the same file again does not duplicate. An article is skipped (and listed in
``skipped``) when an article with its DOI is on the node, or, for an article without a
DOI, when an article of the same journal has the same OJS submission id: the importer
keeps it in the metadata's ``extra`` as ``ojs_submission_id`` (with
``ojs_publication_id``), which `json_form` stores with the rest of the metadata. (OJS ids
are per OJS installation: two installations imported into one journal could share ids,
which is why the DOI is checked first.)

``dry_run=True`` does everything inside the transaction and rolls it back: the report is
exactly what a real import would do. Blobs written meanwhile stay in the content-addressed
store, unreferenced (the store has no transactions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils.text import slugify

from sankofa.core.actors import Actor, require
from sankofa.core.formats.article import jats_write, ojs_native
from sankofa.core.formats.article import model as m
from sankofa.journals.articles import ArticleExists, GalleyInput, store_article
from sankofa.journals.doi import journal_metadata
from sankofa.journals.models import Article, Galley, Issue, Journal, Section
from sankofa.journals.production import validate_jats

__all__ = ["OjsImportError", "OjsImportReport", "galley_kind", "import_ojs"]

SUBMISSION_KEY = "ojs_submission_id"
PUBLICATION_KEY = "ojs_publication_id"


class OjsImportError(ValueError):
    """The export cannot be imported; the message names where (nothing was written)."""


@dataclass
class OjsImportReport:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool = False
    issues_created: int = 0
    issues_reused: int = 0
    sections_created: list[str] = field(default_factory=list)
    articles_imported: int = 0
    galleys_stored: int = 0
    article_ids: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already on the node
    lost: list[str] = field(default_factory=list)  # what the model could not hold

    def lines(self) -> list[str]:
        """The report as text lines (what ``sankofa journals import-ojs`` prints)."""
        head = "dry run, nothing written: " if self.dry_run else ""
        out = [
            f"{head}{self.articles_imported} article(s) imported with "
            f"{self.galleys_stored} galley(s); issues: {self.issues_created} created, "
            f"{self.issues_reused} existing; sections created: "
            f"{', '.join(self.sections_created) or 'none'}",
            f"{len(self.skipped)} article(s) skipped (already on this node)",
        ]
        out += [f"  skipped: {line}" for line in self.skipped]
        out.append(f"{len(self.lost)} thing(s) not kept (the model cannot hold them)")
        out += [f"  not kept: {line}" for line in self.lost]
        return out


class _Rollback(Exception):
    """Raised to roll a dry run back."""


def galley_kind(mime_type: str | None, label: str) -> str:
    """The `Galley.Kind` of a galley file of this mime type and label."""
    mime = (mime_type or "").lower()
    if mime == "application/pdf":
        return str(Galley.Kind.PDF)
    if mime in ("text/html", "application/xhtml+xml"):
        return str(Galley.Kind.HTML)
    if mime == "application/epub+zip":
        return str(Galley.Kind.EPUB)
    if mime in ("application/xml", "text/xml", "application/jats+xml") and "jats" in (
        label.lower() + mime
    ):
        return str(Galley.Kind.JATS)
    return str(Galley.Kind.OTHER)


def import_ojs(
    actor: Actor, journal_id: int, data: bytes, *, dry_run: bool = False
) -> OjsImportReport:
    """Import the OJS native XML `data` into journal `journal_id` (see the module
    docstring). The actor needs ``journals.manage``. Raises `OjsImportError` (nothing
    written) for a document that cannot be read or an article that cannot be stored."""
    journal = Journal.objects.get(pk=journal_id)
    require(actor, "journals.manage", journal.scope_key)
    try:
        export = ojs_native.read(data, journal=journal_metadata(journal))
    except ojs_native.OjsError as exc:
        raise OjsImportError(str(exc)) from None
    report = OjsImportReport(dry_run=dry_run, lost=list(export.lost))
    try:
        with transaction.atomic():
            _Importer(actor, journal, report).run(export)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _file_name(name: str) -> str:
    """A galley name the node accepts: path separators and control characters become
    ``-``, surrounding spaces go (an OJS name may hold any of them)."""
    cleaned = "".join("-" if c in "/\\" or ord(c) < 32 or c == "\x7f" else c for c in name)
    return cleaned.strip() or "galley"


def _when(date: m.PartialDate | None) -> dt.datetime | None:
    if date is None:
        return None
    return dt.datetime(date.year, date.month or 1, date.day or 1, tzinfo=dt.UTC)


class _Importer:
    def __init__(self, actor: Actor, journal: Journal, report: OjsImportReport) -> None:
        self.actor = actor
        self.journal = journal
        self.report = report
        self.sections: dict[str, Section] = {}
        for section in Section.objects.filter(journal=journal):
            for title in section.title.values():
                self.sections.setdefault(str(title).strip().lower(), section)

    def run(self, export: ojs_native.OjsExport) -> None:
        in_issues: set[int] = set()
        for ojs_issue in export.issues:
            issue = self.issue(ojs_issue)
            for item in ojs_issue.articles:
                in_issues.add(id(item))
                self.article(item, issue, ojs_issue.published)
        for item in export.articles:
            if id(item) not in in_issues:
                self.article(item, None, None)

    def issue(self, ojs_issue: ojs_native.OjsIssue) -> Issue | None:
        label = f"issue vol. {ojs_issue.volume or '-'} no. {ojs_issue.number or '-'}"
        year = ojs_issue.year or (ojs_issue.published.year if ojs_issue.published else None)
        if ojs_issue.doi:
            self.report.lost.append(f"{label}: issue DOI {ojs_issue.doi} not kept")
        for text in ojs_issue.descriptions:
            self.report.lost.append(f"{label}: description ({text.lang}) not kept")
        if year is None:
            self.report.lost.append(
                f"{label}: no year and no publication date; its articles are imported "
                "without an issue"
            )
            return None
        issue, created = Issue.objects.get_or_create(
            journal=self.journal,
            year=year,
            volume=ojs_issue.volume,
            number=ojs_issue.number,
            defaults={
                "title": {
                    t.lang or self.journal.primary_language: t.value for t in ojs_issue.titles
                },
                "published": _when(ojs_issue.published),
            },
        )
        if created:
            self.report.issues_created += 1
        else:
            self.report.issues_reused += 1
        return issue

    def section(self, title: str, lang: str) -> Section | None:
        key = title.strip().lower()
        if not key:
            return None
        if key not in self.sections:
            base = slugify(title)[:60] or "section"
            slug, n = base, 1
            while Section.objects.filter(journal=self.journal, slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            self.sections[key] = Section.objects.create(
                journal=self.journal, slug=slug, title={lang: title.strip()}
            )
            self.report.sections_created.append(slug)
        return self.sections[key]

    def already_here(self, item: ojs_native.OjsArticle) -> str | None:
        doi = item.article.doi
        if doi and Article.objects.filter(doi=doi.lower()).exists():
            return f"{item.article.title!r}: an article with DOI {doi.lower()} is on this node"
        if item.submission_id and (
            Article.objects.filter(journal=self.journal)
            .filter(**{f"metadata__extra__{SUBMISSION_KEY}": item.submission_id})
            .exists()
        ):
            return f"{item.article.title!r}: OJS submission {item.submission_id} was imported"
        return None

    def jats(self, meta: m.Article, galleys: list[GalleyInput]) -> bytes | None:
        """The article's JATS document: its JATS galley, else the front matter and the
        references written from the metadata, kept only when valid against the JATS
        Publishing DTD (else a report line says why there is none)."""
        for galley in galleys:
            if galley.kind == Galley.Kind.JATS and galley.data is not None:
                return galley.data
        where = f"article {meta.title!r}: no JATS document"
        if not (meta.journal.issn_print or meta.journal.issn_online):
            self.report.lost.append(f"{where}: JATS needs the journal's ISSN, and it has none")
            return None
        data = jats_write.write(meta)
        problem = validate_jats(data)
        if problem is None:
            return data
        self.report.lost.append(f"{where}: the one written is not valid JATS ({problem})")
        return None

    def galleys(self, item: ojs_native.OjsArticle) -> list[GalleyInput]:
        where = f"article {item.article.title!r}"
        inputs: list[GalleyInput] = []
        for galley in sorted(item.galleys, key=lambda g: (g.seq is None, g.seq or 0)):
            if galley.doi:
                self.report.lost.append(f"{where}: DOI {galley.doi} of galley {galley.label!r}")
            if galley.content is None:
                self.report.lost.append(
                    f"{where}: galley {galley.label!r} is hosted elsewhere ({galley.href}); "
                    "not stored"
                )
                continue
            inputs.append(
                GalleyInput(
                    kind=galley_kind(galley.mime_type, galley.label),
                    name=_file_name(galley.file_name or galley.label),
                    media_type=galley.mime_type or "application/octet-stream",
                    data=galley.content,
                    label=galley.label[:64],
                    language=galley.locale or "",
                )
            )
        return inputs

    def article(
        self,
        item: ojs_native.OjsArticle,
        issue: Issue | None,
        issue_published: m.PartialDate | None,
    ) -> None:
        duplicate = self.already_here(item)
        if duplicate:
            self.report.skipped.append(duplicate)
            return
        meta = item.article
        extra = dict(meta.extra)
        if item.submission_id:
            extra[SUBMISSION_KEY] = item.submission_id
        if item.publication_id:
            extra[PUBLICATION_KEY] = item.publication_id
        meta = replace(meta, extra=extra)
        published = _when(meta.published or issue_published)
        if published is None:
            self.report.lost.append(
                f"article {meta.title!r}: no publication date in the export; published "
                "on this node with today's date"
            )
        lang = meta.language or self.journal.primary_language
        galleys = self.galleys(item)
        jats = self.jats(meta, galleys)
        try:
            article = store_article(
                self.actor,
                self.journal,
                meta,
                galleys=galleys,
                jats=jats,
                issue=issue,
                section=self.section(meta.section, lang),
                published=published,
                doi_state=str(Article.DoiState.EXTERNAL) if meta.doi else "",
            )
        except (ArticleExists, ValueError) as exc:
            raise OjsImportError(f"article {meta.title!r}: {exc}") from None
        if item.sequence is not None and issue is not None:
            Article.objects.filter(pk=article.pk).update(order_in_issue=max(item.sequence, 0))
        self.report.articles_imported += 1
        self.report.galleys_stored += len(galleys)
        self.report.article_ids.append(article.pk)
