"""Rate limits: parsing, fixed windows on both backends, and one count across processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sankofa.core.models import RateWindow
from sankofa.core.ratelimit import (
    DatabaseRateLimiter,
    InvalidRate,
    MemoryRateLimiter,
    Rate,
    RateLimiter,
)
from tests.conftest import cli_env, run_cli

HOUR = 3600
T0 = 1_700_000_000 - 1_700_000_000 % HOUR + 100  # 100 s into an hour


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("120/h", Rate(120, 3600)),
        ("10/m", Rate(10, 60)),
        (" 5 / s ", Rate(5, 1)),
        ("1000/15m", Rate(1000, 900)),
        ("7/2d", Rate(7, 172800)),
        ("off", None),
        ("", None),
        ("None", None),
    ],
)
def test_rates_parse(text: str, rate: Rate | None) -> None:
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["120", "h", "120/y", "-1/h", "1.5/h", "0/h", "5/0m", "120/hh"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(InvalidRate):
        Rate.parse(text)


@pytest.fixture(params=["memory", "database"])
def limiter(request: pytest.FixtureRequest) -> RateLimiter:
    if request.param == "database":
        request.getfixturevalue("db")
        return DatabaseRateLimiter()
    return MemoryRateLimiter()


def test_a_window_allows_its_limit_then_refuses(limiter: RateLimiter) -> None:
    rate = Rate(3, HOUR)
    verdicts = [limiter.hit("a", rate, T0 + i) for i in range(5)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert [v.remaining for v in verdicts] == [2, 1, 0, 0, 0]
    assert {v.limit for v in verdicts} == {3}
    assert {v.reset for v in verdicts} == {T0 - 100 + HOUR}
    assert verdicts[3].retry_after == HOUR - 100 - 3


def test_the_next_window_starts_afresh(limiter: RateLimiter) -> None:
    rate = Rate(2, HOUR)
    for i in range(3):
        limiter.hit("a", rate, T0 + i)
    later = limiter.hit("a", rate, T0 + HOUR)
    assert later.allowed and later.remaining == 1
    assert later.reset == T0 - 100 + 2 * HOUR
    # a lagging clock counts in the stored (newer) window
    lagging = limiter.hit("a", rate, T0 + HOUR - 200)
    assert (lagging.allowed, lagging.remaining) == (True, 0)


def test_buckets_and_periods_count_apart(limiter: RateLimiter) -> None:
    assert not any(
        v.allowed for v in [limiter.hit("a", Rate(1, HOUR), T0 + i) for i in range(2)][1:]
    )
    assert limiter.hit("b", Rate(1, HOUR), T0).allowed
    assert limiter.hit("a", Rate(1, 60), T0).allowed  # another rate, another count


@pytest.mark.django_db
def test_expired_rows_are_pruned() -> None:
    limiter = DatabaseRateLimiter()
    limiter.hit("old", Rate(5, 60), T0)
    limiter.hit("new", Rate(5, HOUR), T0)
    assert limiter.prune(T0 + 60) == 1
    assert list(RateWindow.objects.values_list("bucket", flat=True)) == [f"{HOUR}:new"]


HAMMER = """
import json, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
django.setup()
from sankofa.core.ratelimit import DatabaseRateLimiter, Rate
limiter = DatabaseRateLimiter()
sys.stdin.readline()  # start together
print(json.dumps([limiter.hit("shared", Rate(50, 3600)).allowed for _ in range(40)]))
"""


@pytest.mark.django_db(transaction=True)
def test_processes_share_one_count(tmp_path: Path) -> None:
    """Three processes hit one bucket 40 times each, at once: exactly 50 hits are allowed."""
    home = tmp_path / "node"
    assert run_cli(home, "migrate").returncode == 0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", HAMMER],
            env=cli_env(home),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [json.loads(proc.communicate(timeout=120)[0]) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    assert sum(sum(r) for r in results) == 50
    assert sum(len(r) for r in results) == 120
