"""The node's ARK resolver: both spellings, normalisation, concept and version ARKs,
tombstones, unknown ARKs, content negotiation and the ``?info`` inflection."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.core.identifiers.ark import Ark
from tests.datasets.conftest import blobs, make_file
from tests.web.dataset_records import (
    MakeFile,
    new_version,
    publish,
    withdraw,
)

__all__ = ["blobs", "make_file"]

BASE = "http://127.0.0.1:8000"


def spellings(ark: str) -> list[str]:
    """``/ark:/NAAN/name``, ``/ark:NAAN/name`` and a pasted one with hyphens."""
    parsed = Ark.parse(ark)
    hyphenated = f"{parsed.name[:3]}-{parsed.name[3:]}"
    return [
        f"/ark:/{parsed.naan}/{parsed.name}",
        f"/ark:{parsed.naan}/{parsed.name}",
        f"/ark:/{parsed.naan}/{hyphenated}",
    ]


@pytest.mark.django_db
def test_a_version_ark_leads_to_its_page_in_every_spelling(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file)
    assert version.ark is not None
    page = f"/fr/datasets/records/{version.record_id}/versions/1/"
    for path in spellings(version.ark):
        answered = client.get(path, headers={"Accept-Language": "fr"})
        assert (answered.status_code, answered["Location"]) == (302, page), path
        assert "Accept" in answered["Vary"]
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_the_concept_ark_follows_the_latest_version(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    first = publish(make_file)
    concept = f"/{first.record.ark}"
    assert client.get(concept)["Location"] == f"/en/datasets/records/{first.record_id}/"
    second = new_version(make_file, first, "Rainfall, corrected")
    followed = client.get(concept, follow=True)
    assert followed.status_code == 200 and "Rainfall, corrected" in followed.content.decode()
    info = client.get(concept + "?info").content.decode()
    assert f"where: {BASE}/{second.ark}" in info


@pytest.mark.django_db
def test_a_withdrawn_version_resolves_to_its_tombstone(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    gone = withdraw(publish(make_file), "Consent was withdrawn.")
    followed = client.get(f"/{gone.ark}", follow=True)
    assert followed.status_code == 410
    assert "Consent was withdrawn." in followed.content.decode()
    info = client.get(f"/{gone.ark}?info").content.decode()
    assert gone.withdrawn_at is not None
    assert f"withdrawn: {gone.withdrawn_at.date().isoformat()} Consent was withdrawn." in info


@pytest.mark.django_db
def test_unknown_and_malformed_arks(client: Client, blobs: Any, make_file: MakeFile) -> None:
    version = publish(make_file)
    assert version.ark is not None
    unknown = client.get("/ark:/99999/s1zzzzzzzz")
    assert unknown.status_code == 404 and "ark:99999/s1zzzzzzzz" in unknown.content.decode()
    assert client.get("/ark:/12345/s1zzzzzzzz").status_code == 404
    assert client.get("/ark:/99999/s1zzzzzzzz?info").status_code == 404
    malformed = client.get("/ark:/99999")
    assert malformed.status_code == 400 and "not a valid ARK" in malformed.content.decode()
    assert client.get(f"/{version.ark}/missing.csv").status_code == 404


@pytest.mark.django_db
def test_the_info_inflection_gives_an_erc_record(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file, title="Rain\nwith a  line break")
    for query in ("?info", "??"):
        answered = client.get(f"/{version.ark}{query}")
        assert answered.status_code == 200
        assert answered["Content-Type"] == "text/plain; charset=utf-8"
        assert answered.content.decode().splitlines() == [
            "erc:",
            "who: Mensah, Ama; Ghana Meteorological Agency",
            "what: Rain with a line break",
            "when: 2026",
            f"where: {BASE}/{version.ark}",
        ]


@pytest.mark.django_db
def test_machines_get_metadata_and_files_by_ark(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file)
    asked = client.get(f"/{version.ark}", headers={"Accept": "application/ld+json"})
    export = reverse("datafiles:export", args=[version.record_id, 1, "schemaorg"])
    assert (asked.status_code, asked["Location"]) == (303, export)
    linkset = client.get(f"/{version.ark}", headers={"Accept": "application/linkset+json"})
    assert linkset["Location"] == reverse("datafiles:linkset", args=[version.record_id, 1])
    file = client.get(f"/{version.ark}/rain.csv")
    download = reverse("datafiles:download", args=[version.record_id, 1, "rain.csv"])
    assert (file.status_code, file["Location"]) == (302, download)


@pytest.mark.django_db
def test_a_bare_question_mark_is_the_inflection_too(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    """``?`` alone leaves no query string: the raw request target (gunicorn's ``RAW_URI``,
    as `sankofa serve` passes it; the live test in test_signposting goes through it)."""
    version = publish(make_file)
    bare = client.get(f"/{version.ark}", RAW_URI=f"/{version.ark}?")
    assert bare.status_code == 200 and bare.content.decode().startswith("erc:\nwho: Mensah")
    assert client.get(f"/{version.ark}", RAW_URI=f"/{version.ark}").status_code == 302
