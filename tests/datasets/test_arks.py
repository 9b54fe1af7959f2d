"""ARK minting: configured NAAN and shoulder, collisions retried, never two rows alike."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from sankofa.core.actors import Actor
from sankofa.core.identifiers.ark import BETANUMERIC
from sankofa.datasets import identifiers, services
from sankofa.datasets.errors import ArkMintingFailed
from sankofa.datasets.models import MintedArk, Record, Version
from tests.datasets.conftest import ADA, BOB, resource


def scripted(blades: list[str]) -> Callable[[int], int]:
    """A random source that draws these blades, one after the other."""
    digits: Iterator[int] = iter(BETANUMERIC.index(c) for blade in blades for c in blade)
    return lambda bound: next(digits)


def ready(actor: Actor = ADA) -> Version:
    draft = services.create_draft(actor)
    services.set_metadata(actor, draft.pk, resource())
    return draft


@pytest.mark.django_db
def test_arks_use_the_configured_naan_and_shoulder(settings: object, node_home: Path) -> None:
    settings.SANKOFA_ARK_NAAN = "12345"  # type: ignore[attr-defined]
    settings.SANKOFA_ARK_SHOULDER = "b7"  # type: ignore[attr-defined]
    version = services.publish(ADA, ready().pk)
    assert (version.ark or "").startswith("ark:12345/b7")
    assert (version.record.ark or "").startswith("ark:12345/b7")


@pytest.mark.django_db
def test_a_taken_ark_is_drawn_again(monkeypatch: pytest.MonkeyPatch, node_home: Path) -> None:
    monkeypatch.setattr(identifiers, "randbelow", scripted(["00000000", "11111111"]))
    first = services.publish(ADA, ready().pk)
    assert first.record.ark == "ark:99999/s100000000" + first.record.ark[-1]  # type: ignore[index]
    assert (first.ark or "").startswith("ark:99999/s111111111")

    # the next record draws the two blades already taken, then fresh ones
    monkeypatch.setattr(
        identifiers, "randbelow", scripted(["00000000", "11111111", "22222222", "33333333"])
    )
    second = services.publish(ADA, ready().pk)
    assert (second.record.ark or "").startswith("ark:99999/s122222222")
    assert (second.ark or "").startswith("ark:99999/s133333333")
    assert Record.objects.filter(ark__isnull=False).count() == 2


@pytest.mark.django_db
def test_minting_gives_up_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, node_home: Path
) -> None:
    monkeypatch.setattr(identifiers, "randbelow", scripted(["00000000", "11111111"]))
    services.publish(ADA, ready().pk)
    monkeypatch.setattr(identifiers, "randbelow", lambda bound: 0)  # always ...00000000
    draft = ready()
    with pytest.raises(ArkMintingFailed, match="no unused ARK under ark:99999/s1 after 10"):
        services.publish(ADA, draft.pk)
    # nothing of the failed publication stays
    assert Version.objects.get(pk=draft.pk).state == "draft"
    assert Record.objects.get(pk=draft.record_id).ark is None
    assert MintedArk.objects.count() == 2
    assert [c.action for c in services.history(ADA, draft.record_id)][-1] == "set_metadata"


def test_a_bad_shoulder_fails_the_system_check(settings: object) -> None:
    assert identifiers.check_ark_settings() == []
    settings.SANKOFA_ARK_SHOULDER = "s"  # type: ignore[attr-defined]
    (error,) = identifiers.check_ark_settings()
    assert error.id == "sankofa.E301" and "shoulder 's'" in error.msg


@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_never_share_an_ark(
    monkeypatch: pytest.MonkeyPatch, node_home: Path
) -> None:
    """Two publications at once, both drawing the same blades first: the unique columns
    make one of them draw again, and every ARK ends up on exactly one row."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    drafts = [ready(ADA), ready(BOB)]
    lock = threading.Lock()
    streams: dict[int, Callable[[int], int]] = {}

    def per_thread(bound: int) -> int:
        with lock:
            stream = streams.setdefault(
                threading.get_ident(),
                scripted(["00000000", "11111111", "22222222", "33333333", "44444444"]),
            )
        return stream(bound)

    monkeypatch.setattr(identifiers, "randbelow", per_thread)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def publish(version: Version) -> None:
        try:
            barrier.wait(timeout=30)
            owner = ADA if version.record.owner_id == ADA.user_id else BOB
            services.publish(owner, version.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    arks = [
        *Record.objects.values_list("ark", flat=True),
        *Version.objects.values_list("ark", flat=True),
    ]
    assert len(arks) == 4 and None not in arks and len(set(arks)) == 4
    # one publication won the first two blades, the other collided and drew the next two
    assert sorted(str(ark)[len("ark:99999/s1") :][:8] for ark in arks) == [
        "00000000",
        "11111111",
        "22222222",
        "33333333",
    ]
