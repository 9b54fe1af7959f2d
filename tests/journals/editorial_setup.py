"""Rows for the editorial and review tests (A3): a journal with its team, people as
actors, and a submitted submission made directly with the ORM (with its StageEvent and a
manuscript blob in the node's blob store)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone

from sankofa.accounts import roles
from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.datasets.files import store_content
from sankofa.journals.models import (
    Author,
    Journal,
    ReviewAssignment,
    StageEvent,
    Submission,
    SubmissionFile,
)

OPERATOR = Actor.operator("test")
MANUSCRIPT = b"%PDF-1.4\n% a manuscript about rainfall\n"
REVIEWER_COPY = b"%PDF-1.4\n% a manuscript about rainfall (stripped)\n"


def person(email: str, journal: Journal | None = None, *held: str) -> Actor:
    """A verified user (created once) with `held` roles in `journal`; their actor now."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, email_verified=timezone.now())
    for role in held:
        assert journal is not None
        roles.grant_role(OPERATOR, user, role, scope=journal.scope_key)
    return roles.actor_for(user)


@dataclass
class Team:
    journal: Journal
    manager: Actor
    editor: Actor
    section_editor: Actor
    copyeditor: Actor
    layout: Actor
    author: Actor
    coauthor: Actor
    reviewer: Actor
    reviewer2: Actor
    stranger: Actor


def make_team(review_model: str = "double_anonymous", slug: str = "jafs") -> Team:
    journal = Journal.objects.create(
        slug=slug,
        title={"en": "Journal of African Field Science"},
        primary_language="en",
        languages=["en", "fr"],
        review_model=review_model,
    )
    return Team(
        journal=journal,
        manager=person(f"manager@{slug}.example", journal, "manager"),
        editor=person(f"editor@{slug}.example", journal, "editor"),
        section_editor=person(f"section@{slug}.example", journal, "section_editor"),
        copyeditor=person(f"copy@{slug}.example", journal, "copyeditor"),
        layout=person(f"layout@{slug}.example", journal, "layout_editor"),
        author=person("ama.owusu@uni.example"),
        coauthor=person("kwame.mensah@uni.example"),
        reviewer=person("rev.one@review.example"),
        reviewer2=person("rev.two@review.example"),
        stranger=person("nobody@else.example"),
    )


def submit(team: Team, *, title: str = "Rainfall and maize yields in Ashanti") -> Submission:
    """A submitted submission by `team.author` with two authors and one manuscript whose
    name carries the first author's surname (and a stripped reviewer copy)."""
    now = timezone.now()
    submission = Submission.objects.create(
        journal=team.journal,
        submitter_id=team.author.user_id,
        submitter_name=team.author.name,
        language="en",
        title={"en": title},
        abstract={"en": "We measured rain and maize over ten seasons."},
        keywords={"en": ["rainfall", "maize"]},
        cover_letter="Dear editor, Ama Owusu here.",
        data_availability="The data are in the node.",
        submitted=now,
    )
    Author.objects.create(
        submission=submission,
        order=0,
        given_names="Ama",
        surname="Owusu",
        email="ama.owusu@uni.example",
        orcid="0000-0002-1825-0097",
        affiliations=[{"name": "University of Ghana", "ror": "https://ror.org/01r22mr83"}],
        corresponding=True,
        user_id=team.author.user_id,
    )
    Author.objects.create(
        submission=submission,
        order=1,
        given_names="Kwame",
        surname="Mensah",
        email="kwame.mensah@uni.example",
        orcid="0000-0001-5109-3700",
        affiliations=[{"name": "KNUST Kumasi"}],
        user_id=team.coauthor.user_id,
    )
    stored = store_content(io.BytesIO(MANUSCRIPT))
    copy = store_content(io.BytesIO(REVIEWER_COPY))
    SubmissionFile.objects.create(
        submission=submission,
        kind=SubmissionFile.Kind.MANUSCRIPT,
        name="Owusu-rainfall-draft.pdf",
        media_type="application/pdf",
        size=stored.size,
        sha256=stored.sha256,
        reviewer_sha256=copy.sha256,
        uploaded_by_id=team.author.user_id,
    )
    data = store_content(io.BytesIO(b"season,rain_mm\n2015,1200\n"))
    SubmissionFile.objects.create(
        submission=submission,
        kind=SubmissionFile.Kind.SUPPLEMENTARY,
        name="rain.csv",
        media_type="text/csv",
        size=data.size,
        sha256=data.sha256,
        uploaded_by_id=team.author.user_id,
    )
    StageEvent.objects.create(
        submission=submission,
        to_stage="submitted",
        actor_id=team.author.user_id,
        actor_name=team.author.name,
        at=now,
    )
    return submission


def reviewed(team: Team, submission: Submission) -> ReviewAssignment:
    """Bring `submission` into review with a completed review by `team.reviewer`."""
    from sankofa.journals import editorial, reviews

    editorial.move(team.editor, submission.pk, "start_screening")
    editorial.assign_editor(team.editor, submission.pk, team.section_editor.user_id or 0)
    editorial.move(team.section_editor, submission.pk, "send_to_review")
    review = reviews.invite(team.section_editor, submission.pk, team.reviewer.user_id or 0)
    reviews.respond(team.reviewer, review.pk, True)
    return reviews.submit_review(
        team.reviewer,
        review.pk,
        recommendation="minor_revisions",
        answers={},
        comments_to_author="Clear paper; add the 2019 season.",
        confidential_comments="I think the authors are careful.",
    )
