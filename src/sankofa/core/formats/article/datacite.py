"""A journal article as a DataCite resource (``resourceTypeGeneral`` ``JournalArticle``),
for journals that register their DOIs at DataCite instead of Crossref.

`resource` maps an `Article` onto the node's DataCite model
(`sankofa.core.formats.datacite.Resource`), which the node writes as kernel-4.6 XML:

* ``identifier``: the DOI given (the article's own is ignored: the caller decides);
* ``creators``: the authors in order, a person as ``Surname, Given`` (``Personal``, with
  ``givenName``/``familyName``), a group (``collab``) as ``Organizational``; ORCID iDs as
  ``https://orcid.org/…`` name identifiers; affiliations by name, with their ROR id. An
  article without authors gets the creator ``:unav`` (DataCite's "unavailable");
* ``contributors``: editors (``Editor``) and translators (``Translator``);
* ``titles``: each title with its language, the first's subtitle as ``Subtitle``, the
  others ``TranslatedTitle``; ``publisher``: the journal's publisher, else its title;
* ``publicationYear`` from ``published`` (required: an unpublished article raises
  ValueError); ``resourceType`` ``JournalArticle`` with the JATS article type as text;
* ``subjects``: the keywords; ``dates``: ``Issued``, ``Accepted``, ``Submitted``
  (received); ``language``; ``alternateIdentifiers``: the ARK;
* ``relatedIdentifiers``: ``IsPublishedIn`` the journal's ISSNs (``ISSN``/``EISSN``), each
  `RelatedObject` by its type (DOI, ARK, SWHID, URL) with its relation when DataCite
  has it (case-insensitive, else ``References``) and ``Dataset``/``Software`` from its
  kind, then ``References`` for every reference with a DOI;
* ``rightsList``: the licence (text, else URL; ``rightsURI``); ``descriptions``: each
  abstract (``Abstract``, one part per paragraph); ``fundingReferences``: one per funder
  and award, a ``10.13039/…`` funder id as ``Crossref Funder ID``, a ROR id as ``ROR``;
* ``relatedItems``: the journal (``Journal``, ``IsPublishedIn``) with its ISSN, title,
  year, volume, issue and pages.

Blank values are left out. The function is pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator

from sankofa.core.formats.article.model import Article, Contributor, ContributorKind
from sankofa.core.formats.datacite.model import Affiliation as DcAffiliation
from sankofa.core.formats.datacite.model import (
    AlternateIdentifier,
    AwardNumber,
    Creator,
    Date,
    Description,
    FunderIdentifier,
    FundingReference,
    Identifier,
    NameIdentifier,
    Publisher,
    RelatedIdentifier,
    RelatedItem,
    RelatedItemIdentifier,
    Resource,
    ResourceType,
    Rights,
    Subject,
    Title,
)
from sankofa.core.formats.datacite.model import Contributor as DcContributor
from sankofa.core.formats.datacite.vocabulary import (
    ContributorType,
    DateType,
    DescriptionType,
    FunderIdentifierType,
    NameType,
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
    TitleType,
)

__all__ = ["resource"]

_RELATIONS = {member.value.lower(): member for member in RelationType}
_KINDS = {
    "dataset": ResourceTypeGeneral.DATASET,
    "software": ResourceTypeGeneral.SOFTWARE,
    "text": ResourceTypeGeneral.TEXT,
}
_ID_TYPES = {
    "DOI": RelatedIdentifierType.DOI,
    "ARK": RelatedIdentifierType.ARK,
    "SWHID": RelatedIdentifierType.SWHID,
    "URL": RelatedIdentifierType.URL,
}


def resource(article: Article, *, doi: str) -> Resource:
    """The DataCite resource of `article` under `doi` (see the module docstring)."""
    if article.published is None:
        raise ValueError("an article needs a publication date to be registered")
    journal = article.journal
    creators = tuple(_creator(c) for c in article.authors) or (Creator(name=":unav"),)
    return Resource(
        identifier=Identifier(value=doi, identifier_type="DOI"),
        creators=creators,
        titles=tuple(_titles(article)),
        publisher=Publisher(name=(journal.publisher.strip() or journal.title.strip())),
        publication_year=article.published.year,
        resource_type=ResourceType(
            general=ResourceTypeGeneral.JOURNAL_ARTICLE, value=article.article_type
        ),
        subjects=tuple(
            Subject(value=k.value.strip(), lang=k.lang) for k in article.keywords if k.value.strip()
        ),
        contributors=tuple(_contributors(article)),
        dates=tuple(_dates(article)),
        language=article.language or None,
        alternate_identifiers=(
            (AlternateIdentifier(value=article.ark, identifier_type="ARK"),) if article.ark else ()
        ),
        related_identifiers=tuple(_related(article)),
        rights_list=tuple(_rights(article)),
        descriptions=tuple(_descriptions(article)),
        funding_references=tuple(_funding(article)),
        related_items=(_journal_item(article),),
    )


def _name_parts(person: Contributor) -> dict[str, object]:
    if person.collab.strip():
        return {"name": person.collab.strip(), "name_type": NameType.ORGANIZATIONAL}
    given, surname = person.given_names.strip(), person.surname.strip()
    return {
        "name": f"{surname}, {given}" if given else surname,
        "name_type": NameType.PERSONAL,
        "given_name": given or None,
        "family_name": surname,
    }


def _ids_and_affiliations(person: Contributor) -> dict[str, object]:
    ids: tuple[NameIdentifier, ...] = ()
    if person.orcid:
        ids = (
            NameIdentifier(
                value=f"https://orcid.org/{person.orcid.rsplit('/', 1)[-1]}",
                scheme="ORCID",
                scheme_uri="https://orcid.org",
            ),
        )
    affiliations = tuple(
        DcAffiliation(
            name=a.name.strip(),
            identifier=a.ror or None,
            identifier_scheme="ROR" if a.ror else None,
            scheme_uri="https://ror.org" if a.ror else None,
        )
        for a in person.affiliations
        if a.name.strip()
    )
    return {"name_identifiers": ids, "affiliations": affiliations}


def _creator(person: Contributor) -> Creator:
    return Creator(**_name_parts(person), **_ids_and_affiliations(person))  # type: ignore[arg-type]


def _contributors(article: Article) -> Iterator[DcContributor]:
    kinds = {
        ContributorKind.EDITOR: ContributorType.EDITOR,
        ContributorKind.TRANSLATOR: ContributorType.TRANSLATOR,
    }
    for person in article.contributors:
        if person.kind in kinds:
            yield DcContributor(
                contributor_type=kinds[person.kind],
                **_name_parts(person),  # type: ignore[arg-type]
                **_ids_and_affiliations(person),  # type: ignore[arg-type]
            )


def _titles(article: Article) -> Iterator[Title]:
    for i, text in enumerate(article.titles):
        if not text.value.strip():
            continue
        kind = None if i == 0 else TitleType.TRANSLATED_TITLE
        yield Title(value=text.value.strip(), title_type=kind, lang=text.lang)
        if i == 0 and article.subtitle.strip():
            yield Title(value=article.subtitle.strip(), title_type=TitleType.SUBTITLE)


def _dates(article: Article) -> Iterator[Date]:
    for date, kind in (
        (article.published, DateType.ISSUED),
        (article.accepted, DateType.ACCEPTED),
        (article.received, DateType.SUBMITTED),
    ):
        if date is not None:
            yield Date(value=date.iso(), date_type=kind)


def _issns(article: Article) -> Iterator[tuple[str, RelatedIdentifierType]]:
    journal = article.journal
    if journal.issn_online:
        yield journal.issn_online, RelatedIdentifierType.EISSN
    if journal.issn_print:
        yield journal.issn_print, RelatedIdentifierType.ISSN


def _related(article: Article) -> Iterator[RelatedIdentifier]:
    for value, kind in _issns(article):
        yield RelatedIdentifier(
            value=value, identifier_type=kind, relation_type=RelationType.IS_PUBLISHED_IN
        )
    for related in article.related:
        id_type = _ID_TYPES.get(related.identifier_type.upper())
        if id_type is None or not related.identifier.strip():
            continue
        yield RelatedIdentifier(
            value=related.identifier.strip(),
            identifier_type=id_type,
            relation_type=_RELATIONS.get(related.relation.lower(), RelationType.REFERENCES),
            resource_type_general=_KINDS.get(related.kind.lower()),
        )
    for reference in article.references:
        if reference.doi:
            yield RelatedIdentifier(
                value=reference.doi,
                identifier_type=RelatedIdentifierType.DOI,
                relation_type=RelationType.REFERENCES,
            )


def _rights(article: Article) -> Iterator[Rights]:
    licence = article.licence
    if licence is not None and (licence.url or licence.text.strip()):
        yield Rights(value=licence.text.strip() or (licence.url or ""), uri=licence.url or None)


def _descriptions(article: Article) -> Iterator[Description]:
    for abstract in article.abstracts:
        parts = tuple(p.strip() for p in abstract.value.split("\n\n") if p.strip())
        if parts:
            yield Description(
                parts=parts, description_type=DescriptionType.ABSTRACT, lang=abstract.lang
            )


def _funding(article: Article) -> Iterator[FundingReference]:
    for funding in article.funding:
        if not funding.funder_name.strip():
            continue
        funder = None
        if funding.funder_id:
            value = funding.funder_id.strip()
            is_doi = "10.13039/" in value
            funder = FunderIdentifier(
                value=value
                if not is_doi or value.startswith("http")
                else f"https://doi.org/{value}",
                identifier_type=(
                    FunderIdentifierType.CROSSREF_FUNDER_ID
                    if is_doi
                    else FunderIdentifierType.ROR
                    if "ror.org" in value
                    else FunderIdentifierType.OTHER
                ),
            )
        awards: list[str | None] = [a.strip() for a in funding.award_ids if a.strip()] or [None]
        for award in awards:
            yield FundingReference(
                funder_name=funding.funder_name.strip(),
                funder_identifier=funder,
                award_number=AwardNumber(value=award) if award else None,
            )


def _journal_item(article: Article) -> RelatedItem:
    issn = next(_issns(article), None)
    identifier = None
    if issn is not None:
        identifier = RelatedItemIdentifier(
            value=issn[0], identifier_type=RelatedIdentifierType.ISSN
        )
    published = article.published
    return RelatedItem(
        related_item_type=ResourceTypeGeneral.JOURNAL,
        relation_type=RelationType.IS_PUBLISHED_IN,
        identifier=identifier,
        titles=(Title(value=article.journal.title.strip()),),
        publication_year=published.year if published else None,
        volume=article.volume.strip() or None,
        issue=article.issue.strip() or None,
        first_page=article.first_page.strip() or article.elocation_id.strip() or None,
        last_page=article.last_page.strip() or None,
    )
