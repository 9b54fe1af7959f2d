"""The dataset search index follows the records: published latest versions only."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from sankofa.core.actors import Actor
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite.model import Description, Rights, Subject, Title
from sankofa.core.formats.datacite.vocabulary import DescriptionType, ResourceTypeGeneral
from sankofa.datasets import search_index, services
from sankofa.datasets.models import Version
from sankofa.discovery.search import Query
from tests.datasets.conftest import ADA, ADMIN, CURATOR, resource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index() -> None:
    """The index as this test's records make it (tests through a live server commit
    records, and a database flush between tests leaves the index tables alone)."""
    search_index.engine().clear()


def rich(
    title: str,
    *,
    lang: str = "en",
    year: int = 2024,
    licence: str = "cc-by-4.0",
    subjects: tuple[str, ...] = ("climate",),
    kind: ResourceTypeGeneral = ResourceTypeGeneral.DATASET,
    description: str = "",
) -> Resource:
    base = resource(title, year)
    return dataclasses.replace(
        base,
        titles=(Title(value=title, lang=lang),),
        language=lang,
        subjects=tuple(Subject(value=s) for s in subjects),
        rights_list=(Rights(value=licence.upper(), identifier=licence),),
        resource_type=dataclasses.replace(base.resource_type, general=kind),
        descriptions=(
            (Description(parts=(description,), description_type=DescriptionType.ABSTRACT),)
            if description
            else ()
        ),
    )


def publish(meta: Resource, actor: Actor = ADA, community: str | None = None) -> Version:
    found = None
    if community is not None:
        found = services.create_community(ADMIN, community, community.title())
    draft = services.create_draft(actor, community=found) if found else services.create_draft(actor)
    services.set_metadata(actor, draft.pk, meta)
    return services.publish(actor, draft.pk)


def found(text: str, **filters: list[str]) -> list[tuple[int, int]]:
    """(record id, version id) of each hit."""
    result = search_index.search_datasets(ADA, text, filters, size=100)
    return [(m.version.record_id, m.version.pk) for m in result.matches]


def test_published_versions_are_found_drafts_never() -> None:
    version = publish(rich("Rainfall in Accra", description="Daily gauge readings"))
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, rich("Rainfall draft in Kumasi"))
    assert found("rainfall") == [(version.record_id, version.pk)]
    assert found("gauge readings") == [(version.record_id, version.pk)]
    assert found("kumasi") == []


def test_one_hit_per_record_its_latest_version() -> None:
    v1 = publish(rich("Harmattan dust 2019"))
    draft = services.new_version(ADA, v1.record_id)
    services.set_metadata(ADA, draft.pk, rich("Harmattan dust 2019-2020, corrected"))
    v2 = services.publish(ADA, draft.pk)
    assert found("harmattan") == [(v1.record_id, v2.pk)]
    assert found("corrected") == [(v1.record_id, v2.pk)]

    # the latest withdrawn: the record is found by the version before it
    services.withdraw(CURATOR, v2.pk, "wrong station")
    assert found("harmattan") == [(v1.record_id, v1.pk)]
    assert found("corrected") == []
    # every version withdrawn: not found at all, even after a rebuild
    services.withdraw(CURATOR, v1.pk, "retracted")
    assert found("harmattan") == []
    search_index.reindex_all()
    assert found("harmattan") == []


def test_multilingual_titles_are_found_by_their_words() -> None:
    arabic = publish(rich("بيانات الأمطار في أكرا", lang="ar"))
    korean = publish(rich("아크라 강수량 자료", lang="ko"))
    swahili = publish(rich("Takwimu za mvua ya Accrá", lang="sw"))
    assert found("الأمطار") == [(arabic.record_id, arabic.pk)]
    assert found("강수량") == [(korean.record_id, korean.pk)]
    assert found("mvua") == [(swahili.record_id, swahili.pk)]
    assert found("accra") == [(swahili.record_id, swahili.pk)]


def test_document_carries_every_facet() -> None:
    version = publish(
        rich("Soil survey", lang="fr", subjects=("sol", "agriculture"), licence="CC0-1.0"),
        community="soils",
    )
    doc = search_index.document(Version.objects.get(pk=version.pk))
    assert sorted(doc.facets) == [
        ("access", "open"),
        ("community", "soils"),
        ("language", "fr"),
        ("licence", "cc0-1.0"),
        ("subject", "agriculture"),
        ("subject", "sol"),
        ("type", "Dataset"),
        ("year", "2024"),
    ]


def test_facet_counts_match_the_published_records() -> None:
    made = [
        rich("Rain A", year=2020, licence="cc-by-4.0", subjects=("climate", "water")),
        rich("Rain B", year=2020, licence="cc0-1.0", kind=ResourceTypeGeneral.SOFTWARE),
        rich("Rain C", year=2021, lang="fr", subjects=("water",)),
        rich("Rain D", year=2022, licence="cc0-1.0", subjects=()),
        rich("Dust E", year=2020),
    ]
    for meta in made:
        publish(meta)
    result = search_index.search_datasets(ADA, "rain", {"year": ["2020", "2021"]})
    matching = [m for m in made if "Rain" in m.titles[0].value]
    kept = [m for m in matching if str(m.publication_year) in {"2020", "2021"}]
    expected: dict[str, Counter[str | None]] = {
        "year": Counter(str(m.publication_year) for m in matching),  # its own filter aside
        "type": Counter(m.resource_type.general.value for m in kept),
        "licence": Counter(r.identifier for m in kept for r in m.rights_list),
        "subject": Counter(s.value for m in kept for s in m.subjects),
        "language": Counter(m.language for m in kept),
    }
    assert result.total == len(kept) == len(result.matches)
    for facet, counts in expected.items():
        assert {c.value: c.count for c in result.facets[facet]} == dict(counts), facet


def test_reindex_all_rebuilds_the_same_index() -> None:
    for title in ("Rain one", "Rain two", "Rain three"):
        publish(rich(title))
    before = search_index.engine().search(Query("rain", size=10)).hits
    search_index.engine().clear()
    assert found("rain") == []
    assert search_index.reindex_all() == 3
    assert search_index.engine().search(Query("rain", size=10)).hits == before


def test_unknown_facets_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown facet 'colour'"):
        search_index.search_datasets(ADA, "rain", {"colour": ["red"]})


def test_the_reindex_command_rebuilds(capsys: pytest.CaptureFixture[str]) -> None:
    from sankofa.cli import datasets as cli
    from sankofa.cli.main import build_parser

    publish(rich("Rain one"))
    search_index.engine().clear()
    args = build_parser().parse_args(["datasets", "reindex"])
    assert args.func is cli.run_reindex
    assert args.func(args) == 0
    assert capsys.readouterr().out == "1 records indexed\n"
    assert len(found("rain")) == 1
