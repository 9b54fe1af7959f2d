"""The archive commands end to end, as a user runs them (a real process, a real database)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.archive.repos import git, swh_identify
from tests.conftest import cli_env, run_cli

pytestmark = pytest.mark.django_db(transaction=True)
SNP = re.compile(r"^swh:1:snp:[0-9a-f]{40}$")


def test_archive_show_vault_and_look_around(repo: Path, tmp_path: Path) -> None:
    home = tmp_path / "node"
    done = run_cli(home, "archive", str(repo))
    assert done.returncode == 0, done.stderr
    last = done.stdout.splitlines()[-1]
    assert SNP.match(last) and last == swh_identify("--type", "snapshot", str(repo))

    origins = run_cli(home, "origin", "list")
    assert origins.stdout.startswith(repo.resolve().as_uri() + "\t1 visits")
    visits = run_cli(home, "visit", "list", str(repo))
    assert visits.stdout.split("\t")[2:4] == ["full", last + "\n"]

    shown = run_cli(home, "show", last)
    assert f"child\tswh:1:rev:{git(repo, 'rev-parse', 'HEAD')}\trefs/heads/main" in shown.stdout
    blob = git(repo, "rev-parse", "HEAD:README")
    prov = run_cli(home, "show", f"swh:1:cnt:{blob}", "--provenance")
    assert f"origin\t{repo.resolve().as_uri()}" in prov.stdout.splitlines()

    tree = git(repo, "rev-parse", "HEAD^{tree}")
    out = tmp_path / "d.tar.gz"
    assert (
        run_cli(home, "vault", f"swh:1:dir:{tree}", "--format", "tar.gz", "-o", str(out)).returncode
        == 0
    )
    assert out.stat().st_size > 0
    bare = tmp_path / "b.git"
    assert run_cli(home, "vault", last, "--format", "git-bare", "-o", str(bare)).returncode == 0
    assert git(bare, "for-each-ref") == git(repo, "for-each-ref")

    fsck = run_cli(home, "fsck")
    assert fsck.returncode == 0 and fsck.stdout.startswith("ok:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "swh:1:cnt:123"], "object id must be 40 hexadecimal digits"),
        (["show", "swh:1:cnt:" + "0" * 40], "is not in the archive"),
        (["visit", "list", "https://nowhere.example/x"], "no origin"),
        (["archive", "/definitely/not/here"], "no such repository"),
        (["archive", "ext::sh -c id"], "unsupported scheme"),
        (
            ["vault", "swh:1:rev:" + "0" * 40, "-f", "tar.gz", "-o", "x"],
            "tar.gz gives back directories",
        ),
    ],
)
def test_errors_are_one_line_and_non_zero(tmp_path: Path, args: list[str], message: str) -> None:
    done = run_cli(tmp_path / "node", *args)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert done.stderr.startswith("sankofa: ")


def test_fsck_exits_non_zero_on_damage(repo: Path, tmp_path: Path) -> None:
    home = tmp_path / "node"
    assert run_cli(home, "archive", str(repo)).returncode == 0
    for pack in (home / "archive" / "objects" / "pack").glob("*.pack"):
        pack.chmod(0o644)
        data = bytearray(pack.read_bytes())
        for i in range(40, len(data) - 40, 7):
            data[i] ^= 0x55
        pack.write_bytes(bytes(data))
    done = run_cli(home, "fsck")
    assert done.returncode == 1
    assert "DAMAGED" in done.stdout


def test_origin_reindex_describes_every_origin_from_its_tree(tmp_path: Path) -> None:
    from sankofa.demo.citable import make_citable_repo

    home = tmp_path / "node"
    citable = tmp_path / "rainfall-tools.git"
    make_citable_repo(citable)
    assert run_cli(home, "archive", str(citable)).returncode == 0
    done = run_cli(home, "origin", "reindex")
    assert (done.returncode, done.stdout) == (0, "1 origins described\n"), done.stderr
    ask = (
        "from sankofa.cli.main import setup_django; setup_django(); "
        "from sankofa.archive import metadata; from sankofa.core.actors import Actor; "
        "print([m.origin_url for m in metadata.search(Actor(name='p'), 'hydrology')])"
    )
    found = subprocess.run(
        [sys.executable, "-c", ask], env=cli_env(home), capture_output=True, text=True
    )
    assert found.stdout == f"['{citable.resolve().as_uri()}']\n", found.stderr
