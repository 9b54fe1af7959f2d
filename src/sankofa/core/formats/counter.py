"""A COUNTER R5.1 style Dataset Report (DSR) as JSON data.

The report is a mapping with two keys:

- ``Report_Header``: ``Report_Name`` "Dataset Report", ``Report_ID`` "DSR", ``Release``
  "5.1", ``Created`` (RFC 3339 UTC, seconds, ``Z``), ``Created_By``,
  ``Institution_Name``, ``Report_Filters`` (``Begin_Date`` and ``End_Date`` as
  YYYY-MM-DD, ``Access_Method`` ["Regular"], ``Metric_Type`` the four metrics below),
  ``Report_Attributes`` (``Attributes_To_Show``) and ``Exceptions`` (a list, empty
  when nothing is to be said);
- ``Report_Items``: one object per dataset (a record, counted over all its versions)
  or dataset version, with ``Item`` (its title), ``Item_ID`` (``DOI``, ``ARK`` and
  ``Proprietary`` ids, only those it has), ``Platform``, ``Publisher``, ``Item_URL``
  and ``Attribute_Performance``: one object with ``Data_Type`` "Dataset",
  ``Access_Method`` "Regular", ``YOP`` (year of publication, "0001" when unknown), and
  ``Performance``: for each metric, a mapping of month ("YYYY-MM") to count, months
  without use left out and metrics without use given as an empty mapping.

Metrics: Total_Dataset_Investigations, Unique_Dataset_Investigations,
Total_Dataset_Requests, Unique_Dataset_Requests (requests are downloads;
investigations are every look at a dataset, requests included).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

__all__ = ["METRICS", "DatasetUsage", "ReportHeader", "dataset_report"]

METRICS = (
    "Total_Dataset_Investigations",
    "Unique_Dataset_Investigations",
    "Total_Dataset_Requests",
    "Unique_Dataset_Requests",
)


@dataclass(frozen=True)
class ReportHeader:
    created: datetime  # aware
    created_by: str
    institution: str
    begin: date
    end: date
    exceptions: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True)
class DatasetUsage:
    title: str
    platform: str
    publisher: str
    url: str
    year: int | None
    ids: Mapping[str, str] = field(default_factory=dict)  # DOI, ARK, Proprietary
    # metric -> month ("YYYY-MM") -> count
    performance: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


def dataset_report(header: ReportHeader, items: Sequence[DatasetUsage]) -> dict[str, Any]:
    """The DSR of `items` (as a JSON-ready mapping; see the module docstring)."""
    return {"Report_Header": _header(header), "Report_Items": [_item(item) for item in items]}


def _header(header: ReportHeader) -> dict[str, Any]:
    utc = header.created.astimezone(UTC)
    return {
        "Report_Name": "Dataset Report",
        "Report_ID": "DSR",
        "Release": "5.1",
        "Institution_Name": header.institution,
        "Created": utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Created_By": header.created_by,
        "Report_Filters": {
            "Begin_Date": header.begin.isoformat(),
            "End_Date": header.end.isoformat(),
            "Access_Method": ["Regular"],
            "Metric_Type": list(METRICS),
        },
        "Report_Attributes": {"Attributes_To_Show": ["Data_Type", "Access_Method", "YOP"]},
        "Exceptions": [dict(exception) for exception in header.exceptions],
    }


def _item(item: DatasetUsage) -> dict[str, Any]:
    return {
        "Item": item.title,
        "Item_ID": {key: value for key, value in item.ids.items() if value},
        "Platform": item.platform,
        "Publisher": item.publisher,
        "Item_URL": item.url,
        "Attribute_Performance": [
            {
                "Data_Type": "Dataset",
                "Access_Method": "Regular",
                "YOP": f"{item.year:04d}" if item.year else "0001",
                "Performance": {
                    metric: dict(sorted(item.performance.get(metric, {}).items()))
                    for metric in METRICS
                },
            }
        ],
    }
