"""Origin metadata end to end: archive real git repositories, index, search, cite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sankofa.archive import graph, metadata, metadata_tasks, services
from sankofa.archive.models import OriginMetadata, Visit, binary
from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.formats import biblatex
from sankofa.core.jobs.models import Job
from sankofa.swhid.identifiers import parse_swhid
from tests.archive.repos import commit_files, git, new_repo
from tests.conftest import SHARED

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator("test")
PUBLIC = Actor(name="public")
CODEMETA = SHARED / "data" / "codemeta" / "ropensci-taxize.codemeta.json"


def codemeta_bytes() -> bytes:
    if CODEMETA.is_file():
        return CODEMETA.read_bytes()
    return json.dumps(
        {
            "@context": "https://doi.org/10.5063/schema/codemeta-2.0",
            "name": "taxize: Taxonomic Information from Around the Web",
            "keywords": ["taxonomy", "biodiversity"],
            "author": [{"@type": "Person", "givenName": "Scott", "familyName": "Chamberlain"}],
        }
    ).encode()


def archived(tmp_path: Path, files: dict[str, bytes], name: str = "src") -> Visit:
    repo = new_repo(tmp_path / name)
    commit_files(repo, files, "first")
    return services.archive_origin(OPERATOR, str(repo))


def test_codemeta_is_indexed_and_found(node_home: Path, tmp_path: Path) -> None:
    visit = archived(tmp_path, {"codemeta.json": codemeta_bytes(), "README": b"hi\n"})
    result = metadata_tasks.index(OPERATOR, visit.origin.url)
    assert result["indexed"] is True and result["sources"] == ["codemeta.json"]
    (match,) = metadata.search(PUBLIC, "TAXONOMIC  chamberlain")
    assert match.origin_url == visit.origin.url
    assert match.name.startswith("taxize")
    assert "biodiversity" in match.keywords
    assert metadata.search(PUBLIC, "taxonomic nosuchword") == []
    assert metadata.search(PUBLIC, "   ") == []
    row = OriginMetadata.objects.get(origin=visit.origin)
    head = git(tmp_path / "src", "rev-parse", "HEAD")
    assert binary(row.revision).hex() == head and row.visit_id == visit.pk


def test_search_ignores_accents_and_ranks_names_first(node_home: Path, tmp_path: Path) -> None:
    first = archived(tmp_path, {"CITATION.cff": CFF_ABOUT_GRAPHS}, "a")
    second = archived(tmp_path, {"package.json": NPM_GRAPHS}, "b")
    for visit in (first, second):
        metadata.index_origin(OPERATOR, visit.origin.url)
    found = metadata.search(PUBLIC, "graphs")
    assert [m.origin_url for m in found] == [second.origin.url, first.origin.url]
    assert [m.origin_url for m in metadata.search(PUBLIC, "gael")] == [first.origin.url]
    assert [m.origin_url for m in metadata.search(PUBLIC, "GAËL")] == [first.origin.url]
    assert len(metadata.search(PUBLIC, "graphs", limit=1)) == 1
    assert metadata.search(PUBLIC, "100%") == [] and metadata.search(PUBLIC, "_") == []


CFF_ABOUT_GRAPHS = (
    "cff-version: 1.2.0\ntitle: Networks\nabstract: Fast graphs\n"
    "authors:\n  - given-names: Gaël\n    family-names: Varoquaux\n"
).encode()
NPM_GRAPHS = json.dumps({"name": "graphs-js", "description": "Graph library"}).encode()


def test_malformed_metadata_files_do_not_break_anything(node_home: Path, tmp_path: Path) -> None:
    visit = archived(
        tmp_path,
        {
            "codemeta.json": b"{broken",
            "CITATION.cff": b"title: [unclosed",
            "package.json": json.dumps({"name": "survivor"}).encode(),
        },
    )
    result = metadata_tasks.index(OPERATOR, visit.origin.url)
    assert result["sources"] == ["package.json"]
    warnings = result["warnings"]
    assert isinstance(warnings, list)
    warned = " ".join(warnings)
    assert "codemeta.json: skipped" in warned and "CITATION.cff: skipped" in warned
    assert [m.origin_url for m in metadata.search(PUBLIC, "survivor")] == [visit.origin.url]
    entry = biblatex.entry(metadata.cite_origin(PUBLIC, visit.origin.url))
    assert "title = {survivor}" in entry


def test_no_metadata_falls_back_to_origin_url_and_visit_date(
    node_home: Path, tmp_path: Path
) -> None:
    visit = archived(tmp_path, {"README": b"nothing to see\n"})
    metadata.index_origin(OPERATOR, visit.origin.url)
    assert OriginMetadata.objects.get(origin=visit.origin).fields == {}
    citation = metadata.cite_origin(PUBLIC, visit.origin.url)
    assert citation.title == visit.origin.url == citation.repository
    assert citation.date_released == visit.date.date()
    assert citation.swhid == f"{visit.snapshot};origin={visit.origin.url}"
    with pytest.raises(metadata.UnknownOrigin):
        metadata.cite_origin(PUBLIC, "https://example.org/never")


def test_citations_of_release_revision_and_file(node_home: Path, tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "src")
    commit_files(repo, {"codemeta.json": codemeta_bytes(), "src/a.py": b"print(1)\n"}, "first")
    git(repo, "tag", "-a", "v1.0", "-m", "first release")
    visit = services.archive_origin(OPERATOR, str(repo))
    url = visit.origin.url
    metadata.index_origin(OPERATOR, url)
    rel = git(repo, "rev-parse", "v1.0")
    rev = git(repo, "rev-parse", "HEAD")
    blob = git(repo, "rev-parse", "HEAD:src/a.py")

    release = metadata.cite_swhid(PUBLIC, parse_swhid(f"swh:1:rel:{rel};origin={url}"))
    assert release.version == "v1.0" and release.title.startswith("taxize")
    assert release.date_released is not None and release.date_released.year == 2023

    revision = metadata.cite_swhid(PUBLIC, parse_swhid(f"swh:1:rev:{rev};origin={url}"))
    assert revision.version == "0.10.1" or not CODEMETA.is_file()  # the indexed revision

    qualified = f"swh:1:cnt:{blob};origin={url};anchor=swh:1:rel:{rel};path=/src/a.py"
    part = metadata.cite_swhid(PUBLIC, parse_swhid(qualified))
    assert part.swhid == qualified and part.version == "v1.0"
    assert biblatex.entry(part).startswith(f"@softwareversion{{swh-cnt-{blob},")

    bare = metadata.cite_swhid(PUBLIC, parse_swhid(f"swh:1:rev:{rev}"))
    assert bare.title == f"swh:1:rev:{rev}" and bare.date_released is not None
    with pytest.raises(graph.NotArchived):
        metadata.cite_swhid(PUBLIC, parse_swhid("swh:1:rev:" + "0" * 40))
    with pytest.raises(metadata.UnknownOrigin):
        metadata.cite_swhid(PUBLIC, parse_swhid(f"swh:1:rev:{rev};origin=https://example.org/x"))


def test_finished_visit_enqueues_the_job_and_reindex_covers_all(
    node_home: Path, tmp_path: Path
) -> None:
    visit = archived(tmp_path, {"codemeta.json": codemeta_bytes()})  # finishing enqueues it
    job = Job.objects.get(name="archive.metadata")
    assert job.arguments == {"args": [visit.origin.url], "kwargs": {}}
    visit.status = Visit.Status.FAILED
    metadata.on_visit_finished(visit)
    assert Job.objects.filter(name="archive.metadata").count() == 1

    assert not OriginMetadata.objects.exists()
    with pytest.raises(PermissionDenied):
        metadata.reindex_all(PUBLIC)
    assert metadata.reindex_all(OPERATOR) == 1
    assert metadata.origin_software(PUBLIC, visit.origin.url) is not None


def test_head_through_alias_and_release(node_home: Path, tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "src")
    commit_files(repo, {"package.json": json.dumps({"name": "tagged"}).encode()}, "first")
    git(repo, "tag", "-a", "v1", "-m", "release")
    git(repo, "checkout", "-q", "--detach", "v1")  # HEAD is a detached commit
    visit = services.archive_origin(OPERATOR, str(repo))
    found = metadata.index_origin(OPERATOR, visit.origin.url)
    assert found is not None and found.metadata.name == "tagged"
