"""Page latency under load: directory and file pages of an archived repository.

Usage: python bench/pages.py REPO [--database sqlite|postgres] [--connections 50]
                                  [--duration 20] [--postgres-url URL]

Archives REPO into a fresh SANKOFA_HOME (SQLite, or a fresh PostgreSQL database),
starts the node with `sankofa serve` (gunicorn, 2 workers x 8 threads) on
127.0.0.1, then runs `wrk` (Debian package `wrk`) against each page with N
concurrent connections and reports p50, p99 and requests per second. The
reference, run in the same way in the same run, is a static file of similar size
served by the same server (WhiteNoise): the floor of the stack; the ratio of each
page's p99 to it says what rendering costs.

Each page is loaded again and again, so after its first view it comes from the
node's page cache (the usual case of a popular page). The last row, "every page
once", spreads the load over every directory and file of REPO's HEAD in turn
(a crawler's walk): nearly every request is a first view, rendered in full.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Result:
    label: str
    p50_ms: float
    p99_ms: float
    rps: float
    errors: int


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def git_dir(repo: Path) -> Path:
    return repo / ".git" if (repo / ".git").is_dir() else repo


def pick_pages(repo: Path) -> list[tuple[str, str]]:
    """(label, path) of the pages to load: root and largest directory, a median and a big file."""
    root = git(repo, "rev-parse", "HEAD^{tree}")
    dirs = git(repo, "ls-tree", "-r", "-d", "--name-only", "HEAD").splitlines()
    largest = max(dirs, key=lambda d: len(git(repo, "ls-tree", "HEAD", d + "/").splitlines()))
    width = len(git(repo, "ls-tree", "HEAD", largest + "/").splitlines())
    files = []
    for line in git(repo, "ls-tree", "-r", "-l", "HEAD").splitlines():
        meta, name = line.split("\t", 1)
        _mode, kind, oid, size = meta.split()
        if kind == "blob" and name.endswith(".py") and size != "-":
            files.append((int(size), oid, name))
    files.sort()
    median, big = files[len(files) // 2], files[int(len(files) * 0.99)]
    base = "/en/browse"
    return [
        ("directory, root", f"{base}/directory/{root}/"),
        (f"directory, {width} entries", f"{base}/directory/{root}/?path={largest}"),
        (
            f"file, {median[0]} B",
            f"{base}/content/sha1_git:{median[1]}/?root={root}&path={median[2]}",
        ),
        (f"file, {big[0]} B", f"{base}/content/sha1_git:{big[1]}/?root={root}&path={big[2]}"),
    ]


ROTATE = """
local urls, n = {}, 0
for line in io.lines(os.getenv("SANKOFA_BENCH_URLS")) do n = n + 1; urls[n] = line end
local threads, i = 0, 0
function setup(thread) thread:set("offset", threads * math.floor(n / 2)); threads = threads + 1 end
function init(args) i = offset end
function request() i = i + 1; return wrk.format("GET", urls[(i % n) + 1]) end
"""


def every_page(repo: Path) -> list[str]:
    """The page of every directory and file of HEAD, in tree order."""
    root = git(repo, "rev-parse", "HEAD^{tree}")
    pages = [f"/en/browse/directory/{root}/"]
    for line in git(repo, "ls-tree", "-r", "-t", "HEAD").splitlines():
        meta, name = line.split("\t", 1)
        _mode, kind, oid = meta.split()
        if kind == "tree":
            pages.append(f"/en/browse/directory/{root}/?path={name}")
        elif kind == "blob":
            pages.append(f"/en/browse/content/sha1_git:{oid}/?root={root}&path={name}")
    return pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the node did not answer {url}")


def wrk(
    url: str, label: str, connections: int, duration: int, script: Path | None = None
) -> Result:
    extra = ["-s", str(script)] if script else []
    out = subprocess.run(
        [
            "wrk",
            *extra,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-H",
            "Accept-Encoding: br",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pct = {
        m[0]: float(m[1]) * UNITS[m[2]] for m in re.findall(r"(\d+)%\s+([\d.]+)(us|ms|s)\b", out)
    }
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors += sum(int(g) for g in sock.groups()) if sock else 0
    return Result(label, pct["50"], pct["99"], rps, errors)


def walk(origin: str, pages: list[str], home: Path, args: argparse.Namespace) -> Result:
    (home / "urls.txt").write_text("".join(p + "\n" for p in pages))
    (home / "rotate.lua").write_text(ROTATE)
    os.environ["SANKOFA_BENCH_URLS"] = str(home / "urls.txt")
    label = f"every page once ({len(pages)} pages)"
    return wrk(origin + "/", label, args.connections, args.duration, home / "rotate.lua")


def prepare_database(kind: str, url: str) -> dict[str, str]:
    if kind == "sqlite":
        return {}
    import psycopg

    base, _, _name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS sankofa_bench_pages")
        conn.execute("CREATE DATABASE sankofa_bench_pages")
    return {"SANKOFA_DATABASE_URL": f"{base}/sankofa_bench_pages"}


def run(args: argparse.Namespace) -> list[Result]:
    repo = git_dir(Path(args.repo).resolve())
    home = Path(tempfile.mkdtemp(prefix="sankofa-bench-pages-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
    env |= {"SANKOFA_HOME": str(home)} | prepare_database(args.database, args.postgres_url)
    sankofa = [sys.executable, "-m", "sankofa"]
    subprocess.run([*sankofa, "archive", str(repo)], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [
            *sankofa,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        origin = f"http://127.0.0.1:{port}"
        wait_ready(origin + "/static/sankofa/base.css")
        pages = [("reference: static file", "/static/sankofa/base.css"), *pick_pages(repo)]
        results = []
        for label, path in pages:
            with urllib.request.urlopen(origin + path) as r:  # warm up; fails loudly on errors
                r.read()
            results.append(wrk(origin + path, label, args.connections, args.duration))
        if not args.no_walk:
            results.append(walk(origin, every_page(repo), home, args))
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(home, ignore_errors=True)


def report(results: list[Result], args: argparse.Namespace) -> None:
    floor = results[0].p99_ms
    print(
        f"\n{args.database}, {args.connections} connections, {args.duration} s per page, "
        f"{os.cpu_count()} cores, server {args.workers} processes x {args.threads} threads\n"
    )
    print("| page | p50 | p99 | requests/s | p99 ÷ static file p99 | errors |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r.label} | {r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms | {r.rps:.0f} | "
            f"{r.p99_ms / floor:.1f}x | {r.errors} |"
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("repo", metavar="REPO")
    p.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/test")
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--duration", type=int, default=20)
    p.add_argument("--no-walk", action="store_true", help="skip the every-page walk")
    p.add_argument("--workers", type=int, default=2, help="server processes (sankofa serve)")
    p.add_argument("--threads", type=int, default=8, help="threads per server process")
    args = p.parse_args(argv)
    if shutil.which("wrk") is None:
        print("bench/pages.py needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    results = run(args)
    report(results, args)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
