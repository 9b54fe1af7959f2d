"""`sankofa save`: rules, the list of requests, approving and rejecting."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sankofa.archive import save as services
from sankofa.archive.save_models import SaveRequest, SaveRule
from sankofa.cli import save
from sankofa.cli.errors import CommandError
from sankofa.core.actors import Actor
from sankofa.core.jobs.models import Job
from tests.conftest import run_cli

pytestmark = pytest.mark.django_db

USER = Actor(name="someone@example.org", user_id=7)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sankofa")
    save.add_parser(p.add_subparsers(dest="command", required=True))
    return p


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> list[list[str]]:
    """Run one command in this process (on the test database); its output lines, split."""
    args = parser().parse_args(["save", *argv])
    assert args.func(args) == 0
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def test_allow_deny_rules_and_unrule(capsys: pytest.CaptureFixture[str]) -> None:
    (allow,) = cli(capsys, "allow", "https://forge.example.org/")
    (deny,) = cli(capsys, "deny", "https://forge.example.org/spam/")
    assert allow[1:] == ["allow", "https://forge.example.org/"]
    assert cli(capsys, "rules") == [allow, deny]
    assert services.request_save(USER, "https://forge.example.org/spam/x").status == "rejected"
    cli(capsys, "unrule", allow[0])
    assert list(SaveRule.objects.values_list("kind", flat=True)) == ["deny"]


def test_bad_prefixes_and_unknown_ids_fail_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(CommandError, match="prefix: a prefix starts with"):
        cli(capsys, "allow", "/srv/git")
    with pytest.raises(CommandError, match="not found"):
        cli(capsys, "approve", "12345")
    with pytest.raises(SystemExit):  # argparse refuses a status it does not know
        parser().parse_args(["save", "list", "--status", "maybe"])


def test_list_approve_and_reject(capsys: pytest.CaptureFixture[str]) -> None:
    a = services.request_save(USER, "https://example.org/a.git")
    b = services.request_save(USER, "https://example.org/b.git")
    listed = cli(capsys, "list", "--status", "pending")
    assert [row[0] for row in listed] == [str(b.pk), str(a.pk)]
    assert listed[0][1:3] == ["pending", "not created"]
    (approved,) = cli(capsys, "approve", str(a.pk))
    assert approved[1:3] == ["accepted", "not yet scheduled"]
    assert Job.objects.filter(pk=SaveRequest.objects.get(pk=a.pk).job_id).exists()
    (rejected,) = cli(capsys, "reject", str(b.pk), "--reason", "not software")
    assert rejected[1] == "rejected" and rejected[-1] == "not software"
    assert cli(capsys, "list", "--status", "pending") == []
    with pytest.raises(CommandError, match="is rejected, not pending"):
        cli(capsys, "approve", str(b.pk))


@pytest.mark.django_db(transaction=True)
def test_the_sankofa_command_runs_save(node_home: Path) -> None:
    done = run_cli(node_home, "save", "allow", "https://forge.example.org/")
    assert done.returncode == 0, done.stderr
    listed = run_cli(node_home, "save", "rules")
    assert listed.stdout.split("\t")[1:] == ["allow", "https://forge.example.org/\n"]
    bad = run_cli(node_home, "save", "reject", "999")
    assert bad.returncode == 2
    assert bad.stderr == "sankofa: Save request with id 999 not found.\n"
