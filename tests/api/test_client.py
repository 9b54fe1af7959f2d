"""Software Heritage's own client, unchanged, against a live node: every archived object
is reachable through it and says what git says of it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, cast

import pytest
import requests
from swh.core import utils as swh_utils
from swh.model.swhids import CoreSWHID, ObjectType
from swh.web.client.client import WebAPIClient
from tests.api.conftest import Archived, archive

# Software Heritage's escaping of bytes that are not UTF-8 (swh.core: the oracle)
decode_with_escape = cast("Callable[[bytes], str]", swh_utils.decode_with_escape)

SWH_TYPES = {b"blob": "cnt", b"tree": "dir", b"commit": "rev", b"tag": "rel"}
ENTRY_TYPES = {b"blob": "file", b"tree": "dir", b"commit": "rev"}
TARGET_TYPES = {b"blob": "content", b"tree": "directory", b"commit": "revision", b"tag": "release"}


def reachable(repo: Archived) -> set[str]:
    """Every object git reaches from the repository's refs, as SWHIDs."""
    ids = repo.git("rev-list", "--objects", "--all").split(b"\n")
    listing = b"\n".join(line[:40] for line in ids if line) + b"\n"
    checked = repo.git("cat-file", "--batch-check", input=listing).split(b"\n")
    return {
        f"swh:1:{SWH_TYPES[kind]}:{oid.decode()}"
        for oid, kind, _ in map(bytes.split, filter(None, checked))
    }


def text(value: bytes) -> str:
    """How Software Heritage writes bytes that may not be UTF-8 (swh.core is the oracle)."""
    try:
        return value.decode()
    except UnicodeDecodeError:
        return decode_with_escape(value)


def headers_and_message(raw: bytes) -> tuple[dict[bytes, bytes], bytes]:
    head, _, message = raw.partition(b"\n\n")
    fields: dict[bytes, bytes] = {}
    for line in head.split(b"\n"):
        if not line.startswith(b" "):
            key, _, value = line.partition(b" ")
            fields.setdefault(key, value)
    return fields, message


def iso_date(ident: bytes) -> datetime:
    """The date of a ``Name <email> seconds +HHMM`` ident, in the zone it records."""
    _, seconds, zone = ident.rsplit(b" ", 2)
    minutes = int(zone[1:3]) * 60 + int(zone[3:5])
    offset = timedelta(minutes=-minutes if zone[:1] == b"-" else minutes)
    return datetime.fromtimestamp(int(seconds), timezone(offset))


def same_instant_and_zone(shown: str | datetime, expected: datetime) -> None:
    value = shown if isinstance(shown, datetime) else datetime.fromisoformat(shown)
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()


