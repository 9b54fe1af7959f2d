"""`known` benchmark: SWHIDs checked per second by the node's /api/1/known/, for one batch.

Usage: python bench/known.py HOME [--batch N] [--runs N]

HOME is a SANKOFA_HOME that already holds an archive (for example one made by
bench/archive.py, or `SANKOFA_HOME=HOME sankofa archive REPO`). The node is
started with `sankofa serve` on a free 127.0.0.1 port; a batch of N SWHIDs
(default 10,000: half archived contents, directories, revisions and releases
taken from the object store, half unknown ids) is POSTed to /api/1/known/.
Reference, in the same run: `git cat-file --batch-check` of the same ids
against the object store (the raw lookup, no HTTP, no JSON).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

TYPES = {b"blob": "cnt", b"tree": "dir", b"commit": "rev", b"tag": "rel"}


def archived_ids(home: Path, count: int) -> list[str]:
    """`count` SWHIDs of objects in the store, spread over its index."""
    out = subprocess.run(
        ["git", "--git-dir", str(home / "archive"), "cat-file", "--batch-all-objects",
         "--batch-check=%(objecttype) %(objectname)", "--unordered"],
        capture_output=True, check=True,
    ).stdout.split(b"\n")  # fmt: skip
    lines = [ln for ln in out if ln]
    picked = random.Random(7).sample(lines, min(count, len(lines)))
    return [f"swh:1:{TYPES[k]}:{h.decode()}" for k, h in (ln.split() for ln in picked)]


def batch(home: Path, size: int) -> list[str]:
    known = archived_ids(home, size // 2)
    rng = random.Random(11)
    unknown = [f"swh:1:cnt:{rng.getrandbits(160):040x}" for _ in range(size - len(known))]
    return known + unknown


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SANKOFA_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sankofa", "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the node did not start")


def post_known(port: int, swhids: list[str]) -> tuple[float, dict[str, dict[str, bool]]]:
    body = json.dumps(swhids).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request("POST", "/api/1/known/", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"known/ answered {response.status}: {data[:200]!r}")
    return elapsed, json.loads(data)


def batch_check(home: Path, swhids: list[str]) -> float:
    ids = "".join(s[10:] + "\n" for s in swhids).encode()
    start = time.perf_counter()
    subprocess.run(
        ["git", "--git-dir", str(home / "archive"), "cat-file", "--batch-check"],
        input=ids, capture_output=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    swhids = batch(args.home, args.batch)
    port = free_port()
    node = serve(args.home, port)
    try:
        post_known(port, swhids[:10])  # warm up
        ours, ref, answers = [], [], {}
        for _ in range(args.runs):
            ref.append(batch_check(args.home, swhids))
            elapsed, answers = post_known(port, swhids)
            ours.append(elapsed)
    finally:
        node.send_signal(signal.SIGTERM)
        node.wait(timeout=30)
    found = sum(1 for v in answers.values() if v["known"])
    assert found == len(swhids) // 2, f"{found} known, expected {len(swhids) // 2}"
    o, r = statistics.median(ours), statistics.median(ref)
    print("| measure | reference (git cat-file --batch-check) | sankofa /api/1/known/ | ratio |")
    print("|---|---:|---:|---:|")
    label = f"{len(swhids):,} SWHIDs, wall (median of {args.runs})"
    print(f"| {label} | {r:.3f} s | {o:.3f} s | {o / r:.2f}x |")
    print(f"| SWHIDs per second | {len(swhids) / r:,.0f} | {len(swhids) / o:,.0f} | |")
    print(
        f"\n{found:,} of {len(swhids):,} known, as expected; "
        f"command: python bench/known.py {args.home} --batch {args.batch} --runs {args.runs}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
