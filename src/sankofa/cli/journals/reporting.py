"""``sankofa journals`` actions: reporting.

``report SLUG --year Y [--json]``: the journal's yearly report
(`sankofa.journals.reports.journal_report`), as aligned lines or as one JSON object.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sankofa.cli.errors import CommandError


def add_actions(jsub: Any) -> None:
    """Add this area's actions to the ``journals`` subparsers."""
    rep = jsub.add_parser("report", help="a journal's yearly report (DOAJ / Plan S, usage)")
    rep.add_argument("slug", metavar="SLUG")
    rep.add_argument("--year", required=True, type=int, metavar="Y")
    rep.add_argument("--json", action="store_true", help="print one JSON object")
    rep.set_defaults(func=run_report, needs_django=True)


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def run_report(args: argparse.Namespace) -> int:
    from sankofa.core.actors import Actor
    from sankofa.journals.models import Journal
    from sankofa.journals.reports import journal_report

    journal = Journal.objects.filter(slug=args.slug).first()
    if journal is None:
        raise CommandError(f"{args.slug}: no journal with this slug")
    try:
        report = journal_report(Actor.operator("cli"), journal.pk, args.year)
    except ValueError as exc:
        raise CommandError(f"--year {args.year}: {exc}") from None
    data = report.as_json()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    width = max(len(key) for key in data)
    for key, value in data.items():
        print(f"{key.replace('_', ' '):<{width}}  {_shown(value)}")
    return 0
