"""The locked test requirements hold every locked runtime requirement, at the same version.

`make test` installs requirements/test.txt alone, so a package added to base.txt only
would be missing from a fresh checkout's test environment."""

from __future__ import annotations

import re
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements"


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (REQUIREMENTS / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            package = re.split(r"[=<>\[; ]", line, maxsplit=1)[0]
            found[re.sub(r"[-_.]+", "-", package).lower()] = line
    return found


def test_every_runtime_pin_is_in_the_test_lock() -> None:
    runtime, test = pins("base.txt"), pins("test.txt")
    assert runtime, "base.txt lists nothing"
    missing = {name: pin for name, pin in runtime.items() if test.get(name) != pin}
    assert missing == {}, f"add these to requirements/test.txt: {sorted(missing.values())}"
