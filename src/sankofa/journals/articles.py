"""Published articles: making one (from the workflow or an import), and reading them back.

`store_article` is the one way an `Article` row comes to exist: the workflow's
publication step and the importers (JATS, OJS) all call it. In one transaction it stores
the JATS and the galleys as blobs, mints the article's ARK (the node's ARKs are one
namespace with the datasets': `sankofa.datasets.identifiers.assign_ark`), writes the
metadata (with the ARK, and the DOI the article will have) and calls
`events.article_published`, which starts what follows after commit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from sankofa.core.actors import Actor, PermissionDenied, require
from sankofa.core.formats.article import json_form
from sankofa.core.formats.article import model as m
from sankofa.datasets.files import check_name, store_content
from sankofa.datasets.identifiers import assign_ark
from sankofa.journals import events
from sankofa.journals.models import Article, Galley, Issue, Journal, Section, Submission

__all__ = ["ArticleExists", "GalleyInput", "metadata_of", "store_article"]


class ArticleExists(ValueError):
    """An article with this DOI is already on the node."""


@dataclass(frozen=True)
class GalleyInput:
    """A galley to store with an article: its bytes (or a blob already stored, by
    digest and size) and how it is shown."""

    kind: str  # a Galley.Kind value
    name: str
    media_type: str
    data: bytes | None = None
    sha256: str = ""
    size: int = 0
    label: str = ""
    language: str = ""


def metadata_of(article: Article) -> m.Article:
    """The article's metadata as the pure model."""
    return json_form.from_json(article.metadata)


def _store_galley(article: Article, index: int, galley: GalleyInput, jats: bytes | None) -> Galley:
    if galley.kind not in Galley.Kind.values:
        raise ValueError(f"galley kind {galley.kind!r} is not one of {Galley.Kind.values}")
    name = check_name(galley.name)
    sha256, size = galley.sha256, galley.size
    if galley.data is not None and galley.data == jats:  # the JATS itself: stored already
        sha256, size = article.jats_sha256, len(jats)
    elif galley.data is not None:
        stored = store_content(io.BytesIO(galley.data))
        sha256, size = stored.sha256, stored.size
    if not sha256:
        raise ValueError(f"galley {name!r} has neither bytes nor a stored blob")
    return Galley.objects.create(
        article=article,
        kind=galley.kind,
        label=galley.label or Galley.Kind(galley.kind).label,
        language=galley.language,
        name=name,
        media_type=galley.media_type,
        size=size,
        sha256=sha256,
        order=index,
    )


def _require_publisher(actor: Actor, journal: Journal) -> None:
    try:
        require(actor, "journals.manage", journal.scope_key)
    except PermissionDenied:
        require(actor, "journals.edit", journal.scope_key)


@transaction.atomic
def store_article(
    actor: Actor,
    journal: Journal,
    metadata: m.Article,
    *,
    jats: bytes | None = None,
    galleys: Sequence[GalleyInput] = (),
    submission: Submission | None = None,
    issue: Issue | None = None,
    section: Section | None = None,
    published: datetime | None = None,
    doi_state: str = "",
) -> Article:
    """Publish `metadata` as a new article of `journal` (see the module docstring).

    The actor needs ``journals.manage`` or ``journals.edit`` on the journal. A DOI in the
    metadata that another article already has raises `ArticleExists`; ``doi_state`` says what
    is known of it (``external`` for an imported DOI, registered elsewhere).
    """
    _require_publisher(actor, journal)
    if issue is not None and issue.journal_id != journal.pk:
        raise ValueError(f"issue {issue.pk} belongs to another journal")
    if section is not None and section.journal_id != journal.pk:
        raise ValueError(f"section {section.pk} belongs to another journal")
    when = published or timezone.now()
    doi = metadata.doi.lower() if metadata.doi else None
    if doi and Article.objects.filter(doi=doi).exists():  # refused before any blob is written
        raise ArticleExists(f"an article with DOI {doi} is already on this node")
    jats_sha256 = store_content(io.BytesIO(jats)).sha256 if jats is not None else ""
    try:
        with transaction.atomic():
            article = Article.objects.create(
                journal=journal,
                submission=submission,
                issue=issue,
                section=section,
                doi=doi,
                doi_state=doi_state,
                language=metadata.language or journal.primary_language,
                title=metadata.title,
                metadata=json_form.to_json(metadata),
                jats_sha256=jats_sha256,
                published=when,
                updated=when,
            )
    except IntegrityError as exc:
        raise ArticleExists(f"an article with DOI {doi} is already on this node") from exc
    ark = assign_ark(article)
    article.metadata = json_form.to_json(replace(metadata, ark=ark))
    article.save(update_fields=["metadata"])
    for index, galley in enumerate(galleys):
        _store_galley(article, index, galley, jats)
    events.article_published(actor, article)
    return article
