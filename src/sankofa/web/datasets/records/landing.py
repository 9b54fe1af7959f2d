"""What a dataset version's landing page shows, for one reader.

`find_version` picks the version a page address names, hiding unpublished ones from
everyone but who may see them (`sankofa.datasets.visibility`): a draft is a 404 for the
public, not a 403, so its existence is not given away. `page` gathers the rest: the
metadata (`presenters`), the identifiers, the access level, the files the reader may
see (with download and preview links only when they may download), every version of
the record, the export formats, a formatted citation, the usage counts, and the
schema.org JSON-LD the page embeds (the "schemaorg" export, byte for byte the same
JSON as ``datafiles:export``, with ``<``, ``>`` and ``&`` written as JSON escapes so
that no ``</script>`` can end the element early).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from sankofa.core.actors import Actor
from sankofa.datasets import citations, exports, links, previews, usage, visibility
from sankofa.datasets.models import File, Record, Version
from sankofa.web.datasets.records import presenters
from sankofa.web.pages.problems import PageProblem, not_found

__all__ = ["Reader", "downloadable_for", "find_version", "listed_for", "page"]

UNPUBLISHED = (Version.State.DRAFT, Version.State.IN_REVIEW)


class Reader:
    """Who reads the page: the actor and the access-link token they carry (``?token=``)."""

    def __init__(self, actor: Actor, token: str | None = None) -> None:
        self.actor = actor
        self.token = token or None


def _missing(record_id: int, number: int | None = None) -> PageProblem:
    if number is None:
        return not_found(_("There is no dataset record %(id)s.") % {"id": record_id})
    return not_found(
        _("Dataset record %(id)s has no version %(number)s.") % {"id": record_id, "number": number}
    )


def may_see(actor: Actor, version: Version) -> bool:
    """Published and withdrawn versions are public; the others only for who may see
    their files (owner, admins, and curators of a version in review)."""
    return version.state not in UNPUBLISHED or visibility.files_listed(actor, version)


def find_version(actor: Actor, record_id: int, number: int | None = None) -> Version:
    """The version the page shows: `number`, else the record's latest (else, for who may
    see it, its newest unpublished version). Raises `PageProblem` 404 otherwise."""
    rows = Version.objects.select_related("record", "record__community")
    if number is not None:
        version = rows.filter(record_id=record_id, number=number).first()
        if version is None or not may_see(actor, version):
            raise _missing(record_id, number)
        return version
    record = Record.objects.filter(pk=record_id).first()
    if record is None:
        raise _missing(record_id)
    if record.latest_id is not None:
        return rows.get(pk=record.latest_id)
    newest = rows.filter(record_id=record_id).order_by("-number").first()
    if newest is None or not may_see(actor, newest):
        raise _missing(record_id)
    return newest


def versions(actor: Actor, current: Version) -> list[dict[str, Any]]:
    """Every version of the record the reader may see, newest first."""
    rows = Version.objects.select_related("record").filter(record_id=current.record_id)
    return [
        {
            "number": v.number,
            "state": v.state,
            "state_label": _state_label(v.state),
            "current": v.pk == current.pk,
            "latest": v.pk == current.record.latest_id,
            "date": v.withdrawn_at or v.published_at or v.created,
            "url": reverse("datasets:version", args=[v.record_id, v.number]),
        }
        for v in rows.order_by("-number")
        if may_see(actor, v)
    ]


def _state_label(state: str) -> str:
    labels = {
        "draft": _("draft"),
        "in_review": _("in review"),
        "published": _("published"),
        "withdrawn": _("withdrawn"),
    }
    return labels.get(state, state)


def download_link(file: File, version: Version, token: str | None) -> str:
    path = reverse("datafiles:download", args=[version.record_id, version.number, file.name])
    return f"{path}?{urlencode({'token': token})}" if token else path


def files(reader: Reader, version: Version, downloadable: bool) -> list[dict[str, Any]]:
    """The rows of the files table; links only when the reader may download."""
    rows = []
    for f in version.files.all():
        preview = None
        if downloadable and previews.kind_of(f):
            preview = reverse("datasets:preview", args=[version.record_id, version.number, f.name])
            if reader.token:
                preview += "?" + urlencode({"token": reader.token})
        rows.append(
            {
                "name": f.name,
                "size": f.size,
                "media_type": f.media_type,
                "sha256": f.sha256,
                "md5": f.md5,
                "download": download_link(f, version, reader.token) if downloadable else None,
                "preview": preview,
            }
        )
    return rows


def access(reader: Reader, version: Version, downloadable: bool) -> dict[str, Any]:
    level = visibility.effective_access(version)
    labels = {
        "open": _("Open access"),
        "embargoed": _("Embargoed"),
        "restricted": _("Restricted access"),
        "metadata_only": _("Metadata only"),
    }
    ask = level == "restricted" and not downloadable and version.state == "published"
    return {
        "level": level,
        "label": labels.get(level, level),
        "embargo_until": version.embargo_until if level == "embargoed" else None,
        "request_url": reverse("datasets:request-access", args=[version.record_id])
        if ask
        else None,
        "downloadable": downloadable,
    }


def export_links(version: Version) -> list[dict[str, str]]:
    return [
        {
            "key": fmt.key,
            "label": fmt.label,
            "media_type": fmt.media_type,
            "url": reverse("datafiles:export", args=[version.record_id, version.number, fmt.key]),
        }
        for fmt in exports.formats()
    ]


def citation(version: Version, wanted: str | None) -> dict[str, Any]:
    """The citation in the style asked for (``?style=``), else in the first style."""
    styles = citations.styles()
    keys = [key for key, _label in styles]
    style = wanted if wanted in keys else keys[0]
    return {
        "styles": [{"key": k, "label": label, "current": k == style} for k, label in styles],
        "html": citations.format_citation_html(version, style),
        "style": style,
    }


def json_ld(version: Version, with_files: bool) -> str:
    """The schema.org export, safe inside ``<script>`` (same JSON once parsed)."""
    text = exports.render(version, exports.by_key("schemaorg"), with_files=with_files).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def identifiers(version: Version) -> dict[str, Any]:
    doi = version.doi if version.doi_state in Version.CITABLE_DOI_STATES else None
    return {
        "ark": version.ark,
        "ark_url": links.ark_url(version.ark) if version.ark else None,
        "concept_ark": version.record.ark,
        "concept_url": links.ark_url(version.record.ark) if version.record.ark else None,
        "doi": doi,
        "doi_url": f"https://doi.org/{doi}" if doi else None,
        "pid_url": links.pid_url(version),
    }


def listed_for(reader: Reader, version: Version) -> bool:
    """Whether the reader sees the list of files (a tombstone lists none)."""
    withdrawn = version.state == Version.State.WITHDRAWN
    return not withdrawn and visibility.files_listed(reader.actor, version)


def downloadable_for(reader: Reader, version: Version) -> bool:
    """Whether the reader may download the files (and so is shown links to them)."""
    return listed_for(reader, version) and visibility.can_download(
        reader.actor, version, reader.token
    )


def page(reader: Reader, version: Version, style: str | None = None) -> dict[str, Any]:
    """Everything the landing page (or the tombstone) of `version` shows to `reader`."""
    resource = version.resource()
    withdrawn = version.state == Version.State.WITHDRAWN
    listed = listed_for(reader, version)
    downloadable = downloadable_for(reader, version)
    has_metadata = resource is not None
    return {
        "version": version,
        "record": version.record,
        "md": presenters.metadata(resource) if resource is not None else None,
        "title": version.title or _("Untitled dataset"),
        "withdrawn": withdrawn,
        "unpublished": version.state in UNPUBLISHED,
        "ids": identifiers(version),
        "access": access(reader, version, downloadable),
        "files_listed": listed,
        "files": files(reader, version, downloadable) if listed else [],
        "versions": versions(reader.actor, version),
        "exports": export_links(version) if has_metadata else [],
        "citation": citation(version, style) if has_metadata and not withdrawn else None,
        "usage": usage.totals(version),
        "json_ld": json_ld(version, downloadable) if has_metadata and not withdrawn else None,
        "linkset_url": reverse("datafiles:linkset", args=[version.record_id, version.number]),
    }
