"""A dataset from draft to tombstone, on the real database and the real blob store."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from sankofa.core.blobstore import LocalBlobStore
from sankofa.core.formats.datacite import xml47
from sankofa.core.formats.datacite.vocabulary import RelatedIdentifierType, RelationType
from sankofa.core.identifiers.ark import Ark
from sankofa.core.jobs.models import Job
from sankofa.datasets import services, tasks
from sankofa.datasets.errors import DatasetError, InvalidState, NotFound
from sankofa.datasets.models import Change, File, Record, Version
from tests.datasets.conftest import ADA, CURATOR, OPERATOR, blob_count, resource

pytestmark = pytest.mark.django_db

MakeFile = Callable[[str, bytes], Path]


def published_v1(make_file: MakeFile) -> Version:
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, resource())
    services.add_file(ADA, draft.pk, "rain.csv", make_file("rain.csv", b"day,mm\n1,3\n"))
    services.add_file(ADA, draft.pk, "README.txt", make_file("README.txt", b"read me\n"))
    return services.publish(ADA, draft.pk)


def test_full_lifecycle(blobs: LocalBlobStore, make_file: MakeFile) -> None:
    draft = services.create_draft(ADA)
    assert (draft.number, draft.state, draft.ark) == (1, "draft", None)
    assert draft.record.owner_id == ADA.user_id and draft.record.ark is None

    services.set_metadata(ADA, draft.pk, resource("Rain"))
    services.add_file(ADA, draft.pk, "rain.csv", make_file("rain.csv", b"day,mm\n1,3\n"))
    services.add_file(ADA, draft.pk, "extra.bin", make_file("extra.bin", b"\x00\x01"))
    services.remove_file(ADA, draft.pk, "extra.bin")
    done = services.submit(ADA, draft.pk)  # no community: no review, published at once

    version = Version.objects.get(pk=done.pk)
    record = Record.objects.get(pk=version.record_id)
    assert version.state == "published" and version.published_at is not None
    assert (version.title, version.publication_year, version.resource_type_general) == (
        "Rain",
        2026,
        "Dataset",
    )
    assert [f.name for f in version.files.all()] == ["rain.csv"]
    for ark in (version.ark, record.ark):
        parsed = Ark.parse(ark or "")
        assert (parsed.naan, parsed.shoulder) == ("99999", "s1")
        assert parsed.has_valid_check_character
    assert version.ark != record.ark and record.latest_id == version.pk

    # the metadata names both ARKs and stays a valid kernel-4.7 document
    stored = xml47.read(bytes(version.metadata or b""))
    assert [(a.identifier_type, a.value) for a in stored.alternate_identifiers] == [
        ("ARK", version.ark)
    ]
    (related,) = stored.related_identifiers
    assert related.identifier_type == RelatedIdentifierType.ARK
    assert (related.relation_type, related.value) == (RelationType.IS_VERSION_OF, record.ark)

    # publishing again is refused, and a fixity job was queued for after commit
    with pytest.raises(InvalidState, match="already published"):
        services.publish(ADA, version.pk)
    job = Job.objects.get(name="datasets.fixity")
    assert job.arguments == {"args": [version.pk], "kwargs": {}}
    assert tasks.fixity(ADA, version.pk) == {"checked": 1, "bad": []}


def test_fixity_names_a_damaged_blob(blobs: LocalBlobStore, make_file: MakeFile) -> None:
    version = published_v1(make_file)
    damaged = version.files.get(name="rain.csv")
    blobs.path(damaged.sha256).chmod(0o644)
    blobs.path(damaged.sha256).write_bytes(b"day,mm\n1,4\n")
    assert tasks.fixity(ADA, version.pk) == {"checked": 2, "bad": ["rain.csv"]}


def test_new_version_shares_files_and_concept_resolves_to_latest(
    blobs: LocalBlobStore, make_file: MakeFile
) -> None:
    v1 = published_v1(make_file)
    assert blob_count(blobs) == 2
    v2 = services.new_version(ADA, v1.record_id)
    assert (v2.number, v2.state, v2.ark) == (2, "draft", None)
    assert v2.title == v1.title
    assert sorted((f.name, f.sha256) for f in v2.files.all()) == sorted(
        (f.name, f.sha256) for f in v1.files.all()
    )
    # the draft's metadata no longer claims v1's ARK
    assert (v2.resource() or resource()).alternate_identifiers == ()

    # the same content under another name, and a new file: one blob more, not two
    services.add_file(ADA, v2.pk, "copy.csv", make_file("copy.csv", b"day,mm\n1,3\n"))
    services.add_file(ADA, v2.pk, "more.csv", make_file("more.csv", b"day,mm\n2,0\n"))
    assert blob_count(blobs) == 3
    assert File.objects.filter(sha256=hashlib.sha256(b"day,mm\n1,3\n").hexdigest()).count() == 3

    record = Record.objects.get(pk=v1.record_id)
    assert services.resolve(record.ark or "") == v1  # v2 is still a draft
    v2 = services.publish(ADA, v2.pk)
    record.refresh_from_db()
    assert services.resolve(record.ark or "") == v2
    assert services.resolve(v1.ark or "") == v1  # a version ARK keeps naming its version
    assert services.resolve(f"https://n2t.net/{v2.ark}") == v2  # normalised like any ARK
    assert record.ark == Record.objects.get(pk=v1.record_id).ark  # minted once
    assert blob_count(blobs) == 3

    services.new_version(ADA, record.pk)
    with pytest.raises(InvalidState, match="already has version 3"):
        services.new_version(ADA, record.pk)


def test_withdrawn_versions_resolve_to_their_tombstone(
    blobs: LocalBlobStore, make_file: MakeFile
) -> None:
    v1 = published_v1(make_file)
    v2 = services.publish(ADA, services.new_version(ADA, v1.record_id).pk)
    record = Record.objects.get(pk=v1.record_id)

    services.withdraw(CURATOR, v2.pk, "Contains personal data.")
    tomb = services.resolve(v2.ark or "")
    assert tomb.pk == v2.pk and tomb.state == "withdrawn"
    assert tomb.withdrawal_reason == "Contains personal data." and tomb.withdrawn_at
    assert tomb.title == v2.title and tomb.resource() == v2.resource()  # metadata kept
    assert services.resolve(record.ark or "") == v1  # the concept falls back to v1

    services.withdraw(CURATOR, v1.pk, "Retracted by the authors.")
    shown = services.resolve(record.ark or "")
    assert (shown.pk, shown.state) == (v2.pk, "withdrawn")  # the newest tombstone

    with pytest.raises(InvalidState, match="only published versions can be withdrawn"):
        services.withdraw(CURATOR, v1.pk, "again")
    with pytest.raises(ValueError, match="needs a reason"):
        services.withdraw(CURATOR, v1.pk, "  ")


def test_unknown_and_malformed_arks() -> None:
    with pytest.raises(NotFound, match="no dataset has the ARK ark:99999/s1"):
        services.resolve("ark:99999/s10000000")
    with pytest.raises(ValueError, match="label ark:"):
        services.resolve("doi:10.5072/x")


def test_audit_trail_records_every_change(blobs: LocalBlobStore, make_file: MakeFile) -> None:
    v1 = published_v1(make_file)
    v2 = services.new_version(ADA, v1.record_id)
    services.remove_file(ADA, v2.pk, "README.txt")
    services.publish(ADA, v2.pk)
    services.withdraw(CURATOR, v1.pk, "superseded by an error fix")

    changes = services.history(ADA, v1.record_id)
    assert [(c.action, c.actor_name) for c in changes] == [
        ("create_draft", "ada"),
        ("set_metadata", "ada"),
        ("add_file", "ada"),
        ("add_file", "ada"),
        ("publish", "ada"),
        ("new_version", "ada"),
        ("remove_file", "ada"),
        ("publish", "ada"),
        ("withdraw", "carl"),
    ]
    assert all(c.at is not None for c in changes)
    assert changes[2].details == {
        "name": "rain.csv",
        "size": 11,
        "sha256": hashlib.sha256(b"day,mm\n1,3\n").hexdigest(),
    }
    assert changes[4].details["ark"] == v1.ark and changes[4].details["concept_ark_minted"]
    assert changes[7].details["concept_ark_minted"] is False
    assert changes[5].details == {"number": 2, "base": 1}
    assert changes[8].details == {"ark": v1.ark, "reason": "superseded by an error fix"}
    assert [c.version_id for c in changes][-2:] == [v2.pk, v1.pk]


def test_a_refused_call_leaves_no_change(make_file: MakeFile, node_home: Path) -> None:
    draft = services.create_draft(ADA)
    with pytest.raises(InvalidState, match="no metadata yet"):
        services.submit(ADA, draft.pk)
    assert [c.action for c in services.history(ADA, draft.record_id)] == ["create_draft"]
    assert Version.objects.get(pk=draft.pk).state == "draft"


def test_discarding_the_only_draft_removes_the_record(node_home: Path) -> None:
    draft = services.create_draft(ADA)
    services.discard_draft(ADA, draft.pk)
    assert not Record.objects.exists() and not Version.objects.exists()
    # the audit trail outlives the record
    trail: list[tuple[object, ...]] = list(
        Change.objects.values_list("action", "record_id", "details")
    )
    assert trail == [
        ("create_draft", None, {"community": None}),
        ("discard_draft", None, {"number": 1, "record_id": draft.record_id}),
    ]


def test_communities_are_checked_and_audited(node_home: Path) -> None:
    ocean = services.create_community(OPERATOR, "ocean-data", "Ocean data")
    with pytest.raises(DatasetError, match="slug 'ocean-data' exists already"):
        services.create_community(OPERATOR, "ocean-data", "Again")
    with pytest.raises(ValueError, match="lower-case letters, digits and '-'"):
        services.create_community(OPERATOR, "Ocean Data", "Ocean data")
    with pytest.raises(ValueError, match="needs a title"):
        services.create_community(OPERATOR, "soil", " ")
    draft = services.create_draft(ADA, ocean.pk)
    entries = list(Change.objects.filter(community=ocean).values_list("action", "details"))
    assert entries == [
        (
            "create_community",
            {"slug": "ocean-data", "title": "Ocean data", "review_required": False},
        ),
        ("create_draft", {"community": "ocean-data"}),
    ]
    assert draft.record.community == ocean
