"""Archive benchmark: the `sankofa` node side by side with the reference git tools.

Usage: python bench/archive.py REPO [--runs N] [--sankofa PATH] [--tmpdir DIR]

REPO is a local git repository (bare or not).  Each run, in a fresh temporary directory:

1. `git index-pack --verify --threads=2` on each of REPO's packs (times summed), then
   `sankofa archive REPO` into a fresh SANKOFA_HOME;
2. the bytes under that SANKOFA_HOME, split into object-store packs, database, blobs, other,
   against the bytes of REPO's .pack files;
3. the peak resident set size of each command: the largest RSS of the process or any
   descendant it waited for, as reported by wait4(2) (the peak of one process, not a sum);
4. `git ls-remote REPO`, then `sankofa archive REPO` again on the same home (re-visit);
5. `git clone --mirror --quiet REPO` (a local clone hard-links the object files),
   `git clone --mirror --quiet --no-local REPO` (copies them through pack-objects), then
   `sankofa vault SNAPSHOT --format git-bare`; the vault output must have the same refs
   (names and ids) as REPO and pass `git fsck --connectivity-only`.

Reference and node commands alternate within each run, so both see the same machine load;
the page cache is warm (one untimed read of the packs first).  Medians of the runs are
printed as a Markdown table and written with every sample to bench/results/archive-*.json.
The node runs on its defaults: SQLite and a file blob store under SANKOFA_HOME.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
MB = 1_000_000
NODE_ENV_OVERRIDES = ("SANKOFA_DATABASE_URL", "SANKOFA_BLOBSTORE_URL", "SANKOFA_MAX_CONTENT_SIZE")


@dataclass(frozen=True)
class Measured:
    """One command: wall seconds, peak RSS in KiB, the last line it printed on stdout."""

    seconds: float
    max_rss_kib: int
    last_line: str


@dataclass(frozen=True)
class Run:
    """One run of every command, and what was found about the node's output."""

    snapshot: str
    stored: dict[str, int]
    problems: list[str]
    commands: dict[str, Measured]


@dataclass(frozen=True)
class Row:
    measure: str
    reference: str
    sankofa: str
    ratio: str
    target: str


def measure(argv: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run argv to completion; raise CalledProcessError if it fails."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise subprocess.CalledProcessError(proc.returncode, argv)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").splitlines() or [""]
        return Measured(seconds, usage.ru_maxrss, lines[-1])


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def pack_files(repo: str) -> list[Path]:
    pack_dir = git("-C", repo, "rev-parse", "--path-format=absolute", "--git-path", "objects/pack")
    packs = sorted(Path(pack_dir.strip()).glob("*.pack"))
    if not packs:
        raise SystemExit(f"{repo}: no packfile; run `git gc` on a copy first")
    return packs


def loose_object_count(repo: str) -> int:
    for line in git("-C", repo, "count-objects", "-v").splitlines():
        key, _, value = line.partition(":")
        if key == "count":
            return int(value)
    return 0


def warm_up(packs: list[Path]) -> None:
    """Read every pack once, untimed, so both sides start from a warm page cache."""
    for pack in packs:
        with pack.open("rb") as f:
            while f.read(1 << 20):
                pass


def node_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NODE_ENV_OVERRIDES}
    env["SANKOFA_HOME"] = str(home)
    return env


def index_packs(packs: list[Path]) -> Measured:
    """The reference for a first archive: index-pack on each pack, times summed."""
    runs = [measure(["git", "index-pack", "--verify", "--threads=2", str(p)]) for p in packs]
    return Measured(sum(m.seconds for m in runs), max(m.max_rss_kib for m in runs), "")


def part_of_node(parts: tuple[str, ...]) -> str:
    if parts[:3] == ("archive", "objects", "pack"):
        return "object_store_packs"
    if len(parts) == 1 and ".sqlite3" in parts[0]:
        return "database"
    return "blobs" if parts[0] == "blobs" else "other"


