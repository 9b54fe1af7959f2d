"""accounts imports core (and swhid), never another domain or an edge."""

from __future__ import annotations

import ast
from pathlib import Path

ACCOUNTS = Path(__file__).resolve().parents[2] / "src" / "sankofa" / "accounts"
FORBIDDEN = (
    "sankofa.archive",
    "sankofa.api",
    "sankofa.cli",
    "sankofa.web",
    "sankofa.datasets",
    "sankofa.journals",
    "sankofa.discovery",
)


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_accounts_imports_no_other_domain_nor_edge() -> None:
    files = sorted(ACCOUNTS.rglob("*.py"))
    assert len(files) > 5
    bad = {
        (f.name, name)
        for f in files
        for name in imported(f)
        if any(name == m or name.startswith(m + ".") for m in FORBIDDEN)
    }
    assert bad == set()
