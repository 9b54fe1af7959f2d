"""Fixtures for archive tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.archive.repos import commit_files, git, new_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = new_repo(tmp_path / "src")
    commit_files(r, {"README": b"hello\n", "src/a.py": b"print(1)\n"}, "first")
    git(r, "tag", "-a", "v1", "-m", "first release")
    commit_files(r, {"src/b.py": b"print(2)\n"}, "second")
    return r
