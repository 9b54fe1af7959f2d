"""Dataset endpoints of the REST API (below /api/1/datasets/)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def openapi_paths() -> dict[str, Any]:
    """OpenAPI path items of these endpoints, keyed by path below /api/1."""
    return {}


def openapi_schemas() -> dict[str, Any]:
    return {}
