"""Fixtures for the web API: archived crafted repositories, a live server, the SWH client."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sankofa.archive import services
from sankofa.archive.models import Visit
from sankofa.core.actors import Actor
from sankofa.demo.gitcraft import git_env, make_simple_repo, make_tricky_repo

OPERATOR = Actor.operator("test")


@dataclass(frozen=True)
class Archived:
    """A crafted repository and its visit: `ids` are gitcraft's names for its objects."""

    path: Path
    ids: dict[str, str]
    visit: Visit

    @property
    def url(self) -> str:
        return self.visit.origin.url

    @property
    def snapshot(self) -> str:
        assert self.visit.snapshot is not None
        return str(self.visit.snapshot)

    def git(self, *args: str | bytes, input: bytes | None = None) -> bytes:
        """git's own answer (the oracle for everything the API says)."""
        return subprocess.run(
            ["git", "-C", str(self.path), *args],
            input=input,
            capture_output=True,
            check=True,
            env=git_env(),
        ).stdout


def archive(path: Path, ids: dict[str, str]) -> Archived:
    return Archived(path, ids, services.archive_origin(OPERATOR, str(path)))


@pytest.fixture
def simple(node_home: Path, tmp_path: Path, transactional_db: None) -> Archived:
    path = tmp_path / "simple.git"
    return archive(path, make_simple_repo(path))


@pytest.fixture
def tricky(node_home: Path, tmp_path: Path, transactional_db: None) -> Archived:
    path = tmp_path / "tricky.git"
    return archive(path, make_tricky_repo(path))


@pytest.fixture
def api_url(live_server: object) -> str:
    return f"{live_server.url}/api/1/"  # type: ignore[attr-defined]


@pytest.fixture
def swh_client(api_url: str) -> Iterator[object]:
    """Software Heritage's own client (swh.web.client, GPL: tests only), unchanged."""
    from swh.web.client.client import WebAPIClient

    client = WebAPIClient(api_url=api_url)
    yield client
    client._session.close()
