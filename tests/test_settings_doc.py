"""Every environment variable the settings read is documented in docs/settings.md."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented() -> None:
    source = (ROOT / "src" / "sankofa" / "settings.py").read_text()
    read = set(re.findall(r"environ(?:\.get)?\(\s*\"(SANKOFA_[A-Z0-9_]+)\"", source))
    read |= set(re.findall(r"environ\[\"(SANKOFA_[A-Z0-9_]+)\"\]", source))
    documented = set(
        re.findall(r"^\| `(SANKOFA_[A-Z0-9_]+)`", (ROOT / "docs" / "settings.md").read_text(), re.M)
    )
    assert read, "the settings read no SANKOFA_ variable: the pattern above is stale"
    assert read - documented == set()
    assert documented - read == set()
