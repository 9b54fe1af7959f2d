"""Save Code Now commands: save allow|deny|unrule|rules|list|approve|reject."""

from __future__ import annotations

import argparse
from typing import Any

from sankofa.cli.errors import CommandError

STATUSES = ["accepted", "rejected", "pending"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("save", help="Save Code Now: rules and requests")
    ssub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    for kind, text in (("allow", "accept"), ("deny", "reject")):
        r = ssub.add_parser(kind, help=f"{text} every save request for URLs starting with PREFIX")
        r.add_argument("prefix", metavar="PREFIX")
        r.set_defaults(func=run_rule, kind=kind, needs_django=True)
    u = ssub.add_parser("unrule", help="remove a rule by its number (see `save rules`)")
    u.add_argument("id", type=int, metavar="ID")
    u.set_defaults(func=run_unrule, needs_django=True)
    ssub.add_parser("rules", help="list the allow and deny rules").set_defaults(
        func=run_rules, needs_django=True
    )
    ls = ssub.add_parser("list", help="list save requests, newest first")
    ls.add_argument("--status", choices=STATUSES)
    ls.add_argument("--limit", type=int, default=100, metavar="N")
    ls.set_defaults(func=run_list, needs_django=True)
    ok = ssub.add_parser("approve", help="accept a pending request and archive its origin")
    ok.add_argument("id", type=int, metavar="ID")
    ok.set_defaults(func=run_approve, needs_django=True)
    no = ssub.add_parser("reject", help="reject a pending request")
    no.add_argument("id", type=int, metavar="ID")
    no.add_argument("--reason", default="", metavar="TEXT")
    no.set_defaults(func=run_reject, needs_django=True)


def _operator() -> Any:
    from sankofa.core.actors import Actor

    return Actor.operator("cli")


def _line(req: Any) -> str:
    fields = [
        str(req.pk),
        req.status,
        req.task_status,
        req.request_date.isoformat(timespec="seconds"),
        req.origin_url,
        req.snapshot_swhid or "-",
        req.note.replace("\n", " ") or "-",
    ]
    return "\t".join(fields)


def run_rule(args: argparse.Namespace) -> int:
    from sankofa.archive import save

    try:
        rule = save.add_rule(_operator(), args.prefix, args.kind)
    except save.InvalidSaveRequest as exc:
        raise CommandError(str(exc)) from None
    print(f"{rule.pk}\t{rule.kind}\t{rule.prefix}")
    return 0


def run_unrule(args: argparse.Namespace) -> int:
    from sankofa.archive import save

    try:
        rule = save.remove_rule(_operator(), args.id)
    except save.SaveRequestNotFound as exc:
        raise CommandError(str(exc)) from None
    print(f"{args.id}\tremoved\t{rule.kind}\t{rule.prefix}")
    return 0


def run_rules(args: argparse.Namespace) -> int:
    from sankofa.archive import save

    for rule in save.list_rules(_operator()):
        print(f"{rule.pk}\t{rule.kind}\t{rule.prefix}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from sankofa.archive import save

    found = list(save.list_requests(args.status)[: max(args.limit, 0)])
    for req in save.refresh_all(found):
        print(_line(req))
    return 0


def run_approve(args: argparse.Namespace) -> int:
    from sankofa.archive import save

    try:
        req = save.approve(_operator(), args.id)
    except (save.SaveRequestNotFound, save.NotPending) as exc:
        raise CommandError(str(exc)) from None
    print(_line(req))
    return 0


def run_reject(args: argparse.Namespace) -> int:
    from sankofa.archive import save

    try:
        req = save.reject(_operator(), args.id, args.reason)
    except (save.SaveRequestNotFound, save.NotPending) as exc:
        raise CommandError(str(exc)) from None
    print(_line(req))
    return 0
