"""Fixtures for the web tier: the small repository of the archive tests."""

from tests.archive.conftest import repo

__all__ = ["repo"]
