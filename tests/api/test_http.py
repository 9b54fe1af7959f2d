"""The API over plain HTTP: error shapes, pagination links, raw contents, odd names."""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
import requests
from swh.core import utils as swh_utils
from swh.web.client.client import WebAPIClient
from tests.api.conftest import Archived, archive
from tests.api.test_client import reachable

from sankofa.demo.gitcraft import make_simple_repo, run_git, set_ref, write_raw_object

# Software Heritage's escaping of bytes that are not UTF-8 (swh.core: the oracle)
decode_with_escape = cast("Callable[[bytes], str]", swh_utils.decode_with_escape)

ZERO = "0" * 40


def get(url: str, **params: Any) -> requests.Response:
    return requests.get(url, params=params or None, timeout=60)


def error(response: requests.Response, status: int, exception: str) -> str:
    """Check an error response's status and shape; return its reason."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"exception", "reason"}
    assert body["exception"] == exception
    return str(body["reason"])


BAD_INPUT = [
    ("directory/xyz/", "'xyz'"),
    ("directory/" + "a" * 39 + "/", "a" * 39),
    ("revision/1234/", "'1234'"),
    ("revision/" + "g" * 40 + "/log/", "g" * 40),
    ("release/zz/", "'zz'"),
    ("snapshot/abc/", "'abc'"),
    ("content/sha1_git:xyz/", "'xyz'"),
    ("content/sha1_git:xyz/raw/", "'xyz'"),
    ("content/md5:" + "a" * 32 + "/", "md5"),
    ("content/nothex/", "nothex"),
    ("resolve/swh:1:cnt:123/", "swh:1:cnt:123"),
    ("resolve/swh:2:rev:" + ZERO + "/", "swh:2:rev"),
    ("resolve/swh:1:rev:" + ZERO + ";lines=3/", "lines"),
    (f"revision/{ZERO}/log/?limit=ten", "limit='ten'"),
    (f"snapshot/{ZERO}/?target_types=branch", "target_types='branch'"),
    (f"snapshot/{ZERO}/?branches_count=x", "branches_count='x'"),
    ("origin/https://example.org/x/visit/first/", "'first'"),
    ("origin/https://example.org/x/visits/?per_page=many", "per_page='many'"),
    ("origin/search/x/?with_visit=maybe", "with_visit='maybe'"),
]


@pytest.mark.parametrize(("path", "named"), BAD_INPUT)
def test_malformed_input_is_a_400_naming_it(api_url: str, path: str, named: str) -> None:
    assert named in error(get(api_url + path), 400, "BadInputExc")


NOT_FOUND = [
    (f"directory/{ZERO}/", f"Directory with sha1_git {ZERO} not found."),
    (f"revision/{ZERO}/", f"Revision with sha1_git {ZERO} not found."),
    (f"revision/{ZERO}/log/", f"Revision with sha1_git {ZERO} not found."),
    (f"release/{ZERO}/", f"Release with sha1_git {ZERO} not found."),
    (f"snapshot/{ZERO}/", f"Snapshot with id {ZERO} not found."),
    (f"content/sha1_git:{ZERO}/", f"Content with sha1_git checksum equals to {ZERO} not found!"),
    (
        f"content/sha1_git:{ZERO}/raw/",
        f"Content with sha1_git checksum equals to {ZERO} not found!",
    ),
    (f"content/sha1:{ZERO}/", "looks contents up by sha1_git only"),
    (f"content/{'0' * 64}/", "sha256 checksum equals to"),
    (f"resolve/swh:1:snp:{ZERO}/", f"Snapshot with id {ZERO} not found."),
    ("origin/https://example.org/none/get/", "Origin with url https://example.org/none not found!"),
    ("origin/https://example.org/none/visits/", "Origin with url https://example.org/none"),
    ("origin/https://example.org/none/visit/latest/", "Origin with url https://example.org/none"),
    ("origin/https://example.org/none/visit/99999999999/", "visit with id 99999999999"),
    ("nothing/here/", "No API endpoint at /api/1/nothing/here/"),
    (f"revision/{ZERO}", "No API endpoint"),
]


@pytest.mark.parametrize(("path", "reason"), NOT_FOUND)
def test_unknown_objects_are_a_404(api_url: str, path: str, reason: str) -> None:
    assert reason in error(get(api_url + path), 404, "NotFoundExc")


def test_wrong_methods_are_a_405(api_url: str) -> None:
    response = requests.get(api_url + "known/", timeout=60)
    assert error(response, 405, "MethodNotAllowed") == 'Method "GET" not allowed.'
    assert response.headers["Allow"] == "POST"
    response = requests.post(api_url + f"revision/{ZERO}/", timeout=60)
    error(response, 405, "MethodNotAllowed")
    assert response.headers["Allow"] == "GET, HEAD"


def test_errors_of_existing_origins_and_paths(tricky: Archived, api_url: str) -> None:
    assert "visit with id 7" in error(
        get(f"{api_url}origin/{tricky.url}/visit/7/"), 404, "NotFoundExc"
    )
    root = tricky.ids["tree_root"]
    for path in ("nowhere", "run.sh/inside", "dir/nested.txt/deeper", "dir/missing"):
        reason = error(get(f"{api_url}directory/{root}/{path}/"), 404, "NotFoundExc")
        assert (
            reason
            == f"Entry with path {path} relative to directory with sha1_git {root} not found."
        )
    assert "No visit for origin" in error(
        get(f"{api_url}origin/{tricky.url}/visit/latest/", visit_type="svn"), 404, "NotFoundExc"
    )


def test_raw_content_is_an_attachment_never_a_page(
    tmp_path: Path, node_home: Path, api_url: str, transactional_db: None
) -> None:
    repo = make_simple_repo(tmp_path / "r.git")
    page = b"<html><script>alert(1)</script></html>"
    blob = write_raw_object(tmp_path / "r.git", b"blob", page)
    tree = run_git(tmp_path / "r.git", "mktree", stdin=f"100644 blob {blob}\tindex.html\n".encode())
    set_ref(tmp_path / "r.git", "refs/tags/page", tree.decode().strip())
    archive(tmp_path / "r.git", repo)
    url = f"{api_url}content/sha1_git:{blob}/raw/"
    response = get(url)
    assert response.status_code == 200
    assert response.content == page
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="content_sha1_git_{blob}_raw"'
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Length"] == str(len(page))
    named = get(url, filename="../../evil\r\nX-Injected: 1.html")
    assert named.headers["Content-Disposition"] == 'attachment; filename="evilX-Injected: 1.html"'
    assert "X-Injected" not in named.headers
    head = requests.head(url, timeout=60)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Length"] == str(len(page))


def test_large_content_streams_whole(
    tmp_path: Path, node_home: Path, api_url: str, swh_client: WebAPIClient, transactional_db: None
) -> None:
    path = tmp_path / "big.git"
    ids = make_simple_repo(path)
    data = bytes(range(256)) * (12 * 1024 + 7)  # 3 MiB and a bit: beyond the in-memory size
    blob = write_raw_object(path, b"blob", data)
    tree = run_git(path, "mktree", stdin=f"100644 blob {blob}\tbig.bin\n".encode())
    set_ref(path, "refs/tags/big", tree.decode().strip())
    archive(path, ids)
    chunks = list(swh_client.content_raw(f"swh:1:cnt:{blob}"))
    assert hashlib.sha256(b"".join(chunks)).digest() == hashlib.sha256(data).digest()
    info = swh_client.content(f"swh:1:cnt:{blob}")
    assert info["length"] == len(data)
    assert info["checksums"]["blake2s256"] == hashlib.blake2s(data).hexdigest()


def test_skipped_content_is_absent(
    tmp_path: Path, node_home: Path, api_url: str, settings: Any, transactional_db: None
) -> None:
    settings.SANKOFA_MAX_CONTENT_SIZE = 1000
    path = tmp_path / "skip.git"
    ids = make_simple_repo(path)
    data = b"x" * 5000
    blob = write_raw_object(path, b"blob", data)
    tree = run_git(path, "mktree", stdin=f"100644 blob {blob}\tlarge\n".encode())
    set_ref(path, "refs/tags/large", tree.decode().strip())
    archive(path, ids)
    info = get(f"{api_url}content/sha1_git:{blob}/").json()
    assert info["status"] == "absent" and info["length"] == 5000
    assert info["checksums"]["sha256"] == hashlib.sha256(data).hexdigest()
    reason = error(get(f"{api_url}content/sha1_git:{blob}/raw/"), 404, "NotFoundExc")
    assert reason == f"Bytes of content with sha1_git checksum equals to {blob} are not available!"
    (entry,) = get(f"{api_url}directory/{tree.decode().strip()}/").json()
    assert (entry["status"], entry["length"]) == ("absent", 5000)
    known = requests.post(f"{api_url}known/", json=[f"swh:1:cnt:{blob}"], timeout=60).json()
    assert known == {f"swh:1:cnt:{blob}": {"known": False}}


def test_paths_below_a_directory(tricky: Archived, api_url: str) -> None:
    root = tricky.ids["tree_root"]
    latin1 = get(f"{api_url}directory/{root}/caf%E9.txt/").json()
    assert latin1["name"] == decode_with_escape(b"caf\xe9.txt")
    assert latin1["decoding_failures"] == ["name"]
    assert (
        latin1["target"]
        == tricky.git("rev-parse", f"{root}:caf\xe9.txt".encode("latin-1")).decode().strip()
    )
    # the escaped name the API shows leads to the same entry
    assert get(f"{api_url}directory/{root}/caf%5Cxe9.txt/").json() == latin1
    utf8 = get(f"{api_url}directory/{root}/ünïcødé.txt/").json()
    assert utf8["name"] == "ünïcødé.txt" and utf8["type"] == "file"
    nested = get(f"{api_url}directory/{root}/dir/nested.txt/").json()
    assert nested["name"] == "dir/nested.txt"
    assert nested["dir_id"] == tricky.git("rev-parse", f"{root}:dir").decode().strip()
    assert nested["length"] == len(b"nested\n") and nested["status"] == "visible"
    empty = get(f"{api_url}directory/{root}/dir/empty/").json()
    assert (empty["type"], empty["target"]) == ("dir", "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
    assert get(f"{api_url}directory/{empty['target']}/").json() == []
    vendor = get(f"{api_url}directory/{root}/vendor/").json()
    assert (vendor["type"], vendor["length"], vendor["perms"]) == ("rev", None, 0o160000)


def bfs(repo: Archived, head: str) -> list[str]:
    """The breadth-first walk of git's own parent lists, the order the log promises."""
    parents = {}
    for line in repo.git("rev-list", "--parents", "--all").decode().splitlines():
        oid, *rest = line.split()
        parents[oid] = rest
    order, queue, seen = [], deque([head]), {head}
    while queue:
        oid = queue.popleft()
        order.append(oid)
        for p in parents[oid]:
            if p not in seen:
                seen.add(p)
                queue.append(p)
    return order


