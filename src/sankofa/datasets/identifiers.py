"""ARKs of records and versions: minted under the node's NAAN and shoulder, never reused.

`SANKOFA_ARK_NAAN` (default ``99999``, the ARK test NAAN) and `SANKOFA_ARK_SHOULDER`
(default ``s1``) name where ARKs are minted: ``ark:99999/s1`` + 8 random betanumeric
characters + the NCDA check character. Two threads may draw the same blade: every
minted ARK is a row of `MintedArk` (a unique column), so `assign_ark` inserts it inside
a savepoint and draws again when the database says it is taken.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import checks
from django.db import IntegrityError, models, transaction

from sankofa.core.identifiers.ark import Ark, ArkError, mint
from sankofa.datasets.errors import ArkMintingFailed
from sankofa.datasets.models import MintedArk

DEFAULT_NAAN = "99999"
DEFAULT_SHOULDER = "s1"
BLADE_WIDTH = 8
MAX_ATTEMPTS = 10

# the random source of blades (tests replace it to force collisions)
randbelow: Callable[[int], int] = secrets.randbelow


def ark_naan() -> str:
    return str(getattr(settings, "SANKOFA_ARK_NAAN", DEFAULT_NAAN))


def ark_shoulder() -> str:
    return str(getattr(settings, "SANKOFA_ARK_SHOULDER", DEFAULT_SHOULDER))


def new_ark() -> Ark:
    """A fresh random ARK under the configured NAAN and shoulder (not yet checked as unused)."""
    return mint(ark_naan(), ark_shoulder(), width=BLADE_WIDTH, randbelow=randbelow)


def assign_ark(obj: models.Model, field: str = "ark") -> str:
    """Mint an unused ARK, register it and save it as `obj.<field>`; return it.

    The ARK is first inserted into `MintedArk` (one unique column for records and
    versions alike) in a savepoint: a collision, with a row of this node possibly written
    by a concurrent transaction, rolls back only that attempt and draws again.
    """
    for _ in range(MAX_ATTEMPTS):
        candidate = str(new_ark())
        try:
            with transaction.atomic():
                MintedArk.objects.create(value=candidate)
        except IntegrityError:
            continue
        setattr(obj, field, candidate)
        obj.save(update_fields=[field])
        return candidate
    raise ArkMintingFailed(
        f"no unused ARK under ark:{ark_naan()}/{ark_shoulder()} after {MAX_ATTEMPTS} attempts"
    )


def check_ark_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check: the NAAN and shoulder can mint ARKs."""
    try:
        new_ark()
    except ArkError as exc:
        return [
            checks.Error(
                f"SANKOFA_ARK_NAAN / SANKOFA_ARK_SHOULDER cannot mint ARKs: {exc}",
                hint="Use your NAAN (digits, e.g. 12345) and a shoulder such as s1.",
                id="sankofa.E301",
            )
        ]
    return []
