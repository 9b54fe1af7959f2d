"""Which rows hold which blobs: the model fields that name a blob of the node's store.

Blobs are content-addressed, so one blob may serve many rows of different apps (a vault
bundle that someone also deposited as a dataset file is one blob). Each app registers
its fields (`register`, from its ``AppConfig.ready``); whoever wants to delete a blob
asks `referenced` first, and deletes only what no registered field holds.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.apps import apps

__all__ = ["fields", "referenced", "register"]

_FIELDS: set[tuple[str, str]] = set()
_lock = threading.Lock()
BATCH = 500  # digests asked about in one query


def register(model: str, *names: str) -> None:
    """Record that the fields `names` of `model` (``"app_label.Model"``) hold digests."""
    with _lock:
        _FIELDS.update((model, name) for name in names)


def fields() -> list[tuple[str, str]]:
    """Every registered ``(model, field)``, sorted."""
    with _lock:
        return sorted(_FIELDS)


def referenced(digests: Iterable[str]) -> set[str]:
    """Which of `digests` some registered field holds (in the caller's transaction: rows
    it has just deleted hold nothing)."""
    wanted = sorted(set(digests))
    found: set[str] = set()
    for label, name in fields():
        model = apps.get_model(label)
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            rows = model._default_manager.filter(**{f"{name}__in": batch})
            found.update(rows.values_list(name, flat=True).distinct())
    return found
