"""Demo journal: a diamond open-access journal with one article taken through the whole
editorial workflow, and a few submissions at earlier stages.

- "Journal of Open Hydrology in Africa" (``joha``): double-anonymous review, CC BY 4.0,
  English and French, a section and an issue, a small editorial team (accounts without
  passwords: a reset by mail or ``sankofa createadmin`` lets someone sign in as them);
- one article submitted by an author, screened, given a handling editor, reviewed
  (one review, minor revisions, a revised version), accepted, copyedited, produced as
  JATS from Markdown with pandoc (when pandoc is installed), proofed and published in
  the issue; it cites the demo rainfall dataset by ARK and its software by SWHID;
- one submission in review and one desk-rejected, so the editorial queue has something
  in it.

Built through the same services as the web pages, and only once: a node that already
has the journal keeps what it has.
"""

from __future__ import annotations

import datetime
import io
import shutil

from sankofa.core.actors import Actor
from sankofa.journals.workflow import Action

SLUG = "joha"
DEMO = Actor.operator("demo")
PEOPLE = {
    "manager": ("kofi.manager@example.org", "Kofi Boateng"),
    "editor": ("amina.editor@example.org", "Amina Diallo"),
    "layout_editor": ("tunde.layout@example.org", "Tunde Okafor"),
}
REVIEWER = "lea.reviewer@example.org"
ARTICLE_TITLE = "Daily rainfall at five stations in Ghana, 1990\N{EN DASH}2020"
AUTHOR = "ama.author@example.org"

ARTICLE_MD = """\
# Introduction

Rainfall in West Africa varies strongly from year to year, and long, open station
records are rare. This article describes daily rainfall at five stations in Ghana from
1990 to 2020, published as an open dataset, and the small program that checks it.

# Data and methods

The stations report daily totals in millimetres. A day counts as *wet* when its total
is at least 1 mm. The annual wet-day fraction is $f = n_{wet} / n$.

| Station | Latitude | Longitude |
|---------|---------:|----------:|
| Accra   |      5.60 |     -0.19 |
| Kumasi  |      6.69 |     -1.62 |

: Two of the five stations.

Gaps shorter than three days are left as gaps; nothing is interpolated.[^gaps]

[^gaps]: The raw readings keep every gap, so users may fill them as they wish.

# Results

Wet-day fractions range from 0.31 in Accra to 0.47 in Kumasi, with no trend over the
period at the 5 % level.

# Conclusion

Open station records and open code let anyone check and extend these figures.
"""


def _user(email: str) -> int:
    from sankofa.accounts.models import User

    user, _ = User.objects.get_or_create(email=email)
    return int(user.pk)


def _actor(email: str) -> Actor:
    from sankofa.accounts.models import User
    from sankofa.accounts.roles import actor_for

    return actor_for(User.objects.get(email=email))


def _journal() -> tuple[int, int, int]:
    """The journal, its section and its issue (ids), with its team."""
    from sankofa.journals import journals

    journal = journals.create_journal(
        DEMO,
        SLUG,
        {
            "en": "Journal of Open Hydrology in Africa",
            "fr": "Revue d'hydrologie ouverte en Afrique",
        },
        languages=["en", "fr"],
        issn_online="1234-5679",
        publisher="Sankofa demo node",
        review_model="double_anonymous",
    )
    section = journals.add_section(DEMO, journal.pk, "articles", {"en": "Research articles"})
    issue = journals.create_issue(
        DEMO, journal.pk, year=datetime.date.today().year, volume="1", number="1"
    )
    for role, (email, name) in PEOPLE.items():
        _user(email)
        journals.grant_journal_role(DEMO, journal.pk, email, role, name=name)
    return journal.pk, section.pk, issue.pk


def _submission(journal_id: int, section_id: int, title: str, links: list[dict[str, str]]) -> int:
    from sankofa.journals import submissions

    author = _actor(AUTHOR)
    s = submissions.start_submission(author, journal_id, section_id=section_id)
    submissions.set_metadata(
        author,
        s.pk,
        title={"en": title},
        abstract={"en": "Daily rainfall at five stations in Ghana, 1990 to 2020, as open data."},
        keywords={"en": ["rainfall", "Ghana", "open data"]},
        data_availability="The data and the code are archived on this node (see the links).",
        links=links,
    )
    submissions.set_authors(
        author,
        s.pk,
        [
            {
                "given_names": "Ama",
                "surname": "Mensah",
                "email": AUTHOR,
                "orcid": "0000-0002-1825-0097",
                "affiliations": [{"name": "University of Ghana", "country": "GH"}],
                "credit_roles": ["Conceptualization", "Data curation", "Software"],
                "corresponding": True,
            }
        ],
    )
    submissions.add_file(author, s.pk, "manuscript", "article.md", io.BytesIO(ARTICLE_MD.encode()))
    submissions.submit(author, s.pk)
    return int(s.pk)


