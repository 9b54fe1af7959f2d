"""The yearly journal report: every number checked against a year built by hand
(tests/journals/reports_setup.py), who may see it, and the years it offers."""

from __future__ import annotations

import datetime as dt

import pytest

from sankofa.core.actors import PermissionDenied
from sankofa.journals.models import Journal, StageEvent, Submission
from sankofa.journals.reports import journal_report, report_years
from tests.journals.editorial_setup import OPERATOR, person
from tests.journals.reports_setup import EXPECTED_2025, at, build_2025, submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal() -> Journal:
    journal = Journal.objects.create(slug="rep", title={"en": "Reports"})
    build_2025(journal, Journal.objects.create(slug="rep-other", title={"en": "Other"}))
    return journal


def test_every_number_of_2025(journal: Journal) -> None:
    assert journal_report(OPERATOR, journal.pk, 2025).as_json() == EXPECTED_2025


def test_2024_and_an_empty_year(journal: Journal) -> None:
    report = journal_report(OPERATOR, journal.pk, 2024)
    # S6 alone was received in 2024, accepted on day 31; one review invited in 2024
    assert (report.submissions_received, report.decided, report.accepted) == (1, 1, 1)
    assert report.acceptance_rate == 1.0
    assert report.median_days_to_first_decision == 31.0
    assert report.median_days_to_publication is None
    assert (report.reviews_requested, report.reviews_completed) == (1, 0)
    assert (report.articles_published, report.views, report.downloads) == (1, 1, 0)
    empty = journal_report(OPERATOR, journal.pk, 2019)
    assert empty.submissions_received == 0 and empty.acceptance_rate is None
    assert empty.median_days_to_first_decision is None


def test_the_submitted_time_starts_a_timeline_without_its_event(journal: Journal) -> None:
    s = submission(journal, "2023-04-01", ("desk_rejected", "2023-04-03"))
    StageEvent.objects.filter(submission=s, to_stage="submitted").delete()
    assert journal_report(OPERATOR, journal.pk, 2023).median_days_to_first_decision == 2.0


def test_year_boundaries_are_utc(journal: Journal) -> None:
    late = Submission.objects.create(
        journal=journal,
        title={"en": "late"},
        submitted=dt.datetime(2022, 12, 31, 23, 59, tzinfo=dt.UTC),
    )
    StageEvent.objects.create(submission=late, to_stage="submitted", at=late.submitted)
    assert journal_report(OPERATOR, journal.pk, 2022).submissions_received == 1
    assert journal_report(OPERATOR, journal.pk, 2023).submissions_received == 0


def test_who_may_see_it(journal: Journal) -> None:
    for role in ("manager", "editor"):
        actor = person(f"{role}@rep.example", journal, role)
        assert journal_report(actor, journal.pk, 2025).submissions_received == 6
    for role in ("section_editor", "copyeditor"):
        with pytest.raises(PermissionDenied):
            journal_report(person(f"{role}@rep.example", journal, role), journal.pk, 2025)
    with pytest.raises(ValueError, match="not a year"):
        journal_report(OPERATOR, journal.pk, 0)


def test_report_years(journal: Journal) -> None:
    Journal.objects.filter(pk=journal.pk).update(created=at("2025-06-01"))
    journal.refresh_from_db()
    # the first submission (S6) is from 2024 and the first article from 2024
    assert report_years(journal, dt.date(2026, 3, 1)) == [2026, 2025, 2024]
    assert report_years(journal, dt.date(2027, 1, 1))[0] == 2027