class Checker:
    """Compares what the client gets for one object with git's own view of it."""

    def __init__(self, repo: Archived, client: WebAPIClient) -> None:
        self.repo, self.client = repo, client

    def content(self, swhid: CoreSWHID) -> list[CoreSWHID]:
        data = self.repo.git("cat-file", "blob", swhid.object_id.hex())
        info = self.client.content(swhid)
        assert info["length"] == len(data)
        assert info["checksums"] == {
            "sha1": hashlib.sha1(data).hexdigest(),
            "sha1_git": swhid.object_id.hex(),
            "sha256": hashlib.sha256(data).hexdigest(),
            "blake2s256": hashlib.blake2s(data).hexdigest(),
        }
        assert b"".join(self.client.content_raw(swhid)) == data
        return []

    def directory(self, swhid: CoreSWHID) -> list[CoreSWHID]:
        listing = self.repo.git("ls-tree", "-z", "-l", swhid.object_id.hex())
        expected = []
        for item in filter(None, listing.split(b"\0")):
            meta, _, name = item.partition(b"\t")
            mode, kind, oid, size = meta.split()
            length = None if size == b"-" else int(size)
            expected.append((text(name), ENTRY_TYPES[kind], oid.decode(), int(mode, 8), length))
        entries = self.client.directory(swhid)
        shown = [
            (e["name"], e["type"], e["target"].object_id.hex(), e["perms"], e["length"])
            for e in entries
        ]
        assert shown == expected
        assert {e["dir_id"] for e in entries} <= {swhid}
        return [e["target"] for e in entries if e["type"] != "rev"]  # gitlinks lead elsewhere

    def revision(self, swhid: CoreSWHID) -> list[CoreSWHID]:
        oid = swhid.object_id.hex()
        fields, message = headers_and_message(self.repo.git("cat-file", "commit", oid))
        rev = self.client.revision(swhid)
        assert rev["id"] == swhid
        assert rev["directory"].object_id.hex() == fields[b"tree"].decode()
        parents = self.repo.git("rev-list", "--parents", "-n1", oid).split()[1:]
        assert [p["id"].object_id.hex() for p in rev["parents"]] == [p.decode() for p in parents]
        assert rev["merge"] == (len(parents) > 1)
        assert rev["message"] == text(message)
        committer = fields[b"committer"]
        assert rev["committer"]["fullname"] == text(committer.rsplit(b" ", 2)[0])
        same_instant_and_zone(rev["committer_date"], iso_date(committer))
        author = fields.get(b"author")
        if author is None:
            assert rev["author"]["fullname"] == ""
        else:
            assert rev["author"]["fullname"] == text(author.rsplit(b" ", 2)[0])
            same_instant_and_zone(rev["date"], iso_date(author))
        return [rev["directory"]] + [p["id"] for p in rev["parents"]]

    def release(self, swhid: CoreSWHID) -> list[CoreSWHID]:
        fields, message = headers_and_message(
            self.repo.git("cat-file", "tag", swhid.object_id.hex())
        )
        rel = self.client.release(swhid)
        assert rel["id"] == swhid
        assert rel["name"] == text(fields[b"tag"])
        assert rel["message"] == text(message)
        assert rel["target"].object_id.hex() == fields[b"object"].decode()
        assert rel["target_type"] == TARGET_TYPES[fields[b"type"]]
        tagger = fields.get(b"tagger")
        if tagger is None:
            assert rel["author"] is None and rel["date"] is None
        else:
            assert rel["author"]["fullname"] == text(tagger.rsplit(b" ", 2)[0])
            same_instant_and_zone(rel["date"], iso_date(tagger))
        return [rel["target"]]

    def walk(self, snapshot: str) -> set[str]:
        """Everything reachable from the snapshot, found through the client alone."""
        branches = self.client.get(snapshot)
        todo = [b["target"] for b in branches.values() if b["target_type"] != "alias"]
        check = {
            ObjectType.CONTENT: self.content,
            ObjectType.DIRECTORY: self.directory,
            ObjectType.REVISION: self.revision,
            ObjectType.RELEASE: self.release,
        }
        seen: set[str] = set()
        while todo:
            swhid = todo.pop()
            if str(swhid) not in seen:
                seen.add(str(swhid))
                todo += check[swhid.object_type](swhid)
        return seen


def snapshot_branches(repo: Archived) -> dict[str, dict[str, Any]]:
    """git's refs as snapshot branches: resolved targets, and HEAD as an alias."""
    out = repo.git("for-each-ref", "--format=%(objectname) %(objecttype) %(refname)")
    branches: dict[str, dict[str, Any]] = {}
    for line in filter(None, out.split(b"\n")):
        oid, kind, name = line.split(b" ", 2)
        swh = SWH_TYPES[kind]
        target = CoreSWHID.from_string(f"swh:1:{swh}:{oid.decode()}")
        branches[decode_with_escape(name)] = {"target": target, "target_type": TARGET_TYPES[kind]}
    head = repo.git("symbolic-ref", "HEAD").strip()
    branches["HEAD"] = {"target": head.decode(), "target_type": "alias"}
    return branches


@pytest.mark.parametrize("name", ["simple", "tricky"])
def test_every_object_is_reachable_and_matches_git(
    name: str, request: pytest.FixtureRequest, swh_client: WebAPIClient
) -> None:
    repo: Archived = request.getfixturevalue(name)
    branches = swh_client.get(repo.snapshot)
    assert {
        k: {"target": v["target"], "target_type": v["target_type"]} for k, v in branches.items()
    } == snapshot_branches(repo)
    assert Checker(repo, swh_client).walk(repo.snapshot) == reachable(repo)


