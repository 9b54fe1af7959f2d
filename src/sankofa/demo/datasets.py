"""Demo datasets: a community and a few records that show the open-data pillar.

- "Daily rainfall at five stations in Ghana" — published, then a second version with
  one more file; its metadata links the archived ``rainfall-tools`` software by SWHID
  and carries an ORCID, a ROR affiliation, a licence, a place and a funder.
- a dataset with titles in French and Arabic, embargoed for a year;
- a restricted dataset (files on request);
- a dataset published then withdrawn (its ARK resolves to a tombstone).

Built through the same services as the web and the API, as the node's operator, and
only once: a node that already has the community keeps what it has.
"""

from __future__ import annotations

import datetime
import io
from typing import TYPE_CHECKING

from sankofa.core.actors import Actor
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.vocabulary import (
    DateType,
    DescriptionType,
    FunderIdentifierType,
    NameType,
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
    TitleType,
)

if TYPE_CHECKING:
    from sankofa.datasets.models import Community, Version

COMMUNITY = "hydrology"
DEMO = Actor.operator("demo")
STATIONS_CSV = b"station,lat,lon\nAccra,5.6,-0.19\nKumasi,6.69,-1.62\n"
PLANTS_CSV = "fr,ar\nbaobab,باوباب\nkinkéliba,كنكليبا\n".encode()
RAINFALL_CSV = b"station,date,mm\n" + b"".join(
    f"{s},2020-01-{d:02d},{(d * 7 + i * 3) % 23}.{d % 10}\n".encode()
    for i, s in enumerate(("Accra", "Kumasi", "Tamale", "Takoradi", "Ho"))
    for d in range(1, 29)
)
README = (
    b"# Daily rainfall, five stations in Ghana\n\nOne row per station and day: "
    b"`station`, `date` (ISO 8601), `mm` of rain.\n\nCleaned with *rainfall-tools* "
    b"(see the related software).\n"
)


def _creator(name: str, given: str, family: str, orcid: str | None = None) -> m.Creator:
    return m.Creator(
        name=name,
        name_type=NameType.PERSONAL,
        given_name=given,
        family_name=family,
        name_identifiers=(
            (m.NameIdentifier(value=orcid, scheme="ORCID", scheme_uri="https://orcid.org"),)
            if orcid
            else ()
        ),
        affiliations=(
            m.Affiliation(
                name="University of Ghana",
                identifier="https://ror.org/01r22mr83",
                identifier_scheme="ROR",
                scheme_uri="https://ror.org",
            ),
        ),
    )


def rainfall(software_swhid: str | None) -> Resource:
    related = (
        (
            m.RelatedIdentifier(
                value=software_swhid,
                identifier_type=RelatedIdentifierType.SWHID,
                relation_type=RelationType.IS_SUPPLEMENTED_BY,
            ),
        )
        if software_swhid
        else ()
    )
    return Resource(
        identifier=m.Identifier(value="(:tba)"),
        creators=(
            _creator("Okafor, Amina", "Amina", "Okafor", "0000-0002-1825-0097"),
            _creator("Mensah, Kwame", "Kwame", "Mensah"),
        ),
        titles=(m.Title(value="Daily rainfall at five stations in Ghana, January 2020"),),
        publisher=m.Publisher(name="Sankofa demo node"),
        publication_year=2026,
        resource_type=m.ResourceType(general=ResourceTypeGeneral.DATASET, value="Time series"),
        subjects=(m.Subject(value="hydrology"), m.Subject(value="rainfall")),
        dates=(m.Date(value="2020-01-01/2020-01-28", date_type=DateType.COLLECTED),),
        language="en",
        related_identifiers=related,
        rights_list=(
            m.Rights(
                value="Creative Commons Attribution 4.0 International",
                uri="https://creativecommons.org/licenses/by/4.0/legalcode",
                identifier="CC-BY-4.0",
                identifier_scheme="SPDX",
                scheme_uri="https://spdx.org/licenses/",
            ),
        ),
        descriptions=(
            m.Description(
                parts=("Daily rain gauge totals (mm) at Accra, Kumasi, Tamale, Takoradi and Ho.",),
                description_type=DescriptionType.ABSTRACT,
            ),
        ),
        geo_locations=(m.GeoLocation(place="Ghana"),),
        funding_references=(
            m.FundingReference(
                funder_name="Demo Research Council",
                funder_identifier=m.FunderIdentifier(
                    value="https://ror.org/05gvnxz63", identifier_type=FunderIdentifierType.ROR
                ),
                award_number=m.AwardNumber(value="DRC-2024-017"),
            ),
        ),
        version="1.0",
        formats=("text/csv",),
    )


