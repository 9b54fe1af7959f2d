"""The report both fixity checks keep: counts stay whole when rows are capped, JSON reads
back as the subclass with its own row type, and the text says what was left unlisted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from sankofa.core import fixity


@dataclass(frozen=True)
class Row:
    name: str
    problem: str


@dataclass
class Report(fixity.FixityReport):
    things: int = 0

    BAD_ROW: ClassVar[type] = Row


def test_rows_are_capped_but_counted_and_read_back() -> None:
    report = Report(started="2026-11-24T00:00:00+00:00", things=3)
    for n in range(fixity.MAX_LISTED + 5):
        report.add_bad(Row(f"f{n}", "checksum"))
    assert (report.bad_count, len(report.bad), report.ok) == (fixity.MAX_LISTED + 5, 1000, False)
    again = Report.from_json(report.as_json())
    assert again == report and isinstance(again.bad[0], Row)
    text = fixity.render(again, "3 things", "bad", [b.name for b in again.bad[:2]])
    assert text.splitlines() == [
        "fixity check started 2026-11-24T00:00:00+00:00, finished (running)",
        "3 things",
        "bad",
        "  f0",
        "  f1",
        "  … and 5 more",
    ]
