"""The hard-coded vocabularies match each kernel's XSD enumerations, so a drift is caught."""

from __future__ import annotations

import pytest
from lxml import etree

from sankofa.core.formats.datacite.vocabulary import XSD_TYPE
from tests.core.datacite.kernels import KERNELS, Kernel

XS = "{http://www.w3.org/2001/XMLSchema}"


def enumerations(kernel: Kernel) -> dict[str, set[str]]:
    """Every enumerated simple type of the kernel's ``include/*.xsd``, by type name."""
    found: dict[str, set[str]] = {}
    for path in sorted((kernel.directory / "include").glob("datacite-*.xsd")):
        for simple in etree.parse(str(path)).iter(f"{XS}simpleType"):
            values = {e.get("value") for e in simple.iter(f"{XS}enumeration")}
            if values:
                found[simple.get("name")] = values
    return found


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: k.version)
def test_vocabularies_match_the_xsd(kernel: Kernel) -> None:
    xsd = enumerations(kernel)
    assert set(xsd) == set(XSD_TYPE.values())
    for kind, name in XSD_TYPE.items():
        assert {member.value for member in kernel.codec.vocabulary[kind]} == xsd[name], name


def test_the_enums_hold_the_newest_kernel() -> None:
    newest = enumerations(KERNELS[-1])
    for kind, name in XSD_TYPE.items():
        assert {m.value for m in kind} == newest[name]


def test_every_enum_of_the_metadata_xsd_is_covered() -> None:
    """A new enumerated type used by metadata.xsd would need a new enum."""
    for kernel in KERNELS:
        used = {
            a.get("type")
            for a in etree.parse(str(kernel.xsd)).iter(f"{XS}attribute")
            if a.get("type") and not a.get("type").startswith("xs:")
        }
        assert used == set(XSD_TYPE.values())
