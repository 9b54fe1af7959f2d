"""Vault bundles not fetched for a while leave the blob store, unless another row still
names their blob; an evicted bundle is cooked again when asked for. And every model field
that names a blob is known to the references registry, so no eviction deletes a blob
someone else holds."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from sankofa.archive import cooking, vault_eviction
from sankofa.archive.models import VaultCook
from sankofa.core import jobs
from sankofa.core.actors import Actor
from sankofa.core.blobstore import get_blobstore, references
from sankofa.core.jobs import Job, periodic, runner
from sankofa.swhid.identifiers import CoreSWHID, ObjectType
from tests.api import conftest as api_fixtures
from tests.api.conftest import Archived
from tests.archive.test_cooking import ALICE, PUBLIC, run_jobs

simple = api_fixtures.simple

# Fields named like digests that do not name blobs of the store.
NOT_BLOBS = {
    ("sankofa_accounts.ApiToken", "digest"),  # a hash of a secret token
    ("sankofa_accounts.SpentChallenge", "digest"),  # a hash of a used challenge
    ("sankofa_core.Upload", "sha256"),  # the file's hash; its blob is named by `blob`
    ("archive.SkippedContent", "sha256"),  # a content the archive did not store
}
DIGEST_NAME = re.compile(r"^(sha256|blob|.*_sha256|.*_digest|digest)$")


def test_every_field_that_names_a_blob_is_registered(db: None) -> None:
    named = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if DIGEST_NAME.match(field.name) and model._meta.label.split(".")[0] != "auth"
    }
    assert named - NOT_BLOBS == set(references.fields())


def cook_row(digest: str, size: int, seen: timedelta | None, **fields: Any) -> VaultCook:
    now = timezone.now()
    swhid = f"swh:1:dir:{digest[:40]}"
    return VaultCook.objects.create(
        swhid=fields.pop("swhid", swhid),
        fmt=fields.pop("fmt", "flat"),
        status=fields.pop("status", "done"),
        bundle_digest=digest,
        bundle_size=size,
        finished=now - timedelta(days=90),
        last_access=None if seen is None else now - seen,
        **fields,
    )


def test_stale_bundles_go_unless_another_row_names_their_blob(db: None, node_home: Any) -> None:
    store = get_blobstore()
    old, fresh, shared, deposited = (
        store.put_bytes(f"bundle {n}".encode()) for n in ("old", "fresh", "shared", "deposited")
    )
    cook_row(old, 10, timedelta(days=31))
    cook_row(store.put_bytes(b"never fetched"), 13, None)  # finished 90 days ago
    cook_row(fresh, 12, timedelta(days=2))
    # a revision's flat bundle is its root directory's: two rows, one blob
    cook_row(shared, 13, timedelta(days=40), swhid="swh:1:rev:" + "1" * 40)
    cook_row(shared, 13, timedelta(hours=1), swhid="swh:1:dir:" + "2" * 40)
    cook_row(deposited, 16, timedelta(days=60))
    failed = cook_row("", 0, None, status="failed", swhid="swh:1:dir:" + "3" * 40)
    ask_again = cook_row("", 0, None, status="new", swhid="swh:1:dir:" + "4" * 40)
    ask_again.requested = timezone.now() - timedelta(days=99)
    ask_again.save()
    file = apps.get_model("datasets.File")
    record = apps.get_model("datasets.Record").objects.create()
    version = apps.get_model("datasets.Version").objects.create(record=record, number=1)
    file.objects.create(version=version, name="bundle.tar.gz", sha256=deposited, size=16)

    done = vault_eviction.evict()

    assert (done.cooks, done.blobs, done.bytes) == (5, 2, 10 + 13)
    assert not store.exists(old) and store.exists(fresh)
    assert store.exists(shared) and store.exists(deposited)  # still named elsewhere
    left = set(VaultCook.objects.values_list("bundle_digest", "status"))
    assert left == {(fresh, "done"), (shared, "done"), ("", "new")}
    assert not VaultCook.objects.filter(pk=failed.pk).exists()
    assert vault_eviction.evict() == vault_eviction.Eviction()  # nothing more to do


def test_the_keeping_time_is_a_setting(db: None, node_home: Any, settings: Any) -> None:
    digest = get_blobstore().put_bytes(b"a bundle")
    cook_row(digest, 8, timedelta(days=5))
    settings.SANKOFA_VAULT_KEEP_DAYS = 7
    assert vault_eviction.evict().cooks == 0
    settings.SANKOFA_VAULT_KEEP_DAYS = 3
    assert vault_eviction.evict().blobs == 1


def test_an_evicted_bundle_is_cooked_again_when_asked(simple: Archived) -> None:
    tree = CoreSWHID(ObjectType.DIRECTORY, bytes.fromhex(simple.ids["tree3"]))
    cooking.request_cook(ALICE, tree, "flat")
    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    with cooking.open_bundle(PUBLIC, tree, "flat").open() as stream:
        first = stream.read()
    row = VaultCook.objects.get()
    VaultCook.objects.filter(pk=row.pk).update(last_access=timezone.now() - timedelta(days=45))
    # the daily job does it, as the scheduler would run it
    assert vault_eviction.TASK in [p.task for p in periodic.periodic_tasks()]
    job = jobs.enqueue(Actor.operator("test"), vault_eviction.TASK)
    assert runner.run(job.pk) is runner.Outcome.SUCCEEDED
    assert Job.objects.get(pk=job.pk).result == {"cooks": 1, "blobs": 1, "bytes": len(first)}
    assert not get_blobstore().exists(row.bundle_digest)
    with pytest.raises(cooking.BundleNotReady):
        cooking.open_bundle(PUBLIC, tree, "flat")
    assert cooking.request_cook(PUBLIC, tree, "flat").status == "new"
    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    with cooking.open_bundle(PUBLIC, tree, "flat").open() as stream:
        again = stream.read()
    # the same tarball; only the gzip header's time of cooking may differ
    assert gzip.decompress(again) == gzip.decompress(first)
