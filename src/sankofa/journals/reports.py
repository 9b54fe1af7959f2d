"""A journal's yearly report: what DOAJ and Plan S ask of a journal, and its usage.

`journal_report(actor, journal_id, year)` (needs ``journals.report``) counts, for the
calendar year ``year`` in UTC (1 January 00:00 to 1 January of the next year, excluded):

Submissions (the *cohort*: the submissions whose ``submitted`` time falls in the year;
authors' drafts, never submitted, do not count):

* ``submissions_received``: the size of the cohort.
* ``desk_rejections``: cohort submissions with a ``desk_rejected`` stage event.
* ``decided``: cohort submissions with a *final* decision so far: they reached
  ``accepted`` (ever: an accepted paper stays accepted through production and
  publication), or ``declined``, or ``desk_rejected``. Withdrawn submissions and those
  still under way are not decided.
* ``accepted``: cohort submissions that reached ``accepted``.
* ``acceptance_rate``: ``accepted / decided`` (desk rejections count as rejections), as a
  fraction from 0 to 1, None when nothing was decided. This is the rate DOAJ and Plan S
  mean: of the submissions received in the year and decided, the share accepted.
* ``median_days_to_first_decision``: the median over the cohort of the days (fractional)
  from submission to the first decision of any kind (`workflow.FIRST_DECISION_STAGES`:
  accept, minor or major revisions, resubmit, decline, desk reject), counting only the
  submissions that have had one (`workflow.median_days_to_first_decision`).
* ``median_days_to_publication``: the same from submission to publication, over the
  cohort submissions published so far (`workflow.median_days_to_publication`).

A submission's timeline is its `StageEvent` rows (``to_stage``, ``at``) plus its
``submitted`` time as a ``submitted`` event (so a timeline always has its start).

Reviews (activity in the year, whatever the submission's year):

* ``reviews_requested``: review invitations sent in the year (``invited_at``), whatever
  became of them (accepted, declined, cancelled, completed).
* ``reviews_completed``: reviews completed in the year (``completed_at``).

Articles and usage (COUNTER R5.1 style, over ``ArticleUsageEvent`` rows of the
journal's articles whose ``day`` is in the year; robots were excluded when counting):

* ``articles_published``: articles with ``published`` in the year (imported included).
* ``views`` / ``downloads``: events of each kind.
* ``total_item_investigations``: every event (a download is also an investigation);
  ``unique_item_investigations``: distinct (article, client, day) among them.
* ``total_item_requests``: downloads; ``unique_item_requests``: distinct (article,
  client, day) among downloads. (The client key is renewed daily, as for datasets, so a
  day stands for COUNTER's session.)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import QuerySet

from sankofa.core.actors import Actor, require
from sankofa.journals import workflow
from sankofa.journals.models import (
    Article,
    ArticleUsageEvent,
    Journal,
    ReviewAssignment,
    StageEvent,
    Submission,
)
from sankofa.journals.workflow import Stage

__all__ = ["JournalReport", "journal_report", "report_years"]

_FINAL = frozenset({Stage.ACCEPTED, Stage.DECLINED, Stage.DESK_REJECTED})


@dataclass(frozen=True)
class JournalReport:
    """The numbers of one journal for one year (see the module docstring)."""

    journal: str
    year: int
    submissions_received: int
    desk_rejections: int
    decided: int
    accepted: int
    acceptance_rate: float | None
    median_days_to_first_decision: float | None
    median_days_to_publication: float | None
    reviews_requested: int
    reviews_completed: int
    articles_published: int
    views: int
    downloads: int
    total_item_investigations: int
    unique_item_investigations: int
    total_item_requests: int
    unique_item_requests: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    if not 1 <= year < 9999:
        raise ValueError(f"{year} is not a year")
    return dt.datetime(year, 1, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)


def _timelines(cohort: QuerySet[Submission]) -> list[list[tuple[Stage, dt.datetime]]]:
    """Each cohort submission's ``(stage, at)`` events, its ``submitted`` time included."""
    timelines: dict[int, list[tuple[Stage, dt.datetime]]] = {}
    for pk, submitted in cohort.values_list("pk", "submitted"):
        if submitted is not None:  # the cohort has no drafts
            timelines[pk] = [(Stage.SUBMITTED, submitted)]
    events = StageEvent.objects.filter(submission__in=cohort).values_list(
        "submission_id", "to_stage", "at"
    )
    for pk, stage, at in events.iterator(chunk_size=2000):
        if stage in Stage._value2member_map_:
            timelines[pk].append((Stage(stage), at))
    return list(timelines.values())


