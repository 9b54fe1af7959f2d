"""`sankofa journals …` run in this process, on the test database (the subprocess runs of
`tests.conftest.run_cli` cover the real entry point)."""

from __future__ import annotations

import argparse

import pytest

from sankofa.cli import journals as journals_cli
from sankofa.cli.errors import CommandError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sankofa")
    journals_cli.add_parsers(p.add_subparsers(dest="command", required=True))
    return p


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """Run one command that must succeed; its output lines."""
    args = parser().parse_args(["journals", *argv])
    assert args.func(args) == 0
    return capsys.readouterr().out.splitlines()


def fails(*argv: str) -> str:
    """Run one command that must fail; the one line it says."""
    args = parser().parse_args(["journals", *argv])
    with pytest.raises(CommandError) as caught:
        args.func(args)
    return str(caught.value)
