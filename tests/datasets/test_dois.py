"""DOIs at DataCite: reserved with the draft, findable at publication, hidden at withdrawal,
as jobs after commit, against a local fake DataCite that checks every request."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.core.checks import run_checks
from django.utils import timezone

from sankofa.core.formats import datacite_rest
from sankofa.core.formats.datacite import validate, xml46
from sankofa.core.formats.datacite.model import RelatedIdentifier
from sankofa.core.formats.datacite.vocabulary import (
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
)
from sankofa.core.identifiers.ark import ncda_check_character
from sankofa.core.jobs import retry_job, runner
from sankofa.core.jobs.models import Job
from sankofa.datasets import pids, services
from sankofa.datasets.models import Version
from tests.conftest import SHARED
from tests.datasets.conftest import ADA, ADMIN, OPERATOR, resource
from tests.datasets.fake_datacite import FakeDataCite

SCHEMA_46 = SHARED / "schemas" / "datacite-4.6" / "metadata.xsd"
PREFIX = "10.5072"
USER = "SANKOFA.TEST"
PASSWORD = "s3cret"


@pytest.fixture
def datacite(settings: Any, db: None) -> Iterator[FakeDataCite]:
    fake = FakeDataCite(USER, PASSWORD, PREFIX, SCHEMA_46, stall=1.5).start()
    settings.SANKOFA_DATACITE_URL = fake.url
    settings.SANKOFA_DATACITE_USER = USER
    settings.SANKOFA_DATACITE_PASSWORD = PASSWORD
    settings.SANKOFA_DATACITE_PREFIX = PREFIX
    settings.SANKOFA_DATACITE_TIMEOUT = 0.5
    settings.SANKOFA_BASE_URL = "https://data.example.org"
    yield fake
    fake.stop()
    assert fake.problems == []  # the node never sent a request DataCite would refuse


def run_jobs() -> list[runner.Outcome]:
    """Run every due job (DOI jobs and others), in order."""
    outcomes = []
    while (outcome := runner.run_next()) is not None:
        outcomes.append(outcome)
    return outcomes


def doi_jobs() -> list[str]:
    return list(Job.objects.filter(name__startswith="datasets.doi_").values_list("name", flat=True))


def published_draft() -> Version:
    version = services.create_draft(ADA)
    services.set_metadata(ADA, version.pk, resource())
    return services.submit(ADA, version.pk)


def test_the_lifecycle_of_a_record_at_datacite(datacite: FakeDataCite) -> None:
    draft = services.create_draft(ADA)
    record = draft.record
    record.refresh_from_db()
    assert draft.doi and record.doi and draft.doi != record.doi
    assert draft.doi.startswith(PREFIX + "/") and record.doi.startswith(PREFIX + "/")
    assert datacite.requests == []  # nothing leaves the node before the jobs run
    run_jobs()
    # reserved: POST /dois with no event, concept and version, both drafts
    assert [(s.method, s.doi, s.event) for s in datacite.requests] == [
        ("POST", record.doi, None),
        ("POST", draft.doi, None),
    ]
    assert datacite.state(record.doi) == datacite.state(draft.doi) == "draft"
    draft.refresh_from_db()
    assert draft.doi_state == "draft"

    services.set_metadata(ADA, draft.pk, resource("Rainfall, revised"))
    run_jobs()
    update = datacite.sent("PUT")[-1]
    assert (update.doi, update.event, update.url) == (draft.doi, None, None)
    assert update.xml is not None and b"Rainfall, revised" in update.xml

    v1 = services.submit(ADA, draft.pk)
    stored = v1.resource()
    assert stored is not None
    assert (stored.identifier.identifier_type, stored.identifier.value) == ("DOI", v1.doi)
    relations = {(r.identifier_type, r.relation_type, r.value) for r in stored.related_identifiers}
    assert ("DOI", "IsVersionOf", record.doi) in relations
    assert ("ARK", "IsVersionOf", v1.record.ark) in relations
    run_jobs()
    assert datacite.state(v1.doi or "") == "findable"
    assert datacite.state(record.doi) == "findable"
    version_put, concept_put = datacite.sent("PUT")[-2:]
    assert (version_put.doi, version_put.event) == (v1.doi, "publish")
    assert version_put.url == f"https://data.example.org/{v1.ark}"
    assert (concept_put.doi, concept_put.event) == (record.doi, "publish")
    assert concept_put.url == f"https://data.example.org/{v1.record.ark}"
    assert concept_put.xml is not None and (v1.doi or "-").encode() in concept_put.xml
    v1.refresh_from_db()
    assert v1.doi_state == "findable"

    v2 = services.new_version(ADA, record.pk)
    assert v2.doi and v2.doi != v1.doi
    assert (v2.resource() or resource()).identifier.value == "(:tba)"
    run_jobs()
    assert [s.doi for s in datacite.sent("POST")][-1] == v2.doi
    v2 = services.submit(ADA, v2.pk)
    run_jobs()
    assert datacite.state(v2.doi or "") == "findable"

    services.withdraw(ADMIN, v2.pk, "consent withdrawn")
    run_jobs()
    hidden = [s for s in datacite.sent("PUT") if s.event == "hide"]
    assert [(s.doi, s.url) for s in hidden] == [(v2.doi, f"https://data.example.org/{v2.ark}")]
    assert datacite.state(v2.doi or "") == "registered"  # resolves, to the tombstone
    assert datacite.state(record.doi) == "findable"  # the concept now shows version 1
    v2.refresh_from_db()
    assert v2.doi_state == "registered"
    assert all(j.status == Job.Status.SUCCEEDED for j in Job.objects.all())


def test_withdrawing_every_version_hides_the_concept_too(datacite: FakeDataCite) -> None:
    version = published_draft()
    run_jobs()
    services.withdraw(ADMIN, version.pk, "duplicate")
    run_jobs()
    assert datacite.state(version.doi or "") == "registered"
    assert datacite.state(version.record.doi or "") == "registered"


def test_an_outage_is_retried_with_backoff_and_never_blocks_publication(
    datacite: FakeDataCite,
) -> None:
    datacite.fail_next(1, "500")
    datacite.fail_next(1, "timeout")
    version = services.create_draft(ADA)
    assert run_jobs() == [runner.Outcome.RETRYING]
    job = Job.objects.get(name="datasets.doi_reserve")
    assert job.status == Job.Status.QUEUED and job.attempts == 1
    assert job.run_after > timezone.now() + timedelta(seconds=30)  # backoff
    assert "HTTP 500" in job.last_error

    services.set_metadata(ADA, version.pk, resource())
    published = services.submit(ADA, version.pk)  # DataCite is down: publication goes on
    assert published.state == Version.State.PUBLISHED and published.doi_state == ""
    run_jobs()  # the update job meets the timeout; the register job gets through
    assert datacite.state(published.doi or "") == "findable"
    update = Job.objects.get(name="datasets.doi_update")
    assert update.status == Job.Status.QUEUED and "timed out" in update.last_error

    for waiting in Job.objects.filter(status=Job.Status.QUEUED):
        retry_job(OPERATOR, waiting.pk)
    run_jobs()
    # late jobs send the current state: the DOI stays findable
    assert datacite.state(published.doi or "") == "findable"
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.SUCCEEDED}
    published.refresh_from_db()
    assert published.doi_state == "findable"


def test_a_refusal_fails_the_job_at_once(datacite: FakeDataCite, settings: Any) -> None:
    settings.SANKOFA_DATACITE_PASSWORD = "wrong"
    services.create_draft(ADA)
    assert run_jobs() == [runner.Outcome.FAILED]
    job = Job.objects.get(name="datasets.doi_reserve")
    assert job.attempts == 1 and "HTTP 401" in job.last_error
    datacite.problems.clear()  # the refusal was the point


def test_reserving_twice_is_harmless(datacite: FakeDataCite) -> None:
    version = services.create_draft(ADA)
    run_jobs()
    assert pids.reserve(version.pk) == {"concept": "draft", "version": "draft"}
    Version.objects.filter(pk=version.pk).update(doi_state="")
    assert pids.reserve(version.pk)["version"] == "draft"  # POST 422, then GET: ours
    datacite.problems.clear()  # the 422s were expected


def test_without_datacite_records_get_arks_only(db: None) -> None:
    version = published_draft()
    assert version.doi is None and version.record.doi is None
    stored = version.resource()
    assert stored is not None
    assert (stored.identifier.identifier_type, stored.identifier.value) == ("ARK", version.ark)
    assert doi_jobs() == []
    assert validate.errors(xml46.write(stored), SCHEMA_46) == []


def test_half_configured_datacite_fails_the_system_check(settings: Any) -> None:
    settings.SANKOFA_DATACITE_URL = "https://api.test.datacite.org"
    settings.SANKOFA_DATACITE_USER = USER
    assert "sankofa.E302" in [m.id for m in run_checks()]
    assert pids.account() is None
    settings.SANKOFA_DATACITE_PASSWORD = PASSWORD
    settings.SANKOFA_DATACITE_PREFIX = "11.5072"
    assert "sankofa.E302" in [m.id for m in run_checks()]
    settings.SANKOFA_DATACITE_PREFIX = PREFIX
    assert "sankofa.E302" not in [m.id for m in run_checks()]


def test_doi_suffixes_carry_a_check_character_and_are_never_reused(
    datacite: FakeDataCite, monkeypatch: pytest.MonkeyPatch
) -> None:
    doi = pids.new_doi(PREFIX)
    blade = doi.split("/", 1)[1].replace("-", "")
    assert len(blade) == 9 and blade[-1] == ncda_check_character(f"{PREFIX}/{blade[:-1]}")
    first = services.create_draft(ADA)
    monkeypatch.setattr(pids, "randbelow", lambda n: 0)
    zero = pids.new_doi(PREFIX)
    Version.objects.filter(pk=first.pk).update(doi=zero)  # as if drawn before
    draws = iter([0] * 8 + [1] * 8 + [2] * 8)
    monkeypatch.setattr(pids, "randbelow", lambda n: next(draws))
    second = services.create_draft(ADA)
    second.record.refresh_from_db()
    assert second.record.doi == f"{PREFIX}/1111-1111" + ncda_check_character(f"{PREFIX}/11111111")
    assert second.doi == f"{PREFIX}/2222-2222" + ncda_check_character(f"{PREFIX}/22222222")


def test_the_payload_is_json_api_with_base64_xml() -> None:
    xml = xml46.write(resource())
    document = datacite_rest.body("10.5072/abcd", event="publish", url="https://x.org/", xml=xml)
    assert document["data"]["type"] == "dois"
    assert datacite_rest.decode_xml(document["data"]["attributes"]["xml"]) == xml
    with pytest.raises(ValueError, match="url"):
        datacite_rest.body("10.5072/abcd", event="register")
    with pytest.raises(ValueError, match="event"):
        datacite_rest.body("10.5072/abcd", event="delete")  # type: ignore[arg-type]


def test_kernel_47_terms_are_sent_in_kernel_46() -> None:
    swhid = "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505"
    newer = replace(
        resource(),
        related_identifiers=(
            RelatedIdentifier(
                value=swhid,
                identifier_type=RelatedIdentifierType.SWHID,
                relation_type=RelationType.IS_SUPPLEMENTED_BY,
                relation_type_information="the code",
            ),
            RelatedIdentifier(
                value="https://example.org/x",
                identifier_type=RelatedIdentifierType.URL,
                relation_type=RelationType.OTHER,
            ),
        ),
        resource_type=replace(resource().resource_type, general=ResourceTypeGeneral.POSTER),
    )
    xml = datacite_rest.kernel46(newer, "https://data.example.org/")
    assert validate.errors(xml, SCHEMA_46) == []
    sent = xml46.read(xml)
    assert [(r.identifier_type, r.value) for r in sent.related_identifiers] == [
        ("URL", f"https://data.example.org/{swhid}")
    ]
    assert sent.resource_type.general == "Text" and sent.resource_type.value


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"Authorization": "Basic bm9ib2R5Og=="}, {"doi": f"{PREFIX}/a"}, 401),
        ({"Content-Type": "application/json"}, {"doi": f"{PREFIX}/a"}, 415),
        ({}, {"doi": "10.9999/a"}, 403),
        ({}, {"doi": f"{PREFIX}/a", "xml": "PHJlc291cmNlLz4="}, 422),  # <resource/>
        ({}, {"doi": f"{PREFIX}/a", "event": "publish"}, 422),  # no url, no metadata
    ],
)
def test_the_fake_refuses_what_datacite_refuses(
    headers: dict[str, str], body: dict[str, str], status: int
) -> None:
    fake = FakeDataCite(USER, PASSWORD, PREFIX, SCHEMA_46).start()
    try:
        token = "U0FOS09GQS5URVNUOnMzY3JldA=="  # USER:PASSWORD
        sent = {"Authorization": f"Basic {token}", "Content-Type": datacite_rest.CONTENT_TYPE}
        data = json.dumps({"data": {"type": "dois", "attributes": body}}).encode()
        request = urllib.request.Request(
            f"{fake.url}/dois", data=data, headers={**sent, **headers}, method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == status
        assert fake.problems and fake.dois == {}
    finally:
        fake.stop()
