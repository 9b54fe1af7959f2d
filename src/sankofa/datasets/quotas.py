"""How many bytes a record and a depositor may hold, checked before bytes are stored.

Two quotas, both in bytes (settings ``SANKOFA_DATASET_RECORD_QUOTA`` and
``SANKOFA_DATASET_USER_QUOTA``): the files of one version of a record (a draft may not
grow past it), and everything the records of one depositor hold, each distinct content
counted once (a file already held elsewhere by the same depositor costs nothing more,
as the blob store keeps it once).

A file of known size is refused before any of it is read; a stream of unknown size is
read through `capped`, which stops it as soon as it passes the room left, so nothing of
it becomes visible in the blob store. The services check again under the record's lock,
where the answer counts.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings
from django.db.models import Sum

from sankofa.datasets.errors import QuotaExceeded
from sankofa.datasets.files import StoredContent, store_content
from sankofa.datasets.models import File, Version

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "capped",
    "owner_bytes",
    "require_record_room",
    "require_room",
    "room",
    "store_within",
    "version_bytes",
]

GiB = 1024**3


def record_quota() -> int:
    return int(getattr(settings, "SANKOFA_DATASET_RECORD_QUOTA", 50 * GiB))


def user_quota() -> int:
    return int(getattr(settings, "SANKOFA_DATASET_USER_QUOTA", 200 * GiB))


def version_bytes(version: Version) -> int:
    """The bytes of the files of `version`."""
    total = File.objects.filter(version=version).aggregate(n=Sum("size"))["n"]
    return int(total or 0)


def owner_bytes(owner_id: int | None) -> int:
    """The bytes the records of depositor `owner_id` hold, each distinct content once."""
    if owner_id is None:
        return 0
    held = (
        File.objects.filter(version__record__owner_id=owner_id)
        .values("sha256", "size")
        .distinct()
        .aggregate(n=Sum("size"))["n"]
    )
    return int(held or 0)


def _owner_holds(owner_id: int | None, sha256: str) -> bool:
    return File.objects.filter(version__record__owner_id=owner_id, sha256=sha256).exists()


def room(version: Version) -> int:
    """The bytes a new file of `version` may have (0 when a quota is already reached)."""
    left = record_quota() - version_bytes(version)
    if version.record.owner_id is not None:
        left = min(left, user_quota() - owner_bytes(version.record.owner_id))
    return max(left, 0)


def require_room(version: Version, size: int, sha256: str | None = None) -> None:
    """Raise `QuotaExceeded` if a file of `size` bytes (content `sha256`, if known) would
    take the record or its depositor past their quota (content the depositor holds
    already costs them nothing: without `sha256` that cannot be known, and it counts)."""
    require_record_room(version, size)
    owner = version.record.owner_id
    if owner is None or (sha256 is not None and _owner_holds(owner, sha256)):
        return
    used = owner_bytes(owner)
    if used + size > user_quota():
        raise QuotaExceeded(
            f"a file of {_size(size)} would take the depositor of record {version.record_id} "
            f"past their quota of {_size(user_quota())} (their records hold {_size(used)})"
        )


def require_record_room(version: Version, size: int) -> None:
    held = version_bytes(version)
    if held + size > record_quota():
        raise QuotaExceeded(
            f"a file of {_size(size)} would take version {version.number} of record "
            f"{version.record_id} past its quota of {_size(record_quota())} "
            f"(it holds {_size(held)})"
        )


def store_within(
    version: Version, source: Path | str | BinaryIO, limit: int | None = None
) -> StoredContent:
    """Store `source` in the blob store unless it is larger than the room `version` has
    (or than `limit`). A path is measured first against the record's quota (the
    depositor's is checked once its content is known, by the caller); a stream, whose
    size is unknown, is stopped once it passes the room left under both."""
    if isinstance(source, str | Path):
        size = Path(source).stat().st_size
        require_record_room(version, size)
        if limit is not None and size > limit:
            raise QuotaExceeded(f"a file of {_size(size)} is over the limit of {_size(limit)}")
        return store_content(source)
    cap = room(version) if limit is None else min(room(version), limit)
    return store_content(capped(source, cap, version))


class _Capped(io.RawIOBase):
    def __init__(self, inner: BinaryIO, cap: int, version: Version) -> None:
        super().__init__()
        self._inner = inner
        self._cap = cap
        self._version = version
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._inner.read(min(len(view), self._cap - self._count + 1))
        if not data:
            return 0
        self._count += len(data)
        if self._count > self._cap:
            require_room(self._version, self._count)  # names the quota that is reached
            raise QuotaExceeded(f"the file is larger than the limit of {_size(self._cap)}")
        view[: len(data)] = data
        return len(data)


def capped(stream: BinaryIO, cap: int, version: Version) -> BinaryIO:
    """`stream`, raising `QuotaExceeded` as soon as more than `cap` bytes come out of it."""
    return io.BufferedReader(_Capped(stream, cap, version))


def _size(count: int) -> str:
    """Bytes as a person reads them: ``1.5 GiB (1610612736 bytes)``."""
    value = float(count)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            shown = f"{count} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
            return shown if unit == "bytes" else f"{shown} ({count} bytes)"
        value /= 1024
    return f"{count} bytes"
