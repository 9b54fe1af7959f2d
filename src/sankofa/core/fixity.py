"""What the fixity checks of datasets and journals share: the report they keep as their
job's result (JSON), how many bad items it lists, finding the newest one, and its text.

Each check subclasses `FixityReport` with the count of what it walked (files, articles)
and the type of its bad rows (``BAD_ROW``, a dataclass); the JSON shape is the
dataclass's fields, so reports kept by earlier runs read back the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, TypeVar

from sankofa.core.jobs.models import Job

__all__ = ["MAX_LISTED", "FixityReport", "last_report", "render"]

MAX_LISTED = 1000  # bad rows kept in a report (the count is always complete)
R = TypeVar("R", bound="FixityReport")


@dataclass
class FixityReport:
    started: str
    finished: str = ""
    blobs: int = 0
    bytes: int = 0
    bad_count: int = 0
    bad: list[Any] = field(default_factory=list)

    BAD_ROW: ClassVar[type] = dict

    @property
    def ok(self) -> bool:
        return self.bad_count == 0

    def add_bad(self, row: Any) -> None:
        """Count one bad item; keep its row while fewer than `MAX_LISTED` are kept."""
        self.bad_count += 1
        if len(self.bad) < MAX_LISTED:
            self.bad.append(row)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls: type[R], data: dict[str, Any]) -> R:
        bad = [cls.BAD_ROW(**row) for row in data.get("bad", [])]
        fields = {k: v for k, v in data.items() if k != "bad"}
        return cls(**fields, bad=bad)


def last_report(task: str, report_type: type[R]) -> tuple[R, int] | None:
    """The newest finished report of the job `task` and the id of that job, or None."""
    job = (
        Job.objects.filter(name=task, status=Job.Status.SUCCEEDED, result__isnull=False)
        .order_by("-finished", "-pk")
        .first()
    )
    if job is None or not isinstance(job.result, dict):
        return None
    return report_type.from_json(job.result), job.pk


def render(report: FixityReport, totals: str, verdict: str, rows: Sequence[str]) -> str:
    """The report as text: when it ran, `totals`, `verdict`, one indented line per
    listed bad row (`rows`), and how many more were found than listed."""
    finished = report.finished or "(running)"
    lines = [f"fixity check started {report.started}, finished {finished}", totals, verdict]
    lines += [f"  {row}" for row in rows]
    if report.bad_count > len(report.bad):
        lines.append(f"  … and {report.bad_count - len(report.bad)} more")
    return "\n".join(lines)
