"""The SWHID resolver at the root: each object type, qualifiers, lines, and what it refuses."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sankofa.demo.gitcraft import git_env
from tests.api.conftest import Archived, archive, simple, tricky

__all__ = ["simple", "tricky"]

pytestmark = pytest.mark.django_db(transaction=True)


def rev_parse(repo: Archived, name: str) -> str:
    return repo.git("rev-parse", name).decode().strip()


def snapshot_of(repo: Archived) -> str:
    return repo.snapshot.removeprefix("swh:1:snp:")


def resolve(
    client: Client, swhid: str, language: str = "en", raw_uri: str | None = None
) -> tuple[str, dict[str, str]]:
    """Where the resolver sends a browser (path and fragment), and the query it adds."""
    extra: dict[str, Any] = {"RAW_URI": raw_uri} if raw_uri is not None else {}
    response = client.get("/" + swhid, headers={"accept-language": language}, **extra)
    assert response.status_code == 302, response.content[:300]
    location = urlsplit(response["Location"])
    assert "Accept-Language" in response["Vary"]
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    return location.path + ("#" + location.fragment if location.fragment else ""), query


def page(name: str, *args: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=list(args))


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_core_swhids_of_each_type_go_to_their_page_in_the_browser_language(
    client: Client, simple: Archived, language: str
) -> None:
    blob = rev_parse(simple, "main:README.md")
    tree = rev_parse(simple, "main^{tree}")
    cases = {
        f"swh:1:cnt:{blob}": page("browse:content", blob, language=language),
        f"swh:1:dir:{tree}": page("browse:directory", tree, language=language),
        f"swh:1:rev:{simple.ids['main']}": page(
            "browse:revision", simple.ids["main"], language=language
        ),
        f"swh:1:rel:{simple.ids['tag_annotated']}": page(
            "browse:release", simple.ids["tag_annotated"], language=language
        ),
        f"swh:1:snp:{snapshot_of(simple)}": page(
            "browse:snapshot", snapshot_of(simple), language=language
        ),
    }
    for swhid, expected in cases.items():
        assert expected.startswith(f"/{language}/")
        for written in (swhid, swhid + "/"):
            assert resolve(client, written, language) == (expected, {})


def test_the_language_cookie_wins(client: Client, simple: Archived) -> None:
    client.cookies["django_language"] = "pt"
    path, _ = resolve(client, f"swh:1:rev:{simple.ids['main']}", "fr")
    assert path.startswith("/pt/")


def test_content_with_every_qualifier_and_lines(client: Client, simple: Archived) -> None:
    snp, rev = snapshot_of(simple), simple.ids["commit2"]
    blob = rev_parse(simple, f"{rev}:docs/guide.txt")
    swhid = (
        f"swh:1:cnt:{blob};origin={simple.url};visit=swh:1:snp:{snp};"
        f"anchor=swh:1:rev:{rev};path=/docs/guide.txt;lines=3-5"
    )
    path, query = resolve(client, swhid)
    assert path == page("browse:content", blob) + "#L3"
    assert query == {
        "origin_url": simple.url,
        "snapshot": snp,
        "revision": rev,
        "root": rev_parse(simple, f"{rev}^{{tree}}"),
        "path": "docs/guide.txt",
        "lines": "3-5",
    }
    single, query = resolve(client, f"swh:1:cnt:{blob};lines=7")
    assert single == page("browse:content", blob) + "#L7"
    assert query == {"lines": "7"}


def test_content_anchored_at_a_release_or_a_snapshot(client: Client, simple: Archived) -> None:
    blob = rev_parse(simple, "v1.0:docs/guide.txt")
    tag = simple.ids["tag_annotated"]
    _, query = resolve(client, f"swh:1:cnt:{blob};anchor=swh:1:rel:{tag};path=/docs/guide.txt")
    assert query == {
        "release": tag,
        "root": rev_parse(simple, "v1.0^{tree}"),
        "path": "docs/guide.txt",
    }
    readme = rev_parse(simple, "main:README.md")
    snp = snapshot_of(simple)
    _, query = resolve(client, f"swh:1:cnt:{readme};anchor=swh:1:snp:{snp};path=/README.md")
    assert query == {
        "snapshot": snp,
        "root": rev_parse(simple, "main^{tree}"),
        "path": "README.md",
    }


def test_a_path_that_does_not_lead_to_the_object_gives_no_root(
    client: Client, simple: Archived
) -> None:
    blob = rev_parse(simple, "main:README.md")
    rev = simple.ids["main"]
    _, query = resolve(client, f"swh:1:cnt:{blob};anchor=swh:1:rev:{rev};path=/src/hello.py")
    assert "root" not in query and query["revision"] == rev


def test_directory_with_anchor_and_path(client: Client, simple: Archived) -> None:
    src = rev_parse(simple, "main:src")
    root = rev_parse(simple, "main^{tree}")
    rev = simple.ids["main"]
    path, query = resolve(client, f"swh:1:dir:{src};anchor=swh:1:rev:{rev};path=/src/")
    assert path == page("browse:directory", root)
    assert query == {"revision": rev, "path": "src"}
    alone, query = resolve(client, f"swh:1:dir:{src}")
    assert (alone, query) == (page("browse:directory", src), {})


def test_revision_and_release_in_an_origin_and_visit(client: Client, simple: Archived) -> None:
    snp = snapshot_of(simple)
    rev = simple.ids["feature"]
    path, query = resolve(client, f"swh:1:rev:{rev};origin={simple.url};visit=swh:1:snp:{snp}")
    assert path == page("browse:revision", rev)
    assert query == {"origin_url": simple.url, "snapshot": snp}
    tag = simple.ids["tag_annotated"]
    path, query = resolve(client, f"swh:1:rel:{tag};origin={simple.url}")
    assert (path, query) == (page("browse:release", tag), {"origin_url": simple.url})
    path, query = resolve(client, f"swh:1:snp:{snp};origin={simple.url}")
    assert (path, query) == (page("browse:snapshot", snp), {"origin_url": simple.url})


def test_names_that_are_not_utf8_keep_their_bytes(client: Client, tricky: Archived) -> None:
    tree = tricky.ids["tree_root"]
    listing = tricky.git("ls-tree", "-z", tree).split(b"\0")
    blob = next(line.split()[2].decode() for line in listing if line.endswith(b"\tcaf\xe9.txt"))
    rev = tricky.ids["commit_latin1"]
    response = client.get(f"/swh:1:cnt:{blob};anchor=swh:1:rev:{rev};path=/caf%E9.txt")
    location = response["Location"]
    assert f"root={tree}" in location and "path=caf%E9.txt" in location


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


def test_escapes_survive_the_address(client: Client, tmp_path: Path, node_home: Path) -> None:
    path = tmp_path / "escapes.git"
    commit_files(path, {"a b.txt": b"spaced\n", "a%20b.txt": b"percent\n"})
    repo = archive(path, {})
    rev = rev_parse(repo, "main")
    spaced, percent = rev_parse(repo, "main:a b.txt"), rev_parse(repo, "main:a%20b.txt")
    root = rev_parse(repo, "main^{tree}")
    # a browser sends the escaped space as is; the server decodes it once
    _, query = resolve(client, f"swh:1:cnt:{spaced};anchor=swh:1:rev:{rev};path=/a%20b.txt")
    assert query["root"] == root and query["path"] == "a b.txt"
    # behind gunicorn the undecoded address is known: %25 stays an escaped %
    swhid = f"swh:1:cnt:{percent};anchor=swh:1:rev:{rev};path=/a%2520b.txt"
    _, query = resolve(client, swhid, raw_uri="/" + swhid)
    assert query["root"] == root and query["path"] == "a%20b.txt"


@pytest.mark.parametrize(
    ("swhid", "problem"),
    [
        ("swh:1:xyz:" + "0" * 40, "xyz"),
        ("swh:1:cnt:" + "0" * 39, ""),
        ("swh:2:cnt:" + "0" * 40, ""),
        ("swh:1:cnt:" + "A" * 40, ""),
        ("swh:1:cnt:{blob};lines=x", "lines"),
        ("swh:1:cnt:{blob};origin=", ""),
        ("swh:1:cnt:{blob};lines=1;lines=2", "lines"),
        ("swh:", ""),
    ],
)
def test_malformed_swhids_are_400_pages_naming_the_problem(
    client: Client, simple: Archived, swhid: str, problem: str
) -> None:
    text = swhid.format(blob=rev_parse(simple, "main:README.md"))
    response = client.get("/" + quote(text, safe=":;=/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not a valid SWHID" in body
    assert problem in body


@pytest.mark.parametrize(
    "swhid",
    [
        "swh:1:cnt:" + "0" * 40,
        "swh:1:rev:{blob}",  # an object of another type
        "swh:1:snp:" + "1" * 40,
        "swh:1:cnt:{blob};origin=https://nowhere.example/",
        "swh:1:cnt:{blob};origin={url};visit=swh:1:snp:" + "2" * 40,
        "swh:1:cnt:{blob};anchor=swh:1:rev:" + "3" * 40 + ";path=/README.md",
    ],
)
def test_what_the_archive_does_not_hold_is_a_404(
    client: Client, simple: Archived, swhid: str
) -> None:
    text = swhid.format(blob=rev_parse(simple, "main:README.md"), url=simple.url)
    response = client.get("/" + text)
    assert response.status_code == 404
    assert b"<h1>" in response.content
