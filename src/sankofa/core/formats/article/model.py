"""The metadata of one journal article, as frozen values (what every article format
reads or writes; a format that holds less leaves the rest out, one that holds more says
what it dropped).

Texts that exist in several languages are `Text` values with a BCP 47 ``lang``; the
first of a tuple is the article's own language. Dates may be partial (a year, a year
and month), as journals publish them. Identifiers are kept in their normal text form
(a DOI as ``10.1234/abc``, an ORCID iD as ``0000-0002-1825-0097``, a ROR id as
``https://ror.org/03yrm5c26``, a SWHID as ``swh:1:…``); checking them is the job of
`sankofa.core.identifiers`, at the edge that reads them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Affiliation",
    "Article",
    "Contributor",
    "ContributorKind",
    "Funding",
    "Journal",
    "Keyword",
    "Licence",
    "PartialDate",
    "Reference",
    "RelatedObject",
    "Text",
]


class ContributorKind(StrEnum):
    AUTHOR = "author"
    EDITOR = "editor"
    TRANSLATOR = "translator"


# The 14 roles of the CRediT taxonomy (ANSI/NISO Z39.104-2022), by their term.
CREDIT_ROLES = (
    "Conceptualization",
    "Data curation",
    "Formal analysis",
    "Funding acquisition",
    "Investigation",
    "Methodology",
    "Project administration",
    "Resources",
    "Software",
    "Supervision",
    "Validation",
    "Visualization",
    "Writing \N{EN DASH} original draft",
    "Writing \N{EN DASH} review & editing",
)


@dataclass(frozen=True)
class Text:
    """A text in one language (``lang`` None: the article's language)."""

    value: str
    lang: str | None = None


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as it was published: a year, a year and month, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a date with a day needs a month")
        if self.day is not None:
            datetime.date(self.year, self.month or 1, self.day)  # raises if impossible
        elif self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1 to 12")

    def iso(self) -> str:
        """``2024``, ``2024-03`` or ``2024-03-14``."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True, kw_only=True)
class Affiliation:
    name: str
    ror: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True, kw_only=True)
class Contributor:
    """A person (``surname`` and ``given_names``) or a group (``collab``, no surname)."""

    surname: str = ""
    given_names: str = ""
    collab: str = ""
    kind: ContributorKind = ContributorKind.AUTHOR
    orcid: str | None = None
    email: str | None = None
    affiliations: tuple[Affiliation, ...] = ()
    credit_roles: tuple[str, ...] = ()  # terms of CREDIT_ROLES
    corresponding: bool = False

    def __post_init__(self) -> None:
        if not (self.surname.strip() or self.collab.strip()):
            raise ValueError("a contributor needs a surname or a group name (collab)")

    @property
    def display_name(self) -> str:
        if self.collab:
            return self.collab
        return f"{self.given_names} {self.surname}".strip()


@dataclass(frozen=True, kw_only=True)
class Keyword:
    value: str
    lang: str | None = None


@dataclass(frozen=True, kw_only=True)
class Licence:
    """The licence: its URL (``https://creativecommons.org/licenses/by/4.0/``) and text."""

    url: str | None = None
    text: str = ""


@dataclass(frozen=True, kw_only=True)
class Funding:
    funder_name: str
    funder_id: str | None = None  # a Crossref Funder Registry DOI or a ROR id
    award_ids: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Reference:
    """One cited work: its label, the text as printed, and what is known of it."""

    label: str = ""
    text: str = ""  # the citation as printed (mixed-citation / element-citation text)
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    title: str = ""
    source: str = ""  # journal or book title
    year: str = ""
    authors: tuple[str, ...] = ()  # "Surname GN" as printed
    volume: str = ""
    first_page: str = ""


@dataclass(frozen=True, kw_only=True)
class RelatedObject:
    """A dataset, software or other work the article links to (data availability)."""

    identifier: str
    identifier_type: str  # "DOI", "ARK", "SWHID", "URL"
    relation: str = "references"  # "references", "isSupplementedBy", ...
    kind: str = ""  # "dataset", "software", ...


@dataclass(frozen=True, kw_only=True)
class Journal:
    title: str
    abbrev_title: str = ""
    issn_print: str | None = None
    issn_online: str | None = None
    publisher: str = ""
    publisher_location: str = ""
    journal_id: str = ""  # the journal's own short id (NLM TA, publisher id, path)


@dataclass(frozen=True, kw_only=True)
class Article:
    journal: Journal
    titles: tuple[Text, ...]  # the first is the article's title in its own language
    article_type: str = "research-article"  # JATS @article-type
    language: str | None = None
    subtitle: str = ""
    contributors: tuple[Contributor, ...] = ()
    abstracts: tuple[Text, ...] = ()  # plain text, paragraphs separated by blank lines
    keywords: tuple[Keyword, ...] = ()
    section: str = ""  # the journal section (subject heading)
    doi: str | None = None
    ark: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    publisher_id: str | None = None
    published: PartialDate | None = None  # first publication (epub or, failing it, ppub)
    received: PartialDate | None = None
    accepted: PartialDate | None = None
    volume: str = ""
    issue: str = ""
    first_page: str = ""
    last_page: str = ""
    elocation_id: str = ""
    licence: Licence | None = None
    copyright_statement: str = ""
    funding: tuple[Funding, ...] = ()
    references: tuple[Reference, ...] = ()
    related: tuple[RelatedObject, ...] = ()
    data_availability: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.titles or not self.titles[0].value.strip():
            raise ValueError("an article needs a title")

    @property
    def title(self) -> str:
        return self.titles[0].value

    @property
    def authors(self) -> tuple[Contributor, ...]:
        return tuple(c for c in self.contributors if c.kind == ContributorKind.AUTHOR)
