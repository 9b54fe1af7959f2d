"""`sankofa createadmin` and `sankofa token` as real processes on the database the test shares."""

from __future__ import annotations

from pathlib import Path

from sankofa.accounts import tokens
from sankofa.accounts.models import ApiToken, User
from sankofa.accounts.services import authenticate
from tests.conftest import run_cli

pytest_plugins = ["tests.core.jobs_fixtures"]
PASSWORD = "correct horse battery staple"


def test_createadmin_then_tokens(shared_db: Path) -> None:
    done = run_cli(
        shared_db,
        "createadmin",
        "Root@Example.org",
        "--password-stdin",
        input=f"{PASSWORD}\n".encode(),
    )
    assert done.returncode == 0, done.stderr
    user = User.objects.get()
    assert done.stdout == f"{user.pk}\troot@example.org\tadmin\n"
    assert authenticate("root@example.org", PASSWORD).pk == user.pk  # verified already
    assert user.password.startswith("argon2$argon2id$")

    made = run_cli(shared_db, "token", "create", "root@example.org", "--name", "ci")
    assert made.returncode == 0, made.stderr
    text = made.stdout.strip()
    actor = tokens.actor_from_request_token(f"Bearer {text}")
    assert actor is not None and actor.user_id == user.pk and actor.is_admin
    row = ApiToken.objects.get()
    assert text not in (row.digest, row.prefix)

    listed = run_cli(shared_db, "token", "list", "root@example.org").stdout.splitlines()
    (line,) = listed
    fields = line.split("\t")
    assert fields[:3] == [str(row.pk), row.prefix, "ci"] and fields[5] == "active"
    assert fields[4] != "-"  # used once above
    assert text not in line

    assert run_cli(shared_db, "token", "revoke", str(row.pk)).stdout == f"{row.pk}\trevoked\n"
    assert tokens.actor_from_request_token(f"Bearer {text}") is None
    after = run_cli(shared_db, "token", "list", "root@example.org").stdout
    assert after.rstrip("\n").split("\t")[5].startswith("revoked ")


def test_errors_are_one_line(shared_db: Path) -> None:
    weak = run_cli(shared_db, "createadmin", "a@example.org", "--password-stdin", input=b"1234\n")
    assert weak.returncode != 0 and weak.stdout == ""
    assert weak.stderr.startswith("sankofa: weak password: ") and weak.stderr.count("\n") == 1
    assert not User.objects.exists()

    ok = run_cli(
        shared_db,
        "createadmin",
        "a@example.org",
        "--password-stdin",
        input=f"{PASSWORD}\n".encode(),
    )
    assert ok.returncode == 0, ok.stderr
    again = run_cli(
        shared_db,
        "createadmin",
        "A@example.org",
        "--password-stdin",
        input=f"{PASSWORD}\n".encode(),
    )
    assert (again.returncode, again.stderr) == (
        2,
        "sankofa: an account for a@example.org exists already\n",
    )
    for args, message in [
        (("token", "create", "nobody@example.org"), "no account for nobody@example.org"),
        (("token", "list", "nobody@example.org"), "no account for nobody@example.org"),
        (("token", "revoke", "999999"), "no token 999999"),
    ]:
        done = run_cli(shared_db, *args)
        assert (done.returncode, done.stderr) == (2, f"sankofa: {message}\n"), args
