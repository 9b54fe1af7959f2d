"""Usage statistics over HTTP: downloads counted by the download view (robots and double
clicks left out), the COUNTER-style JSON report of a record and the admin report page."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sankofa.core.blobstore import clear_blobstore_cache
from sankofa.datasets import services, usage
from sankofa.datasets.models import Version
from sankofa.datasets.usage import Hit
from tests.datasets.conftest import ADA, resource
from tests.web.deposit_helpers import signed_in

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
METRICS = [
    "Total_Dataset_Investigations",
    "Unique_Dataset_Investigations",
    "Total_Dataset_Requests",
    "Unique_Dataset_Requests",
]


@pytest.fixture
def version(node_home: Path, tmp_path: Path) -> Version:
    clear_blobstore_cache()
    usage.forget_salts()
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, resource("Rain in Accra"))
    path = tmp_path / "rain.csv"
    path.write_bytes(b"day,mm\n1,3\n")
    services.add_file(ADA, draft.pk, "rain.csv", path)
    return services.publish(ADA, draft.pk)


def download(client: Client, version: Version, agent: str) -> int:
    url = reverse("datafiles:download", args=[version.record_id, version.number, "rain.csv"])
    response = client.get(url, HTTP_USER_AGENT=agent)
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.status_code


def report(client: Client, record_id: int, **query: str) -> dict:  # type: ignore[type-arg]
    response = client.get(reverse("datafiles:usage", args=[record_id]), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(response.content)  # type: ignore[no-any-return]


def test_downloads_are_counted_without_robots_and_double_clicks(
    client: Client, version: Version
) -> None:
    assert download(client, version, FIREFOX) == 200
    assert download(client, version, FIREFOX) == 200  # a double click
    assert download(client, version, GOOGLEBOT) == 200  # served, not counted
    counts = usage.totals(version)
    assert counts["downloads"] == {"total": 1, "unique": 1}
    month = f"{timezone.localdate():%Y-%m}"
    data = report(client, version.record_id)
    performance = data["Report_Items"][0]["Attribute_Performance"][0]["Performance"]
    assert performance["Total_Dataset_Requests"] == {month: 1}
    assert performance["Total_Dataset_Investigations"] == {month: 1}


def test_counter_report_structure(client: Client, version: Version) -> None:
    for day, address in ((15, "192.0.2.1"), (15, "192.0.2.2")):
        hit = Hit(address, FIREFOX, at=datetime(2026, 1, day, 10, tzinfo=UTC))
        usage.count_view(hit, version)
    usage.count_view(Hit("192.0.2.1", FIREFOX, at=datetime(2026, 2, 3, tzinfo=UTC)), version)
    file = version.files.get()
    usage.count_download(Hit("192.0.2.1", FIREFOX, at=datetime(2026, 2, 3, 0, 5, tzinfo=UTC)), file)

    data = report(client, version.record_id, start="2026-01", end="2026-02")
    header = data["Report_Header"]
    assert (header["Report_ID"], header["Report_Name"], header["Release"]) == (
        "DSR",
        "Dataset Report",
        "5.1",
    )
    assert header["Report_Filters"]["Begin_Date"] == "2026-01-01"
    assert header["Report_Filters"]["End_Date"] == "2026-02-28"
    assert header["Report_Filters"]["Metric_Type"] == METRICS
    assert header["Created"].endswith("Z") and header["Exceptions"] == []

    record_item, version_item = data["Report_Items"]
    record = version.record
    record.refresh_from_db()
    assert record_item["Item"] == "Rain in Accra"
    assert record_item["Item_ID"]["ARK"] == record.ark
    assert version_item["Item_ID"]["ARK"] == version.ark
    attributes = record_item["Attribute_Performance"][0]
    assert (attributes["Data_Type"], attributes["Access_Method"], attributes["YOP"]) == (
        "Dataset",
        "Regular",
        "2026",
    )
    assert attributes["Performance"] == {
        "Total_Dataset_Investigations": {"2026-01": 2, "2026-02": 2},
        "Unique_Dataset_Investigations": {"2026-01": 2, "2026-02": 1},
        "Total_Dataset_Requests": {"2026-02": 1},
        "Unique_Dataset_Requests": {"2026-02": 1},
    }
    assert version_item["Attribute_Performance"][0]["Performance"] == attributes["Performance"]
    assert report(client, version.record_id, start="2025-01", end="2025-12")["Report_Items"][0][
        "Attribute_Performance"
    ][0]["Performance"] == {metric: {} for metric in METRICS}


def test_counter_report_refuses_bad_input(client: Client, version: Version) -> None:
    url = reverse("datafiles:usage", args=[version.record_id])
    response = client.get(url, {"start": "2026-13"})
    assert response.status_code == 400 and "start" in response.json()["errors"]
    response = client.get(url, {"start": "2026-03", "end": "2026-01"})
    assert response.status_code == 400 and "end" in response.json()["errors"]
    assert client.get(reverse("datafiles:usage", args=[version.record_id + 1])).status_code == 404


def test_admin_report_page(client: Client, version: Version) -> None:
    usage.count_view(Hit("192.0.2.1", FIREFOX, at=datetime(2026, 3, 4, tzinfo=UTC)), version)
    url = reverse("datasets:statistics")
    assert client.get(url, {"start": "2026-01", "end": "2026-06"}).status_code == 403
    assert signed_in("ada@example.org", "depositor").get(url).status_code == 403

    admin = signed_in("root@example.org", "admin")
    response = admin.get(url, {"start": "2026-01", "end": "2026-06"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<td>2026-03</td>" in body and "Rain in Accra" in body
    assert reverse("datafiles:usage", args=[version.record_id]) in body
    empty = admin.get(url, {"start": "2025-01", "end": "2025-02"}).content.decode()
    assert "No use of any dataset in this period." in empty

    bad = admin.get(url, {"start": "March"})
    assert bad.status_code == 400 and 'class="field-error"' in bad.content.decode()
