"""Citation downloads and badges through the Django test client."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.archive import metadata, services
from sankofa.archive.models import Visit
from sankofa.core.actors import Actor
from tests.archive.repos import commit_files, git, new_repo

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator("test")
CODEMETA = json.dumps(
    {
        "@context": "https://w3id.org/codemeta/3.0",
        "name": "Réseau & Co",
        "version": "2.1",
        "author": [{"@type": "Person", "givenName": "Gaël", "familyName": "Varoquaux"}],
        "license": "https://spdx.org/licenses/MIT",
    }
).encode()


@pytest.fixture
def visit(node_home: Path, tmp_path: Path) -> Visit:
    repo = new_repo(tmp_path / "src")
    commit_files(repo, {"codemeta.json": CODEMETA}, "first")
    done = services.archive_origin(OPERATOR, str(repo))
    metadata.index_origin(OPERATOR, done.origin.url)
    return done


def test_origin_citation_as_bibtex_and_csl_json(client: Client, visit: Visit) -> None:
    url = reverse("cite:origin-citation")
    bib = client.get(url, {"origin_url": visit.origin.url})
    assert bib.status_code == 200
    assert bib["Content-Type"] == "text/x-bibtex; charset=utf-8"
    assert bib["Content-Disposition"].startswith("attachment; filename=")
    text = bib.content.decode()
    assert text.startswith("@software{swh-snp-")
    assert r"title = {Réseau \& Co}," in text
    assert f"swhid = {{{visit.snapshot};origin={visit.origin.url}}}" in text
    csl = client.get(url, {"origin_url": visit.origin.url, "format": "csl-json"})
    assert csl["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    (item,) = json.loads(csl.content)
    assert item["type"] == "software" and item["author"] == [
        {"family": "Varoquaux", "given": "Gaël"}
    ]


def test_swhid_citation_with_qualifiers(client: Client, visit: Visit, tmp_path: Path) -> None:
    rev = git(tmp_path / "src", "rev-parse", "HEAD")
    swhid = f"swh:1:rev:{rev};origin={visit.origin.url}"
    response = client.get(reverse("cite:citation"), {"swhid": swhid})
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith(f"@softwareversion{{swh-rev-{rev},")
    assert f"swhid = {{{swhid}}}" in text and "version = {2.1}" in text
    assert response["Content-Disposition"] == f'attachment; filename="swh-rev-{rev}.bib"'


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"swhid": "swh:1:rev:xyz"}, 400),
        ({"swhid": "swh:1:rev:" + "0" * 40, "format": "ris"}, 400),
        ({"swhid": "swh:1:rev:" + "0" * 40}, 404),
        ({"swhid": "swh:1:snp:" + "0" * 40}, 404),
    ],
)
def test_citation_bad_input(
    client: Client, visit: Visit, params: dict[str, str], status: int
) -> None:
    response = client.get(reverse("cite:citation"), params)
    assert response.status_code == status
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.strip()


def test_unknown_origin_is_404(client: Client, visit: Visit) -> None:
    response = client.get(reverse("cite:origin-citation"), {"origin_url": "https://no.example/x"})
    assert response.status_code == 404
    assert client.get(reverse("cite:origin-citation")).status_code == 400


def svg_of(response: object) -> ET.Element:
    assert response["Content-Type"] == "image/svg+xml"  # type: ignore[index]
    assert "max-age" in response["Cache-Control"]  # type: ignore[index]
    root = ET.fromstring(response.content)  # type: ignore[attr-defined]
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert root.get("role") == "img"
    return root


def test_origin_badge_shows_the_last_visit_date(client: Client, visit: Visit) -> None:
    response = client.get(reverse("cite:badge-origin"), {"origin_url": visit.origin.url})
    assert response.status_code == 200
    root = svg_of(response)
    assert root.get("aria-label") == f"archived: {visit.date.date().isoformat()}"
    missing = client.get(reverse("cite:badge-origin"), {"origin_url": "https://no.example/x"})
    assert missing.status_code == 404


def test_swhid_badge(client: Client, visit: Visit, tmp_path: Path) -> None:
    rev = git(tmp_path / "src", "rev-parse", "HEAD")
    path = reverse("cite:badge-swhid", kwargs={"swhid": f"swh:1:rev:{rev}"})
    assert svg_of(client.get(path)).get("aria-label") == "swh: archived"
    short = svg_of(client.get(path, {"show": "id"}))
    assert short.get("aria-label") == f"swh: swh:1:rev:{rev[:7]}"
    qualified = f"swh:1:rev:{rev};origin={quote(visit.origin.url, safe='')}"
    assert client.get(f"/badge/{qualified}/").status_code == 200
    unknown = client.get(reverse("cite:badge-swhid", kwargs={"swhid": "swh:1:rev:" + "1" * 40}))
    assert unknown.status_code == 404 and svg_of(unknown).get("aria-label") == "swh: not archived"
    assert client.get("/badge/not-a-swhid/").status_code == 400
