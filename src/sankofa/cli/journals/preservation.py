"""``sankofa journals`` actions: moving journals in and keeping them.

* ``import-ojs FILE.xml --journal SLUG [--dry-run]``: an OJS native XML export
  (`sankofa.journals.ojs_import`); prints the report: what was imported, what was
  skipped as already here, and every thing the model could not hold.
* ``fixity [--run]``: the newest fixity report of the articles' blobs (checking them all
  first with ``--run``); exits 1 when a blob is missing, damaged or stale.
* ``export-bags SLUG DIR``: one BagIt bag per published article; prints each bag's path.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sankofa.cli.errors import CommandError


def add_actions(jsub: Any) -> None:
    """Add this area's actions to the ``journals`` subparsers."""
    imp = jsub.add_parser("import-ojs", help="import an OJS native XML export")
    imp.add_argument("file", metavar="FILE.xml", type=Path)
    imp.add_argument("--journal", required=True, metavar="SLUG")
    imp.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    imp.set_defaults(func=run_import_ojs, needs_django=True)
    fix = jsub.add_parser("fixity", help="the last fixity report of the articles' blobs")
    fix.add_argument("--run", action="store_true", help="check every blob now first")
    fix.set_defaults(func=run_fixity, needs_django=True)
    bags = jsub.add_parser("export-bags", help="one BagIt bag per published article")
    bags.add_argument("slug", metavar="SLUG")
    bags.add_argument("directory", metavar="DIR", type=Path)
    bags.set_defaults(func=run_export_bags, needs_django=True)


def _journal_id(slug: str) -> int:
    from sankofa.journals.models import Journal

    found = Journal.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        raise CommandError(f"--journal {slug}: no journal with this slug")
    return int(found)


def run_import_ojs(args: argparse.Namespace) -> int:
    from sankofa.core.actors import Actor
    from sankofa.journals.ojs_import import OjsImportError, import_ojs

    journal_id = _journal_id(args.journal)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"{args.file}: cannot read: {exc.strerror or exc}") from None
    try:
        report = import_ojs(Actor.operator("cli"), journal_id, data, dry_run=args.dry_run)
    except OjsImportError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    print("\n".join(report.lines()))
    return 0


def run_fixity(args: argparse.Namespace) -> int:
    from sankofa.core import jobs
    from sankofa.core.actors import Actor
    from sankofa.core.jobs import runner
    from sankofa.journals import preservation

    if args.run:
        job = jobs.enqueue(Actor.operator("cli"), preservation.TASK)
        runner.run(job.pk)
    last = preservation.last_report()
    if last is None:
        raise CommandError("no fixity report yet: run `sankofa journals fixity --run`")
    report, job_id = last
    print(f"job {job_id}: " + preservation.render(report))
    return 0 if report.ok else 1


def run_export_bags(args: argparse.Namespace) -> int:
    from sankofa.core.actors import Actor
    from sankofa.journals.preservation import BagExportError, export_bags

    try:
        paths = export_bags(Actor.operator("cli"), args.slug, args.directory)
    except BagExportError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"{args.directory}: {exc.strerror or exc}") from None
    for path in paths:
        print(path)
    print(f"{len(paths)} bag(s) written in {args.directory}")
    return 0
