"""Usage statistics of datasets, COUNTER R5.1 style: views and downloads of published
versions, per version and per record.

Writing is one INSERT per hit (`count_view`, `count_download`); everything else is
worked out when counts are read:

- a view of a version's page is a COUNTER *investigation*, a download of one of its
  files a *request* (COUNTER counts every request as an investigation too: the
  report of `monthly` does, `totals` keeps views and downloads apart);
- robots (user agents on the COUNTER robots list) are not recorded at all;
- double-click filtering: hits of the same client on the same item (a version's page,
  or one file) less than `DOUBLE_CLICK` apart count once (the last of a run counts);
- *unique* counts count each client once per day per item (COUNTER's user-session);
- a client is a key, never an address: SHA-256 of its identity (the signed-in user's
  id, else address and user agent) with a random salt that is replaced every day, so
  keys of different days cannot be linked, nor traced back to an address.

Only published versions are counted (drafts and tombstones are not dataset usage).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypedDict

import counter_robots
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import Lead
from django.utils import timezone

from sankofa.datasets.models import File, Version
from sankofa.datasets.usage_models import UsageEvent, UsageSalt

__all__ = [
    "DOUBLE_CLICK",
    "Count",
    "Hit",
    "Totals",
    "client_key",
    "count_download",
    "count_view",
    "counted",
    "is_robot",
    "monthly",
    "totals",
]

DOUBLE_CLICK = timedelta(seconds=30)


@dataclass(frozen=True)
class Hit:
    """One look at a dataset, as the edge saw it (built by
    `sankofa.web.datasets.usage.hits.hit_from_request`)."""

    address: str
    user_agent: str
    user_id: int | None = None
    session: str = ""
    at: datetime = field(default_factory=timezone.now)


class Count(TypedDict):
    total: int
    unique: int


class Totals(TypedDict):
    """Counts of one version (``views``, ``downloads``) and of its whole record."""

    views: Count
    downloads: Count
    record: dict[str, Count]


def is_robot(user_agent: str) -> bool:
    """Whether `user_agent` is on the COUNTER robots list (crawlers, but also command-line
    clients such as curl or wget, and a missing user agent)."""
    return bool(counter_robots.is_robot(user_agent))


def count_view(hit: Hit, version: Version) -> bool:
    """Record a view of `version`'s page; False when it is not counted (a robot, or a
    version that is not published)."""
    if version.state != Version.State.PUBLISHED or is_robot(hit.user_agent):
        return False
    _record(hit, version.record_id, version.pk, None, UsageEvent.Kind.VIEW)
    return True


def count_download(hit: Hit, file: File) -> bool:
    """Record a download of `file` (call it once per download, not per Range request:
    a download counts when its first byte is asked for)."""
    version = file.version
    if version.state != Version.State.PUBLISHED or is_robot(hit.user_agent):
        return False
    _record(hit, version.record_id, version.pk, file.pk, UsageEvent.Kind.DOWNLOAD)
    return True


def _record(hit: Hit, record_id: int, version_id: int, file_id: int | None, kind: str) -> None:
    day = timezone.localdate(hit.at)
    UsageEvent.objects.create(
        record_id=record_id,
        version_id=version_id,
        file_id=file_id,
        kind=kind,
        client=client_key(hit, day),
        at=hit.at,
        day=day,
    )


def client_key(hit: Hit, day: date | None = None) -> str:
    """The privacy-preserving key of the client of `hit` on `day` (its local day by default)."""
    day = day or timezone.localdate(hit.at)
    if hit.user_id is not None:
        identity = f"user:{hit.user_id}"
    elif hit.session:
        identity = f"session:{hit.session}"
    else:
        identity = f"address:{hit.address}\n{hit.user_agent}"
    salt = _salt(day)
    return hashlib.sha256(f"{salt}\n{identity}".encode()).hexdigest()


_salts: dict[date, str] = {}


def _salt(day: date) -> str:
    """The salt of `day`: made at the day's first hit, shared by all server processes
    through the database; older salts are deleted then."""
    if (salt := _salts.get(day)) is not None:
        return salt
    row = UsageSalt.objects.filter(day=day).first()
    if row is None:
        try:
            with transaction.atomic():
                row = UsageSalt.objects.create(day=day, salt=secrets.token_hex(32))
        except IntegrityError:  # another process made it first
            row = UsageSalt.objects.get(day=day)
        UsageSalt.objects.filter(day__lt=day - timedelta(days=1)).delete()
    _salts.clear()
    _salts[day] = row.salt
    return row.salt


def forget_salts() -> None:
    """Drop this process's copy of the day's salt (tests, after a database flush)."""
    _salts.clear()


def counted(events: QuerySet[UsageEvent]) -> QuerySet[UsageEvent]:
    """`events` less double clicks: a hit counts unless the same client hit the same
    item again within `DOUBLE_CLICK` after it."""
    return events.annotate(
        next_at=Window(
            Lead("at"),
            partition_by=[F("kind"), F("version_id"), F("file_id"), F("client")],
            order_by=F("at").asc(),
        )
    ).filter(Q(next_at__isnull=True) | Q(next_at__gt=F("at") + DOUBLE_CLICK))


def _count(events: QuerySet[UsageEvent], per: str) -> Count:
    return {
        "total": counted(events).count(),
        "unique": events.values(per, "client", "day").distinct().count(),
    }


def totals(version: Version) -> Totals:
    """Views and downloads of `version` and of its whole record (all versions):
    ``{"views": {"total": n, "unique": n}, "downloads": {...},
    "record": {"views": {...}, "downloads": {...}}}``.

    Unique views count clients per day per version; unique downloads count clients per
    day per version that downloaded any of its files (COUNTER's unique requests); the
    record's unique counts count clients per day per record."""
    ours = UsageEvent.objects.filter(version_id=version.pk)
    whole = UsageEvent.objects.filter(record_id=version.record_id)
    view, download = UsageEvent.Kind.VIEW, UsageEvent.Kind.DOWNLOAD
    return {
        "views": _count(ours.filter(kind=view), "version_id"),
        "downloads": _count(ours.filter(kind=download), "version_id"),
        "record": {
            "views": _count(whole.filter(kind=view), "record_id"),
            "downloads": _count(whole.filter(kind=download), "record_id"),
        },
    }


# metric -> month ("YYYY-MM") -> count, per record or version id
Monthly = dict[int, dict[str, dict[str, int]]]


def monthly(events: QuerySet[UsageEvent], by: str = "record_id") -> Monthly:
    """COUNTER's four dataset metrics per month for each `by` (``record_id`` or
    ``version_id``) of `events`: investigations count views and downloads, requests
    downloads; unique ones count clients per day per dataset."""
    out: Monthly = {}

    def add(key: int, metric: str, day: date) -> None:
        months = out.setdefault(key, {}).setdefault(metric, {})
        month = f"{day:%Y-%m}"
        months[month] = months.get(month, 0) + 1

    download = UsageEvent.Kind.DOWNLOAD
    for key, kind, day in counted(events).values_list(by, "kind", "day").iterator():
        add(key, "Total_Dataset_Investigations", day)
        if kind == download:
            add(key, "Total_Dataset_Requests", day)
    sessions = events.values_list(by, "client", "day").distinct()
    for key, _client, day in sessions.iterator():
        add(key, "Unique_Dataset_Investigations", day)
    for key, _client, day in sessions.filter(kind=download).iterator():
        add(key, "Unique_Dataset_Requests", day)
    return out
