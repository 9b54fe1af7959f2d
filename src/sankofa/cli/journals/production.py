"""``sankofa journals`` actions: JATS production.

``produce-jats SUBMISSION_ID SOURCE_FILE [--format markdown|docx|odt] [--as EMAIL]``
makes the submission's JATS galley from a Markdown, DOCX or ODT file on disk
(`sankofa.journals.production.produce_jats_from`) and prints the galley's name, size and
sha256. ``jats-validate FILE.xml`` checks a file against the JATS Publishing DTD 1.1 and
prints ``valid``, or fails with the first error and its line.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sankofa.cli.errors import CommandError


def add_actions(jsub: Any) -> None:
    """Add this area's actions to the ``journals`` subparsers."""
    produce = jsub.add_parser(
        "produce-jats", help="make a submission's JATS galley from Markdown, DOCX or ODT"
    )
    produce.add_argument("submission_id", metavar="SUBMISSION_ID", type=int)
    produce.add_argument("source", metavar="SOURCE_FILE", type=Path)
    produce.add_argument("--format", dest="fmt", choices=("markdown", "docx", "odt"))
    produce.add_argument("--as", dest="as_user", metavar="EMAIL", help="act as this account")
    produce.set_defaults(func=run_produce, needs_django=True)
    check = jsub.add_parser("jats-validate", help="check a JATS file against the DTD 1.1")
    check.add_argument("file", metavar="FILE.xml", type=Path)
    check.set_defaults(func=run_validate, needs_django=True)


def _read(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror or exc}") from None
    return data


def _actor(as_user: str | None) -> Any:
    from sankofa.core.actors import Actor

    if not as_user:
        return Actor.operator("cli")
    from sankofa.accounts.models import User, normalize_email
    from sankofa.accounts.roles import actor_for

    user = User.objects.filter(email=normalize_email(as_user)).first()
    if user is None:
        raise CommandError(f"--as {as_user}: no account with this email")
    return actor_for(user)


def run_produce(args: argparse.Namespace) -> int:
    from sankofa.core.actors import PermissionDenied
    from sankofa.journals import production

    data = _read(args.source, production.MAX_SOURCE_BYTES)
    actor = _actor(args.as_user)
    try:
        galley = production.produce_jats_from(
            actor, args.submission_id, data, args.source.name, fmt=args.fmt
        )
    except (production.ProductionError, PermissionDenied) as exc:
        raise CommandError(f"{args.source}: {exc}") from None
    print(f"{galley.name}: {galley.size} bytes, sha256 {galley.sha256}")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from sankofa.journals import production

    data = _read(args.file, 200 * 1024 * 1024)
    try:
        problem = production.validate_jats(data, required=True)
    except production.DtdUnavailable as exc:
        raise CommandError(str(exc)) from None
    if problem is not None:
        raise CommandError(f"{args.file}: {problem}")
    print("valid")
    return 0
