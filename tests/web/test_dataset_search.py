"""The dataset search page: a GET form with facet checkboxes and counts, links keeping state."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sankofa.core.formats.datacite.vocabulary import ResourceTypeGeneral
from tests.datasets.test_search_index import _empty_index, publish, rich

pytestmark = pytest.mark.django_db
__all__ = ["_empty_index"]  # autouse: each test starts with an empty index


def page(
    client: Client, status: int = 200, lang: str = "en", **query: Any
) -> lxml.html.HtmlElement:
    with translation.override(lang):
        url = reverse("datasets:search")
    response = client.get(url, query)
    assert response.status_code == status, response.content[:500]
    return lxml.html.fromstring(response.content.decode())


def titles(html: lxml.html.HtmlElement) -> list[str]:
    return [a.text_content() for a in html.xpath("//ol[@class='results']//h3/a")]


def checkboxes(html: lxml.html.HtmlElement, facet: str) -> dict[str, tuple[str, bool]]:
    """value -> (label text, checked) of one facet's checkboxes."""
    found = {}
    for box in html.xpath("//input[@type='checkbox'][@name=$f]", f=facet):
        (label,) = html.xpath("//label[@for=$i]", i=box.get("id"))
        found[box.get("value")] = (" ".join(label.text_content().split()), box.checked)
    return found


def test_words_facets_and_links(client: Client) -> None:
    made = [
        rich("Rainfall in Accra", year=2020, subjects=("climate",)),
        rich("Rainfall in Dakar", year=2021, lang="fr"),
        rich("Rainfall model", year=2021, kind=ResourceTypeGeneral.SOFTWARE),
        rich("Soil survey", year=2021),
    ]
    versions = [publish(meta) for meta in made]
    html = page(client, q="rainfall")
    assert sorted(titles(html)) == ["Rainfall in Accra", "Rainfall in Dakar", "Rainfall model"]
    links = html.xpath("//ol[@class='results']//h3/a")
    assert {a.get("href") for a in links} == {
        reverse("datasets:record", args=[v.record_id]) for v in versions[:3]
    }
    rain = [m for m in made if "Rainfall" in m.titles[0].value]
    years = {str(y): sum(m.publication_year == y for m in rain) for y in (2020, 2021)}
    assert checkboxes(html, "year") == {y: (f"{y} ({n})", False) for y, n in years.items()}
    assert checkboxes(html, "language")["fr"] == ("français (1)", False)

    # ticking a box narrows the results, keeps the box ticked and the other counts
    html = page(client, q="rainfall", type="Software")
    assert titles(html) == ["Rainfall model"]
    assert checkboxes(html, "type")["Software"] == ("Software (1)", True)
    assert checkboxes(html, "type")["Dataset"] == ("Dataset (2)", False)
    (clear,) = [a for a in html.xpath("//a") if a.text_content() == "Clear filters"]
    assert parse_qsl(urlsplit(clear.get("href")).query) == [("q", "rainfall")]


def test_pagination_links_keep_the_query(client: Client) -> None:
    for n in range(23):
        publish(rich(f"Harmattan {n}", year=2020 + n % 2))
    html = page(client, q="harmattan", year="2020")
    assert len(titles(html)) == 12
    html = page(client, q="harmattan")
    assert len(titles(html)) == 20
    (following,) = html.xpath("//a[@rel='next']")
    query = parse_qsl(urlsplit(following.get("href")).query)
    assert query == [("q", "harmattan"), ("page", "2")]
    second = page(client, **dict(query))
    assert len(titles(second)) == 3
    assert not set(titles(second)) & set(titles(html))
    (back,) = second.xpath("//a[@rel='prev']")
    assert parse_qsl(urlsplit(back.get("href")).query) == [("q", "harmattan"), ("page", "1")]


def test_multilingual_page_and_words(client: Client) -> None:
    publish(rich("بيانات الأمطار في أكرا", lang="ar"))
    publish(rich("아크라 강수량 자료", lang="ko"))
    assert titles(page(client, lang="ar", q="الأمطار")) == ["بيانات الأمطار في أكرا"]
    assert titles(page(client, lang="ko", q="강수량")) == ["아크라 강수량 자료"]


@pytest.mark.parametrize("q", ['"', "*", "NEAR(", "OR", "'", "\\", "x" * 10000])
def test_hostile_words_find_nothing_without_error(client: Client, q: str) -> None:
    publish(rich("Rain"))
    html = page(client, q=q)
    assert titles(html) == []


def test_a_bad_page_is_a_form_error(client: Client) -> None:
    html = page(client, 400, q="rain", page="x")
    assert html.xpath("//*[@id='page-error']")
    assert page(client, 400, page="0").xpath("//*[@id='page-error']")
