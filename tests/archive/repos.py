"""Small real git repositories built with the git binary, and the reference `swh identify`."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path

from sankofa.demo.gitcraft import git_env

SWH = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "swh"


def git(repo: Path, *args: str, input: bytes | None = None) -> str:
    out = subprocess.run(
        ["git", "-C", str(repo), *args],
        input=input,
        capture_output=True,
        check=True,
        env=git_env(),
    )
    return out.stdout.decode().strip()


def commit_files(repo: Path, files: Mapping[str, bytes], message: str = "change") -> str:
    for name, data in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def new_repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=git_env())
    return path


def swh_identify(*args: str) -> str:
    """The reference implementation's answer (`swh identify`, test-only dependency)."""
    out = subprocess.run([str(SWH), "identify", *args], capture_output=True, text=True, check=True)
    return out.stdout.split("\t")[0].strip()
