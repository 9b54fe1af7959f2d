"""Periodic tasks: due runs are enqueued once, whatever the number of processes asking."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone

from sankofa.core.actors import Actor
from sankofa.core.jobs import Job, periodic, task
from sankofa.core.jobs.models import PeriodicRun
from sankofa.core.jobs.sweeper import Sweeper
from tests.core.jobs_env import wait_for

pytest_plugins = ["tests.core.jobs_fixtures"]

TICK = "tests.periodic_tick"


@task(TICK, max_attempts=1)
def tick(actor: Actor) -> str:
    return actor.name


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> Iterator[periodic.Periodic]:
    """The test task every hour, the node's own periodic tasks registered as usual."""
    periodic.periodic_tasks()  # the apps register theirs first
    monkeypatch.setattr(periodic, "_periodic", dict(periodic._periodic))
    yield periodic.every(TICK, timedelta(hours=1))


def ticks() -> list[Job]:
    return list(Job.objects.filter(name=TICK).order_by("pk"))


def test_the_node_registers_its_periodic_tasks() -> None:
    every = {p.task: p.every() for p in periodic.periodic_tasks()}
    assert every["datasets.lift_embargoes"] == timedelta(days=1)
    assert every["datasets.fixity_all"] == timedelta(days=7)
    assert every["uploads.expire"] == timedelta(hours=1)


@pytest.mark.django_db
def test_a_due_task_is_enqueued_once_per_interval(ticking: periodic.Periodic) -> None:
    start = timezone.now()
    first = [j for j in periodic.run_due(start) if j.name == TICK]
    assert len(first) == 1 and first[0].requested_by_name == "scheduler"
    assert first[0].requested_as_operator
    assert not [j for j in periodic.run_due(start + timedelta(minutes=59)) if j.name == TICK]
    again = [j for j in periodic.run_due(start + timedelta(minutes=61)) if j.name == TICK]
    assert len(again) == 1
    row = PeriodicRun.objects.get(name=TICK)
    assert row.runs == 2 and row.last_job == again[0].pk
    assert row.next_run == start + timedelta(minutes=121)
    assert len(ticks()) == 2


@pytest.mark.django_db
def test_a_shorter_interval_counts_from_the_last_run(
    ticking: periodic.Periodic, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = timezone.now()
    periodic.run_due(start)
    periodic.every(TICK, timedelta(minutes=10))
    assert periodic.due_at(PeriodicRun.objects.get(name=TICK), timedelta(minutes=10)) == (
        start + timedelta(minutes=10)
    )
    periodic.run_due(start + timedelta(minutes=11))
    assert len(ticks()) == 2


def test_settings_turn_scheduling_off(settings: object) -> None:
    assert periodic.enabled()
    settings.SANKOFA_PERIODIC_JOBS = "off"  # type: ignore[attr-defined]
    assert not periodic.enabled()


def _in_thread(target: object, results: list[object], barrier: threading.Barrier) -> None:
    try:
        barrier.wait(timeout=20)
        results.append(target())  # type: ignore[operator]
    finally:
        connections.close_all()


def test_two_claimers_of_one_run_one_wins(shared_db: Path) -> None:
    """Two processes read the same due row, then both try to claim it at the same moment
    (threads with their own connections: on PostgreSQL truly concurrent transactions)."""
    row = periodic.row_of(TICK)
    now = timezone.now()
    barrier = threading.Barrier(2)
    results: list[object] = []
    threads = [
        threading.Thread(
            target=_in_thread,
            args=(lambda: periodic.claim(row, timedelta(hours=1), now), results, barrier),
        )
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [False, True]  # type: ignore[type-var]
    stored = PeriodicRun.objects.get(name=TICK)
    assert stored.runs == 1 and stored.next_run == now + timedelta(hours=1)


def test_concurrent_schedulers_enqueue_each_run_once(
    shared_db: Path, ticking: periodic.Periodic
) -> None:
    now = timezone.now()
    barrier = threading.Barrier(4)
    results: list[object] = []
    threads = [
        threading.Thread(target=_in_thread, args=(lambda: periodic.run_due(now), results, barrier))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 4
    assert len(ticks()) == 1  # four schedulers, one run
    for name in ("datasets.lift_embargoes", "datasets.fixity_all", "uploads.expire"):
        assert Job.objects.filter(name=name).count() == 1


def test_the_sweeper_schedules_from_its_second_pass(
    shared_db: Path, ticking: periodic.Periodic
) -> None:
    sweeper = Sweeper(interval=0.2).start()
    try:
        wait_for(lambda: len(ticks()) == 1, 20, "the sweeper to enqueue the periodic task")
    finally:
        sweeper.stop(timeout=10)
    assert PeriodicRun.objects.get(name=TICK).runs == 1
