"""Fixtures of the job tests (a pytest plugin: `pytest_plugins = ["tests.core.jobs_fixtures"]`).

`shared_db` gives a node home whose database the test process, its worker
threads and `sankofa`/`celery` subprocesses all use: on the SQLite tier a WAL
file `home/sankofa.sqlite3` (copied from a migrated template), on the
PostgreSQL tier the test database (`transactional_db`, so commits are real).

`broker` runs a test against Redis and against RabbitMQ on 127.0.0.1, each test
on its own queue. In CI (CI=true) an unreachable broker fails the test;
elsewhere the test is skipped and says why.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections

from tests.conftest import IN_CI, WANTED_DATABASE
from tests.core.jobs_env import BROKERS


@contextmanager
def sqlite_file_database(path: Path) -> Iterator[None]:
    """Point this process's default database (every thread) at the SQLite file `path`."""
    db_settings = connections.settings["default"]
    saved = dict(db_settings)
    previous = connections["default"]
    db_settings["NAME"] = str(path)
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = previous
        db_settings.clear()
        db_settings.update(saved)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any) -> Path:
    path = tmp_path_factory.mktemp("jobs-db") / "template.sqlite3"
    with django_db_blocker.unblock(), sqlite_file_database(path):
        call_command("migrate", verbosity=0, interactive=False)
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def shared_db(
    request: pytest.FixtureRequest, tmp_path: Path, django_db_blocker: Any, transactional_db: None
) -> Iterator[Path]:
    """A node home whose database this process and subprocesses share (see the module doc)."""
    home = tmp_path / "node"
    home.mkdir()
    if WANTED_DATABASE == "postgres":
        yield home
        return
    template = request.getfixturevalue("sqlite_template")
    shutil.copyfile(template, home / "sankofa.sqlite3")
    with django_db_blocker.unblock(), sqlite_file_database(home / "sankofa.sqlite3"):
        yield home


@pytest.fixture(params=sorted(BROKERS))
def broker(request: pytest.FixtureRequest, settings: Any) -> Iterator[tuple[str, str]]:
    """(kind, URL) of a reachable broker; the test's own queue, deleted afterwards."""
    from kombu import Connection

    kind, url = request.param, BROKERS[request.param]
    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:
        message = f"{kind} broker not reachable at {url}: {exc}"
        if IN_CI:
            pytest.fail(message + " (required in CI)")
        pytest.skip(message + "; the Celery tests on it are skipped")
    queue = f"sankofa-test-{uuid.uuid4().hex[:12]}"
    settings.SANKOFA_JOBS_BROKER_URL = url
    settings.SANKOFA_JOBS_QUEUE = queue
    yield kind, url
    with Connection(url, connect_timeout=3) as conn:
        conn.default_channel.queue_delete(queue)


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """A small real git repository with two commits."""
    from tests.archive.repos import commit_files, new_repo

    r = new_repo(tmp_path / "src")
    commit_files(r, {"README": b"hello\n", "src/a.py": b"print(1)\n"}, "first")
    commit_files(r, {"src/b.py": b"print(2)\n"}, "second")
    return r
