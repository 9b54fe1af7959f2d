"""A journal's year 2025, built row by row at fixed dates, for the report tests (A8).

Every number the report must give is worked out by hand in `EXPECTED_2025` (comments on
each submission below give its timeline and what it counts for)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sankofa.journals.models import (
    Article,
    ArticleUsageEvent,
    Journal,
    ReviewAssignment,
    StageEvent,
    Submission,
)


def at(day: str) -> dt.datetime:
    """Noon UTC of an ISO day (whole days between any two)."""
    return dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=dt.UTC)


def submission(journal: Journal, submitted: str | None, *steps: tuple[str, str]) -> Submission:
    """A submission submitted on `submitted` (None: a draft) that went through `steps`
    ((stage, day), in order); its StageEvent rows are the audit trail."""
    last = steps[-1][0] if steps else "submitted"
    s = Submission.objects.create(
        journal=journal,
        stage=last,
        title={"en": f"submission {submitted}"},
        submitted=at(submitted) if submitted else None,
    )
    if submitted:
        StageEvent.objects.create(submission=s, to_stage="submitted", at=at(submitted))
    previous = "submitted"
    for stage, day in steps:
        StageEvent.objects.create(submission=s, from_stage=previous, to_stage=stage, at=at(day))
        previous = stage
    return s


def review(s: Submission, reviewer: int, invited: str, completed: str | None = None) -> None:
    ReviewAssignment.objects.create(
        submission=s,
        round=1,
        reviewer_id=reviewer,
        invited_at=at(invited),
        due=at(invited).date() + dt.timedelta(days=21),
        state="completed" if completed else "declined",
        completed_at=at(completed) if completed else None,
    )


def article(journal: Journal, published: str, title: str) -> Article:
    return Article.objects.create(
        journal=journal,
        title=title,
        metadata={"journal": {"title": "x"}, "titles": [{"value": title}]},
        published=at(published),
    )


def usage(target: Article, kind: str, client: str, day: str, times: int = 1) -> None:
    for _ in range(times):
        ArticleUsageEvent.objects.create(
            article=target, kind=kind, client=client, at=at(day), day=at(day).date()
        )


def build_2025(journal: Journal, other: Journal) -> None:
    # S1: desk rejected after 5 days -> decided (rejected), first decision 5
    submission(journal, "2025-01-10", ("screening", "2025-01-11"), ("desk_rejected", "2025-01-15"))
    # S2: minor revisions on day 30, accepted, published on day 90
    s2 = submission(
        journal,
        "2025-02-01",
        ("screening", "2025-02-02"),
        ("with_editor", "2025-02-03"),
        ("in_review", "2025-02-05"),
        ("minor_revisions", "2025-03-03"),
        ("revised", "2025-03-20"),
        ("accepted", "2025-04-02"),
        ("copyediting", "2025-04-05"),
        ("production", "2025-04-10"),
        ("proofs", "2025-04-20"),
        ("published", "2025-05-02"),
    )
    # S3: declined on day 20
    submission(journal, "2025-03-01", ("in_review", "2025-03-05"), ("declined", "2025-03-21"))
    # S4: still in review: received, not decided
    s4 = submission(journal, "2025-06-01", ("in_review", "2025-06-10"))
    # S5: withdrawn: received, not decided, no decision
    submission(journal, "2025-07-01", ("withdrawn", "2025-07-05"))
    # S6: received in 2024: not in the 2025 cohort (its review completes in 2025)
    s6 = submission(journal, "2024-12-20", ("in_review", "2024-12-27"), ("accepted", "2025-01-20"))
    # S7: a draft never submitted: not counted
    submission(journal, None)
    # S8: accepted on day 40, published on day 91 (in 2026)
    s8 = submission(
        journal,
        "2025-11-01",
        ("in_review", "2025-11-05"),
        ("accepted", "2025-12-11"),
        ("published", "2026-01-31"),
    )
    # another journal's submission: never counted here
    submission(other, "2025-05-05", ("desk_rejected", "2025-05-06"))
    # reviews: invited in 2025: 3 (two on S2, one on S8); completed in 2025: 2 (S2, S6)
    review(s2, 1, "2025-02-05", "2025-02-25")
    review(s2, 2, "2025-02-05")
    review(s6, 1, "2024-12-28", "2025-01-10")
    ReviewAssignment.objects.create(
        submission=s8, round=1, reviewer_id=3, invited_at=at("2025-12-20"), due=dt.date(2026, 1, 9)
    )
    review(s4, 4, "2026-01-02")  # invited in 2026: not counted
    # articles: two published in 2025 (one imported), one in 2024
    a = article(journal, "2025-05-02", "A")
    b = article(journal, "2025-09-01", "B (imported)")
    old = article(journal, "2024-03-01", "Old")
    usage(a, "view", "c1", "2025-05-03", times=2)
    usage(a, "download", "c1", "2025-05-03")
    usage(a, "view", "c2", "2025-05-03")
    usage(a, "download", "c1", "2025-05-04", times=2)
    usage(b, "view", "c1", "2025-09-02")
    usage(old, "view", "c1", "2024-12-31")  # another year
    usage(article(other, "2025-01-01", "Other"), "download", "c1", "2025-06-01")  # other journal


EXPECTED_2025: dict[str, Any] = {
    "journal": "rep",
    "year": 2025,
    "submissions_received": 6,  # S1 S2 S3 S4 S5 S8
    "desk_rejections": 1,  # S1
    "decided": 4,  # S1 S2 S3 S8
    "accepted": 2,  # S2 S8
    "acceptance_rate": 0.5,
    "median_days_to_first_decision": 25.0,  # 5 20 30 40
    "median_days_to_publication": 90.5,  # 90 91
    "reviews_requested": 3,
    "reviews_completed": 2,
    "articles_published": 2,
    "views": 4,  # A: 2 + 1, B: 1
    "downloads": 3,  # A: 1 + 2
    "total_item_investigations": 7,
    "unique_item_investigations": 4,  # (A,c1,05-03) (A,c2,05-03) (A,c1,05-04) (B,c1,09-02)
    "total_item_requests": 3,
    "unique_item_requests": 2,  # (A,c1,05-03) (A,c1,05-04)
}
