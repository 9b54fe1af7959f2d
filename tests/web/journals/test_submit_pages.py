"""The author's pages: start, the draft page (metadata, authors, files, submit), my
submissions, and the submission's page (history, decision letter, revision, withdrawal)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sankofa.journals import submissions
from sankofa.journals.models import (
    Author,
    ReviewAssignment,
    StageEvent,
    Submission,
    SubmissionFile,
)
from tests.journals.submission_fixtures import (
    BAD_ORCID,
    VALID_ORCID,
    actor,
    blobs,
    complete_draft,
    journal,
    person,
)

__all__ = ["blobs"]

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "100",
    }


def client_of(email: str) -> tuple[Client, Any]:
    user = person(email)
    client = Client()
    client.force_login(user)
    return client, user


def text(response: Any) -> str:
    return unescape(response.content.decode())


def error_of(page: str, field_id: str) -> str:
    """The message shown next to field `field_id` (its ``-error`` paragraph)."""
    match = re.search(rf'id="{re.escape(field_id)}-error">([^<]*)<', page)
    assert match, f"no error shown for {field_id}"
    return match.group(1)


def edit_url(pk: int) -> str:
    return reverse("journals:submission-edit", args=[pk])


def start(client: Client, slug: str, **data: str) -> Submission:
    answer = client.post(reverse("journals:submit", args=[slug]), {"language": "en", **data})
    assert answer.status_code == 303, answer.content[:800]
    made = Submission.objects.order_by("-pk").first()
    assert made is not None
    assert answer["Location"] == edit_url(made.pk)
    return made


def metadata(**overrides: str) -> dict[str, str]:
    data = {
        "action": "metadata",
        "title_en": "Seed dispersal by hornbills",
        "abstract_en": "We followed hornbills for two years.",
        "keywords_en": "hornbills\nseed dispersal",
        "title_fr": "Dispersion des graines par les calaos",
        "abstract_fr": "",
        "keywords_fr": "",
        "cover_letter": "Dear editors,",
        "data_availability": "The tracks are archived here.",
        **management("links", 1),
        "links-0-identifier": "doi:10.5061/dryad.abc",
        "links-0-kind": "dataset",
        "links-0-relation": "references",
    }
    data.update(overrides)
    return data


def authors(*rows: dict[str, str]) -> dict[str, str]:
    data = {"action": "authors", **management("authors", len(rows))}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"authors-{i}-{key}"] = value
    return data


AMA = {
    "given_names": "Ama",
    "surname": "Mensah",
    "email": "ama@example.org",
    "orcid": VALID_ORCID,
    "affiliation": "University of Ghana",
    "ror": "05dxps055",
    "country": "GH",
    "credit_roles": "Conceptualization",
    "corresponding": "on",
    "is_me": "on",
}


def test_signed_out_people_are_sent_to_sign_in() -> None:
    where = journal()
    for url in (
        reverse("journals:submit", args=[where.slug]),
        reverse("journals:my-submissions"),
        edit_url(1),
        reverse("journals:submission", args=[1]),
    ):
        answer = Client().get(url)
        assert answer.status_code == 302
        assert "login" in answer["Location"] or "sign" in answer["Location"]


def test_a_whole_submission_through_the_pages(blobs: Path) -> None:
    where = journal()
    editor = person("ed@example.org", "editor", scope=where.scope_key)
    client, user = client_of("ama@example.org")
    page = client.get(reverse("journals:submit", args=[where.slug]))
    assert page.status_code == 200
    assert "Articles" in text(page)  # the open section is offered
    draft = start(client, where.slug)

    page = text(client.get(edit_url(draft.pk)))
    assert 'name="title_fr"' in page and 'name="title_en"' in page  # each language
    assert 'name="authors-0-orcid"' in page

    answer = client.post(edit_url(draft.pk), metadata())
    assert answer.status_code == 303
    draft.refresh_from_db()
    assert draft.title == {
        "en": "Seed dispersal by hornbills",
        "fr": "Dispersion des graines par les calaos",
    }
    assert draft.keywords == {"en": ["hornbills", "seed dispersal"]}
    assert draft.links[0]["identifier"] == "10.5061/dryad.abc"

    answer = client.post(edit_url(draft.pk), authors(AMA))
    assert answer.status_code == 303
    saved = Author.objects.get(submission=draft)
    assert (saved.orcid, saved.user_id, saved.credit_roles) == (
        VALID_ORCID,
        user.pk,
        ["Conceptualization"],
    )

    answer = client.post(edit_url(draft.pk), {"action": "submit"})
    assert answer.status_code == 400
    assert "Upload the manuscript." in text(answer)

    upload = SimpleUploadedFile("paper.pdf", b"%PDF-1.4 hornbills", "application/pdf")
    answer = client.post(
        edit_url(draft.pk), {"action": "upload", "kind": "manuscript", "file": upload}
    )
    assert answer.status_code == 303
    assert SubmissionFile.objects.get(submission=draft).name == "paper.pdf"

    answer = client.post(edit_url(draft.pk), {"action": "submit"})
    assert answer.status_code == 303
    assert answer["Location"].startswith(reverse("journals:submission", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.submitted is not None
    assert editor.pk  # told: see the service tests

    page = text(client.get(answer["Location"]))
    assert "Submitted, waiting for the editors" in page
    manuscript = SubmissionFile.objects.get(submission=draft)
    download = reverse("journals:submission-file", args=[where.slug, draft.pk, manuscript.pk])
    assert f'href="{download}"' in page
    got = client.get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"%PDF-1.4 hornbills"  # type: ignore[attr-defined]
    assert got["Content-Disposition"].startswith("attachment")
    # the draft page of a sent submission leads to its page
    assert client.get(edit_url(draft.pk))["Location"] == reverse(
        "journals:submission", args=[draft.pk]
    )
    mine = text(client.get(reverse("journals:my-submissions")))
    assert "Seed dispersal by hornbills" in mine


def test_errors_are_shown_next_to_their_fields(blobs: Path) -> None:
    where = journal()
    client, _user = client_of("ama@example.org")
    draft = start(client, where.slug)
    answer = client.post(
        edit_url(draft.pk),
        metadata(
            title_en="",
            **{
                "links-0-identifier": "swh:1:dir:nothex",
                "links-0-kind": "software",
            },
            **management("links", 2),
            **{
                "links-1-identifier": "ark:99999/s1nothing",
                "links-1-kind": "dataset",
                "links-1-relation": "references",
            },
        ),
    )
    assert answer.status_code == 400
    page = text(answer)
    assert "required" in error_of(page, "id_title_en")
    assert "SWHID" in error_of(page, "id_links-0-identifier")
    assert "ark:99999/s1nothing" in error_of(page, "id_links-1-identifier")
    assert Submission.objects.get(pk=draft.pk).title == {}

    checkboxes = ("credit_roles", "corresponding", "is_me")  # browsers send none unticked
    blank = {key: "" for key in AMA if key not in checkboxes}
    answer = client.post(
        edit_url(draft.pk),
        authors(
            blank,
            {**AMA, "orcid": BAD_ORCID, "is_me": ""},
            {**AMA, "ror": "05dxps056", "corresponding": "", "is_me": ""},
        ),
    )
    assert answer.status_code == 400
    page = text(answer)
    # the blank first row is not sent: the service's authors[0] is row 1 of the page
    assert "check digit" in error_of(page, "id_authors-1-orcid")
    assert "checksum" in error_of(page, "id_authors-2-ror")
    answer = client.post(edit_url(draft.pk), authors({**AMA, "credit_roles": "Typing"}))
    assert answer.status_code == 400
    assert "Typing" in error_of(text(answer), "id_authors-0-credit_roles")
    assert not Author.objects.filter(submission=draft).exists()


def test_another_author_row_is_added_without_script(blobs: Path) -> None:
    client, _user = client_of("ama@example.org")
    draft = start(client, journal().slug)
    answer = client.post(edit_url(draft.pk), {**authors(AMA), "add": "authors"})
    assert answer.status_code == 200
    page = text(answer)
    assert 'name="authors-1-surname"' in page
    assert 'value="Mensah"' in page  # what was typed is kept
    assert not Author.objects.filter(submission=draft).exists()


def test_an_oversized_file_is_refused_with_413(blobs: Path, settings: Any) -> None:
    settings.SANKOFA_JOURNAL_MAX_FILE_BYTES = 100
    client, _user = client_of("ama@example.org")
    draft = start(client, journal().slug)
    upload = SimpleUploadedFile("paper.pdf", b"x" * 101, "application/pdf")
    answer = client.post(
        edit_url(draft.pk), {"action": "upload", "kind": "manuscript", "file": upload}
    )
    assert answer.status_code == 413
    assert "100 bytes" in error_of(text(answer), "id_file")
    assert not SubmissionFile.objects.exists()
    bad = SimpleUploadedFile(" paper.pdf", b"x", "application/pdf")
    answer = client.post(
        edit_url(draft.pk), {"action": "upload", "kind": "manuscript", "file": bad}
    )
    assert answer.status_code == 400
    assert "space" in error_of(text(answer), "id_file")


def test_someone_elses_submission_is_not_found(blobs: Path) -> None:
    where = journal()
    ama = actor(person("ama@example.org"))
    draft = complete_draft(ama, where)
    sly, _user = client_of("sly@example.org")
    assert sly.get(edit_url(draft.pk)).status_code == 404
    assert sly.post(edit_url(draft.pk), metadata()).status_code == 404
    assert sly.get(reverse("journals:submission", args=[draft.pk])).status_code == 404
    submissions.submit(ama, draft.pk)
    assert sly.get(reverse("journals:submission", args=[draft.pk])).status_code == 404
    answer = sly.post(
        reverse("journals:submission", args=[draft.pk]), {"action": "withdraw", "confirm": "yes"}
    )
    assert answer.status_code == 404
    assert Submission.objects.get(pk=draft.pk).stage == "submitted"
    assert "Seed dispersal" not in text(sly.get(reverse("journals:my-submissions")))


def test_the_submission_page_shows_the_letter_and_takes_a_revision(blobs: Path) -> None:
    client, user = client_of("ama@example.org")
    ama = actor(user)
    draft = complete_draft(ama, journal())
    submissions.submit(ama, draft.pk)
    page = text(client.get(reverse("journals:submission", args=[draft.pk])))
    assert 'value="revision"' not in page  # nothing asked yet
    # what an editor's decision leaves (A3 makes it through the workflow)
    Submission.objects.filter(pk=draft.pk).update(stage="minor_revisions", round=1)
    StageEvent.objects.create(
        submission=draft,
        action="request_minor_revisions",
        from_stage="in_review",
        to_stage="minor_revisions",
        round=1,
        note="Please shorten the discussion.",
    )
    page = text(client.get(reverse("journals:submission", args=[draft.pk])))
    assert "Minor revisions requested" in page
    assert "Please shorten the discussion." in page
    assert 'value="revision"' in page

    answer = client.post(
        reverse("journals:submission", args=[draft.pk]),
        {"action": "revision", "note": "Shortened."},
    )
    assert answer.status_code == 400  # the revised manuscript is required
    upload = SimpleUploadedFile("v2.pdf", b"%PDF v2", "application/pdf")
    answer = client.post(
        reverse("journals:submission", args=[draft.pk]),
        {"action": "revision", "note": "Shortened.", "manuscript": upload},
    )
    assert answer.status_code == 303
    draft.refresh_from_db()
    assert draft.stage == "revised"
    assert SubmissionFile.objects.filter(submission=draft, kind="revision", round=1).count() == 1
    page = text(client.get(answer["Location"]))
    assert "Shortened." in page  # the author's own note in the history


def test_withdrawing_asks_first(blobs: Path) -> None:
    client, user = client_of("ama@example.org")
    ama = actor(user)
    draft = complete_draft(ama, journal())
    submissions.submit(ama, draft.pk)
    url = reverse("journals:submission", args=[draft.pk])
    answer = client.post(url, {"action": "withdraw"})
    assert answer.status_code == 200
    assert 'name="confirm"' in text(answer)
    assert Submission.objects.get(pk=draft.pk).stage == "submitted"
    answer = client.post(url, {"action": "withdraw", "confirm": "yes", "note": "Sent elsewhere."})
    assert answer.status_code == 303
    assert Submission.objects.get(pk=draft.pk).stage == "withdrawn"
    assert 'value="withdraw"' not in text(client.get(url))


def test_a_draft_can_be_discarded(blobs: Path) -> None:
    client, _user = client_of("ama@example.org")
    draft = start(client, journal().slug)
    answer = client.post(edit_url(draft.pk), {"action": "discard"})
    assert answer.status_code == 200
    answer = client.post(edit_url(draft.pk), {"action": "discard", "confirm": "yes"})
    assert answer.status_code == 303
    assert not Submission.objects.filter(pk=draft.pk).exists()


def test_start_refuses_a_language_the_journal_does_not_publish(blobs: Path) -> None:
    client, _user = client_of("ama@example.org")
    where = journal()
    answer = client.post(reverse("journals:submit", args=[where.slug]), {"language": "de"})
    assert answer.status_code == 400
    assert error_of(text(answer), "id_language")
    assert client.get(reverse("journals:submit", args=["no-such-journal"])).status_code == 404
    assert not Submission.objects.exists()


def test_the_author_sees_decided_reviews_without_names_or_confidential_comments(
    blobs: Path,
) -> None:
    client, user = client_of("ama@example.org")
    ama = actor(user)
    draft = complete_draft(ama, journal(review_model="double_anonymous"))
    submissions.submit(ama, draft.pk)
    ReviewAssignment.objects.create(
        submission=draft,
        round=1,
        reviewer_id=person("rev@example.org").pk,
        reviewer_name="Rex Reviewer",
        state="completed",
        due=date(2026, 1, 1),
        recommendation="minor_revisions",
        comments_to_author="The maps need a scale bar.",
        confidential_comments="Borderline, frankly.",
    )
    url = reverse("journals:submission", args=[draft.pk])
    assert "The maps need a scale bar." not in text(client.get(url))  # round not decided
    Submission.objects.filter(pk=draft.pk).update(stage="minor_revisions", round=1)
    StageEvent.objects.create(
        submission=draft,
        action="request_minor_revisions",
        from_stage="in_review",
        to_stage="minor_revisions",
        round=1,
        note="See the review.",
    )
    page = text(client.get(url))
    assert "The maps need a scale bar." in page
    assert "Reviewer 1" in page
    assert "Rex Reviewer" not in page
    assert "Borderline" not in page


def test_forms_need_their_csrf_token(blobs: Path) -> None:
    where = journal()
    person("ama@example.org")
    client = Client(enforce_csrf_checks=True)
    assert client.login(email="ama@example.org", password="a long pass phrase")
    answer = client.post(reverse("journals:submit", args=[where.slug]), {"language": "en"})
    assert answer.status_code == 403
    assert not Submission.objects.exists()
