"""Usage statistics on the real database: double clicks, robots, unique and total counts,
the day's client keys and the monthly COUNTER figures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sankofa.core.blobstore import LocalBlobStore
from sankofa.datasets import services, usage
from sankofa.datasets.models import File, Version
from sankofa.datasets.usage import Hit
from sankofa.datasets.usage_models import UsageEvent, UsageSalt
from tests.datasets.conftest import ADA, resource

pytestmark = pytest.mark.django_db

MakeFile = Callable[[str, bytes], Path]
T0 = datetime(2026, 3, 10, 12, 0, 0, tzinfo=UTC)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def _fresh_salts() -> Iterator[None]:
    usage.forget_salts()
    yield
    usage.forget_salts()


def publish(make_file: MakeFile, title: str = "Rain") -> Version:
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, resource(title))
    services.add_file(ADA, draft.pk, "rain.csv", make_file("rain.csv", b"day,mm\n1,3\n"))
    services.add_file(ADA, draft.pk, "notes.txt", make_file("notes.txt", b"notes\n"))
    return services.publish(ADA, draft.pk)


def hit(seconds: float = 0, address: str = "192.0.2.7", agent: str = FIREFOX) -> Hit:
    return Hit(address=address, user_agent=agent, at=T0 + timedelta(seconds=seconds))


@pytest.fixture
def version(blobs: LocalBlobStore, make_file: MakeFile) -> Version:
    return publish(make_file)


def test_double_clicks_within_30_seconds_count_once(version: Version) -> None:
    assert usage.count_view(hit(0), version) and usage.count_view(hit(29), version)
    assert usage.totals(version)["views"] == {"total": 1, "unique": 1}


def test_hits_31_seconds_apart_count_twice(version: Version) -> None:
    usage.count_view(hit(0), version)
    usage.count_view(hit(31), version)
    assert usage.totals(version)["views"] == {"total": 2, "unique": 1}


def test_a_run_of_quick_clicks_counts_once_and_other_clients_apart(version: Version) -> None:
    for second in (0, 20, 40, 60):  # each within 30 s of the one before
        usage.count_view(hit(second), version)
    usage.count_view(hit(10, address="198.51.100.1"), version)
    usage.count_view(hit(10, agent=CHROME), version)  # same address, other browser
    assert usage.totals(version)["views"] == {"total": 3, "unique": 3}


def test_a_known_robot_is_not_counted(version: Version) -> None:
    assert usage.is_robot(GOOGLEBOT) and usage.is_robot("curl/8.5.0") and usage.is_robot("")
    assert not usage.is_robot(FIREFOX)
    assert not usage.count_view(hit(0, agent=GOOGLEBOT), version)
    file = version.files.get(name="rain.csv")
    assert not usage.count_download(hit(0, agent=GOOGLEBOT), file)
    assert UsageEvent.objects.count() == 0
    assert usage.totals(version)["views"] == {"total": 0, "unique": 0}


def test_unique_counts_clients_per_day_total_counts_hits(version: Version) -> None:
    for day in (0, 1):
        for minute in (0, 5, 10):
            usage.count_view(hit(day * 86400 + minute * 60), version)
    rain, notes = version.files.get(name="rain.csv"), version.files.get(name="notes.txt")
    usage.count_download(hit(0), rain)
    usage.count_download(hit(5), notes)  # another item: not a double click
    usage.count_download(hit(10), rain)  # the same file 10 s later: a double click
    counts = usage.totals(version)
    assert counts["views"] == {"total": 6, "unique": 2}
    assert counts["downloads"] == {"total": 2, "unique": 1}


def test_totals_of_the_version_and_of_the_record(
    version: Version, make_file: MakeFile, blobs: LocalBlobStore
) -> None:
    usage.count_view(hit(0), version)
    second = services.new_version(ADA, version.record_id)
    assert not usage.count_view(hit(100), second)  # a draft is not counted
    second = services.publish(ADA, second.pk)
    usage.count_view(hit(200), second)
    usage.count_view(hit(300, address="203.0.113.9"), second)
    usage.count_download(hit(400), File.objects.get(version=second, name="rain.csv"))
    counts = usage.totals(second)
    assert counts["views"] == {"total": 2, "unique": 2}
    assert counts["record"]["views"] == {"total": 3, "unique": 2}
    assert counts["record"]["downloads"] == {"total": 1, "unique": 1}
    assert usage.totals(version)["views"] == {"total": 1, "unique": 1}


def test_client_keys_hide_the_address_and_change_every_day(version: Version) -> None:
    usage.count_view(hit(0), version)
    usage.count_view(hit(86400), version)
    first, second = UsageEvent.objects.order_by("at")
    assert first.client != second.client
    stored = " ".join(str(value) for value in UsageEvent.objects.values_list())
    assert "192.0.2.7" not in stored and "Firefox" not in stored
    # an old day's salt is gone once a newer day's exists: old keys cannot be recomputed
    usage.forget_salts()
    usage.count_view(hit(3 * 86400), version)
    assert list(UsageSalt.objects.values_list("day", flat=True)) == [
        (T0 + timedelta(days=3)).date()
    ]


def test_signed_in_users_are_one_client_whatever_their_address(version: Version) -> None:
    usage.count_view(Hit("192.0.2.1", FIREFOX, user_id=9, at=T0), version)
    usage.count_view(Hit("192.0.2.2", "Other", user_id=9, at=T0 + timedelta(seconds=5)), version)
    assert usage.totals(version)["views"] == {"total": 1, "unique": 1}
