"""Importing a JATS article (``sankofa journals import-jats``).

`import_jats` reads the bytes with `sankofa.core.formats.article.jats.read`; a document it
cannot hold raises `JatsImportError`, whose message names the line (``line 12: …``) and the
element at fault. Then, in one transaction:

* with ``publish``: `articles.store_article` makes the article, with the JATS as its JATS
  and as its one galley (kind ``jats``, named ``<slug>-<id>.xml``, served as
  ``application/xml``); a DOI in the JATS is kept as registered elsewhere
  (``doi_state="external"``), and a DOI already on the node raises `ArticleExists`. The
  optional issue must be one of the journal's.
* without: a `Submission` in stage ``production`` with its title, abstract and keywords
  per language, its authors (ORCID, affiliations, CRediT roles, corresponding), links
  (related datasets and software) and data availability from the JATS, the JATS as a
  ``jats`` galley of the submission, and a `StageEvent` (action ``import``) to
  ``production``; the editors publish it later. A DOI already on an article of the node
  raises `ArticleExists` here too.

The actor needs ``journals.manage`` or ``journals.edit`` on the journal. A JATS whose
ISSNs name another journal (none of its ISSNs is one of the target journal's, both having
some) is still imported; `Imported.notes` says so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from sankofa.core.actors import Actor, PermissionDenied, require
from sankofa.core.formats.article import jats, xmlinput
from sankofa.core.formats.article import model as m
from sankofa.datasets.files import store_content
from sankofa.journals.articles import ArticleExists, GalleyInput, store_article
from sankofa.journals.models import (
    Article,
    Author,
    Galley,
    Issue,
    Journal,
    StageEvent,
    Submission,
)
from sankofa.journals.workflow import Stage

__all__ = [
    "JATS_MEDIA_TYPE",
    "ArticleExists",
    "Imported",
    "JatsImportError",
    "import_jats",
    "import_jats_file",
    "read_jats",
]

JATS_MEDIA_TYPE = "application/xml"
_LINE = re.compile(r"line (\d+)")


class JatsImportError(ValueError):
    """A JATS document that cannot be imported: ``line`` (0 if unknown), ``path`` (the
    element's XPath, "" if the bytes are not XML) and ``reason``; the message reads
    ``line N: <path>: <reason>``."""

    def __init__(self, line: int, path: str, reason: str) -> None:
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{path + ': ' if path else ''}{reason}")
        self.line = line
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Imported:
    """What an import made: the article (published) or the submission (not), and notes
    for the person importing (such as another journal's ISSN)."""

    article: Article | None
    submission: Submission | None
    metadata: m.Article
    notes: tuple[str, ...] = ()

    @property
    def result(self) -> Article | Submission:
        made = self.article if self.article is not None else self.submission
        assert made is not None
        return made


def _line_of(data: bytes, path: str) -> int:
    try:
        root = xmlinput.parse(data)
        found: Any = root.getroottree().xpath(path) if path else []
    except Exception:
        return 0
    if isinstance(found, list) and found and hasattr(found[0], "sourceline"):
        return int(found[0].sourceline or 0)
    return 0


def read_jats(data: bytes) -> m.Article:
    """The metadata of the JATS `data`; `JatsImportError` (naming the line) if unreadable."""
    try:
        return jats.read(data)
    except jats.JatsError as error:
        line = _line_of(data, error.path)
        found = _LINE.findall(error.message)  # lxml ends with "(<string>, line N)"
        if not line and found:
            line = int(found[-1])
        raise JatsImportError(line, error.path, error.message) from None


def _require_importer(actor: Actor, journal: Journal) -> None:
    try:
        require(actor, "journals.manage", journal.scope_key)
    except PermissionDenied:
        require(actor, "journals.edit", journal.scope_key)


def _issn_notes(journal: Journal, metadata: m.Article) -> tuple[str, ...]:
    theirs = {i for i in (metadata.journal.issn_print, metadata.journal.issn_online) if i}
    ours = {i for i in (journal.issn_print, journal.issn_online) if i}
    if theirs and ours and not theirs & ours:
        return (
            f"the JATS names ISSN {', '.join(sorted(theirs))} ({metadata.journal.title}), "
            f"not this journal's {', '.join(sorted(ours))}: imported all the same",
        )
    return ()


def _galley_name(journal: Journal, metadata: m.Article) -> str:
    ident = metadata.doi or metadata.publisher_id or metadata.pmcid or "article"
    word = re.sub(r"[^A-Za-z0-9._-]+", "-", ident.split("/")[-1]).strip("-.") or "article"
    return f"{journal.slug}-{word[:80]}.xml"


def import_jats(
    actor: Actor, journal_id: int, data: bytes, *, publish: bool, issue_id: int | None = None
) -> Article | Submission:
    """Import the JATS `data` into the journal (see the module docstring): the `Article`
    when published, else the `Submission` waiting in production."""
    return import_jats_file(actor, journal_id, data, publish=publish, issue_id=issue_id).result


@transaction.atomic
def import_jats_file(
    actor: Actor, journal_id: int, data: bytes, *, publish: bool, issue_id: int | None = None
) -> Imported:
    """`import_jats` with what it made and its notes (see the module docstring)."""
    journal = Journal.objects.get(pk=journal_id)
    _require_importer(actor, journal)
    metadata = read_jats(data)
    issue = Issue.objects.get(pk=issue_id, journal=journal) if issue_id is not None else None
    notes = _issn_notes(journal, metadata)
    if metadata.doi and Article.objects.filter(doi=metadata.doi.lower()).exists():
        raise ArticleExists(f"an article with DOI {metadata.doi.lower()} is already on this node")
    name = _galley_name(journal, metadata)
    if publish:
        galley = GalleyInput(kind="jats", name=name, media_type=JATS_MEDIA_TYPE, data=data)
        article = store_article(
            actor,
            journal,
            metadata,
            jats=data,
            galleys=[galley],
            issue=issue,
            doi_state=Article.DoiState.EXTERNAL if metadata.doi else "",
        )
        return Imported(article=article, submission=None, metadata=metadata, notes=notes)
    submission = _submission(actor, journal, metadata, issue, data, name)
    return Imported(article=None, submission=submission, metadata=metadata, notes=notes)


def _texts(values: tuple[m.Text, ...], language: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in values:
        out.setdefault(text.lang or language, text.value)
    return out


def _keywords(metadata: m.Article, language: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for keyword in metadata.keywords:
        out.setdefault(keyword.lang or language, []).append(keyword.value)
    return out


def _links(metadata: m.Article) -> list[dict[str, str]]:
    return [
        {
            "identifier": r.identifier,
            "identifier_type": r.identifier_type,
            "relation": r.relation,
            "kind": r.kind,
        }
        for r in metadata.related
    ]


def _submission(
    actor: Actor,
    journal: Journal,
    metadata: m.Article,
    issue: Issue | None,
    data: bytes,
    name: str,
) -> Submission:
    language = metadata.language or journal.primary_language
    now = timezone.now()
    submission = Submission.objects.create(
        journal=journal,
        stage=str(Stage.PRODUCTION),
        submitter_id=actor.user_id,
        submitter_name=actor.name[:200],
        language=language,
        title=_texts(metadata.titles, language),
        abstract=_texts(metadata.abstracts, language),
        keywords=_keywords(metadata, language),
        data_availability=metadata.data_availability,
        links=_links(metadata),
        issue=issue,
        submitted=now,
        updated=now,
    )
    _authors(submission, metadata)
    stored = store_content(io.BytesIO(data))
    Galley.objects.create(
        submission=submission,
        kind=Galley.Kind.JATS,
        label=str(Galley.Kind.JATS.label),
        name=name,
        media_type=JATS_MEDIA_TYPE,
        size=stored.size,
        sha256=stored.sha256,
    )
    StageEvent.objects.create(
        submission=submission,
        action="import",
        from_stage="",
        to_stage=str(Stage.PRODUCTION),
        actor_id=actor.user_id,
        actor_name=actor.name[:200],
        note="imported from JATS",
        at=now,
    )
    return submission


def _authors(submission: Submission, metadata: m.Article) -> None:
    for order, person in enumerate(metadata.authors):
        Author.objects.create(
            submission=submission,
            order=order,
            given_names=person.given_names[:200],
            surname=(person.surname or person.collab)[:200],
            email=(person.email or "")[:254],
            orcid=person.orcid or "",
            affiliations=[
                {"name": a.name, "ror": a.ror or "", "country": a.country or ""}
                for a in person.affiliations
            ],
            credit_roles=list(person.credit_roles),
            corresponding=person.corresponding,
        )
