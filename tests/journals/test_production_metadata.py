"""`metadata.article_metadata`: the rows of a submission as the article model."""

from __future__ import annotations

import datetime

import pytest

from sankofa.core.formats.article import model as m
from sankofa.journals.metadata import article_metadata
from sankofa.journals.models import Author, StageEvent
from tests.journals.production_support import accepted_submission, make_desk

pytestmark = pytest.mark.django_db


def test_every_field_from_the_rows(node_home: object) -> None:
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    when = datetime.datetime(2024, 5, 6, 23, 30, tzinfo=datetime.UTC)
    article = article_metadata(submission, published=when)

    assert article.journal == m.Journal(
        title="Journal of African Field Science",
        issn_online="2475-9066",
        publisher="Sankofa Press",
        journal_id="jafs",
    )
    # the submission's language first, the others as translations
    assert article.titles == (m.Text("Pluie et maïs", "fr"), m.Text("Rainfall and maize", "en"))
    assert article.language == "fr"
    assert article.abstracts[0] == m.Text("Nous avons mesuré la pluie.", "fr")
    assert article.keywords == (
        m.Keyword(value="pluie", lang="fr"),
        m.Keyword(value="rainfall", lang="en"),
        m.Keyword(value="maize", lang="en"),
    )
    assert article.section == "Agronomie"
    assert (article.volume, article.issue) == ("3", "1")
    assert article.licence == m.Licence(url="https://creativecommons.org/licenses/by/4.0/")
    assert article.data_availability == "The data are in the node."
    assert article.related == (
        m.RelatedObject(identifier="10.5061/dryad.abc", identifier_type="DOI", kind="dataset"),
        m.RelatedObject(
            identifier="swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505",
            identifier_type="SWHID",
            relation="isSupplementedBy",
            kind="software",
        ),
    )
    # dates: submitted, the accept event, and the day asked for (node time zone: UTC)
    assert article.received == m.PartialDate(2024, 1, 10)
    assert article.accepted == m.PartialDate(2024, 3, 2)
    assert article.published == m.PartialDate(2024, 5, 6)
    # authors in byline order, with what they carry
    owusu, mensah = article.contributors
    assert owusu == m.Contributor(
        surname="Owusu",
        given_names="Ama",
        orcid="0000-0002-1825-0097",
        email="ama@uni.example",
        affiliations=(m.Affiliation(name="University of Ghana", ror="https://ror.org/01r22mr83"),),
        credit_roles=("Conceptualization", "Software"),
        corresponding=True,
    )
    assert mensah.affiliations == (m.Affiliation(name="KNUST Kumasi", country="GH"),)
    assert mensah.orcid is None and mensah.email is None and not mensah.corresponding


def test_missing_parts_stay_missing(node_home: object) -> None:
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    StageEvent.objects.filter(submission=submission, action="accept").delete()
    Author.objects.filter(submission=submission).delete()
    submission.issue = None
    submission.section = None
    submission.links = [{"identifier": ""}, "junk"]
    submission.abstract = {"en": "  "}
    submission.save()
    article = article_metadata(submission)
    assert article.accepted is None
    assert article.contributors == ()
    assert (article.volume, article.issue, article.section) == ("", "", "")
    assert article.related == () and article.abstracts == ()
    today = datetime.date.today()
    assert article.published is not None and article.published.year == today.year


def test_the_latest_accept_counts_and_nothing_is_written(node_home: object) -> None:
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    later = datetime.datetime(2024, 4, 1, 12, tzinfo=datetime.UTC)
    StageEvent.objects.create(submission=submission, action="accept", to_stage="accepted", at=later)
    events = StageEvent.objects.count()
    assert article_metadata(submission).accepted == m.PartialDate(2024, 4, 1)
    assert StageEvent.objects.count() == events
