"""The full-text engine on the real database of the run (SQLite FTS5 or PostgreSQL).

Each test builds its own index (`test_search`) inside the test's transaction, fills it
with documents it makes, and checks answers against what it computes from them.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from sankofa.discovery import search
from sankofa.discovery.search import Document, Engine, Query, Text, parse
from sankofa.discovery.search.sqlite import fts5_expression

pytestmark = pytest.mark.django_db
T0 = datetime(2024, 1, 1, tzinfo=UTC)
FACETS = ("type", "year", "subject", "language")


@pytest.fixture
def index() -> Iterator[Engine]:
    engine = search.engine("test_search")
    engine.create()
    yield engine


def doc(key: int, title: str, *, lang: str | None = None, days: int = 0, **fields: str) -> Document:
    texts = [Text(title, "title", lang)]
    texts += [Text(value, name, lang) for name, value in fields.items()]
    return Document(key, key * 10, T0 + timedelta(days=days), tuple(texts))


def keys(index: Engine, text: str, language: str | None = None, **filters: set[str]) -> list[int]:
    query = Query(text, {k: frozenset(v) for k, v in filters.items()}, language, size=100)
    return [hit.key for hit in index.search(query).hits]


LIBRARY = [
    doc(1, "Rainfall in Accrá, 1990-2020", lang="en", description="Daily rain gauge records"),
    doc(2, "Rain gauge calibration", lang="en", days=1, creators="Mensah, Ama"),
    doc(3, "Précipitations à Dakar", lang="fr", description="Données pluviométriques"),
    doc(4, "بيانات الأمطار في أكرا", lang="ar"),
    doc(5, "아크라 강수량 자료", lang="ko"),
    doc(6, "Takwimu za mvua ya Accra", lang="sw", subjects="hali ya hewa"),
    doc(7, "Soil measurements near Kumasi", lang="en", description="Measurements of soil"),
]


def test_words_phrases_and_prefixes(index: Engine) -> None:
    index.add(LIBRARY)
    assert sorted(keys(index, "rain gauge")) == [1, 2]  # every word, anywhere
    assert keys(index, "rain daily") == [1]
    assert keys(index, '"rain gauge calibration"') == [2]
    assert keys(index, '"calibration gauge"') == []  # a phrase keeps its order
    assert sorted(keys(index, "rain*")) == [1, 2]  # rain, rainfall
    assert keys(index, '"rain gau*" calibration') == [2]
    assert keys(index, "mensah") == [2]  # creators are found too
    assert keys(index, "1990-2020") == [1]  # the words side by side


def test_diacritics_and_case_do_not_matter(index: Engine) -> None:
    index.add(LIBRARY)
    assert sorted(keys(index, "Accra")) == [1, 6]
    assert sorted(keys(index, "ACCRÁ")) == [1, 6]
    assert keys(index, "precipitations dakar") == [3]
    assert keys(index, "données") == [3]


def test_arabic_korean_and_swahili_words_are_found_exactly(index: Engine) -> None:
    index.add(LIBRARY)
    assert keys(index, "الأمطار") == [4]
    assert keys(index, "بيانات أكرا") == [4]
    assert keys(index, "강수량") == [5]
    assert keys(index, '"아크라 강수량"') == [5]
    assert keys(index, "mvua") == [6]
    assert keys(index, '"hali ya hewa"') == [6]
    assert keys(index, "강수") == []  # a part of a word is no word...
    assert keys(index, "강수*") == [5]  # ...but a prefix


def test_stemming_where_the_database_has_it(index: Engine) -> None:
    """PostgreSQL stems English (and French, Arabic...) words; SQLite FTS5 does not."""
    index.add(LIBRARY)
    stemmed = keys(index, "measurement", language="en")
    if connection.vendor == "postgresql":
        assert stemmed == [7]
    else:
        assert stemmed == []
    assert keys(index, "measure*") == [7]  # a prefix finds every form on both


@pytest.mark.parametrize(
    "text",
    ['"', "*", "NEAR(", "OR", "'", "\\", "AND", "NOT", "-", "^", ":", "()", "'\"*", "a" * 5000,
     " ".join(["rain"] * 500), 'rain" OR "x', "rain:*", "title:rain", "'rain':*", "\x00", "́"],
)  # fmt: skip
def test_hostile_queries_find_what_their_words_say(index: Engine, text: str) -> None:
    index.add(LIBRARY)
    found = index.search(Query(text, facets=FACETS))
    words = [w for term in parse(text) for w in term.words]
    if not words:
        assert (found.total, found.hits) == (0, ())
    for hit in found.hits:
        assert hit.key in {d.key for d in LIBRARY}
    assert found.total == len(found.hits)


def test_fts5_expressions_quote_every_word() -> None:
    assert (
        fts5_expression(parse('OR NEAR( "a b" c* d"e'))
        == '"OR" AND "NEAR" AND "a b" AND "c"* AND "d" AND "e"'
    )


def test_ranking_is_relevance_then_newest(index: Engine) -> None:
    index.add(
        [
            doc(1, "Soil", description="rain rain", days=5),
            doc(2, "Rain", days=1),
            doc(3, "Rain", days=2),
        ]
    )
    assert keys(index, "rain") == [3, 2, 1]  # titles first, the newer of equals first
    assert keys(index, "") == [1, 3, 2]  # no words: every document, newest first


def test_punctuation_only_finds_nothing_while_empty_finds_all(index: Engine) -> None:
    index.add(LIBRARY)
    assert index.search(Query('" * (')).total == 0
    assert index.search(Query("  ")).total == len(LIBRARY)


def library(rng: random.Random, n: int) -> list[Document]:
    words = ["rain", "soil", "river", "maize", "cocoa", "coast", "health", "school"]
    docs = []
    for key in range(1, n + 1):
        title = " ".join(rng.sample(words, 3))
        facets = [
            ("type", rng.choice(["Dataset", "Software", "Image"])),
            ("year", str(rng.randint(2018, 2022))),
            ("language", rng.choice(["en", "fr", "ar"])),
        ]
        facets += [("subject", s) for s in rng.sample(["climate", "farming", "water"], 2)]
        docs.append(
            Document(key, key, T0 + timedelta(hours=key), (Text(title, "title"),), tuple(facets))
        )
    return docs


def expected_counts(
    docs: list[Document], word: str, filters: dict[str, set[str]]
) -> dict[str, Counter[str]]:
    """Each facet counted over the matching documents filtered by every other facet."""

    def passes(d: Document, skip: str | None) -> bool:
        values = {(f, v) for f, v in d.facets}
        return all(
            any((f, v) in values for v in accepted) for f, accepted in filters.items() if f != skip
        )

    matching = [d for d in docs if word in d.texts[0].value.split()]
    return {
        name: Counter(v for d in matching if passes(d, name) for f, v in d.facets if f == name)
        for name in FACETS
    }


@pytest.mark.parametrize(
    "filters",
    [{}, {"type": {"Dataset"}}, {"type": {"Dataset", "Image"}, "year": {"2019", "2020"}},
     {"subject": {"water"}, "language": {"fr"}}],
)  # fmt: skip
def test_facet_counts_and_filters(index: Engine, filters: dict[str, set[str]]) -> None:
    docs = library(random.Random(4), 120)
    index.add(docs)
    query = Query("rain", {k: frozenset(v) for k, v in filters.items()}, size=500, facets=FACETS)
    found = index.search(query)
    expected = expected_counts(docs, "rain", filters)
    for name in FACETS:
        got = {c.value: c.count for c in found.facets[name]}
        assert got == dict(expected[name]), name
        assert {c.value for c in found.facets[name] if c.selected} == filters.get(name, set())
    wanted = {
        d.key
        for d in docs
        if "rain" in d.texts[0].value.split()
        and all(any((f, v) in d.facets for v in vs) for f, vs in filters.items())
    }
    assert {h.key for h in found.hits} == wanted and found.total == len(wanted)
    assert wanted  # the filters leave something to find


def test_pages_cover_the_results_once(index: Engine) -> None:
    docs = library(random.Random(7), 60)
    index.add(docs)
    total = index.search(Query("rain")).total
    seen = [
        h.key for page in range(1, 10) for h in index.search(Query("rain", page=page, size=7)).hits
    ]
    assert len(seen) == len(set(seen)) == total > 7


def test_adding_again_replaces_and_remove_forgets(index: Engine) -> None:
    index.add(LIBRARY)
    index.add([doc(1, "Harmattan dust", lang="en")])
    assert keys(index, "rainfall") == [] and keys(index, "harmattan") == [1]
    index.remove([1, 2])
    assert keys(index, "harmattan") == [] and index.keys() == {3, 4, 5, 6, 7}
    index.clear()
    assert index.search(Query("")).total == 0


def test_facet_lists_are_cut_but_keep_the_selected(index: Engine) -> None:
    docs = [
        Document(k, k, T0, (Text("rain", "title"),), (("subject", f"s{k:02d}"),))
        for k in range(1, 41)
    ]
    index.add(docs)
    query = Query("rain", {"subject": frozenset({"s40"})}, facets=("subject",), facet_size=5)
    shown = index.search(query).facets["subject"]
    assert [c.value for c in shown] == ["s01", "s02", "s03", "s04", "s05", "s40"]
    assert shown[-1].selected and shown[-1].count == 1
