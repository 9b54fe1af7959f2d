"""Journals: article pages under load, and what each article page weighs.

Usage: python bench/journal_pages.py [--database sqlite|postgres] [--connections 50]
                                     [--duration 20] [--postgres-url URL] [--shared ../shared]

Makes a fresh node (SQLite under a fresh SANKOFA_HOME, or a fresh PostgreSQL database),
creates a journal with `sankofa journals create` and imports every JATS sample of
SHARED/data/jats with `sankofa journals import-jats --publish`, then starts `sankofa serve`
(2 processes x 8 threads) on 127.0.0.1.

Page weight: each article page is fetched with ``Accept-Encoding: gzip`` and with
``br``; its weight is the bytes transferred for the HTML plus the stylesheets it links
(fetched compressed the same way); images are lazy-loaded and not counted, as a reader
on a slow link gets the text first.

Latency: `wrk` (Debian package) with N connections against the reference (a static file
of the same server, WhiteNoise: the floor of the stack), the journal's home page, the
article page of the median-sized sample, the largest one, and a walk that requests all
the articles in turn. Article pages count each view, so every request runs the view (the
rendered JATS body comes from the node's render cache after the first view).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from pages import ROTATE, Result, free_port, prepare_database, wait_ready, wrk

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench"


def fetch(url: str, encoding: str) -> tuple[int, bytes]:
    """(bytes transferred, body decoded) of one GET asking for `encoding`."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request) as r:
        raw = r.read()
        used = r.headers.get("Content-Encoding", "")
    if used == "gzip":
        return len(raw), gzip.decompress(raw)
    if used == "br":
        import brotli

        return len(raw), brotli.decompress(raw)
    return len(raw), raw


def page_weight(origin: str, path: str, encoding: str) -> int:
    """Bytes of the page at `path` and of the stylesheets it links, with `encoding`."""
    size, body = fetch(origin + path, encoding)
    for href in re.findall(rb'<link rel="stylesheet" href="([^"]+)"', body):
        size += fetch(origin + href.decode(), encoding)[0]
    return size


def make_node(env: dict[str, str], shared: Path) -> list[tuple[str, int, str]]:
    """Create the journal and import the samples; (sample, bytes, article path) of each."""
    sankofa = [sys.executable, "-m", "sankofa", "journals"]
    subprocess.run(
        [*sankofa, "create", SLUG, "--title", "Benchmark journal", "--issn-online", "1234-5679"],
        env=env,
        check=True,
        capture_output=True,
    )
    imported = []
    for sample in sorted((shared / "data" / "jats").glob("*.xml")):
        done = subprocess.run(
            [*sankofa, "import-jats", str(sample), "--journal", SLUG, "--publish"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        url = done.stdout.strip().splitlines()[-1]
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        imported.append((sample.name, sample.stat().st_size, path))
    return imported


def weights(origin: str, articles: list[tuple[str, int, str]]) -> list[tuple[str, int, int]]:
    return [
        (name, page_weight(origin, path, "gzip"), page_weight(origin, path, "br"))
        for name, _size, path in articles
    ]


def latency(
    origin: str, articles: list[tuple[str, int, str]], home: Path, args: argparse.Namespace
) -> list[Result]:
    by_size = sorted(articles, key=lambda a: a[1])
    median, largest = by_size[len(by_size) // 2], by_size[-1]
    pages = [
        ("reference: static file", "/static/sankofa/base.css"),
        ("journal home page", f"/en/journals/{SLUG}/"),
        (f"article page, median sample ({median[0]})", median[2]),
        (f"article page, largest sample ({largest[0]})", largest[2]),
    ]
    results = []
    for label, path in pages:
        with urllib.request.urlopen(origin + path) as r:  # warm up; fails loudly on errors
            r.read()
        results.append(wrk(origin + path, label, args.connections, args.duration))
    (home / "urls.txt").write_text("".join(a[2] + "\n" for a in articles))
    (home / "rotate.lua").write_text(ROTATE)
    os.environ["SANKOFA_BENCH_URLS"] = str(home / "urls.txt")
    label = f"every article in turn ({len(articles)} pages)"
    results.append(wrk(origin + "/", label, args.connections, args.duration, home / "rotate.lua"))
    return results


def run(args: argparse.Namespace) -> tuple[list[tuple[str, int, int]], list[Result]]:
    home = Path(tempfile.mkdtemp(prefix="sankofa-bench-journal-pages-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
    env |= {"SANKOFA_HOME": str(home)} | prepare_database(args.database, args.postgres_url)
    articles = make_node(env, Path(args.shared))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sankofa", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        origin = f"http://127.0.0.1:{port}"
        wait_ready(origin + "/static/sankofa/base.css")
        return weights(origin, articles), latency(origin, articles, home, args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(home, ignore_errors=True)


def report(
    sizes: list[tuple[str, int, int]], results: list[Result], args: argparse.Namespace
) -> None:
    print(f"\n{args.database}, {len(sizes)} articles, {os.cpu_count()} cores\n")
    print("| article | gzip | brotli |")
    print("|---|---|---|")
    for name, gz, br in sorted(sizes, key=lambda s: s[1]):
        print(f"| {name} | {gz / 1024:.1f} KiB | {br / 1024:.1f} KiB |")
    gz_all = [s[1] for s in sizes]
    br_all = [s[2] for s in sizes]
    over = sum(1 for g in gz_all if g > 50 * 1024)
    print(
        f"| median | {statistics.median(gz_all) / 1024:.1f} KiB | "
        f"{statistics.median(br_all) / 1024:.1f} KiB |\n\n{over} of {len(sizes)} over 50 KiB (gzip)"
    )
    floor = results[0].p99_ms
    print(f"\n{args.connections} connections, {args.duration} s per page\n")
    print("| page | p50 | p99 | requests/s | p99 ÷ static file p99 | errors |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r.label} | {r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms | {r.rps:.0f} | "
            f"{r.p99_ms / floor:.1f}x | {r.errors} |"
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/test")
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--duration", type=int, default=20)
    p.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = p.parse_args(argv)
    if shutil.which("wrk") is None:
        print("bench/journal_pages.py needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    sizes, results = run(args)
    report(sizes, results, args)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