def test_get_dispatches_on_the_swhid_type(tricky: Archived, swh_client: WebAPIClient) -> None:
    head = f"swh:1:rev:{tricky.ids['head']}"
    assert swh_client.get(head)["id"] == CoreSWHID.from_string(head)
    tag = f"swh:1:rel:{tricky.ids['tag_tree']}"
    assert swh_client.get(tag)["target"] == CoreSWHID.from_string(
        f"swh:1:dir:{tricky.ids['tree_root']}"
    )
    assert swh_client.revision_exists(head)
    assert swh_client.release_exists(tag)
    assert swh_client.snapshot_exists(tricky.snapshot)
    assert swh_client.directory_exists(f"swh:1:dir:{tricky.ids['tree_root']}")
    missing = "swh:1:rev:" + "0" * 40
    with pytest.raises(requests.HTTPError) as info:
        swh_client.get(missing)
    assert info.value.response is not None and info.value.response.status_code == 404


def test_non_utf8_names_and_messages(tricky: Archived, swh_client: WebAPIClient) -> None:
    entries = {e["name"]: e for e in swh_client.directory(f"swh:1:dir:{tricky.ids['tree_root']}")}
    latin1 = decode_with_escape(b"caf\xe9.txt")
    assert latin1 == "caf\\xe9.txt"
    assert entries[latin1]["decoding_failures"] == ["name"]
    assert "decoding_failures" not in entries["ünïcødé.txt"]
    assert entries["vendor"]["type"] == "rev" and entries["vendor"]["perms"] == 0o160000
    assert entries["link-to-run"]["perms"] == 0o120000
    rev = swh_client.revision(f"swh:1:rev:{tricky.ids['commit_latin1']}", typify=False)
    assert rev["message"] == decode_with_escape(b"Caf\xe9 cr\xe8me: premi\xe8re version\n")
    assert rev["decoding_failures"] == ["message"]
    assert rev["author"]["decoding_failures"] == ["fullname", "name"]
    assert rev["extra_headers"] == [["encoding", "ISO-8859-1"]]
    raw = requests.get(rev["message_url"], timeout=30)
    assert raw.content == b"Caf\xe9 cr\xe8me: premi\xe8re version\n"


def test_visits_and_origins(simple: Archived, swh_client: WebAPIClient) -> None:
    for _ in range(2):
        archive(simple.path, simple.ids)
    visits = list(swh_client.visits(simple.url, per_page=1))
    assert [v["visit"] for v in visits] == [3, 2, 1]
    assert {str(v["snapshot"]) for v in visits} == {simple.snapshot}
    assert [v["status"] for v in visits] == ["full"] * 3
    assert all(v["origin"] == simple.url for v in visits)
    last = swh_client.last_visit(simple.url)
    assert last["visit"] == 3 and str(last["snapshot"]) == simple.snapshot
    assert swh_client.origin_exists(simple.url)
    with pytest.raises(requests.HTTPError):
        swh_client.origin_exists(simple.url + "-missing")


def test_origin_search(simple: Archived, tricky: Archived, swh_client: WebAPIClient) -> None:
    found = list(swh_client.origin_search("git"))
    assert sorted(o["url"] for o in found) == sorted([simple.url, tricky.url])
    assert [o["url"] for o in swh_client.origin_search("TRICKY")] == [tricky.url]
    assert [o["url"] for o in swh_client.origin_search("tricky simple")] == []
    assert len(list(swh_client.origin_search("git", limit=1))) == 1
    assert all(o["visit_types"] == ["git"] for o in found)


def test_known(simple: Archived, swh_client: WebAPIClient) -> None:
    present = [*sorted(reachable(simple)), simple.snapshot]
    absent = [f"swh:1:{t}:{'ab' * 20}" for t in ("cnt", "dir", "rev", "rel", "snp")]
    # the id of a commit named as a directory is not a known directory
    wrong_type = f"swh:1:dir:{simple.ids['head']}"
    answer = swh_client.known(present + absent + [wrong_type])
    assert {str(k) for k, v in answer.items() if v["known"]} == set(present)
    assert len(answer) == len(present) + len(absent) + 1
