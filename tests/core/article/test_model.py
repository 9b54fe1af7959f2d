"""The article model's own rules: partial dates, contributors, titles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sankofa.core.formats.article.model import (
    CREDIT_ROLES,
    Article,
    Contributor,
    ContributorKind,
    Journal,
    PartialDate,
    Text,
)


@pytest.mark.parametrize(
    ("date", "iso"),
    [
        (PartialDate(2024), "2024"),
        (PartialDate(2024, 3), "2024-03"),
        (PartialDate(2024, 2, 29), "2024-02-29"),
        (PartialDate(987, 1, 1), "0987-01-01"),
    ],
)
def test_partial_dates_print_as_precise_as_published(date: PartialDate, iso: str) -> None:
    assert date.iso() == iso


@pytest.mark.parametrize(
    ("year", "month", "day"), [(2023, 2, 29), (2024, 13, None), (2024, None, 5)]
)
def test_impossible_dates_are_refused(year: int, month: int | None, day: int | None) -> None:
    with pytest.raises(ValueError):
        PartialDate(year, month, day)


@given(st.dates())
def test_every_real_day_is_a_date(day: object) -> None:
    import datetime

    assert isinstance(day, datetime.date)
    assert PartialDate(day.year, day.month, day.day).iso() == day.isoformat()


def test_contributors_need_a_surname_or_a_group_name() -> None:
    with pytest.raises(ValueError, match="surname or a group name"):
        Contributor(given_names="Ama")
    assert Contributor(surname="Mensah", given_names="Ama").display_name == "Ama Mensah"
    assert Contributor(collab="The Rainfall Consortium").display_name == "The Rainfall Consortium"


def test_an_article_needs_a_title_and_lists_its_authors() -> None:
    journal = Journal(title="Journal of Open Hydrology")
    with pytest.raises(ValueError, match="needs a title"):
        Article(journal=journal, titles=(Text(" "),))
    article = Article(
        journal=journal,
        titles=(Text("Rain", "en"), Text("Pluie", "fr")),
        contributors=(
            Contributor(surname="Okafor"),
            Contributor(surname="Diallo", kind=ContributorKind.EDITOR),
        ),
    )
    assert article.title == "Rain"
    assert [c.surname for c in article.authors] == ["Okafor"]


def test_credit_has_its_fourteen_roles() -> None:
    assert len(CREDIT_ROLES) == len(set(CREDIT_ROLES)) == 14
    assert "Writing \N{EN DASH} review & editing" in CREDIT_ROLES
