"""Hostile repositories are archived faithfully or refused with a clear error; never half-stored.

Each kind comes from `hostile.make_hostile_repo`, whose table records what real
git does with it. Archiving goes through both roads a visit can take: a local
path (packs copied and re-indexed) and the git protocol (fetch negotiation).
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from sankofa.archive import loader, services, vault
from sankofa.archive.models import SkippedContent, Visit
from sankofa.archive.store import object_store, tmp_root
from sankofa.core.actors import Actor
from sankofa.demo.hostile import HOSTILE_FACTS, HOSTILE_KINDS, make_hostile_repo
from sankofa.swhid.identifiers import CoreSWHID, ObjectType
from tests.archive.repos import git, swh_identify
from tests.gitservers import GitDaemon

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator("test")
UNSAFE_FOR_TAR = {
    "dotdot_name",
    "dotgit_name",
    "slash_in_name",
    "absolute_name",
    "duplicate_entries",
}
SIZES = {"size": 3 << 20, "depth": 2000, "width": 20_000}


@pytest.fixture(params=["path", "git"])
def road(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    if request.param == "path":
        yield lambda repo: str(repo)
        return
    with GitDaemon(tmp_path) as daemon:
        yield lambda repo: daemon.url(repo.relative_to(tmp_path).as_posix())


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_hostile_repository(node_home: Path, tmp_path: Path, kind: str, road: object) -> None:
    made = make_hostile_repo(tmp_path / f"{kind}.git", kind, **SIZES)
    url = road(tmp_path / f"{kind}.git")  # type: ignore[operator]
    if HOSTILE_FACTS[kind].expect == "reject":
        with pytest.raises(loader.LoaderError) as caught:
            services.archive_origin(OPERATOR, url)
        assert "\n" not in str(caught.value) and url.split("/")[-1] in str(caught.value)
        visit = Visit.objects.get()
        assert visit.status == Visit.Status.FAILED and visit.snapshot is None
        assert list(object_store().pack_dir.glob("*.idx")) == []
        assert list(tmp_root().glob("visit-*")) == []
        return
    visit = services.archive_origin(OPERATOR, url)
    assert str(visit.snapshot) == swh_identify("--type", "snapshot", str(tmp_path / f"{kind}.git"))
    head = bytes.fromhex(made["head"])
    assert object_store().missing([head]) == set()
    out = tmp_path / "back.git"
    snp = CoreSWHID(ObjectType.SNAPSHOT, bytes(visit.snapshot.sha1_git))
    services.give_back(OPERATOR, snp, "git-bare", out)
    assert git(out, "rev-list", "--objects", "--all") == git(
        tmp_path / f"{kind}.git", "rev-list", "--objects", "--all"
    )
    tree = CoreSWHID(ObjectType.DIRECTORY, bytes.fromhex(git(out, "rev-parse", "HEAD^{tree}")))
    if kind in UNSAFE_FOR_TAR:
        with pytest.raises(vault.VaultError, match="git-bare"):
            services.give_back(OPERATOR, tree, "tar.gz", tmp_path / "t.tar.gz")
        assert not (tmp_path / "t.tar.gz").exists()
    else:
        services.give_back(OPERATOR, tree, "tar.gz", tmp_path / "t.tar.gz")
    assert services.check_archive(OPERATOR).ok


def test_enormous_blob_is_skipped_in_constant_memory(
    node_home: Path, tmp_path: Path, settings: object
) -> None:
    settings.SANKOFA_MAX_CONTENT_SIZE = 8 << 20  # type: ignore[attr-defined]
    made = make_hostile_repo(tmp_path / "big.git", "enormous_blob", size=96 << 20)
    tracemalloc.start()
    visit = services.archive_origin(OPERATOR, str(tmp_path / "big.git"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 24 << 20
    skipped = SkippedContent.objects.get()
    assert skipped.length == 96 << 20
    assert bytes(skipped.sha1_git).hex() == git(
        tmp_path / "big.git", "rev-parse", f"{made['head']}:enormous.bin"
    )
    assert object_store().missing([bytes(skipped.sha1_git)]) == {bytes(skipped.sha1_git)}
    assert visit.status == Visit.Status.FULL
    assert services.check_archive(OPERATOR).ok
