"""Hypothesis strategies for valid `Resource` values of a kernel version."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from hypothesis import strategies as st

from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.vocabulary import (
    ContributorType,
    DateType,
    DescriptionType,
    FunderIdentifierType,
    NameType,
    NumberType,
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
    TitleType,
)
from sankofa.core.formats.datacite.xml46 import DataCite46

E = TypeVar("E", bound=StrEnum)

# XML 1.0 characters; "\r" is left out because parsers turn it into "\n".
text = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\ufffe\uffff",
        whitelist_characters="\n\t",
    ),
    max_size=12,
)
some_text = text.filter(bool)
uri = st.from_regex(r"https://example\.org/[a-z0-9/._-]{0,10}", fullmatch=True)
lang = st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?", fullmatch=True)
year = st.integers(min_value=0, max_value=9999)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def few(strategy: st.SearchStrategy[Any], min_size: int = 0) -> st.SearchStrategy[Any]:
    return st.lists(strategy, min_size=min_size, max_size=3).map(tuple)


def coordinate(bound: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=-bound, max_value=bound, places=4, allow_nan=False)


def resources(kernel: DataCite46) -> st.SearchStrategy[m.Resource]:
    def enum(kind: type[E]) -> st.SearchStrategy[E]:
        return st.sampled_from(sorted(kernel.vocabulary[kind]))  # type: ignore[arg-type]

    information = maybe(text) if kernel.version >= "4.7" else st.none()
    names: dict[str, Any] = {
        "name": text,
        "name_type": maybe(enum(NameType)),
        "lang": maybe(lang),
        "given_name": maybe(text),
        "family_name": maybe(text),
    }
    agent = {
        **names,
        "name_identifiers": few(
            st.builds(m.NameIdentifier, value=some_text, scheme=text, scheme_uri=maybe(uri))
        ),
        "affiliations": few(
            st.builds(
                m.Affiliation,
                name=some_text,
                identifier=maybe(text),
                identifier_scheme=maybe(text),
                scheme_uri=maybe(uri),
            )
        ),
    }
    point = st.builds(m.GeoPoint, latitude=coordinate(90), longitude=coordinate(180))
    title = st.builds(m.Title, value=text, title_type=maybe(enum(TitleType)), lang=maybe(lang))
    related_item = st.builds(
        m.RelatedItem,
        related_item_type=enum(ResourceTypeGeneral),
        relation_type=enum(RelationType),
        relation_type_information=information,
        identifier=maybe(
            st.builds(
                m.RelatedItemIdentifier,
                value=text,
                identifier_type=maybe(enum(RelatedIdentifierType)),
                related_metadata_scheme=maybe(text),
                scheme_uri=maybe(uri),
                scheme_type=maybe(text),
            )
        ),
        creators=few(st.builds(m.PersonName, **names)),
        titles=few(title),
        publication_year=maybe(year),
        volume=maybe(text),
        issue=maybe(text),
        number=maybe(st.builds(m.Number, value=text, number_type=maybe(enum(NumberType)))),
        first_page=maybe(text),
        last_page=maybe(text),
        publisher=maybe(text),
        edition=maybe(text),
        contributors=few(
            st.builds(m.RelatedItemContributor, contributor_type=enum(ContributorType), **names)
        ),
    )
    return st.builds(
        m.Resource,
        identifier=st.builds(m.Identifier, value=some_text, identifier_type=text),
        creators=few(st.builds(m.Creator, **agent), min_size=1),
        titles=few(title, min_size=1),
        publisher=st.builds(
            m.Publisher, name=some_text, identifier=maybe(text),
            identifier_scheme=maybe(text), scheme_uri=maybe(uri), lang=maybe(lang)),
        publication_year=year,
        resource_type=st.builds(m.ResourceType, general=enum(ResourceTypeGeneral), value=text),
        subjects=few(st.builds(
            m.Subject, value=text, scheme=maybe(text), scheme_uri=maybe(uri),
            value_uri=maybe(uri), classification_code=maybe(uri), lang=maybe(lang))),
        contributors=few(st.builds(
            m.Contributor, contributor_type=enum(ContributorType), **{**agent, "name": some_text})),
        dates=few(st.builds(
            m.Date, value=text, date_type=enum(DateType), information=maybe(text))),
        language=maybe(lang),
        alternate_identifiers=few(st.builds(
            m.AlternateIdentifier, value=text, identifier_type=text)),
        related_identifiers=few(st.builds(
            m.RelatedIdentifier, value=text, identifier_type=enum(RelatedIdentifierType),
            relation_type=enum(RelationType),
            resource_type_general=maybe(enum(ResourceTypeGeneral)),
            related_metadata_scheme=maybe(text), scheme_uri=maybe(uri), scheme_type=maybe(text),
            relation_type_information=information)),
        sizes=few(text), formats=few(text), version=maybe(text),
        rights_list=few(st.builds(
            m.Rights, value=text, uri=maybe(uri), identifier=maybe(text),
            identifier_scheme=maybe(text), scheme_uri=maybe(uri), lang=maybe(lang))),
        descriptions=few(st.builds(
            m.Description, parts=few(text, min_size=1),
            description_type=enum(DescriptionType), lang=maybe(lang))),
        geo_locations=few(st.builds(
            m.GeoLocation, place=maybe(text), point=maybe(point),
            box=maybe(st.builds(m.GeoBox, west=coordinate(180), east=coordinate(180),
                                south=coordinate(90), north=coordinate(90))),
            polygons=few(st.builds(
                m.GeoPolygon, points=st.lists(point, min_size=4, max_size=5).map(tuple),
                in_point=maybe(point))))),
        funding_references=few(st.builds(
            m.FundingReference, funder_name=some_text,
            funder_identifier=maybe(st.builds(
                m.FunderIdentifier, value=text,
                identifier_type=enum(FunderIdentifierType), scheme_uri=maybe(uri))),
            award_number=maybe(st.builds(m.AwardNumber, value=text, uri=maybe(uri))),
            award_title=maybe(text))),
        related_items=few(related_item),
    )  # fmt: skip
