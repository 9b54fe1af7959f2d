"""What follows a change of an article or a submission, in one place: services call one
function here inside their transaction; every side effect that leaves the database
(DOI registration, preservation, mail) is a job that `sankofa.core.jobs.enqueue` starts
after commit, or an after-commit callback. Each area adds its line to the function it
needs; no model signals.
"""

from __future__ import annotations

from sankofa.core.actors import Actor
from sankofa.journals import doi, preservation
from sankofa.journals.models import Article

__all__ = ["article_published", "article_retracted", "article_updated"]


def article_published(actor: Actor, article: Article) -> None:
    """`article` was just published (or imported as published)."""
    doi.on_published(actor, article)
    preservation.on_published(actor, article)  # after doi: its metadata may gain the DOI


def article_updated(actor: Actor, article: Article) -> None:
    """The metadata of the published `article` changed (its ``updated`` is now)."""
    doi.on_updated(actor, article)
    preservation.on_updated(actor, article)


def article_retracted(actor: Actor, article: Article) -> None:
    """`article` became a retraction tombstone."""
    doi.on_retracted(actor, article)
