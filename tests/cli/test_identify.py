"""`sankofa identify`, compared with `swh identify` option by option.

Most comparisons run both commands in this process (ours through ``identify.main``,
swh's click command through click's test runner) for speed; a few run the real
programs, ``python -m sankofa.cli.identify`` and the ``swh`` script. Standard output
and exit status must be identical. Where `swh identify` crashes (non-UTF-8 arguments,
unreadable files, followed links to directories) the output is checked against what
the documentation promises.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from swh.model.cli import identify as swh_identify_command

from sankofa.cli import identify

SWH = Path(sys.executable).with_name("swh")
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="needs the git binary")

Arg = str | bytes


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes


def sankofa(
    *args: Arg, input: bytes | None = None, cwd: Path | None = None, module: str = "identify"
) -> subprocess.CompletedProcess[bytes]:
    """Run the real command in a new process: ``identify`` alone, or through ``main``."""
    if module == "identify":
        prefix = ["-m", "sankofa.cli.identify"]
    else:  # what the `sankofa` console script runs
        prefix = ["-c", f"import sys; from {module} import main; sys.exit(main())", "identify"]
    return subprocess.run(
        [sys.executable, *prefix, *args], input=input, capture_output=True, cwd=cwd, timeout=120
    )


def swh(
    *args: Arg, input: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the real ``swh identify`` in a new process."""
    return subprocess.run(
        [SWH, "identify", *args], input=input, capture_output=True, cwd=cwd, timeout=120
    )


def ours_here(args: Sequence[str], cwd: Path, input: bytes = b"") -> Result:
    """``identify.main(args)`` in this process, in ``cwd``, with ``input`` as stdin."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, write_through=True)
    stderr = io.TextIOWrapper(err, write_through=True)
    saved_stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(input))
    try:
        with (
            contextlib.chdir(cwd),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            try:
                status = identify.main(list(args))
            except SystemExit as exc:  # argparse usage errors
                status = int(exc.code or 0)
    finally:
        sys.stdin = saved_stdin
    return Result(status, out.getvalue(), err.getvalue())


def swh_here(args: Sequence[str], cwd: Path, input: bytes = b"") -> Result:
    """swh's ``identify`` click command in this process (what the ``swh`` script runs)."""
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(swh_identify_command, list(args), input=input)
    return Result(result.exit_code, result.stdout_bytes, result.stderr_bytes)