def storage_split(home: Path) -> dict[str, int]:
    """Apparent sizes of the files under home by part of the node, each inode counted once.

    A file hard-linked under two names is counted in the first part in path order
    (archive/ before blobs/); `hard_linked` says how many of the bytes have more than one name.
    """
    split = dict.fromkeys(("object_store_packs", "database", "blobs", "other", "hard_linked"), 0)
    seen: set[tuple[int, int]] = set()
    for path in sorted(home.rglob("*")):
        info = path.lstat()
        if not path.is_file() or path.is_symlink() or (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        split[part_of_node(path.relative_to(home).parts)] += info.st_size
        split["hard_linked"] += info.st_size if info.st_nlink > 1 else 0
    split["total"] = sum(v for k, v in split.items() if k != "hard_linked")
    return split


def ref_lines(repo: Path | str) -> set[str]:
    refs = git("-C", str(repo), "for-each-ref", "--format=%(objectname) %(refname)")
    return set(refs.splitlines())


def verify_vault(out: Path, repo: str) -> list[str]:
    """What is wrong with the vault's git-bare output; empty when it is right."""
    problems = []
    want, got = ref_lines(repo), ref_lines(out)
    if want != got:
        problems.append(
            f"for-each-ref differs: {len(want - got)} missing or wrong, "
            f"{len(got - want)} unexpected, e.g. {sorted(want ^ got)[:3]}"
        )
    fsck = subprocess.run(
        ["git", "-C", str(out), "fsck", "--connectivity-only", "--no-progress"],
        capture_output=True,
        text=True,
    )
    if fsck.returncode != 0:
        problems.append(f"git fsck --connectivity-only failed: {fsck.stderr.strip()[-300:]}")
    return problems


def one_run(repo: str, packs: list[Path], sankofa: str, tmpdir: str | None) -> Run:
    """One run of every measure, reference and node alternately, in a fresh directory."""
    work = Path(tempfile.mkdtemp(prefix="sankofa-bench-", dir=tmpdir))
    try:
        env = node_env(work / "home")
        cmd: dict[str, Measured] = {}
        cmd["index_pack"] = index_packs(packs)
        cmd["archive"] = measure([sankofa, "archive", repo], env)
        snapshot = cmd["archive"].last_line
        stored = storage_split(work / "home")
        cmd["ls_remote"] = measure(["git", "ls-remote", repo])
        cmd["revisit"] = measure([sankofa, "archive", repo], env)
        cmd["clone_mirror"] = measure(
            ["git", "clone", "--mirror", "--quiet", repo, str(work / "mirror.git")]
        )
        cmd["clone_mirror_no_local"] = measure(
            ["git", "clone", "--mirror", "--quiet", "--no-local", repo, str(work / "copy.git")]
        )
        cmd["vault"] = measure(
            [sankofa, "vault", snapshot, "--format", "git-bare", "-o", str(work / "vault.git")], env
        )
        problems = verify_vault(work / "vault.git", repo)
        if cmd["revisit"].last_line != snapshot:
            problems.append("the re-visit gave a different snapshot")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Run(snapshot, stored, problems, cmd)


def ratio_row(name: str, ref: float, ours: float, unit: str, target: str, met: bool) -> Row:
    return Row(
        name,
        f"{ref:.2f} {unit}",
        f"{ours:.2f} {unit}",
        f"{ours / ref:.2f}x",
        f"{target} — {'met' if met else 'MISSED'}",
    )


def table_rows(runs: list[Run], pack_bytes: int) -> list[Row]:
    def secs(c: str) -> float:
        return statistics.median(r.commands[c].seconds for r in runs)

    def rss(c: str) -> float:
        return statistics.median(r.commands[c].max_rss_kib for r in runs) * 1024 / MB

    stored = statistics.median(r.stored["total"] for r in runs)
    return [
        ratio_row(
            "first archive, wall (index-pack --verify)",
            secs("index_pack"),
            secs("archive"),
            "s",
            "≤ 2x",
            secs("archive") / secs("index_pack") <= 2,
        ),
        ratio_row(
            "bytes stored ÷ repository pack bytes",
            pack_bytes / MB,
            stored / MB,
            "MB",
            "≤ 1.3",
            stored / pack_bytes <= 1.3,
        ),
        ratio_row(
            "peak RSS, first archive",
            rss("index_pack"),
            rss("archive"),
            "MB",
            "< 500 MB",
            rss("archive") < 500,
        ),
        ratio_row(
            "re-visit unchanged origin, wall (ls-remote)",
            secs("ls_remote"),
            secs("revisit"),
            "s",
            "< 1 s",
            secs("revisit") < 1,
        ),
        ratio_row(
            "vault git-bare, wall (clone --mirror, local)",
            secs("clone_mirror"),
            secs("vault"),
            "s",
            "≤ 2x",
            secs("vault") / secs("clone_mirror") <= 2,
        ),
        ratio_row(
            "vault git-bare, wall (clone --mirror --no-local)",
            secs("clone_mirror_no_local"),
            secs("vault"),
            "s",
            "≤ 2x",
            secs("vault") / secs("clone_mirror_no_local") <= 2,
        ),
        ratio_row(
            "peak RSS, vault (clone --mirror --no-local)",
            rss("clone_mirror_no_local"),
            rss("vault"),
            "MB",
            "< 500 MB",
            rss("vault") < 500,
        ),
    ]


def proc_field(path: str, key: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.startswith(key):
            return line.partition(":")[2].strip()
    return "unknown"


def machine() -> dict[str, str]:
    mem_kib = int(proc_field("/proc/meminfo", "MemTotal").split()[0])
    revision = subprocess.run(
        ["git", "-C", str(BENCH_DIR), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": proc_field("/proc/cpuinfo", "model name"),
        "ram": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "git": git("--version").strip(),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "sankofa revision": revision or "unknown",
    }


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def markdown(rows: list[Row], facts: dict[str, object], notes: list[str]) -> str:
    lines = ["| measure | reference | sankofa | ratio | target |", "|---|---|---|---|---|"]
    lines += [
        f"| {r.measure} | {r.reference} | {r.sankofa} | {r.ratio} | {r.target} |" for r in rows
    ]
    lines.append("")
    lines += [f"- {key.replace('_', ' ')}: {value}" for key, value in facts.items()]
    lines += [f"- note: {note}" for note in notes]
    return "\n".join(lines)


def default_sankofa() -> str:
    beside = Path(sys.executable).parent / "sankofa"
    return str(beside) if beside.exists() else shutil.which("sankofa") or "sankofa"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", metavar="REPO", help="a local git repository")
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--sankofa", default=default_sankofa(), help="the sankofa command")
    parser.add_argument("--tmpdir", default=None, help="where the temporary homes go")
    return parser.parse_args(argv)


def notes(packs: list[Path], repo: str) -> list[str]:
    found = [
        f"{len(packs)} pack(s); index-pack times are summed over them, RSS is the largest",
        "ratios are ratios of medians; RSS is the peak of one process (wait4), not a sum",
        "a local clone --mirror hard-links the object files; --no-local copies them",
    ]
    if loose := loose_object_count(repo):
        found.append(f"REPO has {loose} loose objects, not counted in its pack bytes")
    return found


def summary(repo: str, runs: list[Run], load_start: str, problems: list[str]) -> dict[str, object]:
    split = {k: int(statistics.median(r.stored[k] for r in runs)) for k in runs[0].stored}
    return {
        "repository": repo,
        "command": shlex.join([sys.executable, *sys.argv]),
        "runs": len(runs),
        "load_average_start": load_start,
        "load_average_end": load_average(),
        "stored_median": ", ".join(f"{k} {v / MB:.2f} MB" for k, v in split.items()),
        "vault_check": "; ".join(problems) or "refs equal to REPO's, fsck --connectivity-only ok",
    } | machine()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    repo = str(Path(args.repo).resolve())
    packs = pack_files(repo)
    pack_bytes = sum(p.stat().st_size for p in packs)
    load_start = load_average()
    warm_up(packs)
    runs = []
    for i in range(args.runs):
        runs.append(one_run(repo, packs, args.sankofa, args.tmpdir))
        times = ", ".join(f"{k} {m.seconds:.2f} s" for k, m in runs[-1].commands.items())
        print(f"run {i + 1}/{args.runs}: {times}", file=sys.stderr)
    problems = sorted({p for r in runs for p in r.problems})
    facts = summary(repo, runs, load_start, problems)
    rows, remarks = table_rows(runs, pack_bytes), notes(packs, repo)
    print(markdown(rows, facts, remarks))
    report = facts | {
        "pack_bytes": pack_bytes,
        "notes": remarks,
        "table": [asdict(r) for r in rows],
        "samples": [asdict(r) for r in runs],
    }
    results = BENCH_DIR / "results"
    results.mkdir(exist_ok=True)
    path = results / f"archive-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten to {path}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