def follow(url: str) -> list[requests.Response]:
    """A first page and every page its ``Link: <…>; rel="next"`` headers lead to."""
    pages = [get(url)]
    while "next" in pages[-1].links:
        assert len(pages) < 100
        pages.append(get(pages[-1].links["next"]["url"]))
    return pages


def test_revision_log_pages(tricky: Archived, api_url: str) -> None:
    expected = bfs(tricky, tricky.ids["head"])
    assert len(expected) == 8
    whole = get(f"{api_url}revision/{tricky.ids['head']}/log/", limit=100)
    assert [r["id"] for r in whole.json()] == expected
    assert "Link" not in whole.headers
    pages = follow(f"{api_url}revision/{tricky.ids['head']}/log/?limit=3")
    assert [len(p.json()) for p in pages] == [3, 3, 2]
    assert [r["id"] for p in pages for r in p.json()] == expected
    assert get(f"{api_url}revision/{tricky.ids['head']}/log/").json()[0]["url"] == (
        f"{api_url}revision/{tricky.ids['head']}/"
    )


@pytest.fixture
def many_branches(tmp_path: Path, node_home: Path, transactional_db: None) -> Archived:
    """1,100 branches, a few with names that are not UTF-8."""
    path = tmp_path / "branches.git"
    ids = make_simple_repo(path)
    lines = "".join(f"create refs/heads/b{i:04d} {ids['commit1']}\n" for i in range(1100))
    run_git(path, "update-ref", "--stdin", stdin=lines.encode())
    for name in (b"refs/heads/caf\xe9", b"refs/heads/\xff\xfe", b"refs/tags/na\xefve"):
        set_ref(path, name, ids["commit2"])
    return archive(path, ids)


