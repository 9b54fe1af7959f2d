"""Random valid resources: written XML is XSD-valid and reads back to the same value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sankofa.core.formats.datacite import validate
from tests.core.datacite.kernels import KERNELS, Kernel
from tests.core.datacite.strategies import resources


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: k.version)
@settings(max_examples=150)
@given(data=st.data())
def test_write_read_round_trip(kernel: Kernel, data: st.DataObject) -> None:
    resource = data.draw(resources(kernel.codec))
    written = kernel.codec.write(resource)
    assert validate.errors(written, kernel.xsd) == []
    assert kernel.codec.read(written) == resource
    assert kernel.codec.write(resource) == written