def _reached(timeline: Iterable[tuple[Stage, dt.datetime]]) -> frozenset[Stage]:
    return frozenset(stage for stage, _at in timeline)


def _usage(journal: Journal, start: dt.date, end: dt.date) -> dict[str, int]:
    rows = ArticleUsageEvent.objects.filter(
        article__journal=journal, day__gte=start, day__lt=end
    ).values_list("article_id", "client", "day", "kind")
    counts: dict[str, int] = defaultdict(int)
    investigations: set[tuple[int, str, dt.date]] = set()
    requests: set[tuple[int, str, dt.date]] = set()
    for article_id, client, day, kind in rows.iterator(chunk_size=5000):
        key = (article_id, client, day)
        investigations.add(key)
        counts["total_item_investigations"] += 1
        if kind == ArticleUsageEvent.Kind.DOWNLOAD:
            requests.add(key)
            counts["downloads"] += 1
        else:
            counts["views"] += 1
    counts["total_item_requests"] = counts["downloads"]
    counts["unique_item_investigations"] = len(investigations)
    counts["unique_item_requests"] = len(requests)
    return counts


def journal_report(actor: Actor, journal_id: int, year: int) -> JournalReport:
    """The report of journal `journal_id` for `year` (see the module docstring)."""
    journal = Journal.objects.get(pk=journal_id)
    require(actor, "journals.report", journal.scope_key)
    start, end = _bounds(year)
    cohort = Submission.objects.filter(
        journal=journal, submitted__isnull=False, submitted__gte=start, submitted__lt=end
    )
    timelines = _timelines(cohort)
    reached = [_reached(t) for t in timelines]
    decided = sum(1 for r in reached if r & _FINAL)
    accepted = sum(1 for r in reached if Stage.ACCEPTED in r)
    reviews = ReviewAssignment.objects.filter(submission__journal=journal)
    usage = _usage(journal, start.date(), end.date())
    return JournalReport(
        journal=journal.slug,
        year=year,
        submissions_received=len(timelines),
        desk_rejections=sum(1 for r in reached if Stage.DESK_REJECTED in r),
        decided=decided,
        accepted=accepted,
        acceptance_rate=accepted / decided if decided else None,
        median_days_to_first_decision=workflow.median_days_to_first_decision(timelines),
        median_days_to_publication=workflow.median_days_to_publication(timelines),
        reviews_requested=reviews.filter(invited_at__gte=start, invited_at__lt=end).count(),
        reviews_completed=reviews.filter(completed_at__gte=start, completed_at__lt=end).count(),
        articles_published=Article.objects.filter(
            journal=journal, published__gte=start, published__lt=end
        ).count(),
        views=usage["views"],
        downloads=usage["downloads"],
        total_item_investigations=usage["total_item_investigations"],
        unique_item_investigations=usage["unique_item_investigations"],
        total_item_requests=usage["total_item_requests"],
        unique_item_requests=usage["unique_item_requests"],
    )


def report_years(journal: Journal, today: dt.date | None = None) -> list[int]:
    """The years a report can be asked for, newest first: from the journal's first
    submission, article or creation (whichever is earliest) to this year."""
    this_year = (today or dt.datetime.now(dt.UTC).date()).year
    firsts = [journal.created.year]
    first_submission = (
        Submission.objects.filter(journal=journal, submitted__isnull=False)
        .order_by("submitted")
        .values_list("submitted", flat=True)
        .first()
    )
    first_article = (
        Article.objects.filter(journal=journal)
        .order_by("published")
        .values_list("published", flat=True)
        .first()
    )
    firsts += [d.year for d in (first_submission, first_article) if d is not None]
    return list(range(this_year, min(min(firsts), this_year) - 1, -1))
