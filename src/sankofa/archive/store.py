"""The node's object store, located by settings and read lazily."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from sankofa.archive.objectstore import GitObjectStore


def archive_root() -> Path:
    return Path(settings.SANKOFA_ARCHIVE_ROOT)


def tmp_root() -> Path:
    return archive_root().parent / "tmp"


@lru_cache(maxsize=4)
def _store(root: Path) -> GitObjectStore:
    store = GitObjectStore(root)
    store.init()
    return store


def object_store() -> GitObjectStore:
    return _store(archive_root())
