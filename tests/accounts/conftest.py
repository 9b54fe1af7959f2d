"""Fixtures of the account tests: a cheap proof of work, mail written to files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def cheap_proof(settings: Any) -> None:
    settings.SANKOFA_SIGNUP_PROOF_BITS = 8


@pytest.fixture
def mailbox(settings: Any, tmp_path: Path) -> Path:
    """Mail goes to the file backend (the node's default) in a fresh directory."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"
