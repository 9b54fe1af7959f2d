"""GET /api/1/datasets/search: hits, totals and facet counts, as the OpenAPI document says."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from django.test import Client
from tests.datasets.conftest import ADA, CURATOR
from tests.datasets.test_search_index import _empty_index, publish, rich

from sankofa.api.openapi import document
from sankofa.core.formats.datacite.vocabulary import ResourceTypeGeneral
from sankofa.datasets import services

pytestmark = pytest.mark.django_db
__all__ = ["_empty_index"]  # autouse: each test starts with an empty index


URL = "/api/1/datasets/search"


def schema() -> dict[str, Any]:
    """The DatasetSearch schema of the served document, its references resolvable."""
    doc = document()
    return {**doc["components"]["schemas"]["DatasetSearch"], "components": doc["components"]}


def get(client: Client, **query: Any) -> Any:
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    jsonschema.validate(body, schema())
    return body


def test_search_gives_hits_totals_and_facets(client: Client) -> None:
    made = {
        "Rainfall in Accra": rich("Rainfall in Accra", year=2020, subjects=("climate", "water")),
        "Rainfall in Dakar": rich("Rainfall in Dakar", year=2021, licence="cc0-1.0"),
        "Rainfall tools": rich("Rainfall tools", kind=ResourceTypeGeneral.SOFTWARE),
    }
    versions = {title: publish(meta) for title, meta in made.items()}
    body = get(client, q="rainfall")
    assert body["total"] == 3 and body["page"] == 1
    assert {h["title"] for h in body["hits"]} == set(made)
    accra = next(h for h in body["hits"] if h["title"] == "Rainfall in Accra")
    version = versions["Rainfall in Accra"]
    assert (accra["record"], accra["version"], accra["ark"]) == (
        version.record_id,
        1,
        version.ark,
    )
    assert accra["url"].endswith(f"/{version.ark}") and accra["creators"] == ["Mensah, Ama"]
    counts = {c["value"]: c["count"] for c in body["facets"]["type"]}
    expected: dict[str, int] = {}
    for meta in made.values():
        kind = meta.resource_type.general.value
        expected[kind] = expected.get(kind, 0) + 1
    assert counts == expected

    # OR within a facet, AND between facets
    both = get(client, q="rainfall", year=["2020", "2021"])
    assert {h["title"] for h in both["hits"]} == {"Rainfall in Accra", "Rainfall in Dakar"}
    one = get(client, q="rainfall", year=["2020", "2021"], licence="cc0-1.0")
    assert [h["title"] for h in one["hits"]] == ["Rainfall in Dakar"]
    assert {c["value"] for c in one["facets"]["year"] if c["selected"]} == {"2020", "2021"}


def test_pages_and_withdrawal(client: Client) -> None:
    versions = [publish(rich(f"Harmattan dust {n}")) for n in range(5)]
    first = get(client, q="harmattan", size=2)
    second = get(client, q="harmattan", size=2, page=2)
    assert first["total"] == 5 and len(first["hits"]) == len(second["hits"]) == 2
    assert not {h["record"] for h in first["hits"]} & {h["record"] for h in second["hits"]}
    services.withdraw(CURATOR, versions[0].pk, "duplicate")
    assert versions[0].record_id not in {h["record"] for h in get(client, q="harmattan")["hits"]}
    assert get(client, q="harmattan")["total"] == 4


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(", "OR", "'", "\\", "a" * 20000, '"a" OR *', "\x00", "title:x"]
)
def test_hostile_queries_are_answered(client: Client, q: str) -> None:
    publish(rich("Rain"))
    body = get(client, q=q, subject="\x00" + "x" * 5000)
    assert body["total"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [({"page": "two"}, "page"), ({"size": "1.5"}, "size"), ({"lang": "'"}, "lang")],
)
def test_bad_parameters_are_named(client: Client, query: dict[str, str], field: str) -> None:
    response = client.get(URL, query)
    assert response.status_code == 400
    assert field in response.json()["reason"]


def test_drafts_are_not_found(client: Client) -> None:
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, rich("Secret draft"))
    assert get(client, q="secret")["total"] == 0
    assert json.dumps(get(client)["hits"]) == "[]"
