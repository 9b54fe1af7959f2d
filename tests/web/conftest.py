"""Fixtures for the web tier: the small repository of the archive tests, and one live node
(with its browser) shared by the modules of a test worker."""

from tests.archive.conftest import repo
from tests.web.browser import chromium, live_node, node_database

__all__ = ["chromium", "live_node", "node_database", "repo"]
