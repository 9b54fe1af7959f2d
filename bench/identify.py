"""Benchmark `sankofa identify DIR` against `swh identify DIR` and a SHA-1 baseline.

Usage::

    python bench/identify.py DIR [--runs 10] [--exclude-git]

Commands measured, each as a separate process, from this one measuring process:

* ``sankofa identify DIR``;
* ``swh identify DIR`` (Software Heritage's reference implementation);
* baseline "SHA-1 every byte using every core"::

      find DIR -type f -print0 | xargs -0 -P<nproc> -n 200 sha1sum > /dev/null

* the same baseline with OpenSSL's SHA-1 (``openssl dgst -sha1``, which uses the
  CPU's SHA instructions when it has them; GNU ``sha1sum`` may not), if installed.

With ``--exclude-git`` the identify commands get ``-x .git`` and ``find`` prunes
``DIR/.git``: the work tree alone is measured.

Method: one warm-up run of every command (the page cache is then warm, and Python's
bytecode cache written, ``PYTHONDONTWRITEBYTECODE`` being ignored), then
``--runs`` rounds in which every command runs once, in turn, so that a change of the
machine's load affects all of them alike. Reported: median and minimum wall-clock
time of each command, and the ratios of medians. The two identify commands must
print the same SWHID, or the benchmark stops.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def commands(directory: str, exclude_git: bool) -> dict[str, list[str]]:
    exclude = ["-x", ".git"] if exclude_git else []
    prune = (
        f"-path {shlex.quote(directory.rstrip('/') + '/.git')} -prune -o " if exclude_git else ""
    )
    find = f"find {shlex.quote(directory)} {prune}-type f -print0 | xargs -0 -P{cpu_count()} -n 200"
    found = {
        "sankofa identify": [str(BIN / "sankofa"), "identify", *exclude, directory],
        "swh identify": [str(BIN / "swh"), "identify", *exclude, directory],
        "baseline: sha1sum": ["sh", "-c", f"{find} sha1sum > /dev/null"],
    }
    if shutil.which("openssl"):
        found["baseline: openssl sha1"] = ["sh", "-c", f"{find} openssl dgst -sha1 > /dev/null"]
    return found


# As in a normal installation, Python may cache the bytecode of the modules it imports
# (the warm-up run writes it), whatever this environment says.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(argv: list[str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=ENV, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} failed:\n{done.stderr.decode(errors='replace')}")
    return elapsed, done.stdout


def measure(cmds: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    outputs = {name: run_once(argv)[1] for name, argv in cmds.items()}  # warm-up
    if outputs["sankofa identify"] != outputs["swh identify"]:
        raise SystemExit(
            "the SWHIDs differ:\n"
            f"  sankofa: {outputs['sankofa identify'].decode()}"
            f"  swh:     {outputs['swh identify'].decode()}"
        )
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, argv in cmds.items():
            times[name].append(run_once(argv)[0])
    print(f"SWHID: {outputs['sankofa identify'].decode().strip()}")
    return times


def tree_size(directory: str, exclude_git: bool) -> tuple[int, int]:
    files = total = 0
    top_git = os.path.join(directory, ".git")
    for root, dirs, names in os.walk(directory):
        if exclude_git and os.path.normpath(root) == os.path.normpath(directory):
            dirs[:] = [d for d in dirs if os.path.join(root, d) != top_git]
        for name in names:
            path = os.path.join(root, name)
            if os.path.isfile(path) and not os.path.islink(path):
                files += 1
                total += os.path.getsize(path)
    return files, total


def report(times: dict[str, list[float]], args: argparse.Namespace, load: tuple[str, str]) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    ours, swh = medians["sankofa identify"], medians["swh identify"]
    files, total = tree_size(args.directory, args.exclude_git)
    print()
    print(
        f"Tree: `{args.directory}`{' without `.git`' if args.exclude_git else ''}, "
        f"{files} files, {total / 1e6:.1f} MB"
    )
    print()
    print("| command | median (s) | min (s) | median / sankofa |")
    print("|---|---:|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {medians[name]:.3f} | {min(values):.3f} | {medians[name] / ours:.2f} |")
    print()
    print(f"- sankofa identify is {swh / ours:.1f}x faster than swh identify (medians).")
    for name in medians:
        if name.startswith("baseline"):
            print(f"- sankofa identify takes {ours / medians[name]:.2f}x the time of {name}.")
    print(f"- Runs: {args.runs} per command, interleaved, after one warm-up run each.")
    print(
        f"- Machine: {cpu_count()} CPUs ({cpu_model()}), {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; "
        f"load average before / after: {load[0]} / {load[1]}."
    )
    argv = ["python", "bench/identify.py", args.directory, "--runs", str(args.runs)]
    print(f"- Reproduce: `{shlex.join(argv + (['--exclude-git'] if args.exclude_git else []))}`")


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--runs", type=int, default=10, help="measured runs per command")
    parser.add_argument("--exclude-git", action="store_true", help="leave the top .git out")
    args = parser.parse_args()
    before = load_average()
    times = measure(commands(args.directory, args.exclude_git), args.runs)
    report(times, args, (before, load_average()))


if __name__ == "__main__":
    main()
