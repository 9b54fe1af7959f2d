"""The forked hashers: the same ids as the reference, errors carried back from children.

`directory_id` forks only in a process with no other thread, so each case runs
in a fresh interpreter (the test runner itself has threads).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.swhid.test_disk import TREES, Tree, materialise, swh_directory_id

PROBE = """
import os, sys, threading
from sankofa.swhid import disk
assert disk.FORK_HASHING and threading.active_count() == 1
denied = os.fsencode(sys.argv[3]) if len(sys.argv) > 3 else None
real_open = os.open
def guarded_open(path, *args, **kwargs):
    if path == denied:
        raise PermissionError(13, "Permission denied", path)
    return real_open(path, *args, **kwargs)
os.open = guarded_open
forked = []
real_spawn = disk._ForkHasher._spawn
def counting_spawn(self, share):
    forked.append(len(share))
    return real_spawn(self, share)
disk._ForkHasher._spawn = counting_spawn
try:
    print(disk.directory_id(os.fsencode(sys.argv[1]), workers=int(sys.argv[2])).hex(), len(forked))
except OSError as exc:
    print(type(exc).__name__, os.fsdecode(exc.filename), len(forked))
"""


def probe(root: Path, workers: int, denied: Path | None = None) -> list[str]:
    args = [sys.executable, "-c", PROBE, str(root), str(workers)]
    if denied is not None:
        args.append(str(denied))
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.split()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=TREES, workers=st.sampled_from([2, 3]))
def test_forked_hashing_matches_swh_from_disk(tree: Tree, workers: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / "root"
        root.mkdir()
        materialise(root, tree)
        found, children = probe(root, workers)
        assert bytes.fromhex(found) == swh_directory_id(os.fsencode(root))
        files = sum(
            1 for top, _, names in os.walk(root) for n in names
            if os.path.isfile(os.path.join(top, n)) and not os.path.islink(os.path.join(top, n))
        )  # fmt: skip
        assert int(children) == (workers - 1 if files else 0)


@pytest.mark.parametrize("position", [0, 1, 2])  # in this process's share, or a child's
def test_errors_in_any_process_name_the_path(tmp_path: Path, position: int) -> None:
    root = tmp_path / "root"
    root.mkdir()
    for i in range(30):
        (root / f"f{i:02}").write_bytes(b"%d" % i)
    # files are dealt out in turn in the order the walk finds them
    order = [e.name for e in os.scandir(root)]
    denied = root / order[position]
    kind, path, children = probe(root, 3, denied)
    assert (kind, path, children) == ("PermissionError", str(denied), "2")
