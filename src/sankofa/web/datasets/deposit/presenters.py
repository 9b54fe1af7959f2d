"""What the deposit templates show, built from the models (no request, no service calls
that change anything)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sankofa.core.formats import datacite_json
from sankofa.datasets import listing
from sankofa.datasets.models import Change, Record, Version
from sankofa.datasets.publishing import needs_review
from sankofa.web.datasets.deposit.pages import version_url

STATE_LABELS: dict[str, Any] = {
    Version.State.DRAFT: _("Draft"),
    Version.State.IN_REVIEW: _("In review"),
    Version.State.PUBLISHED: _("Published"),
    Version.State.WITHDRAWN: _("Withdrawn"),
}
ACCESS_LABELS: dict[str, Any] = {
    Version.Access.OPEN: _("Open"),
    Version.Access.EMBARGOED: _("Embargoed"),
    Version.Access.RESTRICTED: _("Restricted"),
    Version.Access.METADATA_ONLY: _("Metadata only"),
}
NOTICES: dict[str, Any] = {
    "metadata": _("The metadata is saved."),
    "file": _("The file is added."),
    "removed": _("The file is removed."),
    "access": _("The access is saved."),
    "submitted": _("The draft is submitted: the community's curators review it now."),
    "discarded": _("The draft is discarded."),
    "returned": _("The version is sent back to its owner."),
    "published": _("The version is published."),
    "created": _("The community is created."),
}
ACTIONS: dict[str, Any] = {
    "create_community": _("created the community"),
    "create_draft": _("created the draft"),
    "set_metadata": _("saved the metadata"),
    "add_file": _("added a file"),
    "remove_file": _("removed a file"),
    "set_access": _("set the access"),
    "new_version": _("started a new version"),
    "discard_draft": _("discarded the draft"),
    "submit": _("submitted for review"),
    "return_to_draft": _("sent back to the owner"),
    "publish": pgettext_lazy("history of a record", "published"),
    "withdraw": _("withdrew"),
}


def notice(key: str | None) -> Any:
    return NOTICES.get(key or "")


def stored_attributes(version: Version) -> dict[str, Any]:
    """The draft's metadata as DataCite JSON attributes; for a new draft, the defaults."""
    resource = version.resource()
    if resource is not None:
        return datacite_json.attributes(resource)
    return {
        "publisher": {"name": settings.SANKOFA_NODE_NAME},
        "publicationYear": timezone.localdate().year,
        "types": {"resourceTypeGeneral": "Dataset"},
    }


@dataclass
class Row:
    """One record of "my datasets": what to show of it and where to go."""

    record: Record
    shown: Version
    open_version: Version | None
    state: Any
    title: str
    view_url: str | None
    edit_url: str | None
    may_start_version: bool


def my_rows(records: list[Record]) -> list[Row]:
    rows = []
    for record in records:
        versions = list(record.versions.all())
        if not versions:
            continue
        open_version = next(
            (v for v in versions if v.state in (Version.State.DRAFT, Version.State.IN_REVIEW)),
            None,
        )
        shown = open_version or versions[-1]
        published = [v for v in versions if v.state == Version.State.PUBLISHED]
        rows.append(
            Row(
                record=record,
                shown=shown,
                open_version=open_version,
                state=STATE_LABELS.get(shown.state, shown.state),
                title=shown.title or (published[-1].title if published else ""),
                view_url=version_url(shown) if shown.state != Version.State.DRAFT else None,
                edit_url=reverse("datasets:draft", args=[shown.pk])
                if shown.state == Version.State.DRAFT
                else None,
                may_start_version=open_version is None and bool(published),
            )
        )
    return rows


def draft_context(version: Version, **forms: Any) -> dict[str, Any]:
    """Everything the draft page shows besides its forms (given in `forms`)."""
    record = version.record
    files = list(version.files.all())
    returned = listing.last_return(version)
    return {
        "version": version,
        "record": record,
        "community": record.community,
        "state": STATE_LABELS.get(version.state, version.state),
        "editable": version.state == Version.State.DRAFT,
        "review_required": needs_review(record),
        "files": files,
        "total_size": sum(f.size for f in files),
        "access_label": ACCESS_LABELS.get(version.access, version.access),
        "returned": returned,
        "view_url": version_url(version) if version.state != Version.State.DRAFT else None,
        **forms,
    }


@dataclass
class HistoryRow:
    change: Change
    action: Any
    version_number: int | None
    details: list[tuple[str, str]]


def history_rows(changes: list[Change]) -> list[HistoryRow]:
    rows = []
    for change in changes:
        details = [(str(k), _detail(v)) for k, v in sorted(change.details.items())]
        rows.append(
            HistoryRow(
                change=change,
                action=ACTIONS.get(change.action, change.action),
                version_number=change.version.number if change.version is not None else None,
                details=details,
            )
        )
    return rows


def _detail(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)
