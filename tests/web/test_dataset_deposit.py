"""Deposit pages: my datasets, a new draft, its metadata form (errors next to the fields),
files, access, submission, discarding, new versions; and the whole flow in a browser."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sankofa.core.blobstore import clear_blobstore_cache, get_blobstore
from sankofa.core.formats.datacite.model import Contributor, Subject
from sankofa.core.formats.datacite.vocabulary import ContributorType
from sankofa.datasets import services
from sankofa.datasets.models import Record, Version
from sankofa.web.actors import actor_of
from tests.datasets.conftest import resource
from tests.web.browser import LiveNode
from tests.web.deposit_helpers import (
    BAD_ORCID,
    SWHID,
    VALID_ORCID,
    management,
    metadata_form,
    person,
    signed_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _blobs(node_home: Path) -> None:
    clear_blobstore_cache()


def new_draft(client: Client) -> Version:
    answer = client.post(reverse("datasets:new"), {"community": ""})
    assert answer.status_code == 303, answer.content[:500]
    version = Version.objects.order_by("-pk").first()
    assert version is not None
    assert answer["Location"] == reverse("datasets:draft", args=[version.pk])
    return version


def draft_url(version: Version) -> str:
    return reverse("datasets:draft", args=[version.pk])


def text(response: Any) -> str:
    return str(response.content.decode())


def input_tag(html: str, element_id: str) -> str:
    found = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert found is not None, f"no field {element_id}"
    return found.group(0)


def assert_error_on(html: str, element_id: str, words: str) -> None:
    """The field is marked invalid and described by its error, which says `words`."""
    tag = input_tag(html, element_id)
    assert 'aria-invalid="true"' in tag, tag
    described = re.search(r'aria-describedby="([^"]*)"', tag)
    assert described is not None and f"{element_id}-error" in described.group(1).split(), tag
    message = re.search(rf'<p class="field-error" id="{element_id}-error">([^<]*)</p>', html)
    assert message is not None and words in unescape(message.group(1)), html[:200]


@pytest.mark.parametrize(
    "path",
    [
        reverse("datasets:mine"),
        reverse("datasets:new"),
        reverse("datasets:draft", args=[1]),
        reverse("datasets:review"),
        reverse("datasets:history", args=[1]),
        reverse("datasets:withdraw", args=[1, 1]),
    ],
)
def test_signed_out_people_are_sent_to_sign_in(client: Client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:login") + "?next=")


def test_a_depositor_starts_a_draft_and_finds_it_among_their_datasets() -> None:
    client = signed_in("ada@example.org", "depositor")
    page = text(client.get(reverse("datasets:new")))
    assert '<label for="id_community">' in page
    version = new_draft(client)
    assert version.record.owner_name == "ada@example.org"
    mine = text(client.get(reverse("datasets:mine")))
    assert "Untitled" in mine and "Draft" in mine and draft_url(version) in mine
    other = signed_in("bob@example.org", "depositor")
    assert draft_url(version) not in text(other.get(reverse("datasets:mine")))
    # a new draft's form starts with the node as publisher, this year and "Dataset"
    form = text(client.get(draft_url(version)))
    assert 'value="Sankofa"' in input_tag(form, "id_publisher")
    assert re.search(r'<option value="Dataset" selected>', form)


def test_people_who_may_not_deposit_are_told_so() -> None:
    reader = signed_in("rita@example.org", "reader")
    answer = reader.post(reverse("datasets:new"), {"community": ""})
    assert answer.status_code == 403
    assert "may not deposit" in text(answer)
    assert not Record.objects.exists()


def test_the_metadata_form_saves_datacite_and_shows_it_again() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    answer = client.post(draft_url(version), metadata_form())
    assert answer.status_code == 303, text(answer)[:2000]
    assert answer["Location"] == draft_url(version) + "?done=metadata#metadata"
    version.refresh_from_db()
    saved = version.resource()
    assert saved is not None
    assert [(t.value, t.lang, t.title_type) for t in saved.titles] == [
        ("Rainfall in Accra, 1990-2020", "en", None),
        ("Pluviométrie à Accra", "fr", "TranslatedTitle"),
    ]
    ama, agency = saved.creators
    assert (ama.name, ama.given_name, ama.family_name) == ("Mensah, Ama", "Ama", "Mensah")
    assert ama.name_identifiers[0].value == f"https://orcid.org/{VALID_ORCID}"
    assert ama.affiliations[0].identifier == "https://ror.org/05dxps055"
    assert agency.name_type == "Organizational"
    assert [s.value for s in saved.subjects] == ["rainfall", "West Africa"]
    assert saved.rights_list[0].identifier == "CC-BY-4.0"
    related = saved.related_identifiers[0]
    assert (related.value, related.identifier_type, related.relation_type) == (
        SWHID,
        "SWHID",
        "IsSupplementedBy",
    )
    funding = saved.funding_references[0]
    assert funding.funder_identifier is not None
    assert funding.funder_identifier.identifier_type == "ROR"
    assert funding.award_number is not None and funding.award_number.value == "GH-2024-17"
    assert saved.dates[0].value == "1990-01-01/2020-12-31"
    place = saved.geo_locations[0]
    assert place.place == "Accra" and place.point is not None
    assert str(place.point.latitude) == "5.6037"
    assert saved.descriptions[0].text == "Daily rainfall at three stations."
    assert (saved.language, saved.version, saved.publication_year) == ("en", "1.0", 2026)
    shown = text(client.get(answer["Location"]))
    assert "The metadata is saved." in shown
    assert f'value="https://orcid.org/{VALID_ORCID}"' in input_tag(shown, "id_creators-0-orcid")
    assert 'value="Pluviométrie à Accra"' in input_tag(shown, "id_titles-1-title")
    assert re.search(r'<option value="CC-BY-4.0" selected>', shown)


def test_each_problem_is_shown_next_to_its_field_with_the_values_kept() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    data = metadata_form(
        **management("creators", 3),
        **{
            # an empty first row is skipped: the problem of the third row stays on it
            "creators-0-given_name": "",
            "creators-0-family_name": "",
            "creators-0-name_type": "",
            "creators-0-orcid": "",
            "creators-0-affiliation": "",
            "creators-0-ror": "",
            "creators-2-name": "Mensah, Kofi",
            "creators-2-orcid": BAD_ORCID,
            "titles-1-lang": "not a tag",
            "licence": "other",
            "licence_other": "CC-BY-9.9",
            "dates-0-date": "2020-13-45",
            "publication_year": "20x6",
        },
    )
    answer = client.post(draft_url(version), data)
    assert answer.status_code == 400
    html = text(answer)
    assert_error_on(html, "id_creators-2-orcid", "wrong check digit")
    assert_error_on(html, "id_titles-1-lang", "is not a language tag")
    assert_error_on(html, "id_licence_other", "unknown licence")
    assert_error_on(html, "id_dates-0-date", "is not a date")
    assert_error_on(html, "id_publication_year", "is not a year")
    assert "The description has 5 problems; nothing was saved." in html
    assert 'href="#id_creators-2-orcid"' in html  # the summary links to the field
    assert f'value="{BAD_ORCID}"' in input_tag(html, "id_creators-2-orcid")
    assert 'value="CC-BY-9.9"' in input_tag(html, "id_licence_other")
    version.refresh_from_db()
    assert version.metadata is None


def test_mandatory_parts_missing_are_said_above_their_group() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    data = {
        "action": "metadata",
        **{k: v for k, v in metadata_form().items() if not k.startswith(("titles", "creators"))},
        **management("titles", 1),
        **management("creators", 1),
    }
    answer = client.post(draft_url(version), data)
    assert answer.status_code == 400
    html = text(answer)
    assert "at least one creator is required" in html and "at least one title is required" in html


def test_another_row_is_added_without_script_and_nothing_is_saved() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    answer = client.post(draft_url(version), {**metadata_form(), "add": "creators"})
    assert answer.status_code == 200
    html = text(answer)
    assert 'id="id_creators-2-name"' in html and 'name="creators-TOTAL_FORMS" value="3"' in html
    assert 'value="Ghana Meteorological Agency"' in input_tag(html, "id_creators-1-name")
    version.refresh_from_db()
    assert version.metadata is None
    assert client.post(draft_url(version), {**metadata_form(), "add": "nope"}).status_code == 400


def test_a_broken_form_is_a_bad_request_not_a_crash() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    broken = {k: v for k, v in metadata_form().items() if not k.startswith("creators-")}
    assert client.post(draft_url(version), broken).status_code == 400
    assert client.post(draft_url(version), {"action": "fly"}).status_code == 400
    assert client.post(draft_url(version), {}).status_code == 400
    too_many = metadata_form(**{"titles-TOTAL_FORMS": "100000"})
    assert client.post(draft_url(version), too_many).status_code == 400


def test_what_the_form_does_not_show_is_kept() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    extra = replace(
        resource(),
        contributors=(
            Contributor(name="Owusu, Yaw", contributor_type=ContributorType.DATA_COLLECTOR),
        ),
        subjects=(Subject(value="Rainfall", scheme="GCMD"),),
    )
    owner = actor_of_client(client)
    services.set_metadata(owner, version.pk, extra)
    assert client.post(draft_url(version), metadata_form()).status_code == 303
    version.refresh_from_db()
    saved = version.resource()
    assert saved is not None
    assert [c.name for c in saved.contributors] == ["Owusu, Yaw"]
    assert [(s.value, s.scheme) for s in saved.subjects] == [
        ("rainfall", None),
        ("West Africa", None),
        ("Rainfall", "GCMD"),
    ]


def actor_of_client(client: Client) -> Any:
    request = client.get(reverse("datasets:mine")).wsgi_request
    return actor_of(request)


def test_files_are_uploaded_listed_and_removed() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    small = b"station,day,mm\nlegon,2020-01-01,3.2\n"
    big = bytes(range(256)) * (3 * 4096 + 7)  # past the in-memory upload limit: a temp file
    for name, content in (("rain.csv", small), ("big.bin", big)):
        answer = client.post(
            draft_url(version),
            {"action": "upload", "file": SimpleUploadedFile(name, content, "text/html")},
        )
        assert answer.status_code == 303, text(answer)[:1000]
    files = {f.name: f for f in version.files.all()}
    assert files["rain.csv"].sha256 == hashlib.sha256(small).hexdigest()
    assert files["rain.csv"].media_type != "text/html"  # never what the browser claims
    with get_blobstore().open(files["big.bin"].sha256) as stream:
        assert stream.read() == big
    page = text(client.get(draft_url(version)))
    assert hashlib.sha256(big).hexdigest() in page and "2 files" in page
    again = client.post(
        draft_url(version), {"action": "upload", "file": SimpleUploadedFile("rain.csv", b"x")}
    )
    assert again.status_code == 400
    assert_error_on(text(again), "id_file", "already has a file named 'rain.csv'")
    nothing = client.post(draft_url(version), {"action": "upload"})
    assert nothing.status_code == 400
    removed = client.post(draft_url(version), {"action": "remove-file", "name": "rain.csv"})
    assert removed.status_code == 303
    assert [f.name for f in version.files.all()] == ["big.bin"]
    gone = client.post(draft_url(version), {"action": "remove-file", "name": "rain.csv"})
    assert gone.status_code == 404


def test_access_is_chosen_on_the_draft() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    no_date = client.post(draft_url(version), {"action": "access", "access": "embargoed"})
    assert no_date.status_code == 400
    assert_error_on(text(no_date), "id_embargo_until", "")
    answer = client.post(
        draft_url(version),
        {"action": "access", "access": "embargoed", "embargo_until": "2099-01-31"},
    )
    if answer.status_code == 400:  # beyond the node's furthest embargo: said next to the date
        assert_error_on(text(answer), "id_embargo_until", "")
        answer = client.post(
            draft_url(version),
            {"action": "access", "access": "restricted", "embargo_until": ""},
        )
        expected = "restricted"
    else:
        expected = "embargoed"
    assert answer.status_code == 303
    version.refresh_from_db()
    assert version.access == expected
    unknown = client.post(draft_url(version), {"action": "access", "access": "secret"})
    assert unknown.status_code == 400


def test_an_embargo_with_a_near_date_is_saved() -> None:
    from datetime import timedelta

    from django.utils import timezone

    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    until = timezone.localdate() + timedelta(days=30)
    answer = client.post(
        draft_url(version),
        {"action": "access", "access": "embargoed", "embargo_until": until.isoformat()},
    )
    assert answer.status_code == 303
    version.refresh_from_db()
    assert (version.access, version.embargo_until) == ("embargoed", until)
    assert until.isoformat() in text(client.get(draft_url(version)))


def test_submitting_asks_first_then_publishes() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    assert (
        client.post(draft_url(version), {"action": "submit", "confirm": "yes"}).status_code == 409
    )
    client.post(draft_url(version), metadata_form())
    ask = client.post(draft_url(version), {"action": "submit"})
    assert ask.status_code == 200 and "Publish the dataset?" in text(ask)
    version.refresh_from_db()
    assert version.state == "draft"
    done = client.post(draft_url(version), {"action": "submit", "confirm": "yes"})
    landing = reverse("datasets:version", args=[version.record_id, 1])
    assert (done.status_code, done["Location"]) == (303, landing)
    version.refresh_from_db()
    assert version.state == "published" and version.ark
    shown = client.get(draft_url(version))  # no longer a draft: its page
    assert (shown.status_code, shown["Location"]) == (303, landing)
    refused = client.post(draft_url(version), metadata_form())
    assert refused.status_code == 303
    kept = version.resource()
    assert kept is not None and kept.version == "1.0"
    # a new version starts from the published one
    assert client.get(reverse("datasets:new-version", args=[version.record_id])).status_code == 405
    mine = text(client.get(reverse("datasets:mine")))
    assert reverse("datasets:new-version", args=[version.record_id]) in mine
    started = client.post(reverse("datasets:new-version", args=[version.record_id]))
    assert started.status_code == 303
    second = Version.objects.get(record=version.record, number=2)
    assert started["Location"] == draft_url(second)
    again = client.post(reverse("datasets:new-version", args=[version.record_id]))
    assert again.status_code == 409


def test_discarding_asks_first() -> None:
    client = signed_in("ada@example.org", "depositor")
    version = new_draft(client)
    ask = client.post(draft_url(version), {"action": "discard"})
    assert ask.status_code == 200 and "cannot be undone" in text(ask)
    assert Version.objects.filter(pk=version.pk).exists()
    done = client.post(draft_url(version), {"action": "discard", "confirm": "yes"})
    assert done.status_code == 303 and done["Location"].endswith("?done=discarded")
    assert not Version.objects.filter(pk=version.pk).exists()
    assert "The draft is discarded." in text(client.get(done["Location"]))


def test_only_the_owner_sees_and_edits_a_draft() -> None:
    owner = signed_in("ada@example.org", "depositor")
    version = new_draft(owner)
    stranger = signed_in("bob@example.org", "depositor")
    assert stranger.get(draft_url(version)).status_code == 403
    assert stranger.post(draft_url(version), metadata_form()).status_code == 403
    assert owner.get(reverse("datasets:draft", args=[version.pk + 1000])).status_code == 404
    admin = signed_in("alice@example.org", "admin")
    assert admin.get(draft_url(version)).status_code == 200


def test_forms_need_their_csrf_token() -> None:
    person("ada@example.org", "depositor")
    client = Client(enforce_csrf_checks=True)
    assert client.login(email="ada@example.org", password="a long pass phrase")
    assert client.post(reverse("datasets:new"), {"community": ""}).status_code == 403
    assert not Record.objects.exists()


# --- the whole flow in a real browser, on a live node (skipped without Chromium) ------


def test_a_browser_deposits_and_publishes_a_dataset(
    live_node: LiveNode, chromium: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.web.test_accessibility import axe_violations, describe, sign_in

    driver = chromium
    driver.delete_all_cookies()
    sign_in(driver, live_node, "en")
    driver.get(live_node.url("/en/datasets/new/"))
    driver.find_element(By.CSS_SELECTOR, "form.account-form [type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/datasets/drafts/" in d.current_url)

    def fill(element_id: str, value: str) -> None:
        field = driver.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(value)

    fill("id_titles-0-title", "Rainfall in Accra")
    fill("id_creators-0-family_name", "Mensah")
    fill("id_creators-0-given_name", "Ama")
    fill("id_creators-0-orcid", BAD_ORCID)
    fill("id_description", "Daily rainfall.")
    driver.find_element(By.CSS_SELECTOR, "form.deposit-form button.primary").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CLASS_NAME, "error-summary"))
    orcid = driver.find_element(By.ID, "id_creators-0-orcid")
    assert orcid.get_attribute("aria-invalid") == "true"
    assert "wrong check digit" in driver.find_element(By.ID, "id_creators-0-orcid-error").text
    assert driver.find_element(By.ID, "id_titles-0-title").get_attribute("value") == (
        "Rainfall in Accra"
    )
    violations = axe_violations(driver)  # the page with its errors, for assistive technology
    assert not violations, describe(violations)
    fill("id_creators-0-orcid", VALID_ORCID)
    driver.find_element(By.CSS_SELECTOR, "form.deposit-form button.primary").click()
    WebDriverWait(driver, 30).until(lambda d: "done=metadata" in d.current_url)

    data = tmp_path / "rain.csv"
    data.write_bytes(b"day,mm\n2020-01-01,3.2\n")
    driver.find_element(By.ID, "id_file").send_keys(str(data))
    driver.find_element(By.ID, "id_file").submit()
    WebDriverWait(driver, 30).until(lambda d: "done=file" in d.current_url)
    assert "rain.csv" in driver.find_element(By.CSS_SELECTOR, "table.files").text

    driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=finish] button.primary").click()
    WebDriverWait(driver, 30).until(lambda d: "Publish the dataset?" in d.title)
    driver.find_element(By.CSS_SELECTOR, "main button.primary").click()
    WebDriverWait(driver, 30).until(lambda d: "/datasets/drafts/" not in d.current_url)
    assert "Rainfall in Accra" in driver.find_element(By.TAG_NAME, "h1").text
