"""Reports of usage: the node-wide monthly table for admins, and a record's COUNTER
R5.1 style Dataset Report (`sankofa.core.formats.counter`), public like the counts
its landing page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.formats.counter import METRICS, DatasetUsage, ReportHeader, dataset_report
from sankofa.datasets import links
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Record, Version
from sankofa.datasets.usage import monthly
from sankofa.datasets.usage_models import UsageEvent

__all__ = ["RecordMonth", "counter_report", "require_report", "statistics"]


@dataclass(frozen=True)
class RecordMonth:
    """One row of the admin report: one record's COUNTER figures in one month."""

    record_id: int
    title: str
    month: str  # YYYY-MM
    investigations: int
    unique_investigations: int
    requests: int
    unique_requests: int


def require_report(actor: Actor) -> None:
    """PermissionDenied unless `actor` may see the node-wide report (admins, operators)."""
    if not actor.oversees_node:
        raise PermissionDenied(f"{actor.name} may not see the usage report: only admins may")


def statistics(actor: Actor, begin: date, end: date) -> list[RecordMonth]:
    """Every record's figures per month from `begin` to `end` (days included), newest
    month first, then by record (admins and operators only)."""
    require_report(actor)
    events = UsageEvent.objects.filter(day__gte=begin, day__lte=end)
    figures = monthly(events, by="record_id")
    titles = dict(Record.objects.filter(pk__in=figures).values_list("pk", "latest__title"))
    rows = []
    for record_id, metrics in figures.items():
        months = {month for per_month in metrics.values() for month in per_month}
        for month in months:
            values = [metrics.get(metric, {}).get(month, 0) for metric in METRICS]
            rows.append(RecordMonth(record_id, titles.get(record_id, ""), month, *values))
    rows.sort(key=lambda row: (-int(row.month.replace("-", "")), row.record_id))
    return rows


def counter_report(record_id: int, begin: date, end: date, now: datetime) -> dict[str, object]:
    """The Dataset Report of one published record from `begin` to `end`: an item for
    the record (all versions together), then one for each published version."""
    record = Record.objects.select_related("latest").filter(pk=record_id).first()
    if record is None or record.latest is None:
        raise NotFound(f"no published dataset record {record_id}")
    events = UsageEvent.objects.filter(record_id=record_id, day__gte=begin, day__lte=end)
    whole = monthly(events, by="record_id").get(record_id, {})
    per_version = monthly(events, by="version_id")
    latest = record.latest
    items = [
        DatasetUsage(
            title=latest.title,
            platform=settings.SANKOFA_NODE_NAME,
            publisher=settings.SANKOFA_NODE_NAME,
            url=links.record_url(record),
            year=latest.publication_year,
            ids={
                "DOI": (record.doi or "") if _registered(latest) else "",
                "ARK": record.ark or "",
                "Proprietary": _id(record),
            },
            performance=whole,
        )
    ]
    versions = Version.objects.filter(record_id=record_id, state=Version.State.PUBLISHED)
    for version in versions.order_by("number"):
        items.append(
            DatasetUsage(
                title=f"{version.title} (version {version.number})",
                platform=settings.SANKOFA_NODE_NAME,
                publisher=settings.SANKOFA_NODE_NAME,
                url=links.landing_url(version),
                year=version.publication_year,
                ids={
                    "DOI": (version.doi or "") if _registered(version) else "",
                    "ARK": version.ark or "",
                    "Proprietary": f"{_id(record)}/v{version.number}",
                },
                performance=per_version.get(version.pk, {}),
            )
        )
    header = ReportHeader(
        created=now,
        created_by=settings.SANKOFA_NODE_NAME,
        institution=settings.SANKOFA_NODE_NAME,
        begin=begin,
        end=end,
    )
    return dataset_report(header, items)


def _id(record: Record) -> str:
    return f"sankofa:dataset/{record.pk}"


def _registered(version: Version) -> bool:
    return version.doi_state in (Version.DoiState.REGISTERED, Version.DoiState.FINDABLE)
