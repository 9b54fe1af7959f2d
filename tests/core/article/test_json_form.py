"""The stored JSON form of an article reads back equal, for every shared JATS sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sankofa.core.formats.article import jats
from sankofa.core.formats.article.json_form import from_json, to_json
from sankofa.core.formats.article.model import Article, Journal, PartialDate, Text
from tests.conftest import SHARED

SAMPLES = sorted((SHARED / "data" / "jats").glob("*.xml"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: Path(p).name)
def test_every_sample_round_trips_through_json(sample: Path) -> None:
    article = jats.read(Path(sample).read_bytes())
    stored = json.loads(json.dumps(to_json(article)))
    back = from_json(stored)
    assert back == article
    assert back.extra == article.extra


def test_defaults_are_left_out_and_dates_are_iso() -> None:
    article = Article(
        journal=Journal(title="J"),
        titles=(Text("T", "en"),),
        published=PartialDate(2024, 3),
    )
    assert to_json(article) == {
        "journal": {"title": "J"},
        "titles": [{"value": "T", "lang": "en"}],
        "published": "2024-03",
    }


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"journal": {"title": "J"}, "titles": [{"value": "T"}], "titel": 1}, "titel"),
        (
            {"journal": {"title": "J"}, "titles": [{"value": "T"}], "published": "2024-13"},
            "published",
        ),
        ({"journal": {"title": "J"}, "titles": "T"}, "titles"),
        ({"journal": {"title": "J"}, "titles": [{"value": ""}]}, "title"),
        ({"journal": {"title": 5}, "titles": [{"value": "T"}]}, "journal.title"),
    ],
)
def test_bad_stored_forms_name_the_path(data: dict, where: str) -> None:
    with pytest.raises(ValueError, match=where):
        from_json(data)
