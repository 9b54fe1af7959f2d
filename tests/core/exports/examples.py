"""The official DataCite examples and a landing page with files, shared by the export tests."""

from __future__ import annotations

from pathlib import Path

from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.record import File, Landing
from tests.core.datacite.kernels import KERNELS

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = [(k, path) for k in KERNELS for path in k.examples]
IDS = [f"{k.version}-{path.stem}" for k, path in EXAMPLES]

LANDING = Landing(
    landing_url="https://data.example.org/records/42",
    files=(
        File(
            name="measurements.csv",
            size=123456,
            sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            md5="098f6bcd4621d373cade4e832627b4f6",
            media_type="text/csv",
            download_url="https://data.example.org/records/42/files/measurements.csv",
        ),
    ),
)


def resources() -> list[Resource]:
    """Every official example of every kernel, read."""
    return [kernel.codec.read(path.read_bytes()) for kernel, path in EXAMPLES]


def full() -> Resource:
    """The kernel-4.7 "full" example: every property."""
    kernel = KERNELS[1]
    return kernel.codec.read(
        (kernel.directory / "example" / "datacite-example-full-v4.xml").read_bytes()
    )
