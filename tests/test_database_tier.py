"""Each test tier really runs on the database it names."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.conftest import WANTED_DATABASE


@pytest.mark.django_db
def test_tier_runs_on_its_database() -> None:
    expected = {"sqlite": "sqlite", "postgres": "postgresql"}[WANTED_DATABASE]
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