def test_snapshot_pages_follow_link_headers(
    many_branches: Archived, api_url: str, swh_client: WebAPIClient
) -> None:
    refs = many_branches.git("for-each-ref", "--format=%(refname)").split(b"\n")
    names = sorted([r for r in refs if r] + [b"HEAD"])
    assert len(names) == 1100 + 3 + 5
    # the client merges the pages it reaches through the Link headers (1,000 branches each)
    merged = swh_client.get(many_branches.snapshot)
    assert sorted(merged) == sorted(decode_with_escape(n) for n in names)
    assert (
        merged[decode_with_escape(b"refs/heads/caf\xe9")]["target"].object_id.hex()
        == many_branches.ids["commit2"]
    )
    pages = follow(f"{api_url}snapshot/{many_branches.snapshot[10:]}/?branches_count=97")
    shown = [name for p in pages for name in p.json()["branches"]]
    assert shown == [decode_with_escape(n) for n in names]  # in byte order of the names
    assert [p.json()["next_branch"] is None for p in pages] == [False] * (len(pages) - 1) + [True]
    typed = follow(
        f"{api_url}snapshot/{many_branches.snapshot[10:]}/?branches_count=2&target_types=release,alias"
    )
    assert [n for p in typed for n in p.json()["branches"]] == ["HEAD", "refs/tags/v1.0"]


