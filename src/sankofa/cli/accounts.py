"""Account commands: createadmin, token create, token list, token revoke."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sankofa.cli.errors import CommandError


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("createadmin", help="create a verified admin account")
    p.add_argument("email", metavar="EMAIL")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(func=run_createadmin, needs_django=True)

    p = sub.add_parser("token", help="API tokens")
    tsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = tsub.add_parser("create", help="make a token for a user and print it (once)")
    create.add_argument("email", metavar="EMAIL")
    create.add_argument("--name", default="", metavar="N")
    create.set_defaults(func=run_token_create, needs_django=True)
    ls = tsub.add_parser("list", help="a user's tokens")
    ls.add_argument("email", metavar="EMAIL")
    ls.set_defaults(func=run_token_list, needs_django=True)
    revoke = tsub.add_parser("revoke", help="revoke a token for good")
    revoke.add_argument("id", type=int, metavar="ID")
    revoke.set_defaults(func=run_token_revoke, needs_django=True)


def _operator() -> Any:
    from sankofa.core.actors import Actor

    return Actor.operator("cli")


def _user(email: str) -> Any:
    from sankofa.accounts.models import User, normalize_email

    user = User.objects.filter(email=normalize_email(email)).first()
    if user is None:
        raise CommandError(f"no account for {email}")
    return user


def run_createadmin(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError

    from sankofa.accounts import services

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("the passwords differ")
    try:
        user = services.create_admin(_operator(), args.email, password)
    except ValidationError as exc:
        raise CommandError("weak password: " + " ".join(exc.messages)) from None
    except services.AccountExists as exc:
        raise CommandError(str(exc)) from None
    print(f"{user.pk}\t{user.email}\tadmin")
    return 0


def run_token_create(args: argparse.Namespace) -> int:
    from sankofa.accounts import tokens

    new = tokens.create_token(_operator(), _user(args.email), args.name)
    print(new.text)
    return 0


def run_token_list(args: argparse.Namespace) -> int:
    from sankofa.accounts import tokens

    def when(value: Any) -> str:
        return value.isoformat(timespec="seconds") if value is not None else "-"

    for t in tokens.list_tokens(_operator(), _user(args.email)):
        state = "revoked " + when(t.revoked) if t.revoked else "active"
        fields = [str(t.pk), t.prefix, t.name or "-", when(t.created), when(t.last_used), state]
        print("\t".join(fields))
    return 0


def run_token_revoke(args: argparse.Namespace) -> int:
    from sankofa.accounts import tokens

    try:
        token = tokens.revoke_token(_operator(), args.id)
    except tokens.TokenNotFound as exc:
        raise CommandError(str(exc)) from None
    print(f"{token.pk}\trevoked")
    return 0
