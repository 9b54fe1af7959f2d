"""Words the pages show for the archive's codes: visit statuses, object and branch types."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sankofa.swhid.identifiers import ObjectType

VISIT_STATUSES: dict[str, Promise] = {
    "created": _("created"),
    "ongoing": _("ongoing"),
    "full": _("full"),
    "partial": _("partial"),
    "failed": _("failed"),
    "not_found": _("not found"),
}

OBJECT_TYPES: dict[ObjectType, Promise] = {
    ObjectType.CONTENT: _("file"),
    ObjectType.DIRECTORY: _("directory"),
    ObjectType.REVISION: _("revision"),
    ObjectType.RELEASE: _("release"),
    ObjectType.SNAPSHOT: _("snapshot"),
}

ALIAS = _("alias")
DANGLING = _("dangling")


def visit_status(code: str) -> str:
    return str(VISIT_STATUSES.get(code, code))


def object_type(kind: ObjectType) -> str:
    return str(OBJECT_TYPES[kind])


def shown_date(when: datetime) -> str:
    """A visit's date as the pages show it: to the minute, in UTC (ISO order)."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
