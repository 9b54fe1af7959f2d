"""Vault bundles nobody has fetched for a while leave the blob store.

A bundle is a cache: it can always be cooked again from the archive. The daily job
``archive.vault_evict`` (`evict`) removes the ``done`` and ``failed`` cooks last fetched
(or, never fetched, finished) more than ``SANKOFA_VAULT_KEEP_DAYS`` days ago (default
30), and deletes the blob of each removed bundle unless another row still needs it: a
cook that is kept (a revision's flat bundle is its root directory's), or any other field
that names blobs (`sankofa.core.blobstore.references`: a bundle someone also deposited as
a dataset file stays). Asking for an evicted bundle cooks it again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from sankofa.archive.vault_models import VaultCook
from sankofa.core.blobstore import BlobNotFound, get_blobstore, references

__all__ = ["TASK", "Eviction", "evict", "keep_days"]

TASK = "archive.vault_evict"
_ENDED = (VaultCook.Status.DONE, VaultCook.Status.FAILED)


@dataclass
class Eviction:
    cooks: int = 0  # rows removed
    blobs: int = 0  # blobs deleted
    bytes: int = 0  # their size

    def as_json(self) -> dict[str, int]:
        return asdict(self)


def keep_days() -> float:
    """``SANKOFA_VAULT_KEEP_DAYS``: days a bundle is kept after it was last fetched."""
    return float(getattr(settings, "SANKOFA_VAULT_KEEP_DAYS", 30))


def evict(now: datetime | None = None) -> Eviction:
    """Remove the cooks not fetched within `keep_days` and the blobs only they held."""
    cutoff = (now or timezone.now()) - timedelta(days=keep_days())
    stale = (
        VaultCook.objects.filter(status__in=_ENDED)
        .annotate(seen=Coalesce("last_access", "finished", F("requested")))
        .filter(seen__lt=cutoff)
    )
    done = Eviction()
    with transaction.atomic():
        rows = list(stale.select_for_update().values_list("pk", "bundle_digest", "bundle_size"))
        VaultCook.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
        sizes = {digest: size or 0 for _, digest, size in rows if digest}
        kept = references.referenced(sizes)  # by the cooks that stay, or by other rows
    done.cooks = len(rows)
    store = get_blobstore()
    for digest, size in sorted(sizes.items()):
        if digest in kept:
            continue
        try:
            store.delete(digest)
        except (BlobNotFound, FileNotFoundError):
            continue
        done.blobs += 1
        done.bytes += size
    return done
