"""Run every benchmark on one repository.

Usage: python bench/run.py REPO [--runs N]

bench/archive.py runs on REPO itself; bench/identify.py, when present, runs on a
temporary checkout of REPO (`git clone --quiet REPO TMP`), removed afterwards.
Exits non-zero if any benchmark did.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def run_archive(repo: str, runs: int) -> int:
    argv = [sys.executable, str(BENCH_DIR / "archive.py"), repo, "--runs", str(runs)]
    return subprocess.run(argv).returncode


def run_identify(repo: str) -> int:
    script = BENCH_DIR / "identify.py"
    if not script.exists():
        print("bench/identify.py is not there; identify benchmark skipped", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="sankofa-bench-checkout-") as tmp:
        checkout = Path(tmp) / "checkout"
        subprocess.run(["git", "clone", "--quiet", repo, str(checkout)], check=True)
        return subprocess.run([sys.executable, str(script), str(checkout)]).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark on one repository.")
    parser.add_argument("repo", metavar="REPO", help="a local git repository")
    parser.add_argument("--runs", type=int, default=3, help="runs of the archive benchmark")
    args = parser.parse_args(argv)
    repo = str(Path(args.repo).resolve())
    statuses = [run_archive(repo, args.runs)]
    print(flush=True)
    statuses.append(run_identify(repo))
    return max(statuses)


if __name__ == "__main__":
    sys.exit(main())
