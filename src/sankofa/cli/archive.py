"""Archive commands: archive, vault, fsck, origin list|reindex, visit list, show."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

from sankofa.cli.errors import CommandError

EXIT_DAMAGED = 1


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "archive", help="archive a git origin; prints the visit's snapshot SWHID last"
    )
    p.add_argument("origin", metavar="URL_OR_PATH")
    p.set_defaults(func=run_archive, needs_django=True)

    p = sub.add_parser("vault", help="give back a directory (tar.gz) or history (git-bare)")
    p.add_argument("swhid", metavar="SWHID")
    p.add_argument("--format", "-f", choices=["tar.gz", "git-bare"], required=True)
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.set_defaults(func=run_vault, needs_django=True)

    p = sub.add_parser("fsck", help="re-hash every stored object; exit 1 on damage")
    p.set_defaults(func=run_fsck, needs_django=True)

    p = sub.add_parser("origin", help="archived origins")
    osub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    osub.add_parser("list", help="list origins").set_defaults(
        func=run_origin_list, needs_django=True
    )
    osub.add_parser(
        "reindex", help="read every origin's software metadata again (codemeta, CITATION.cff…)"
    ).set_defaults(func=run_origin_reindex, needs_django=True)

    p = sub.add_parser("visit", help="visits of an origin")
    vsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    vl = vsub.add_parser("list", help="list the visits of ORIGIN")
    vl.add_argument("origin", metavar="ORIGIN")
    vl.set_defaults(func=run_visit_list, needs_django=True)

    p = sub.add_parser("show", help="describe an archived object and its children")
    p.add_argument("swhid", metavar="SWHID")
    p.add_argument("--provenance", action="store_true", help="also list where it occurs")
    p.set_defaults(func=run_show, needs_django=True)


def parse_core(text: str) -> Any:
    from sankofa.swhid.identifiers import SWHIDError, parse_swhid

    try:
        return parse_swhid(text).core
    except SWHIDError as exc:
        raise CommandError(str(exc)) from None


def _actor() -> Any:
    from sankofa.core.actors import Actor

    return Actor.operator("cli")


def run_archive(args: argparse.Namespace) -> int:
    from sankofa.archive import services
    from sankofa.archive.remote import LoaderError

    try:
        visit = services.archive_origin(_actor(), args.origin)
    except LoaderError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"{args.origin}: {exc}") from None
    assert visit.snapshot is not None
    print(f"origin\t{visit.origin.url}")
    print(
        f"visit\t{visit.number}\t{visit.status}\t{visit.objects_received} objects received, "
        f"{visit.objects_stored} new"
    )
    print(str(visit.snapshot))
    return 0


def run_vault(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sankofa.archive import graph, services, vault

    core = parse_core(args.swhid)
    try:
        report = services.give_back(_actor(), core, args.format, Path(args.output))
    except (vault.VaultError, graph.NotArchived) as exc:
        raise CommandError(str(exc)) from None
    for oid in report.skipped:
        print(f"sankofa: warning: swh:1:cnt:{oid.hex()} was skipped for its size", file=sys.stderr)
    print(args.output)
    return 0


def run_fsck(args: argparse.Namespace) -> int:
    from sankofa.archive import services

    report = services.check_archive(_actor())
    for oid, why in report.corrupt:
        print(f"corrupt\t{oid}\t{why}")
    for oid, why in report.missing:
        print(f"missing\t{oid}\t{why}")
    for line in report.errors:
        print(f"error\t{line}")
    state = "ok" if report.ok else "DAMAGED"
    print(
        f"{state}: {report.checked} objects re-hashed, {len(report.corrupt)} corrupt, "
        f"{len(report.missing)} missing, {len(report.errors)} errors"
    )
    return 0 if report.ok else EXIT_DAMAGED


def run_origin_reindex(args: argparse.Namespace) -> int:
    from sankofa.archive import metadata

    print(f"{metadata.reindex_all(_actor())} origins described")
    return 0


def run_origin_list(args: argparse.Namespace) -> int:
    from sankofa.archive import services

    for origin, count, last in services.list_origins():
        when = last.date.isoformat(timespec="seconds") if last else "-"
        status = last.status if last else "-"
        print(f"{origin.url}\t{count} visits\t{when}\t{status}")
    return 0


def run_visit_list(args: argparse.Namespace) -> int:
    from sankofa.archive import services

    try:
        visits = services.list_visits(args.origin)
    except services.OriginNotFound as exc:
        raise CommandError(str(exc)) from None
    for v in visits:
        snp = str(v.snapshot) if v.snapshot else "-"
        line = f"{v.number}\t{v.date.isoformat(timespec='seconds')}\t{v.status}\t{snp}"
        print(line + (f"\t{v.message}" if v.message else ""))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from sankofa.archive import graph, services

    core = parse_core(args.swhid)
    try:
        info = services.describe(_actor(), core, provenance=args.provenance)
    except graph.NotArchived as exc:
        raise CommandError(str(exc)) from None
    print(core)
    for key, value in info.fields:
        print(f"{key}\t{value}")
    for child in info.children:
        target = str(child.swhid) if child.swhid else child.detail
        label = child.label.decode("utf-8", "backslashreplace")
        extra = f"\t{child.detail}" if child.swhid and child.detail else ""
        print(f"child\t{target}\t{label}{extra}")
    if info.provenance is not None:
        for occ in info.provenance.occurrences:
            print(f"in\t{occ.revision}\t{occ.path.decode('utf-8', 'backslashreplace')}")
        for url in info.provenance.origins:
            print(f"origin\t{url}")
    return 0
