"""What the journals app registers with the rest of the node when Django starts: one
function per area (each added by that area's module), all called from `register_all`."""

from __future__ import annotations

from collections.abc import Callable

_REGISTRATIONS: list[Callable[[], None]] = []


def _review_reminders() -> None:
    """A3: the daily review reminders job (`sankofa.journals.reviews.review_reminders`)."""
    from sankofa.journals import reviews

    reviews.register()


_REGISTRATIONS.append(_review_reminders)


def _identifiers_and_harvesting() -> None:
    """A7: the DOI job ``journals.doi_register`` and the OAI-PMH source ``journals``."""
    from sankofa.journals import doi, oai

    doi.register_tasks()
    oai.register()


_REGISTRATIONS.append(_identifiers_and_harvesting)


def _preservation() -> None:
    """A8: the periodic fixity check of the articles' blobs (`journals.fixity_all`)."""
    from sankofa.journals import preservation

    preservation.register()


_REGISTRATIONS.append(_preservation)


def _reading() -> None:
    """A5: journal home pages and article pages in the node's sitemap (``/sitemap.xml``)."""
    from sankofa.journals.reading import ArticlePages
    from sankofa.web.datasets.records import sitemap

    if not any(source.name == ArticlePages.name for source in sitemap.SOURCES):
        sitemap.SOURCES.append(ArticlePages())


_REGISTRATIONS.append(_reading)


def _blobs() -> None:
    """The fields that name blobs of the node's store (`core.blobstore.references`)."""
    from sankofa.core.blobstore import references

    references.register("journals.SubmissionFile", "sha256", "reviewer_sha256")
    references.register("journals.Article", "jats_sha256", "metadata_sha256")
    references.register("journals.Galley", "sha256")


_REGISTRATIONS.append(_blobs)


def register_all() -> None:
    for register in _REGISTRATIONS:
        register()
