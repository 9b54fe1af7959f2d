"""Fixity: reading every published file back from the blob store and checking that its
bytes still have the size, SHA-256 and MD5 recorded when it was deposited.

`check_all()` walks the files of every published and withdrawn version (a blob shared by
several files is read once) and returns a `FixityReport`: when it ran, how many files
and distinct blobs and bytes it checked, and each bad file with what is wrong
(``missing``, ``size``, ``checksum``). The periodic job ``datasets.fixity_all`` runs it
(``SANKOFA_FIXITY_INTERVAL_DAYS``) and keeps the report as its result in the job table:
`last_report()` reads the newest one, for admins and ``sankofa datasets fixity``.
A damaged file found while being downloaded is logged the same way (``log_damage``).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.utils import timezone

from sankofa.core import fixity as core_fixity
from sankofa.core.blobstore import CHUNK_SIZE, BlobNotFound, BlobStore, get_blobstore
from sankofa.datasets.models import File, Version

__all__ = ["BadFile", "FixityReport", "check_all", "last_report", "log_damage", "render"]

logger = logging.getLogger("sankofa.datasets.fixity")
TASK = "datasets.fixity_all"
CHECKED_STATES = (Version.State.PUBLISHED, Version.State.WITHDRAWN)


@dataclass(frozen=True)
class BadFile:
    record: int
    version: int
    name: str
    sha256: str
    problem: str  # missing | size | checksum


@dataclass
class FixityReport(core_fixity.FixityReport):
    files: int = 0

    BAD_ROW: ClassVar[type] = BadFile


def interval_days() -> float:
    """``SANKOFA_FIXITY_INTERVAL_DAYS``: days between two full fixity checks (default 7)."""
    return float(getattr(settings, "SANKOFA_FIXITY_INTERVAL_DAYS", 7))


def blob_problem(store: BlobStore, sha256: str, size: int, md5: str) -> str | None:
    """What is wrong with the blob `sha256` (read to its end), or None if it is intact."""
    try:
        if store.size(sha256) != size:
            return "size"
        sha, md = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
        with store.open(sha256) as stream:
            while chunk := stream.read(CHUNK_SIZE):
                sha.update(chunk)
                md.update(chunk)
    except (BlobNotFound, FileNotFoundError):
        return "missing"
    if sha.hexdigest() != sha256 or md.hexdigest() != md5:
        return "checksum"
    return None


def _published_files() -> Iterator[tuple[int, int, str, str, int, str]]:
    rows = (
        File.objects.filter(version__state__in=CHECKED_STATES)
        .order_by("sha256", "pk")
        .values_list("version__record_id", "version__number", "name", "sha256", "size", "md5")
    )
    yield from rows.iterator(chunk_size=2000)


def check_all(store: BlobStore | None = None, now: datetime | None = None) -> FixityReport:
    """Check every file of every published (or withdrawn) version; constant memory."""
    store = store or get_blobstore()
    report = FixityReport(started=(now or timezone.now()).isoformat())
    last: tuple[str, int, str] | None = None
    problem: str | None = None
    for record, number, name, sha256, size, md5 in _published_files():
        report.files += 1
        if last != (sha256, size, md5):  # rows come sorted: a shared blob is read once
            last = (sha256, size, md5)
            problem = blob_problem(store, sha256, size, md5)
            report.blobs += 1
            report.bytes += size if problem is None else 0
        if problem is not None:
            report.add_bad(BadFile(record, number, name, sha256, problem))
            logger.error(
                "fixity: record %s version %s file %r (%s): %s",
                record,
                number,
                name,
                sha256,
                problem,
            )
    report.finished = timezone.now().isoformat()
    return report


def last_report() -> tuple[FixityReport, int] | None:
    """The newest finished report and the id of the job that made it, or None."""
    return core_fixity.last_report(TASK, FixityReport)


def log_damage(file: File, detail: str) -> None:
    """A file found damaged while it was served (the next fixity report lists it too)."""
    logger.error(
        "fixity: version %s file %r (%s) is damaged: %s",
        file.version_id,
        file.name,
        file.sha256,
        detail,
    )


def render(report: FixityReport) -> str:
    """The report as lines of text (what ``sankofa datasets fixity`` prints)."""
    return core_fixity.render(
        report,
        f"{report.files} files, {report.blobs} distinct blobs, {report.bytes} bytes intact",
        f"{report.bad_count} bad file(s)" if report.bad_count else "all files intact",
        [
            f"record {b.record} version {b.version} {b.name!r} sha256 {b.sha256}: {b.problem}"
            for b in report.bad
        ],
    )
