"""What reading an OJS native export gives (`sankofa.core.formats.article.ojs_native.read`):
its issues and articles as pure values, the galleys with their files, and the report of
what the article model cannot hold; `OjsError` for a document that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass

from sankofa.core.formats.article.model import Article, PartialDate, Text

__all__ = ["OjsArticle", "OjsError", "OjsExport", "OjsGalley", "OjsIssue"]


class OjsError(ValueError):
    """A document that is not an OJS native export, or a part of it that cannot be read.

    ``path`` names the element (``issues/issue[2]/articles/article[1]/publication[1]``,
    repeated elements counted from 1); the message reads ``"<path>: <reason>"``.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


@dataclass(frozen=True, kw_only=True)
class OjsGalley:
    """One galley: its file embedded (``content``) or hosted elsewhere (``href``)."""

    label: str
    locale: str | None = None  # BCP 47
    file_name: str = ""
    mime_type: str | None = None
    content: bytes | None = None
    href: str | None = None
    seq: int | None = None
    doi: str | None = None

    @property
    def size(self) -> int | None:
        return None if self.content is None else len(self.content)


@dataclass(frozen=True, kw_only=True)
class OjsArticle:
    article: Article
    galleys: tuple[OjsGalley, ...] = ()
    sequence: int | None = None  # publication/@seq: the order in its issue's section
    submission_id: str | None = None  # the OJS internal ids, to map re-imports
    publication_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class OjsIssue:
    volume: str = ""
    number: str = ""
    year: int | None = None
    titles: tuple[Text, ...] = ()
    descriptions: tuple[Text, ...] = ()
    published: PartialDate | None = None
    doi: str | None = None
    articles: tuple[OjsArticle, ...] = ()


@dataclass(frozen=True, kw_only=True)
class OjsExport:
    issues: tuple[OjsIssue, ...]
    articles: tuple[OjsArticle, ...]  # every article, in document order
    lost: tuple[str, ...]  # what the model cannot hold, one line each
