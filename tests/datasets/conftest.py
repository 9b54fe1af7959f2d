"""Fixtures of the dataset tests: actors, a DataCite resource, files on disk, a real blob store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sankofa.core.actors import Actor
from sankofa.core.blobstore import LocalBlobStore, clear_blobstore_cache
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite.model import (
    Creator,
    Identifier,
    Publisher,
    ResourceType,
    Title,
)
from sankofa.core.formats.datacite.vocabulary import ResourceTypeGeneral

ADA = Actor(name="ada", user_id=1, roles=frozenset({"depositor"}))
BOB = Actor(name="bob", user_id=2, roles=frozenset({"depositor"}))
READER = Actor(name="rita", user_id=3, roles=frozenset({"reader"}))
CURATOR = Actor(name="carl", user_id=4, roles=frozenset({"curator"}))
ADMIN = Actor(name="alice", user_id=5, is_admin=True)
OPERATOR = Actor.operator("test")


def community_curator(scope: str, user_id: int = 6) -> Actor:
    return Actor(name="cora", user_id=user_id, scoped_roles=frozenset({("curator", scope)}))


def resource(title: str = "Rainfall in Accra, 1990-2020", year: int = 2026) -> Resource:
    return Resource(
        identifier=Identifier(value="10.5072/example"),
        creators=(Creator(name="Mensah, Ama", given_name="Ama", family_name="Mensah"),),
        titles=(Title(value=title),),
        publisher=Publisher(name="Sankofa test node"),
        publication_year=year,
        resource_type=ResourceType(general=ResourceTypeGeneral.DATASET, value="Time series"),
    )


@pytest.fixture
def blobs(node_home: Path) -> LocalBlobStore:
    """The node's real blob store under node_home (a fresh one for each test)."""
    clear_blobstore_cache()
    return LocalBlobStore(node_home / "blobs")


@pytest.fixture
def make_file(tmp_path: Path) -> Callable[[str, bytes], Path]:
    def make(name: str, content: bytes) -> Path:
        path = tmp_path / "upload" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        return path

    return make


def blob_count(store: LocalBlobStore) -> int:
    return sum(1 for _ in store.iter_digests())