def multilingual() -> Resource:
    return Resource(
        identifier=m.Identifier(value="(:tba)"),
        creators=(_creator("Diallo, Fatou", "Fatou", "Diallo"),),
        titles=(
            m.Title(value="Noms des plantes médicinales du Sahel", lang="fr"),
            m.Title(
                value="أسماء النباتات الطبية في الساحل",
                lang="ar",
                title_type=TitleType.TRANSLATED_TITLE,
            ),
        ),
        publisher=m.Publisher(name="Sankofa demo node"),
        publication_year=2026,
        resource_type=m.ResourceType(general=ResourceTypeGeneral.DATASET, value="Lexicon"),
        subjects=(m.Subject(value="ethnobotanique", lang="fr"),),
        language="fr",
        descriptions=(
            m.Description(
                parts=("Lexique trilingue (français, arabe, fulfulde) de 120 plantes.",),
                description_type=DescriptionType.ABSTRACT,
                lang="fr",
            ),
        ),
    )


def simple(title: str) -> Resource:
    return Resource(
        identifier=m.Identifier(value="(:tba)"),
        creators=(_creator("Mensah, Kwame", "Kwame", "Mensah"),),
        titles=(m.Title(value=title),),
        publisher=m.Publisher(name="Sankofa demo node"),
        publication_year=2026,
        resource_type=m.ResourceType(general=ResourceTypeGeneral.DATASET),
    )


def _deposit(
    community: Community,
    resource: Resource,
    files: dict[str, bytes],
    access: str = "open",
    embargo_until: datetime.date | None = None,
) -> Version:
    """One published dataset of the demo community (as the operator)."""
    from sankofa.datasets import services, visibility

    draft = services.create_draft(DEMO, community)
    services.set_metadata(DEMO, draft.pk, resource)
    for name, content in files.items():
        services.add_file(DEMO, draft.pk, name, io.BytesIO(content))
    visibility.set_access(DEMO, draft.pk, access, embargo_until)
    return services.publish(DEMO, draft.pk)


def make_datasets(software_swhid: str | None = None) -> list[str]:
    """Deposit the demo datasets (once); returns the lines to print."""
    from sankofa.datasets import services
    from sankofa.datasets.models import Community

    if Community.objects.filter(slug=COMMUNITY).exists():
        return ["datasets already deposited"]
    community = services.create_community(DEMO, COMMUNITY, "Hydrology and climate")
    first = _deposit(
        community, rainfall(software_swhid), {"rainfall.csv": RAINFALL_CSV, "README.md": README}
    )
    second = services.new_version(DEMO, first.record_id)
    services.add_file(DEMO, second.pk, "stations.csv", io.BytesIO(STATIONS_CSV))
    published = [first, services.publish(DEMO, second.pk)]
    later = datetime.date.today() + datetime.timedelta(days=365)
    published.append(
        _deposit(community, multilingual(), {"plantes.csv": PLANTS_CSV}, "embargoed", later)
    )
    restricted = simple("Household water survey, Tamale (restricted)")
    published.append(
        _deposit(community, restricted, {"survey.csv": b"id,q1\n1,yes\n"}, "restricted")
    )
    gone = _deposit(community, simple("Uncalibrated gauge readings, 2019"), {"raw.csv": b"mm\n1\n"})
    services.withdraw(DEMO, gone.pk, "The gauges were not calibrated; see the rainfall data.")
    lines = [f"dataset  {v.ark}  {v.title} (version {v.number}, {v.access})" for v in published]
    return [*lines, f"dataset  {gone.ark}  withdrawn: its ARK resolves to a tombstone"]


def rainfall_ark() -> str | None:
    """The concept ARK of the demo rainfall dataset, once deposited."""
    from sankofa.datasets.models import Record

    record = (
        Record.objects.filter(community__slug=COMMUNITY, ark__isnull=False).order_by("pk").first()
    )
    return record.ark if record is not None else None
