"""`python -m sankofa.demo` (what `make demo` runs): the node's main job on the embedded default.

Makes four repositories under SANKOFA_HOME/demo-repos — an ordinary one, one
full of tricky content (non-UTF-8 names and messages, symlink loops,
submodules, signed commits, odd timezones, tags on every object type), a
clone of the first with one more commit (a fork) and a small research package
that says how to cite it (codemeta.json, CITATION.cff) — archives them and,
when run from a git checkout, Sankofa's own repository; serves the ordinary one
over git:// on 127.0.0.1 to archive it through the network protocol too, gives
the tricky snapshot back as a bare repository and checks it, re-hashes the
whole archive, then serves the node on http://127.0.0.1:8000 (``--no-serve``
stops after the checks).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sankofa.cli.main import setup_django

DEMO_GIT_PORT = 19418


def make_repositories(root: Path) -> dict[str, Path]:
    from sankofa.demo.gitcraft import make_simple_repo, make_tricky_repo, run_git

    root.mkdir(parents=True, exist_ok=True)
    from sankofa.demo.citable import make_citable_repo

    names = ("simple.git", "tricky.git", "fork", "rainfall-tools.git")
    repos = dict(
        zip(("simple", "tricky", "fork", "citable"), (root / n for n in names), strict=True)
    )
    if not repos["citable"].exists():
        make_citable_repo(repos["citable"])
    if not repos["simple"].exists():
        make_simple_repo(repos["simple"])
    if not repos["tricky"].exists():
        make_tricky_repo(repos["tricky"])
    if not repos["fork"].exists():
        run_git(root, "clone", "--quiet", str(repos["simple"]), str(repos["fork"]))
        (repos["fork"] / "FORK.md").write_text("This fork adds one file.\n")
        run_git(repos["fork"], "add", "FORK.md")
        run_git(repos["fork"], "commit", "--quiet", "-m", "Fork: add FORK.md")
    return repos


def archive(label: str, url: str) -> str:
    from sankofa.archive import services
    from sankofa.core.actors import Actor

    visit = services.archive_origin(Actor.operator("demo"), url)
    print(
        f"{label:8} {visit.status:5} visit {visit.number:<3} {visit.objects_stored:>5} new objects"
        f"  {visit.snapshot}  {url}"
    )
    return str(visit.snapshot)


def archive_over_git_protocol(repo: Path) -> None:
    """Serve `repo` with git daemon on a free 127.0.0.1 port and archive it from there."""
    import socket
    import time

    port = DEMO_GIT_PORT
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:  # taken: any free port will do
            with socket.socket() as free:
                free.bind(("127.0.0.1", 0))
                port = free.getsockname()[1]
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--listen=127.0.0.1",
            f"--port={port}",
            "--export-all",
            f"--base-path={repo.parent}",
            str(repo.parent),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        archive("git://", f"git://127.0.0.1:{port}/{repo.name}")
    finally:
        daemon.terminate()
        daemon.wait()


def vault_round_trip(snapshot: str, original: Path) -> None:
    from sankofa.archive import services
    from sankofa.core.actors import Actor
    from sankofa.swhid.identifiers import parse_swhid

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "given-back.git"
        services.give_back(Actor.operator("demo"), parse_swhid(snapshot).core, "git-bare", out)
        same = all(
            _git_out(out, *args) == _git_out(original, *args)
            for args in (["for-each-ref"], ["rev-list", "--objects", "--all"])
        )
        print(
            f"vault    git-bare of {snapshot}: refs and objects "
            f"{'identical to the origin' if same else 'DIFFER'}"
        )


def _git_out(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(repo), *args], capture_output=True).stdout


def own_checkout() -> Path | None:
    """The git work tree the demo runs from (Sankofa's own repository), if any."""
    found = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
    )
    return Path(found.stdout.strip()) if found.returncode == 0 else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m sankofa.demo", description=__doc__.split("\n")[0])
    p.add_argument("--no-serve", action="store_true", help="stop after archiving and checking")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("git") is None:
        print("sankofa demo: git is required (apt-get install git)", file=sys.stderr)
        return 2
    setup_django()
    from django.conf import settings

    from sankofa.archive import services
    from sankofa.core.actors import Actor

    home = Path(settings.HOME)
    print(f"Sankofa node at {home} (SQLite and blob store on local disk)\n")
    repos = make_repositories(home / "demo-repos")
    archive("simple", str(repos["simple"]))
    tricky = archive("tricky", str(repos["tricky"]))
    archive("fork", str(repos["fork"]))
    citable = archive("citable", str(repos["citable"]))
    if (checkout := own_checkout()) is not None:
        archive("sankofa", str(checkout))
    archive("again", str(repos["simple"]))
    archive_over_git_protocol(repos["simple"])
    vault_round_trip(tricky, repos["tricky"])
    from sankofa.demo.datasets import make_datasets

    for line in make_datasets(citable):
        print(line)
    from sankofa.demo.datasets import rainfall_ark
    from sankofa.demo.journals import make_journal

    for line in make_journal(rainfall_ark(), citable):
        print(line)
    report = services.check_archive(Actor.operator("demo"))
    print(f"fsck     {report.checked} objects re-hashed: {'ok' if report.ok else 'DAMAGED'}")
    print(
        "\nLook around: .venv/bin/sankofa origin list | visit list URL | show SWHID [--provenance]"
    )
    if not report.ok:
        return 1
    if args.no_serve:
        return 0
    return serve(args.host, args.port)


def serve(host: str, port: int) -> int:
    """Serve the node with the production server until interrupted."""
    from sankofa.web.server import ServeOptions
    from sankofa.web.server import serve as run_server

    shown = f"[{host}]" if ":" in host else host
    print(f"\nServing the node on http://{shown}:{port}/ (Ctrl-C stops it)", flush=True)
    run_server(ServeOptions(host=host, port=port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
