"""Shared by the submission tests (services and pages): people, a journal, a complete
draft, an archived object and a published dataset to link to."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sankofa.accounts.models import RoleAssignment, User
from sankofa.accounts.roles import actor_for
from sankofa.archive.store import object_store
from sankofa.core.actors import Actor
from sankofa.core.blobstore import clear_blobstore_cache
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite.model import (
    Creator,
    Identifier,
    Publisher,
    ResourceType,
    Title,
)
from sankofa.core.formats.datacite.vocabulary import ResourceTypeGeneral
from sankofa.datasets import services as dataset_services
from sankofa.journals import submissions
from sankofa.journals.models import Journal, Section, Submission

PASSWORD = "a long pass phrase"
VALID_ORCID = "0000-0002-1825-0097"
BAD_ORCID = "0000-0002-1825-0098"
VALID_ROR = "05dxps055"


def person(email: str, *roles: str, scope: str = "") -> User:
    user = User.objects.create_user(email, PASSWORD, email_verified=timezone.now())
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role, scope=scope)
    return user


def actor(user: User) -> Actor:
    return actor_for(user)


def journal(
    slug: str = "tropical-ecology",
    *,
    review_model: str = "double_anonymous",
    languages: tuple[str, ...] = ("en", "fr"),
) -> Journal:
    made = Journal.objects.create(
        slug=slug,
        title={"en": "Tropical Ecology", "fr": "Écologie tropicale"},
        primary_language=languages[0],
        languages=list(languages),
        review_model=review_model,
    )
    Section.objects.create(journal=made, slug="articles", title={"en": "Articles"})
    return made


def author_row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "given_names": "Ama",
        "surname": "Mensah",
        "email": "ama@example.org",
        "orcid": VALID_ORCID,
        "affiliations": [{"name": "University of Ghana", "ror": VALID_ROR, "country": "gh"}],
        "credit_roles": ["Conceptualization", "Writing \N{EN DASH} original draft"],
        "corresponding": True,
    }
    row.update(overrides)
    return row


def complete_draft(who: Actor, where: Journal, manuscript: bytes = b"%PDF-1.4\n") -> Submission:
    """A draft with everything `submit` needs."""
    draft = submissions.start_submission(who, where.pk, language="en")
    submissions.set_metadata(
        who,
        draft.pk,
        title={"en": "Seed dispersal by hornbills", "fr": "Dispersion des graines"},
        abstract={"en": "We followed hornbills for two years."},
        keywords={"en": ["hornbills", "seed dispersal"]},
    )
    submissions.set_authors(who, draft.pk, [author_row()])
    submissions.add_file(who, draft.pk, "manuscript", "paper.txt", io.BytesIO(manuscript))
    return draft


def archived_blob(data: bytes) -> str:
    """Put `data` into the node's archive as a git blob; its SWHID."""
    store = object_store()
    done = subprocess.run(
        ["git", "--git-dir", str(store.root), "hash-object", "-w", "--stdin"],
        input=data,
        capture_output=True,
        check=True,
    )
    return "swh:1:cnt:" + done.stdout.decode().strip()


def published_dataset_ark() -> str:
    """The ARK of a dataset version published on this node."""
    depositor = Actor(name="dee", user_id=999_999, roles=frozenset({"depositor"}))
    draft = dataset_services.create_draft(depositor)
    dataset_services.set_metadata(
        depositor,
        draft.pk,
        Resource(
            identifier=Identifier(value="10.5072/example"),
            creators=(Creator(name="Mensah, Ama", given_name="Ama", family_name="Mensah"),),
            titles=(Title(value="Hornbill tracks"),),
            publisher=Publisher(name="Sankofa test node"),
            publication_year=2026,
            resource_type=ResourceType(general=ResourceTypeGeneral.DATASET, value="Tracks"),
        ),
    )
    version = dataset_services.publish(depositor, draft.pk)
    assert version.ark
    return version.ark


@pytest.fixture
def blobs(node_home: Path) -> Path:
    """A fresh blob store and archive for the test."""
    clear_blobstore_cache()
    return node_home
