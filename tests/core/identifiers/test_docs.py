"""The example block of docs/identifiers.md runs and prints what its comments say."""

from __future__ import annotations

import re
from pathlib import Path

import sankofa.core.identifiers as identifiers

DOC = Path(__file__).resolve().parents[3] / "docs" / "identifiers.md"
EXAMPLE = re.compile(r"^(?P<call>\w+\.parse\(.*\))\s+# str\(\) -> (?P<out>\S+)$", re.MULTILINE)


def test_documented_examples_hold() -> None:
    examples = EXAMPLE.findall(DOC.read_text(encoding="utf-8"))
    assert len(examples) == 5
    namespace = {name: getattr(identifiers, name) for name in identifiers.__all__}
    for call, expected in examples:
        assert str(eval(call, namespace)) == expected, call


def test_every_error_class_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in identifiers.__all__:
        if name.endswith("Error"):
            assert f"`{name}`" in text, name
