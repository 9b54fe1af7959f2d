"""`sankofa`: the node's command line.

Each command parses its arguments, calls one service and prints the result.
Errors print one line on stderr (`sankofa: <what went wrong>`) and exit non-zero.
`identify` runs without Django, so it starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from sankofa.cli.errors import CommandError

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    from sankofa.cli import accounts, archive, datasets, identify, jobs, journals, save, serve

    parser = argparse.ArgumentParser(prog="sankofa", description="A Sankofa open-science node.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    identify.add_parser(sub)
    archive.add_parsers(sub)
    jobs.add_parsers(sub)
    serve.add_parser(sub)
    accounts.add_parsers(sub)
    save.add_parser(sub)
    datasets.add_parsers(sub)
    journals.add_parsers(sub)
    migrate = sub.add_parser("migrate", help="create or upgrade the node's database")
    migrate.set_defaults(func=run_migrate, needs_django=True)
    return parser


def setup_django(migrate: bool = True) -> None:
    """Configure Django for a command; on first use the node's home and schema are created."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
    import django
    from django.conf import settings

    settings.HOME.mkdir(parents=True, exist_ok=True)
    django.setup()
    if migrate:
        ensure_schema()


def ensure_schema() -> None:
    """Apply migrations the database lacks; cheap when there are none (no migration graph)."""
    from django.core.management import call_command

    if not schema_current():
        call_command("migrate", verbosity=0, interactive=False)


def schema_current() -> bool:
    """Whether every migration file of every app is recorded as applied."""
    from pathlib import Path

    from django.apps import apps
    from django.db import DatabaseError, connection

    expected = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if folder.is_dir():
            expected |= {(config.label, p.stem) for p in folder.glob("[0-9]*.py")}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError:
        return False
    return expected <= applied


def run_migrate(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", verbosity=1, interactive=False)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "needs_django", False):
            setup_django(migrate=args.func is not run_migrate)
        return int(args.func(args))
    except CommandError as exc:
        print(f"sankofa: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("sankofa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
