"""Test configuration shared by every tier.

Databases: SQLite by default; `SANKOFA_TEST_DATABASE=postgres` with
`SANKOFA_DATABASE_URL` set to the same URL as SANKOFA_TEST_POSTGRES_URL (default
127.0.0.1:5432, database `test`; `make test-postgres` sets both) runs the same suite on PostgreSQL.
In CI (CI=true) an unreachable PostgreSQL fails the run; elsewhere the
PostgreSQL run is skipped with a message saying so.
Shared schemas and sample records are read from SANKOFA_TEST_SHARED (default ../shared).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Generation speed depends on the machine's load (CI shares two cores with
# PostgreSQL and the brokers): the examples count, not wall-clock time.
settings.register_profile("sankofa", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sankofa")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SANKOFA_TEST_SHARED", ROOT.parent / "shared"))
POSTGRES_URL = os.environ.get(
    "SANKOFA_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
WANTED_DATABASE = os.environ.get("SANKOFA_TEST_DATABASE", "sqlite")


pytest_plugins = ["tests.gitservers"]  # git_daemon and smart_http fixtures


def _check_database() -> None:
    """The tier's database is the one the settings use, and it answers.

    pytest-django reads the settings before any conftest runs, so the Makefile
    chooses the database through SANKOFA_DATABASE_URL; this only verifies it.
    """
    from django.conf import settings as django_settings

    engine = django_settings.DATABASES["default"]["ENGINE"]
    if WANTED_DATABASE != "postgres":
        if "sqlite" not in engine:
            raise pytest.UsageError(f"the SQLite tier runs on {engine}: unset SANKOFA_DATABASE_URL")
        return
    if "postgresql" not in engine:
        raise pytest.UsageError(f"the PostgreSQL tier needs SANKOFA_DATABASE_URL={POSTGRES_URL}")
    import psycopg

    try:
        psycopg.connect(
            POSTGRES_URL.replace("postgres://", "postgresql://"), connect_timeout=5
        ).close()
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL is not reachable at {POSTGRES_URL}: {str(exc).strip()}"
        if IN_CI:
            raise pytest.UsageError(message + " (required in CI)") from None
        pytest.exit(message + "; the PostgreSQL run is skipped", returncode=0)


def pytest_configure(config: pytest.Config) -> None:
    _check_database()
    _plain_static_files()


def _plain_static_files() -> None:
    """Pages render in tests without `collectstatic` (hashed names need its manifest).

    `sankofa serve` collects them, so tests through a live server get the real thing.
    """
    from django.conf import settings as django_settings

    django_settings.STORAGES = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_page_cache() -> None:
    """Each test starts with an empty page cache (sankofa.web.caching)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_first() -> Iterator[None]:
    """Each test starts in the default language: a page in Korean leaves the thread in Korean."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _api_limits_off(settings: Any) -> None:
    """Tests count their own API limits (tests/api/test_throttle.py); the rest run unlimited."""
    settings.SANKOFA_API_ANON_RATE = "off"
    settings.SANKOFA_API_USER_RATE = "off"


@pytest.fixture
def node_home(tmp_path: Path, settings: object) -> Iterator[Path]:
    """A fresh SANKOFA_HOME for the object store and blob store of one test."""
    from sankofa.archive import store

    home = tmp_path / "home"
    home.mkdir()
    settings.HOME = home  # type: ignore[attr-defined]
    settings.SANKOFA_ARCHIVE_ROOT = home / "archive"  # type: ignore[attr-defined]
    settings.SANKOFA_BLOBSTORE_URL = (home / "blobs").as_uri()  # type: ignore[attr-defined]
    store._store.cache_clear()
    yield home
    store._store.cache_clear()


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for running `sankofa` as a subprocess against `home` and the test database."""
    from django.db import connection

    env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
    env["SANKOFA_HOME"] = str(home)
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["SANKOFA_DATABASE_URL"] = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    env.update(extra)
    return env


def run_cli(
    home: Path, *args: str, input: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sankofa", *args],
        env=cli_env(home, **env),
        input=input.decode() if input is not None else None,
        capture_output=True,
        text=True,
        timeout=600,
    )
