"""GET /api/1/origin/metadata-search/ as Software Heritage answers it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from tests.api.conftest import OPERATOR
from tests.archive.repos import commit_files, new_repo

from sankofa.archive import metadata, services
from sankofa.archive.models import Visit

CODEMETA = json.dumps(
    {
        "@context": "https://doi.org/10.5063/schema/codemeta-2.0",
        "name": "Quokka",
        "description": "Marsupial simulation toolkit",
        "keywords": "marsupials, simulation",
        "license": "https://spdx.org/licenses/MIT.html",
        "author": [
            {
                "@type": "Person",
                "givenName": "Jane",
                "familyName": "Doe",
                "@id": "https://orcid.org/0000-0002-1825-0097",
            }
        ],
    }
).encode()


@pytest.fixture
def indexed(node_home: Path, tmp_path: Path, transactional_db: None) -> Visit:
    repo = new_repo(tmp_path / "quokka")
    commit_files(repo, {"codemeta.json": CODEMETA}, "first")
    visit = services.archive_origin(OPERATOR, str(repo))
    metadata.index_origin(OPERATOR, visit.origin.url)
    return visit


def test_metadata_search_over_http(indexed: Visit, api_url: str) -> None:
    query: dict[str, str] = {"fulltext": "jane DOE", "limit": "5"}
    response = requests.get(api_url + "origin/metadata-search/", params=query)
    assert response.status_code == 200
    (found,) = response.json()
    assert found["url"] == indexed.origin.url
    assert found["metadata"]["name"] == "Quokka"
    assert found["metadata"]["keywords"] == ["marsupials", "simulation"]
    assert found["metadata"]["license"] == ["https://spdx.org/licenses/MIT"]
    assert found["metadata"]["author"][0]["@id"] == "https://orcid.org/0000-0002-1825-0097"
    assert found["origin_visits_url"].endswith("/visits/")
    assert requests.get(found["origin_visits_url"]).status_code == 200
    none = requests.get(api_url + "origin/metadata-search/", params={"fulltext": "wombat"})
    assert none.json() == []


@pytest.mark.parametrize("params", [{}, {"fulltext": ""}, {"fulltext": "a", "limit": "x"}])
def test_bad_input_names_the_field(indexed: Visit, api_url: str, params: dict[str, str]) -> None:
    response = requests.get(api_url + "origin/metadata-search/", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["exception"] == "BadInputExc"
    assert "fulltext" in body["reason"] or "limit" in body["reason"]


def test_described_in_the_openapi_document() -> None:
    from sankofa.api.openapi import document

    doc = document()
    op = doc["paths"]["/origin/metadata-search/"]["get"]
    assert op["operationId"] == "api-1-origin-metadata-search"
    assert "OriginMetadataMatch" in doc["components"]["schemas"]
