"""Journal commands: ``sankofa journals ACTION``, one module per area, each adding its
actions with ``add_actions(jsub)``."""

from __future__ import annotations

from typing import Any

from sankofa.cli.journals import admin, importing, preservation, production, reporting


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("journals", help="diamond open-access journals")
    jsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    for area in (admin, importing, production, preservation, reporting):
        area.add_actions(jsub)
