"""JSON of each archived object type, in the shape of Software Heritage's ``/api/1/``.

Each function takes a :class:`~sankofa.api.links.Links` (for the absolute ``*_url``
fields) and what a read query returned, and gives plain JSON values. Hashes are
lower-case hex; bytes become text as :mod:`sankofa.api.bytestrings` says, a field
that is not UTF-8 being listed in the object's ``decoding_failures``; dates are
ISO 8601 with the offset git recorded (``-0000`` and offsets that are not ``[+-]HHMM``
or exceed a day read as UTC; a date no calendar can hold is null).

Left out, because this node does not serve them: the content ``filetype_url``,
``language_url`` and ``license_url``, the origin ``metadata_authorities_url``; a
directory entry's ``checksums`` hold only ``sha1_git`` (the other digests would mean
reading every file; ``content/`` computes them).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sankofa.api.bytestrings import decode_field, decode_with_escape
from sankofa.api.links import Links
from sankofa.archive.queries import (
    ContentInfo,
    EntryInfo,
    OriginInfo,
    SnapshotPage,
    VisitInfo,
)
from sankofa.swhid import model as m
from sankofa.swhid.identifiers import CoreSWHID, ObjectType, QualifiedSWHID

JSON = dict[str, Any]
TYPE_NAMES = {
    ObjectType.CONTENT: "content",
    ObjectType.DIRECTORY: "directory",
    ObjectType.REVISION: "revision",
    ObjectType.RELEASE: "release",
    ObjectType.SNAPSHOT: "snapshot",
}
ENTRY_TYPES = {ObjectType.CONTENT: "file", ObjectType.DIRECTORY: "dir", ObjectType.REVISION: "rev"}


def _text(out: JSON, failures: list[str], key: str, value: bytes | None) -> None:
    if value is None:
        out[key] = None
        return
    out[key], escaped = decode_field(value)
    if escaped:
        failures.append(key)


def _finish(out: JSON, failures: list[str]) -> JSON:
    if failures:
        out["decoding_failures"] = failures
    return out


def content(links: Links, info: ContentInfo) -> JSON:
    h = info.hashes
    return {
        "length": info.length,
        "status": info.status,
        "checksums": {
            "sha1": h.sha1.hex(),
            "sha1_git": h.sha1_git.hex(),
            "sha256": h.sha256.hex(),
            "blake2s256": h.blake2s256.hex(),
        },
        "data_url": links.content_raw(info.sha1_git),
        "swhid": str(CoreSWHID(ObjectType.CONTENT, info.sha1_git)),
    }


def directory_entry(links: Links, entry: EntryInfo) -> JSON:
    out: JSON = {
        "dir_id": entry.dir_id.hex(),
        "type": ENTRY_TYPES[entry.object_type],
        "target": entry.target.hex(),
    }
    failures: list[str] = []
    _text(out, failures, "name", entry.name)
    out["perms"] = entry.perms
    if entry.object_type is ObjectType.CONTENT:
        if entry.status is not None:
            out["status"] = entry.status
        out["checksums"] = {"sha1_git": entry.target.hex()}
    out["length"] = entry.length
    out["target_url"] = links.target(entry.object_type, entry.target)
    return _finish(out, failures)


def person(value: m.Person | None) -> JSON | None:
    if value is None:
        return None
    out: JSON = {}
    failures: list[str] = []
    for key, field in (("fullname", value.fullname), ("name", value.name), ("email", value.email)):
        _text(out, failures, key, field)
    return _finish(out, failures)


def date(value: m.Timestamp | None) -> str | None:
    if value is None:
        return None
    minutes = value.offset_minutes()
    try:
        zone = timezone(timedelta(minutes=minutes)) if minutes is not None else UTC
    except ValueError:  # a day or more
        zone = UTC
    try:
        return datetime.fromtimestamp(value.seconds, zone).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _headers(out: JSON, failures: list[str], headers: tuple[tuple[bytes, bytes], ...]) -> None:
    decoded = [[decode_field(k), decode_field(v)] for k, v in headers]
    if any(escaped for pair in decoded for _, escaped in pair):
        failures.append("extra_headers")
        out["extra_headers"] = [[decode_with_escape(k), decode_with_escape(v)] for k, v in headers]
    else:
        out["extra_headers"] = [[k for k, _ in pair] for pair in decoded]


def revision(links: Links, rev: m.Revision) -> JSON:
    rev_id = rev.id
    out: JSON = {"id": rev_id.hex(), "directory": rev.directory.hex()}
    failures: list[str] = []
    out["author"] = person(rev.author)
    out["date"] = date(rev.date)
    out["committer"] = person(rev.committer)
    out["committer_date"] = date(rev.committer_date)
    out["type"] = "git"
    _text(out, failures, "message", rev.message)
    _headers(out, failures, rev.extra_headers)
    out["metadata"] = {}
    out["synthetic"] = False
    out["parents"] = [{"id": p.hex(), "url": links.revision(p)} for p in rev.parents]
    out["merge"] = len(rev.parents) > 1
    out["url"] = links.revision(rev_id)
    out["history_url"] = links.revision_log(rev_id)
    out["directory_url"] = links.directory(rev.directory)
    if "message" in failures:
        out["message_url"] = links.revision_message(rev_id)
    return _finish(out, failures)


def release(links: Links, rel: m.Release) -> JSON:
    out: JSON = {"id": rel.id.hex()}
    failures: list[str] = []
    _text(out, failures, "name", rel.name)
    out["author"] = person(rel.author)
    out["date"] = date(rel.date)
    _text(out, failures, "message", rel.message)
    out["synthetic"] = False
    out["target"] = rel.target.hex()
    out["target_type"] = TYPE_NAMES[rel.target_type]
    out["target_url"] = links.target(rel.target_type, rel.target)
    return _finish(out, failures)


def _branch_target(links: Links, branch: m.SnapshotBranch) -> JSON:
    kind = branch.target_type.object_type
    if kind is None:  # an alias: the target is a branch name
        return {"target": decode_with_escape(branch.target), "target_type": "alias"}
    return {
        "target": branch.target.hex(),
        "target_type": branch.target_type.value,
        "target_url": links.target(kind, branch.target),
    }


def snapshot(links: Links, page: SnapshotPage) -> JSON:
    branches: JSON = {}
    for b in page.branches:
        value = None if b.target is None else _branch_target(links, b.target)
        if value is not None and b.resolved is not None:
            resolved = _branch_target(links, b.resolved)
            if "target_url" in resolved:
                value["target_url"] = resolved["target_url"]
        branches[decode_with_escape(b.name)] = value
    next_branch = None if page.next_branch is None else decode_field(page.next_branch)[0]
    return {"id": page.id.hex(), "branches": branches, "next_branch": next_branch}


def origin(links: Links, info: OriginInfo) -> JSON:
    return {
        "url": info.url,
        "origin_visits_url": links.origin_visits(info.url),
        "visit_types": list(info.visit_types),
    }


def visit(links: Links, info: VisitInfo, *, listed: bool = False) -> JSON:
    """A visit; in a list it links to itself (``origin_visit_url``), alone to its origin."""
    out: JSON = {
        "origin": info.origin,
        "visit": info.visit,
        "date": info.date.isoformat(),
        "status": info.status,
        "snapshot": None if info.snapshot is None else info.snapshot.hex(),
        "type": info.type,
        "metadata": {},
    }
    if listed:
        out["origin_visit_url"] = links.origin_visit(info.origin, info.visit)
    else:
        out["origin_url"] = links.origin(info.origin)
    out["snapshot_url"] = None if info.snapshot is None else links.snapshot(info.snapshot)
    return out


def resolved(links: Links, swhid: QualifiedSWHID) -> JSON:
    """What ``resolve/`` says of an archived SWHID; ``browse_url`` is the object's API URL."""
    core = swhid.core
    return {
        "namespace": "swh",
        "scheme_version": core.scheme_version,
        "object_type": TYPE_NAMES[core.object_type],
        "object_id": core.hex,
        "metadata": swhid.qualifiers,
        "browse_url": links.target(core.object_type, core.object_id),
    }
