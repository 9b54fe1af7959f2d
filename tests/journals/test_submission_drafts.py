"""Drafts: starting one, its metadata, authors and links, and who may touch it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.journals import submissions
from sankofa.journals.models import Author, Submission
from tests.journals.submission_fixtures import (
    BAD_ORCID,
    actor,
    archived_blob,
    author_row,
    blobs,
    journal,
    person,
    published_dataset_ark,
)

__all__ = ["blobs"]

pytestmark = pytest.mark.django_db


def _metadata(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": {"en": "Seed dispersal by hornbills"},
        "abstract": {"en": "We followed hornbills."},
        "keywords": {"en": ["hornbills"]},
    }
    fields.update(overrides)
    return fields


def test_a_draft_belongs_to_its_submitter_and_is_not_submitted() -> None:
    ama = actor(person("ama@example.org"))
    where = journal()
    draft = submissions.start_submission(ama, where.pk, language="fr")
    assert draft.submitted is None
    assert draft.stage == "submitted"
    assert draft.submitter_id == ama.user_id
    assert draft.language == "fr"
    assert list(submissions.my_submissions(ama)) == [draft]


def test_starting_is_refused_to_the_public_and_checked() -> None:
    where = journal()
    with pytest.raises(PermissionDenied):
        submissions.start_submission(Actor(name="public"), where.pk)
    ama = actor(person("ama@example.org"))
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.start_submission(ama, where.pk, language="de", section_id=10**9)
    assert set(caught.value.errors) == {"language", "section"}
    where.open_for_submissions = False
    where.save()
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.start_submission(ama, where.pk)
    assert "journal" in caught.value.errors
    with pytest.raises(submissions.SubmissionNotFound):
        submissions.start_submission(ama, 10**9)
    assert Submission.objects.count() == 0


def test_metadata_is_multilingual_and_needs_the_title_in_the_submission_language() -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal().pk, language="en")
    saved = submissions.set_metadata(
        ama,
        draft.pk,
        title={"en": " Seed dispersal ", "fr": "Dispersion des graines", "de": ""},
        abstract={"en": "We followed hornbills.", "fr": "  "},
        keywords={"en": ["hornbills", "Hornbills", " ", "seeds"], "fr": ["calaos"]},
        cover_letter="Dear editors,",
        data_availability="All data are in the node.",
    )
    saved.refresh_from_db()
    assert saved.title == {"en": "Seed dispersal", "fr": "Dispersion des graines"}
    assert saved.abstract == {"en": "We followed hornbills."}
    assert saved.keywords == {"en": ["hornbills", "seeds"], "fr": ["calaos"]}
    assert saved.cover_letter == "Dear editors,"
    assert saved.data_availability == "All data are in the node."

    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.set_metadata(
            ama, draft.pk, **_metadata(title={"fr": "Seulement en français", "de": "Deutsch"})
        )
    assert set(caught.value.errors) == {"title.en", "title.de"}
    saved.refresh_from_db()
    assert saved.title["en"] == "Seed dispersal"  # nothing was written


def test_links_are_checked_and_normalised(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal().pk)
    ark = published_dataset_ark()
    swhid = archived_blob(b"print('hornbills')\n")
    links = [
        {
            "identifier": "https://doi.org/10.5061/DRYAD.ABC",
            "kind": "dataset",
            "relation": "references",
        },
        {
            "identifier": f"https://node.example/{ark}",
            "kind": "dataset",
            "relation": "isSupplementedBy",
        },
        {"identifier": swhid, "kind": "software", "relation": "isSupplementedBy"},
        {"identifier": "", "kind": "", "relation": ""},
    ]
    saved = submissions.set_metadata(ama, draft.pk, **_metadata(links=links))
    assert saved.links == [
        {
            "identifier": "10.5061/DRYAD.ABC",
            "identifier_type": "DOI",
            "kind": "dataset",
            "relation": "references",
        },
        {
            "identifier": ark,
            "identifier_type": "ARK",
            "kind": "dataset",
            "relation": "isSupplementedBy",
        },
        {
            "identifier": swhid,
            "identifier_type": "SWHID",
            "kind": "software",
            "relation": "isSupplementedBy",
        },
    ]


def test_bad_links_are_refused_with_their_paths(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal().pk)
    not_archived = "swh:1:cnt:" + "0" * 40
    links = [
        {"identifier": "swh:1:cnt:12345", "kind": "software", "relation": "references"},
        {"identifier": "ark:99999/s1nothing", "kind": "dataset", "relation": "references"},
        {"identifier": not_archived, "kind": "software", "relation": "references"},
        {"identifier": "hornbills", "kind": "dataset", "relation": "references"},
        {"identifier": "10.1000/1", "kind": "article", "relation": "cites"},
    ]
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.set_metadata(ama, draft.pk, **_metadata(links=links))
    errors = caught.value.errors
    assert set(errors) == {
        "links[0].identifier",
        "links[1].identifier",
        "links[2].identifier",
        "links[3].identifier",
        "links[4].kind",
        "links[4].relation",
    }
    assert "SWHID" in errors["links[0].identifier"]
    assert "ark:99999/s1nothing" in errors["links[1].identifier"]
    assert "archive" in errors["links[2].identifier"]
    assert Submission.objects.get(pk=draft.pk).links == []


def test_authors_are_checked_and_stored_in_order() -> None:
    ama_user = person("ama@example.org")
    ama = actor(ama_user)
    draft = submissions.start_submission(ama, journal().pk)
    made = submissions.set_authors(
        ama,
        draft.pk,
        [
            author_row(orcid="https://orcid.org/0000-0002-1825-0097", user_id=ama_user.pk),
            author_row(
                given_names="Kofi",
                surname="Boateng",
                email="",
                orcid="",
                corresponding=False,
                affiliations=[],
                credit_roles=["Software"],
            ),
        ],
    )
    assert [a.surname for a in made] == ["Mensah", "Boateng"]
    first = Author.objects.get(submission=draft, order=0)
    assert first.orcid == "0000-0002-1825-0097"
    assert first.affiliations == [
        {"name": "University of Ghana", "ror": "https://ror.org/05dxps055", "country": "GH"}
    ]
    assert first.user_id == ama_user.pk
    assert first.corresponding
    # replacing keeps no old row
    submissions.set_authors(ama, draft.pk, [author_row(surname="Owusu")])
    assert list(Author.objects.filter(submission=draft).values_list("surname", flat=True)) == [
        "Owusu"
    ]


def test_bad_authors_are_refused_with_their_paths() -> None:
    ama = actor(person("ama@example.org"))
    other = person("kofi@example.org")
    draft = submissions.start_submission(ama, journal().pk)
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.set_authors(
            ama,
            draft.pk,
            [
                author_row(affiliations=[{"name": "", "ror": "05dxps056", "country": "Ghana"}]),
                author_row(orcid=BAD_ORCID, credit_roles=["Typing"], email="not-an-address"),
                author_row(surname=" ", user_id=other.pk),
            ],
        )
    errors = caught.value.errors
    assert set(errors) == {
        "authors[0].affiliations[0].name",
        "authors[0].affiliations[0].ror",
        "authors[0].affiliations[0].country",
        "authors[1].orcid",
        "authors[1].credit_roles",
        "authors[1].email",
        "authors[2].surname",
        "authors[2].user_id",
    }
    assert "check digit" in errors["authors[1].orcid"]
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.set_authors(ama, draft.pk, [])
    assert set(caught.value.errors) == {"authors"}
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.set_authors(ama, draft.pk, [author_row(corresponding=False)])
    assert "corresponding" in caught.value.errors["authors"]
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.set_authors(ama, draft.pk, [author_row(email="")])
    assert "authors" in caught.value.errors
    assert not Author.objects.filter(submission=draft).exists()


def test_only_the_submitter_touches_a_draft(blobs: Path) -> None:
    where = journal()
    ama = actor(person("ama@example.org"))
    editor = actor(person("ed@example.org", "editor", scope=where.scope_key))
    stranger = actor(person("sly@example.org"))
    draft = submissions.start_submission(ama, where.pk)
    for someone in (editor, stranger, Actor(name="public")):
        with pytest.raises(submissions.SubmissionNotFound):
            submissions.set_metadata(someone, draft.pk, **_metadata())
        with pytest.raises(submissions.SubmissionNotFound):
            submissions.set_authors(someone, draft.pk, [author_row()])
        with pytest.raises(submissions.SubmissionNotFound):
            submissions.add_file(someone, draft.pk, "manuscript", "x.txt", io.BytesIO(b"x"))
        with pytest.raises(submissions.SubmissionNotFound):
            submissions.own_submission(someone, draft.pk)
        with pytest.raises(submissions.SubmissionNotFound):
            submissions.discard_draft(someone, draft.pk)
        assert list(submissions.my_submissions(someone)) == []
    submissions.discard_draft(ama, draft.pk)
    assert not Submission.objects.filter(pk=draft.pk).exists()