def _to_review(submission_id: int) -> None:
    from sankofa.journals import editorial, reviews

    editor = _actor(PEOPLE["editor"][0])
    editorial.move(editor, submission_id, Action.START_SCREENING)
    editorial.assign_editor(editor, submission_id, _user(PEOPLE["editor"][0]))
    editor = _actor(PEOPLE["editor"][0])
    editorial.move(editor, submission_id, Action.SEND_TO_REVIEW)
    reviews.invite(editor, submission_id, _user(REVIEWER))


def _review(submission_id: int, recommendation: str) -> None:
    from sankofa.journals import reviews
    from sankofa.journals.models import ReviewAssignment

    reviewer = _actor(REVIEWER)
    review = ReviewAssignment.objects.filter(submission_id=submission_id).latest("pk")
    reviews.respond(reviewer, review.pk, True)
    reviews.submit_review(
        reviewer,
        review.pk,
        recommendation=recommendation,
        answers={},
        comments_to_author="Clear and useful. Please say how gaps were counted.",
        confidential_comments="No concerns.",
    )


def _publish(submission_id: int, issue_id: int) -> str:
    from sankofa.journals import editorial, production, submissions

    editor = _actor(PEOPLE["editor"][0])
    _review(submission_id, "minor_revisions")
    editorial.move(
        editor, submission_id, Action.REQUEST_MINOR_REVISIONS, note="Please answer the review."
    )
    revised = ARTICLE_MD.replace("nothing is interpolated.", "nothing is interpolated or counted.")
    submissions.submit_revision(
        _actor(AUTHOR), submission_id, [("article.md", io.BytesIO(revised.encode()))]
    )
    editorial.move(editor, submission_id, Action.ACCEPT, note="Thank you: accepted.")
    editorial.move(editor, submission_id, Action.SEND_TO_COPYEDITING)
    editorial.move(editor, submission_id, Action.SEND_TO_PRODUCTION)
    layout = _actor(PEOPLE["layout_editor"][0])
    if shutil.which("pandoc"):
        production.produce_jats_from(layout, submission_id, revised.encode(), "article.md")
    else:
        editorial.add_galley(
            layout,
            submission_id,
            "other",
            "article.md",
            io.BytesIO(revised.encode()),
            label="Markdown",
        )
    editorial.move(layout, submission_id, Action.SEND_PROOFS)
    article = editorial.publish(_actor(PEOPLE["manager"][0]), submission_id, issue_id=issue_id)
    return str(article.ark)


def make_journal(dataset_ark: str | None, software_swhid: str | None) -> list[str]:
    """Make the demo journal and its submissions (once); returns the lines to print."""
    from sankofa.journals import editorial, journals
    from sankofa.journals.models import Journal

    if Journal.objects.filter(slug=SLUG).exists():
        return ["journal already made"]
    journal_id, section_id, issue_id = _journal()
    _user(REVIEWER)
    _user(AUTHOR)
    links = []
    if dataset_ark:
        links.append(
            {
                "identifier": dataset_ark,
                "identifier_type": "ARK",
                "relation": "references",
                "kind": "dataset",
            }
        )
    if software_swhid:
        links.append(
            {
                "identifier": software_swhid,
                "identifier_type": "SWHID",
                "relation": "references",
                "kind": "software",
            }
        )
    first = _submission(journal_id, section_id, ARTICLE_TITLE, links)
    _to_review(first)
    ark = _publish(first, issue_id)
    journals.publish_issue(DEMO, issue_id)
    second = _submission(journal_id, section_id, "Wet-day fractions and the onset of the rains", [])
    _to_review(second)
    third = _submission(journal_id, section_id, "A note on rain gauges", [])
    editor = _actor(PEOPLE["editor"][0])
    editorial.move(editor, third, Action.START_SCREENING)
    editorial.move(editor, third, Action.DESK_REJECT, note="Out of the journal's scope.")
    return [
        f"journal  {SLUG}  Journal of Open Hydrology in Africa",
        f"article  {ark}  published in volume 1, issue 1",
        "journal  one submission in review, one desk-rejected",
    ]