def test_origin_search_and_visit_pages(
    tmp_path: Path, node_home: Path, api_url: str, transactional_db: None
) -> None:
    urls = []
    for name in ("alpha", "beta", "gamma"):
        path = tmp_path / f"{name}-project.git"
        urls.append(archive(path, make_simple_repo(path)).url)
    for _ in range(2):
        archive(tmp_path / "beta-project.git", {})
    pages = follow(f"{api_url}origin/search/project/?limit=1")
    assert [o["url"] for p in pages for o in p.json()] == sorted(urls)
    assert all(p.headers["X-Total-Count"] == "3" for p in pages)
    assert all(
        p.json()[0]["origin_visits_url"] == f"{api_url}origin/{p.json()[0]['url']}/visits/"
        for p in pages
    )
    visits = follow(f"{api_url}origin/{urls[1]}/visits/?per_page=2")
    assert [[v["visit"] for v in p.json()] for p in visits] == [[3, 2], [1]]
    assert "last_visit=2" in visits[0].links["next"]["url"]
    one = get(f"{api_url}origin/{urls[1]}/visit/2/").json()
    assert one["visit"] == 2 and one["origin_url"] == f"{api_url}origin/{urls[1]}/get/"
    assert get(one["snapshot_url"]).json()["id"] == one["snapshot"]
    assert get(f"{api_url}origin/{urls[1]}/get/").json() == {
        "url": urls[1],
        "origin_visits_url": f"{api_url}origin/{urls[1]}/visits/",
        "visit_types": ["git"],
    }
    # a client that merged the "//" of the scheme still finds the origin
    assert get(f"{api_url}origin/{urls[1].replace('///', '/', 1)}/get/").status_code == 200


