"""Rate limits: how many hits a bucket may take per fixed window of time.

A :class:`Rate` reads ``"<hits>/<period>"``: the period is ``s``, ``m``, ``h`` or
``d``, optionally after a count (``"120/h"``, ``"1000/15m"``). Windows are fixed and
aligned on the epoch: a window of period ``p`` seconds starts at a multiple of ``p``,
and its hits are forgotten when it ends. A bucket is any text naming who is counted
(``"api-anon:198.51.100.7"``); the rate's period is part of the bucket, so changing a
rate starts a fresh count.

Two backends share one interface, :class:`RateLimiter`:

* :class:`DatabaseRateLimiter` keeps one row per bucket in ``RateWindow`` and counts a
  hit with one indexed ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement
  (SQLite 3.35+ and PostgreSQL), so every process of a node (gunicorn workers, hosts
  sharing a PostgreSQL) counts against the same limit;
* :class:`MemoryRateLimiter` keeps counts in a dict: one process only (tests, or a
  single-process node).
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.db import connection

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
OFF = ("", "0", "off", "none", "unlimited")
PRUNE_EVERY = 1000  # hits between two deletions of expired rows, per process


class InvalidRate(ValueError):
    """A rate that does not read ``<hits>/<period>``."""


@dataclass(frozen=True)
class Rate:
    """At most `limit` hits per window of `period` seconds."""

    limit: int
    period: int

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """The rate `text` spells, or None for no limit (``""``, ``"off"``, ``"none"``)."""
        if text.strip().lower() in OFF:
            return None
        match = RATE.match(text)
        if match is None:
            raise InvalidRate(f"{text!r} is not a rate such as 120/h or 1000/15m")
        hits, count, unit = match.groups()
        period = int(count or "1") * PERIODS[unit]
        if int(hits) < 1 or period < 1:
            raise InvalidRate(f"{text!r}: hits and period must be positive")
        return cls(int(hits), period)

    def window(self, now: float) -> tuple[int, int]:
        """(start, end) of the window holding `now`, in whole seconds since the epoch."""
        start = int(now // self.period) * self.period
        return start, start + self.period


@dataclass(frozen=True)
class Verdict:
    """The outcome of one hit: whether it is allowed, and what to tell the client.

    `reset` is when the window ends (seconds since the epoch); `retry_after` the
    whole seconds until then (at least 1).
    """

    allowed: bool
    limit: int
    remaining: int
    reset: int
    retry_after: int


def verdict(rate: Rate, hits: int, reset: int, now: float) -> Verdict:
    return Verdict(
        allowed=hits <= rate.limit,
        limit=rate.limit,
        remaining=max(rate.limit - hits, 0),
        reset=reset,
        retry_after=max(math.ceil(reset - now), 1),
    )


class RateLimiter(ABC):
    """Counts hits per bucket; every hit counts, refused ones included."""

    @abstractmethod
    def hit(self, bucket: str, rate: Rate, now: float | None = None) -> Verdict:
        """Count one hit on `bucket` at `now` (default: the current time)."""


class MemoryRateLimiter(RateLimiter):
    """Counts in this process' memory (thread-safe); the in-memory twin of the database."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}  # bucket -> (window end, hits)

    def hit(self, bucket: str, rate: Rate, now: float | None = None) -> Verdict:
        now = time.time() if now is None else now
        start, end = rate.window(now)
        key = f"{rate.period}:{bucket}"
        with self._lock:
            if len(self._windows) > 100_000:
                self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
            known_end, hits = self._windows.get(key, (end, 0))
            if known_end <= start:  # that window is over
                known_end, hits = end, 0
            hits += 1
            self._windows[key] = (known_end, hits)
        return verdict(rate, hits, known_end, now)


class DatabaseRateLimiter(RateLimiter):
    """Counts in the ``RateWindow`` table: one statement per hit, shared by all processes.

    The statement runs in the caller's transaction if there is one, else on its own
    (autocommit). A window newer than the stored one replaces it; an older one (a
    process whose clock lags) counts in the stored window.
    """

    def __init__(self) -> None:
        self._hits = itertools.count(1)

    def hit(self, bucket: str, rate: Rate, now: float | None = None) -> Verdict:
        from sankofa.core.models import RateWindow

        now = time.time() if now is None else now
        start, end = rate.window(now)
        table = connection.ops.quote_name(RateWindow._meta.db_table)
        newer = f"{table}.window_start < excluded.window_start"
        sql = (
            f"INSERT INTO {table} (bucket, window_start, expires, hits) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (bucket) DO UPDATE SET "
            f"hits = CASE WHEN {newer} THEN 1 ELSE {table}.hits + 1 END, "
            f"expires = CASE WHEN {newer} THEN excluded.expires ELSE {table}.expires END, "
            f"window_start = CASE WHEN {newer} "
            f"THEN excluded.window_start ELSE {table}.window_start END "
            f"RETURNING hits, expires"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"{rate.period}:{bucket}", start, end])
            hits, expires = cursor.fetchone()
        if next(self._hits) % PRUNE_EVERY == 0:
            self.prune(now)
        return verdict(rate, int(hits), int(expires), now)

    def prune(self, now: float | None = None) -> int:
        """Delete the rows of windows that are over; the number deleted."""
        from sankofa.core.models import RateWindow

        now = time.time() if now is None else now
        deleted, _ = RateWindow.objects.filter(expires__lte=int(now)).delete()
        return deleted
