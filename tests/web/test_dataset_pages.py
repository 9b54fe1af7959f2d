"""Landing pages of dataset versions: real records made through the services, pages
rendered by the real views, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html

from sankofa.accounts import roles
from sankofa.accounts.models import User
from sankofa.core.formats.datacite.validate import errors
from sankofa.datasets import exports, services, usage
from sankofa.datasets.models import Version
from tests.conftest import SHARED
from tests.datasets.conftest import OPERATOR, blobs, make_file
from tests.web.dataset_records import (
    LICENCE_URL,
    ORCID,
    RELATED_ARK,
    RELATED_DOI,
    ROR,
    SPDX_URL,
    SWHID,
    MakeFile,
    new_version,
    publish,
    rich_resource,
    withdraw,
)
from tests.web.test_page_budget import References, foreign

pytestmark = pytest.mark.django_db
__all__ = ["blobs", "make_file"]

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0"
FUTURE = datetime.date.today() + datetime.timedelta(days=60)


def page_of(version: Version, lang: str = "en") -> str:
    return f"/{lang}/datasets/records/{version.record_id}/versions/{version.number}/"


def get(client: Client, path: str, **headers: str) -> Any:
    return client.get(path, headers=headers)


def tree(response: Any) -> Any:
    return html.fromstring(response.content.decode())


def hrefs(doc: Any) -> list[str]:
    return [str(h) for h in doc.xpath("//a/@href")]


def download_links(doc: Any) -> list[str]:
    return [h for h in hrefs(doc) if "/files/" in h]


def test_a_landing_page_shows_the_whole_metadata(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file)
    response = get(client, page_of(version))
    assert response.status_code == 200
    doc = tree(response)
    links = hrefs(doc)
    # creators: ORCID iD and ROR affiliation as links, the organisation too
    assert f"https://orcid.org/{ORCID}" in links and ROR in links
    assert "Ghana Meteorological Agency" in doc.text_content()
    assert "Owusu, Kofi" in doc.text_content() and "Data curator" in doc.text_content()
    # every title, each in its language and direction
    titles = {t.get("lang"): t for t in doc.xpath("//dl[@class='dataset-md']//span[@lang]")}
    assert titles["fr"].text == "Précipitations à Accra" and titles["fr"].get("dir") == "auto"
    assert titles["ar"].text == "هطول الأمطار في أكرا"
    assert doc.xpath("//h1")[0].get("lang") == "en"
    # related identifiers: SWHID and ARK to this node's resolvers, DOI to its resolver
    assert f"/{SWHID}" in links and f"/{RELATED_ARK}" in links
    assert f"https://doi.org/{RELATED_DOI}" in links
    assert LICENCE_URL in links and SPDX_URL in links
    text = doc.text_content()
    for shown in (
        "Daily rainfall at three gauges.",
        "rainfall",
        "1990/2020",
        "Research Council",
        "RC-42",
        "Accra",
        "5.6037",
        "2 files",
        "text/csv",
        "Time series",
        "Dataset",
    ):
        assert shown in text, shown
    # persistent identifiers with a copy button, and every version
    copied = [c.text for c in doc.xpath("//*[@data-copy]")]
    assert f"http://testserver/{version.ark}" not in copied  # absolute from SANKOFA_BASE_URL
    assert any(c.endswith(f"/{version.ark}") for c in copied)
    assert any(c.endswith(f"/{version.record.ark}") for c in copied)
    assert doc.xpath("//ol[@class='dataset-versions']//*[@aria-current='page']")


def test_files_are_listed_with_checksums_downloads_and_previews(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file)
    doc = tree(get(client, page_of(version)))
    rows = doc.xpath("//table[@class='dataset-files']/tbody/tr")
    assert len(rows) == 2
    csv = version.files.get(name="rain.csv")
    row = next(r for r in rows if "rain.csv" in r.text_content())
    assert f"sha256:{csv.sha256}" in row.text_content() and f"md5:{csv.md5}" in row.text_content()
    download = reverse("datafiles:download", args=[version.record_id, 1, "rain.csv"])
    preview = reverse("datasets:preview", args=[version.record_id, 1, "rain.csv"])
    assert download in hrefs(row) and preview in hrefs(row)
    assert "text/csv" in row.text_content()


def test_exports_citation_usage_and_alternates(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file)
    response = get(client, page_of(version), **{"User-Agent": FIREFOX})
    doc = tree(response)
    for fmt in exports.formats():
        url = reverse("datafiles:export", args=[version.record_id, 1, fmt.key])
        assert url in hrefs(doc), fmt.key
        assert doc.xpath(f"//head/link[@rel='alternate'][@href='{url}'][@type='{fmt.media_type}']")
    citation = doc.xpath("//div[@class='citation']")[0].text_content()
    assert "Mensah" in citation and "2026" in citation
    harvard = get(client, page_of(version) + "?style=ieee")
    assert tree(harvard).xpath("//strong[@aria-current='true']")[0].text == "IEEE"
    # a browser's GET counts a view (robots' do not, see the usage tests); a HEAD does not
    assert usage.totals(version)["views"]["total"] == 1
    client.head(page_of(version), headers={"User-Agent": CHROME})
    assert usage.totals(version)["views"]["total"] == 1
    counts = tree(get(client, page_of(version), **{"User-Agent": CHROME}))
    assert counts.xpath("//dl[@class='counts']/dd")[0].text_content().startswith("2")


def test_embedded_json_ld_is_the_schemaorg_export(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    title = 'Rain </script><script>alert("x")</script> & more'
    version = publish(make_file, title=title)
    body = get(client, page_of(version)).content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(scripts) == 1 and "</script" not in scripts[0]
    embedded = json.loads(scripts[0])
    export = get(client, reverse("datafiles:export", args=[version.record_id, 1, "schemaorg"]))
    assert export["Content-Type"] == "application/ld+json"
    assert json.loads(export.content) == embedded
    assert embedded["name"] == title and embedded["@type"] == "Dataset"
    assert {d["name"] for d in embedded["distribution"]} == {"rain.csv", "README.txt"}


@pytest.mark.parametrize(
    ("access", "embargo", "listed"),
    [("metadata_only", None, False), ("restricted", None, True), ("embargoed", FUTURE, True)],
)
def test_closed_variants_offer_no_download(
    client: Client,
    blobs: Any,
    make_file: MakeFile,
    access: str,
    embargo: datetime.date | None,
    listed: bool,
) -> None:
    version = publish(make_file, access=access, embargo=embargo)
    response = get(client, page_of(version))
    assert response.status_code == 200
    doc = tree(response)
    assert download_links(doc) == []
    assert bool(doc.xpath("//table[@class='dataset-files']")) == listed
    ask = reverse("datasets:request-access", args=[version.record_id])
    assert (ask in hrefs(doc)) == (access == "restricted")
    assert 'rel="item"' not in response["Link"]
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert "distribution" not in json.loads(scripts[0])


def test_a_withdrawn_version_is_a_tombstone(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    first = publish(make_file)
    second = new_version(make_file, first, "Rainfall, corrected")
    gone = withdraw(first, "Consent was withdrawn.")
    response = get(client, page_of(gone))
    assert response.status_code == 410
    doc = tree(response)
    text = doc.text_content()
    assert "Consent was withdrawn." in text and gone.withdrawn_at is not None
    assert gone.withdrawn_at.date().isoformat() in text
    assert download_links(doc) == [] and not doc.xpath("//table[@class='dataset-files']")
    assert "Mensah, Ama" in text  # the metadata stays
    states = [li.text_content() for li in doc.xpath("//ol[@class='dataset-versions']/li")]
    assert "withdrawn" in states[1] and "Version 2" in states[0]
    # the newer version lists the tombstone as withdrawn
    later = tree(get(client, page_of(second)))
    items = later.xpath("//ol[@class='dataset-versions']/li")
    assert [bool(li.xpath(".//*[@aria-current]")) for li in items] == [True, False]
    assert "withdrawn" in items[1].text_content()


def test_the_record_page_shows_its_latest_version(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    first = publish(make_file)
    new_version(make_file, first, "Rainfall, corrected")
    page = get(client, f"/fr/datasets/records/{first.record_id}/")
    assert page.status_code == 200
    assert tree(page).xpath("//h1")[0].text == "Rainfall, corrected"
    assert get(client, f"/en/datasets/records/{first.record_id + 100}/").status_code == 404
    assert get(client, f"/en/datasets/records/{first.record_id}/versions/9/").status_code == 404


def _person(email: str, role: str) -> User:
    user = User.objects.create_user(email, "a long enough passphrase")
    roles.grant_role(OPERATOR, user, role)
    return user


def test_drafts_are_seen_by_their_owner_only(client: Client, blobs: Any) -> None:
    owner, other = _person("owner@example.org", "depositor"), _person("x@example.org", "depositor")
    draft = services.create_draft(roles.actor_for(owner))
    services.set_metadata(roles.actor_for(owner), draft.pk, rich_resource("Secret draft"))
    record_page = f"/en/datasets/records/{draft.record_id}/"
    assert get(client, page_of(draft)).status_code == 404
    assert get(client, record_page).status_code == 404
    client.force_login(other)
    assert get(client, page_of(draft)).status_code == 404
    export = reverse("datafiles:export", args=[draft.record_id, 1, "datacite-json"])
    assert get(client, export).status_code == 404
    client.force_login(owner)
    mine = get(client, page_of(draft))
    assert mine.status_code == 200 and "not published" in mine.content.decode()
    assert get(client, record_page).status_code == 200
    assert usage.totals(draft)["views"]["total"] == 0  # drafts count no views
    empty = services.create_draft(roles.actor_for(owner))  # no metadata yet
    blank = get(client, page_of(empty))
    assert blank.status_code == 200 and "No metadata yet." in blank.content.decode()


def test_content_negotiation_at_the_neutral_address(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file, swhid=False)  # every kernel holds it
    neutral = reverse("datafiles:version", args=[version.record_id, 1])
    browser = get(client, neutral, Accept="text/html,*/*;q=0.8", **{"Accept-Language": "fr"})
    assert browser.status_code == 302 and browser["Location"] == page_of(version, "fr")
    assert "Accept" in browser["Vary"]
    for fmt in exports.formats():
        if not fmt.negotiable:
            continue
        asked = get(client, neutral, Accept=f"{fmt.media_type}, text/html;q=0.5")
        assert asked.status_code == 303, fmt.key
        served = get(client, asked["Location"])
        assert served.status_code == 200
        assert served["Content-Type"].split(";")[0] == fmt.media_type
        disposition = served["Content-Disposition"]
        assert (
            disposition == f'attachment; filename="dataset-{version.record_id}-v1.{fmt.extension}"'
        )
    record = reverse("datafiles:record", args=[version.record_id])
    assert get(client, record)["Location"] == f"/en/datasets/records/{version.record_id}/"
    unknown = reverse("datafiles:export", args=[version.record_id, 1, "nonsense"])
    assert get(client, unknown).status_code == 404


def test_pages_contact_no_other_host(client: Client, blobs: Any, make_file: MakeFile) -> None:
    first = publish(make_file)
    gone = withdraw(new_version(make_file, first, "Second"))
    for path in (page_of(first), page_of(gone, "ar")):
        body = get(client, path).content.decode()
        refs = References()
        refs.feed(body)
        page = f"http://testserver{path}"
        assert refs.fetched
        assert [r for r in refs.fetched if foreign(page, r)] == []


def test_every_format_holds_a_record_citing_software_by_swhid(
    client: Client, blobs: Any, make_file: MakeFile
) -> None:
    version = publish(make_file)  # a SWHID related identifier: kernel 4.7 has the type
    for fmt in exports.formats():
        url = reverse("datafiles:export", args=[version.record_id, 1, fmt.key])
        answered = get(client, url)
        assert answered.status_code == 200, (fmt.key, answered.status_code)
    url = reverse("datafiles:export", args=[version.record_id, 1, "datacite-xml"])
    document = get(client, url).content
    assert errors(document, SHARED / "schemas" / "datacite-4.6" / "metadata.xsd") == []
    swhid = next(
        r.value for r in version.resource().related_identifiers if r.value.startswith("swh:1:")
    )
    # kernel 4.6 has no SWHID type: the SWHID is given as the URL of the node's resolver
    assert b'relatedIdentifierType="URL"' in document
    assert f"/{swhid}</relatedIdentifier>".encode() in document
