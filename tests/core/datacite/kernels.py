"""The kernel versions under test, with their XSD and examples from SANKOFA_TEST_SHARED."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sankofa.core.formats.datacite import xml46, xml47
from sankofa.core.formats.datacite.xml46 import DataCite46
from tests.conftest import SHARED


@dataclass(frozen=True)
class Kernel:
    version: str
    codec: DataCite46

    @property
    def directory(self) -> Path:
        return SHARED / "schemas" / f"datacite-{self.version}"

    @property
    def xsd(self) -> Path:
        return self.directory / "metadata.xsd"

    @property
    def examples(self) -> list[Path]:
        return sorted((self.directory / "example").glob("*.xml"))


KERNELS = [Kernel("4.6", xml46.KERNEL), Kernel("4.7", xml47.KERNEL)]
