"""The home page (counts, latest visits) and the search page (by URL, by metadata)."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.archive.models import Visit
from sankofa.demo.gitcraft import git_env, make_simple_repo
from tests.api.conftest import OPERATOR, Archived, archive, simple, tricky

__all__ = ["simple", "tricky"]

pytestmark = pytest.mark.django_db(transaction=True)
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def object_ids(repo: Archived) -> set[str]:
    """git's own list of the objects a repository holds."""
    out = subprocess.run(
        ["git", "-C", str(repo.path), "cat-file", "--batch-all-objects", "--batch-check"],
        capture_output=True,
        check=True,
        env=git_env(),
    ).stdout
    return {line.split()[0] for line in out.decode().splitlines()}


def counted(page: str, name: str) -> int:
    match = re.search(rf'<dd id="count-{name}">(\d+)</dd>', page)
    assert match is not None, name
    return int(match.group(1))


def test_home_counts_origins_objects_and_visits(
    client: Client, simple: Archived, tricky: Archived
) -> None:
    page = client.get(reverse("pages:home")).content.decode()
    assert counted(page, "origins") == 2
    assert counted(page, "visits") == 2
    # git knows the empty tree without storing it: a visit after the first does not store
    # it again, so the count (of stored objects) leaves it out
    assert counted(page, "objects") == len((object_ids(simple) | object_ids(tricky)) - {EMPTY_TREE})


def test_home_counts_each_object_once_across_visits(
    client: Client, simple: Archived, tmp_path: Path
) -> None:
    fork = tmp_path / "fork.git"
    make_simple_repo(fork)  # the same objects again: stored once
    archive(fork, {})
    page = client.get(reverse("pages:home")).content.decode()
    assert counted(page, "objects") == len(object_ids(simple))
    assert counted(page, "origins") == 2


def test_home_lists_the_latest_visits_newest_first(
    client: Client, simple: Archived, tricky: Archived
) -> None:
    page = client.get(reverse("pages:home")).content.decode()
    rows = re.findall(
        r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td><time datetime="([^"]+)"', page
    )
    assert [url for _, url, _ in rows] == [tricky.url, simple.url]
    link = html.unescape(rows[0][0])
    assert link == f"{reverse('browse:origin')}?origin_url={quote(tricky.url, safe='/:')}"
    assert rows[0][2] == Visit.objects.get(pk=tricky.visit.pk).date.isoformat()
    assert ">full</td>" in page
    assert 'id="home-q"' in page and 'for="home-q"' in page


def test_home_keeps_ten_visits(client: Client, simple: Archived) -> None:
    for _ in range(11):
        archive(simple.path, simple.ids)
    page = client.get(reverse("pages:home")).content.decode()
    assert counted(page, "visits") == 12
    assert len(re.findall(r"<tr><td><a href=", page)) == 10


def test_home_of_an_empty_archive(client: Client, transactional_db: None, node_home: Path) -> None:
    response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert counted(page, "origins") == 0 and counted(page, "objects") == 0
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_search_by_url_substring(client: Client, simple: Archived, tricky: Archived) -> None:
    response = client.get(reverse("pages:search"), {"q": "tricky"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f">{tricky.url}</a>" in page
    assert f">{simple.url}</a>" not in page
    assert "max-age=60" in response["Cache-Control"]
    both = client.get(reverse("pages:search"), {"q": ".git"}).content.decode()
    assert f">{tricky.url}</a>" in both and f">{simple.url}</a>" in both


def test_search_pages_through_origins(
    client: Client, simple: Archived, tricky: Archived, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sankofa.web.pages import views

    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 1)
    first = client.get(reverse("pages:search"), {"q": ".git"}).content.decode()
    assert f">{simple.url}</a>" in first and f">{tricky.url}</a>" not in first
    nexts = re.findall(r'<a rel="next" href="([^"]+)"', first)
    assert len(nexts) == 1
    second = client.get(html.unescape(nexts[0])).content.decode()
    assert f">{tricky.url}</a>" in second and f">{simple.url}</a>" not in second
    assert not re.findall(r'<a rel="next"', second)


def test_empty_search_shows_the_form_only(client: Client, simple: Archived) -> None:
    page = client.get(reverse("pages:search"), {"q": "  "}).content.decode()
    assert 'for="search-q"' in page
    assert "origins-title" not in page and simple.url not in page


@pytest.mark.parametrize("params", [{"q": "x" * 501}, {"q": "a\x00b"}, {"q": "a", "after": "\x00"}])
def test_bad_searches_are_400_pages(
    client: Client, simple: Archived, params: dict[str, str]
) -> None:
    response = client.get(reverse("pages:search"), params)
    assert response.status_code == 400
    assert b"<h1>" in response.content


def commit_files(path: Path, files: dict[str, bytes]) -> None:
    work = path.with_suffix(".work")
    work.mkdir()
    env = git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True, env=env)
    for name, data in files.items():
        (work / name).write_bytes(data)
    subprocess.run(["git", "-C", str(work), "add", "."], check=True, env=env)
    subprocess.run(["git", "-C", str(work), "commit", "-q", "-m", "first"], check=True, env=env)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(path)], check=True, env=env)


def test_search_finds_origins_by_their_metadata(
    client: Client, simple: Archived, tmp_path: Path
) -> None:
    metadata = pytest.importorskip("sankofa.archive.metadata")
    codemeta = {
        "@context": "https://doi.org/10.5063/schema/codemeta-2.0",
        "name": "Baobab",
        "description": "Counts the rings of old trees.",
        "keywords": ["dendrochronology", "forestry"],
    }
    path = tmp_path / "plain-name.git"
    commit_files(path, {"codemeta.json": json.dumps(codemeta).encode()})
    archived = archive(path, {})
    metadata.index_origin(OPERATOR, archived.url)
    response = client.get(reverse("pages:search"), {"q": "dendrochronology"})
    page = response.content.decode()
    assert "No origin&#x27;s metadata matches." not in page
    assert ">Baobab</a>" in page
    assert "Counts the rings of old trees." in page
    assert "dendrochronology, forestry" in page
    link = f"{reverse('browse:origin')}?origin_url={quote(archived.url, safe='/:')}"
    assert f'href="{html.escape(link)}"' in page
    assert simple.url not in page