def test_resolve(tricky: Archived, api_url: str) -> None:
    root = tricky.ids["tree_root"]
    swhid = f"swh:1:dir:{root};origin={tricky.url};path=/dir/"
    body = get(f"{api_url}resolve/{swhid}/").json()
    assert body == {
        "namespace": "swh",
        "scheme_version": 1,
        "object_type": "directory",
        "object_id": root,
        "metadata": {"origin": tricky.url, "path": "/dir/"},
        "browse_url": f"{api_url}directory/{root}/",
    }
    assert get(body["browse_url"]).status_code == 200
    for kind, key in (("rev", "head"), ("rel", "tag_v1")):
        assert (
            get(f"{api_url}resolve/swh:1:{kind}:{tricky.ids[key]}/").json()["object_id"]
            == tricky.ids[key]
        )
    assert get(f"{api_url}resolve/{tricky.snapshot}/").json()["object_type"] == "snapshot"
    unknown_origin = f"swh:1:dir:{root};origin=https://example.org/none"
    error(get(f"{api_url}resolve/{unknown_origin}/"), 404, "NotFoundExc")
    # the id of a tree named as a content is not a content
    error(get(f"{api_url}resolve/swh:1:cnt:{root}/"), 404, "NotFoundExc")


def test_known_of_ten_thousand_swhids_is_one_batch(
    tricky: Archived,
    client: Any,
    django_assert_max_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sankofa.archive.objectstore import GitObjectStore

    batches: list[int] = []
    types = GitObjectStore.types

    def counting(self: GitObjectStore, oids: Any) -> Any:
        oids = list(oids)
        batches.append(len(oids))
        return types(self, oids)

    monkeypatch.setattr(GitObjectStore, "types", counting)
    present = [*sorted(reachable(tricky)), tricky.snapshot]
    kinds = ("cnt", "dir", "rev", "rel", "snp")
    absent = [
        f"swh:1:{kinds[i % 5]}:{hashlib.sha1(b'%d' % i).hexdigest()}"
        for i in range(10_000 - len(present))
    ]
    with django_assert_max_num_queries(1):
        response = client.post(
            "/api/1/known/", json.dumps(present + absent), content_type="application/json"
        )
    assert response.status_code == 200
    answer = response.json()
    assert len(answer) == 10_000
    assert {k for k, v in answer.items() if v["known"]} == set(present)
    assert batches == [sum(":snp:" not in s for s in present + absent)]  # one batch for all
    too_many = client.post("/api/1/known/", json.dumps(absent * 2), content_type="application/json")
    assert too_many.status_code == 413 and too_many.json()["exception"] == "LargePayloadExc"
    for body, named in (
        ("[1]", "1"),
        ('["swh:1:cnt:00"]', "swh:1:cnt:00"),
        ("{", "not JSON"),
        ('{"a": 1}', "list"),
    ):
        bad = client.post("/api/1/known/", body, content_type="application/json")
        assert bad.status_code == 400 and named in bad.json()["reason"]


def test_known_through_the_client_in_chunks(tricky: Archived, swh_client: WebAPIClient) -> None:
    present = sorted(reachable(tricky))
    absent = [f"swh:1:cnt:{hashlib.sha1(b'%d' % i).hexdigest()}" for i in range(2500)]
    answer = swh_client.known(present + absent)  # three requests of at most 1,000
    assert {str(k) for k, v in answer.items() if v["known"]} == set(present)
    assert len(answer) == len(present) + len(absent)
