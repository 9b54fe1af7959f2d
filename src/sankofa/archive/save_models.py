"""Models of the archive's save feature (imported by ``sankofa.archive.models``)."""

from __future__ import annotations

__all__: list[str] = []
