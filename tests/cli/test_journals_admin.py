"""`sankofa journals create|list|role|issue`: the operator's journal commands, in this
process on the test database and as the real `sankofa` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from sankofa.accounts.models import RoleAssignment, User
from sankofa.journals.journals import get_journal, people_with_role
from sankofa.journals.models import Issue, Journal
from tests.cli.journals_inprocess import cli, fails
from tests.conftest import run_cli

pytestmark = pytest.mark.django_db


def test_create_prints_the_page_address_last(
    capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    settings.SANKOFA_BASE_URL = "https://node.example.org"  # type: ignore[attr-defined]
    lines = cli(
        capsys,
        "create",
        "afro-ling",
        "--title",
        "Linguistique africaine",
        "--language",
        "fr",
        "--language",
        "en",
        "--issn-online",
        "2049-3630",
        "--review-model",
        "open",
        "--publisher",
        "Sankofa Press",
        "--licence",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    )
    assert lines[-1] == "https://node.example.org/fr/journals/afro-ling/"
    journal = get_journal("afro-ling")
    assert journal.title == {"fr": "Linguistique africaine"}
    assert journal.languages == ["fr", "en"] and journal.issn_online == "2049-3630"
    assert journal.review_model == "open" and journal.licence_url.endswith("by-nc-sa/4.0/")
    # a language the node's pages do not speak: the page is in the node's default one
    lines = cli(capsys, "create", "zulu", "--title", "Ijenali", "--language", "zu")
    assert lines[-1] == "https://node.example.org/en/journals/zulu/"
    listed = cli(capsys, "list")
    assert [row.split("\t")[0] for row in listed] == ["afro-ling", "zulu"]
    assert listed[0].split("\t")[1:] == [
        "Linguistique africaine",
        "2049-3630",
        "https://node.example.org/fr/journals/afro-ling/",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "--title", "T"], "SLUG: "),
        (["ok", "--title", "T", "--issn-print", "1234-5678"], "--issn-print: ISSN 1234-5678"),
        (["ok", "--title", "T", "--language", "!!"], "--language: "),
        (["ok", "--title", "T", "--licence", "https://example.org/"], "--licence: "),
        (["ok", "--title", " "], "--title: "),
    ],
)
def test_create_refuses_with_one_line(argv: list[str], message: str) -> None:
    line = fails("create", *argv)
    assert line.startswith(message) and "\n" not in line
    assert not Journal.objects.exists()


def test_role_and_issue(capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "create", "afro-ling", "--title", "African Linguistics")
    journal = get_journal("afro-ling")
    ada = User.objects.create_user("ada@example.org", None)
    cli(capsys, "role", "afro-ling", "ada@example.org", "editor", "--name", "Ada")
    assert people_with_role(journal, ["editor"]) == [ada.pk]
    assert fails("role", "afro-ling", "ada@example.org", "author").startswith("ROLE: ")
    assert fails("role", "afro-ling", "bob@example.org", "editor").startswith("EMAIL: ")
    assert fails("role", "nope", "ada@example.org", "editor") == "nope: no journal with this slug"
    out = cli(capsys, "role", "afro-ling", "ada@example.org", "editor", "--revoke")
    assert out == ["ada@example.org: editor of afro-ling revoked"]
    assert not RoleAssignment.objects.exists()
    out = cli(capsys, "issue", "afro-ling", "--year", "2025", "--volume", "3", "--title", "Tone")
    issue = Issue.objects.get()
    assert out == [f"issue {issue.pk} of afro-ling: 2025 vol. 3 no. - (not yet published)"]
    assert issue.title == {"en": "Tone"} and issue.published is None
    assert fails("issue", "afro-ling", "--year", "2025", "--volume", "3").startswith("--number: ")
    out = cli(
        capsys,
        "issue",
        "afro-ling",
        "--year",
        "2025",
        "--volume",
        "3",
        "--number",
        "2",
        "--publish",
    )
    assert out[-1].endswith("(published)")
    assert fails("issue", "afro-ling", "--year", "99").startswith("--year: ")


@pytest.mark.django_db(transaction=True)
def test_the_sankofa_command(node_home: Path) -> None:
    done = run_cli(
        node_home,
        "journals",
        "create",
        "afro-ling",
        "--title",
        "African Linguistics",
        SANKOFA_BASE_URL="https://node.example.org",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "https://node.example.org/en/journals/afro-ling/"
    again = run_cli(node_home, "journals", "create", "afro-ling", "--title", "Again")
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.startswith("sankofa: SLUG: ") and again.stderr.count("\n") == 1
    listed = run_cli(node_home, "journals", "list")
    assert listed.stdout.startswith("afro-ling\tAfrican Linguistics\t\t")