def assert_same(args: Sequence[str], cwd: Path, input: bytes = b"") -> bytes:
    ours, theirs = ours_here(args, cwd, input), swh_here(args, cwd, input)
    assert ours.stdout == theirs.stdout, (ours.stderr, theirs.stderr)
    assert ours.returncode == theirs.returncode, (ours.stderr, theirs.stderr)
    return ours.stdout


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A working directory holding a file, a tree with every kind of entry, links."""
    (tmp_path / "hello.txt").write_bytes(b"hello\n")
    d = tmp_path / "d"
    (d / "sub" / ".git").mkdir(parents=True)
    (d / "empty").mkdir()
    (d / "build").mkdir()
    (d / "a").write_bytes(b"a\n")
    (d / "run").write_bytes(b"#!/bin/sh\n")
    (d / "run").chmod(0o754)
    (d / "sub" / ".git" / "HEAD").write_bytes(b"ref: refs/heads/main\n")
    (d / "sub" / "keep").write_bytes(b"keep\n")
    (d / "build" / "out.o").write_bytes(b"\x7fELF")
    os.symlink("a", d / "link")
    os.symlink("/nowhere", d / "dangling")
    os.mkfifo(d / "fifo")
    os.symlink("hello.txt", tmp_path / "file-link")
    os.symlink("d", tmp_path / "dir-link")
    return tmp_path


def test_real_programs_agree(tree: Path) -> None:
    args = ["hello.txt", "d", "-", "-x", "*.git", "--no-dereference", "file-link"]
    ours, theirs = sankofa(*args, cwd=tree, input=b"in\n"), swh(*args, cwd=tree, input=b"in\n")
    assert ours.returncode == theirs.returncode == 0, ours.stderr
    assert ours.stdout == theirs.stdout
    assert ours.stdout.count(b"\n") == 4


def test_files_and_directories(tree: Path) -> None:
    out = assert_same(["hello.txt", "d", "d/", "./d/a", "d/sub"], tree)
    lines = out.decode().splitlines()
    assert lines[0] == "swh:1:cnt:ce013625030ba8dba906f756967f9e9ca394464a\thello.txt"
    assert [line.split("\t")[1] for line in lines] == ["hello.txt", "d", "d/", "./d/a", "d/sub"]


def test_options_between_objects(tree: Path) -> None:
    assert_same(["d", "-x", "*.git", "hello.txt", "--no-filename", "d/sub"], tree)
    via_main = sankofa("d", "-x", "*.git", "d/sub", cwd=tree, module="sankofa.cli.main")
    assert via_main.stdout == swh("d", "-x", "*.git", "d/sub", cwd=tree).stdout


def test_double_dash_ends_options(tree: Path) -> None:
    (tree / "-x").write_bytes(b"a file named like an option\n")
    assert_same(["-x", "*.git", "d", "--", "-x"], tree)
    assert_same(["--", "-x"], tree)


def test_absolute_paths(tree: Path) -> None:
    assert_same([str(tree / "d"), str(tree / "hello.txt")], tree)


def test_no_filename(tree: Path) -> None:
    out = assert_same(["--no-filename", "hello.txt", "d"], tree)
    assert all("\t" not in line for line in out.decode().splitlines())
    assert_same(["--filename", "hello.txt"], tree)


def test_stdin(tree: Path) -> None:
    out = assert_same(["-"], tree, input=b"hello\n")
    assert out == b"swh:1:cnt:ce013625030ba8dba906f756967f9e9ca394464a\t-\n"
    assert_same(["-"], tree, input=b"")
    # "-" is standard input whatever the type.
    assert_same(["--type", "directory", "-"], tree, input=b"\x00\xff" * 5000)


@pytest.mark.parametrize(
    "patterns",
    [["*.git"], [".git"], ["sub/.git"], ["*/.git"], ["build", "a"], ["*"], ["nothing"], ["*.o"]],
)
def test_exclude(tree: Path, patterns: list[str]) -> None:
    args = [arg for pattern in patterns for arg in ("-x", pattern)]
    assert_same([*args, "d"], tree)


def test_exclude_long_option(tree: Path) -> None:
    assert_same(["--exclude", "*.git", "--exclude", "build", "d"], tree)


def test_exclude_absolute_pattern(tree: Path) -> None:
    assert_same(["-x", str(tree / "d" / "build"), "d"], tree)


def test_exclude_does_not_apply_to_files(tree: Path) -> None:
    assert_same(["-x", "*", "hello.txt"], tree)


@pytest.mark.parametrize("dereference", ["--dereference", "--no-dereference"])
def test_symlink_arguments(tree: Path, dereference: str) -> None:
    assert_same([dereference, "file-link", "d/link"], tree)


@pytest.mark.parametrize("dereference", ["--dereference", "--no-dereference"])
def test_symlink_to_a_directory(tree: Path, dereference: str) -> None:
    """swh identify crashes on a followed link to a directory: it is that directory."""
    ours = ours_here([dereference, "dir-link"], tree)
    assert ours.returncode == 0
    expected = swh_here(["--no-filename", "d"], tree).stdout.rstrip(b"\n") + b"\tdir-link\n"
    assert ours.stdout == expected


def test_dangling_symlink_not_followed(tree: Path) -> None:
    assert_same(["--no-dereference", "--type", "content", "d/dangling"], tree)


@pytest.mark.parametrize(
    ("obj_type", "objects"),
    [
        ("content", ["hello.txt", "d/fifo", "d"]),  # not a regular file: the empty content
        ("directory", ["d", "d/sub"]),
        ("auto", ["d", "hello.txt"]),
    ],
)
def test_type(tree: Path, obj_type: str, objects: list[str]) -> None:
    assert_same(["--type", obj_type, *objects], tree)


def test_type_short_option(tree: Path) -> None:
    assert_same(["-t", "content", "d"], tree)


@needs_git
def test_type_snapshot(tree: Path) -> None:
    repo = tree / "repo"
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "C",
        "GIT_COMMITTER_EMAIL": "c@example.org",
    }
    for command in (
        ["init", "-q", str(repo)],
        ["-C", str(repo), "commit", "-q", "--allow-empty", "-m", "first"],
        ["-C", str(repo), "tag", "-a", "-m", "tag", "v1"],
        ["-C", str(repo), "branch", "other"],
        ["-C", str(repo), "symbolic-ref", "refs/remotes/origin/HEAD", "refs/heads/other"],
    ):
        subprocess.run(["git", *command], env=env, check=True, capture_output=True)
    out = assert_same(["--type", "snapshot", "repo"], tree)
    assert out.startswith(b"swh:1:snp:")
    not_repo = ours_here(["--type", "snapshot", "d"], tree)
    assert not_repo.returncode == 2
    assert not_repo.stderr.decode().strip() == "sankofa: d: not a git repository"


def test_verify(tree: Path) -> None:
    good = ours_here(["--no-filename", "d"], tree).stdout.decode().strip()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    for flag in ("--verify", "-v"):
        match = assert_same([flag, good, "d"], tree)
        assert match.decode() == f"SWHID match: {good}\n"
        mismatch = assert_same([flag, bad, "d"], tree)
        assert mismatch.decode() == f"SWHID mismatch: {bad} != {good}\n"
    assert ours_here(["-v", bad, "d"], tree).returncode == 1


def test_verify_usage_errors(tree: Path) -> None:
    good = ours_here(["--no-filename", "d"], tree).stdout.decode().strip()
    for args in (
        ["-v", good, "d", "d"],
        ["-v", "swh:1:dir:nothex", "d"],
        ["-v", good + ";x=1", "d"],
    ):
        ours = assert_same(args, tree)
        assert ours == b""
        result = ours_here(args, tree)
        assert result.returncode == 2 and result.stderr


def test_nonexistent_path(tree: Path) -> None:
    ours = sankofa("hello.txt", "missing", "d", cwd=tree)
    theirs = swh("hello.txt", "missing", "d", cwd=tree)  # real processes: real exit codes
    # Like swh identify: the arguments before the bad one are printed, then it stops.
    assert ours.stdout == theirs.stdout
    assert ours.returncode == theirs.returncode == 2
    assert ours.stderr.decode() == "sankofa: missing: No such file or directory\n"


@pytest.mark.parametrize("name", ["fifo", "dangling"])
def test_neither_file_nor_directory(tree: Path, name: str) -> None:
    path = f"d/{name}"
    ours, theirs = ours_here([path], tree), swh_here([path], tree)
    assert ours.returncode == theirs.returncode == 2
    assert ours.stdout == theirs.stdout == b""
    assert path in ours.stderr.decode() and len(ours.stderr.splitlines()) == 1


def test_socket_argument(tmp_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock"))
        assert_same(["--type", "content", "sock"], tmp_path)
        assert ours_here(["sock"], tmp_path).returncode == 2
    finally:
        server.close()


def test_directory_type_on_a_file(tree: Path) -> None:
    result = ours_here(["--type", "directory", "hello.txt"], tree)
    assert result.returncode == 2
    assert result.stderr.decode() == "sankofa: hello.txt: Not a directory\n"


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_read_error_names_the_file(tmp_path: Path) -> None:
    # /proc/self/mem is a regular file whose first bytes cannot be read (EIO).
    (tmp_path / "hello.txt").write_bytes(b"hello\n")
    result = sankofa("hello.txt", "/proc/self/mem", "other", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.count(b"\n") == 1
    assert result.stderr.decode() == "sankofa: /proc/self/mem: Input/output error\n"


SETPRIV = shutil.which("setpriv")


@pytest.mark.skipif(
    not (SETPRIV and hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="drops privileges with setpriv, which needs root",
)
def test_unreadable_file_in_a_tree() -> None:
    """Root reads everything: run the command as nobody on a tree with a private file."""
    import tempfile

    base = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        (base / "d").mkdir()
        (base / "d" / "secret").write_bytes(b"s")
        (base / "d" / "secret").chmod(0o600)
        for path in (base, base / "d"):
            path.chmod(0o755)
        command = [SETPRIV or "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        result = subprocess.run(
            [*command, sys.executable, "-m", "sankofa.cli.identify", str(base / "d")],
            capture_output=True,
            cwd="/",
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        if b"ModuleNotFoundError" in result.stderr or b"Permission denied: '" in result.stderr:
            pytest.skip("nobody cannot run this interpreter")
        assert result.returncode == 2
        assert result.stdout == b""
        assert result.stderr.decode() == f"sankofa: {base}/d/secret: Permission denied\n"
    finally:
        shutil.rmtree(base)


def test_non_utf8_names(tmp_path: Path) -> None:
    """swh identify crashes on such arguments; the name is written back byte for byte."""
    name = b"caf\xe9"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as file:
        file.write(b"hello\n")
    inside = tmp_path / "dir"
    inside.mkdir()
    with open(os.path.join(os.fsencode(inside), b"\xff\xfe"), "wb") as file:
        file.write(b"x")
    result = sankofa(name, "dir", cwd=tmp_path)
    assert result.returncode == 0
    first, second = result.stdout.split(b"\n")[:2]
    assert first == b"swh:1:cnt:ce013625030ba8dba906f756967f9e9ca394464a\t" + name
    # The directory (a UTF-8 argument holding a non-UTF-8 name) is what swh computes.
    assert second == swh_here(["dir"], tmp_path).stdout.rstrip(b"\n")


def test_through_the_sankofa_entry_point(tree: Path) -> None:
    """`sankofa identify` as dispatched by the command line's main module."""
    via_main = sankofa("-x", "*.git", "hello.txt", "d", cwd=tree, module="sankofa.cli.main")
    assert via_main.returncode == 0, via_main.stderr
    assert via_main.stdout == sankofa("-x", "*.git", "hello.txt", "d", cwd=tree).stdout


def test_does_not_import_django(tree: Path) -> None:
    code = (
        "import sys\n"
        "from sankofa.cli import identify\n"
        "status = identify.main(['d', 'hello.txt'])\n"
        "assert status == 0, status\n"
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tree)
    assert result.returncode == 0, result.stderr


def test_in_process_main(
    tree: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sankofa.cli import identify

    monkeypatch.chdir(tree)
    assert identify.main(["--no-filename", "hello.txt"]) == 0
    out = capsysbinary.readouterr().out
    assert out == b"swh:1:cnt:ce013625030ba8dba906f756967f9e9ca394464a\n"


def test_help_lists_every_option() -> None:
    result = sankofa("--help")
    assert result.returncode == 0
    for option in (
        "--dereference",
        "--no-dereference",
        "--filename",
        "--no-filename",
        "--type",
        "--exclude",
        "--verify",
    ):
        assert option in result.stdout.decode()
