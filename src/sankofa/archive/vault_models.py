"""Models of the archive's vault feature (imported by ``sankofa.archive.models``)."""

from __future__ import annotations

__all__: list[str] = []
