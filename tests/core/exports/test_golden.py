"""Each exporter's output for the full DataCite example matches its reviewed golden file.

Set SANKOFA_UPDATE_GOLDEN=1 to rewrite the files after a deliberate change (then review
the diff): without it a difference fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from sankofa.core.formats import (
    bibtex_data,
    csl_data,
    datacite_json,
    dublincore,
    ris,
    schemaorg,
)
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.record import Landing
from tests.core.exports.examples import GOLDEN, LANDING, full


def _text(render: Callable[[Resource, Landing], str | bytes]) -> Callable[[], bytes]:
    def run() -> bytes:
        out = render(full(), LANDING)
        return out if isinstance(out, bytes) else out.encode()

    return run


GOLDENS = {
    "full.datacite.json": _text(datacite_json.document),
    "full.schemaorg.jsonld": _text(schemaorg.document),
    "full.oai_dc.xml": _text(dublincore.document),
    "full.ris": _text(ris.document),
    "full.bib": _text(bibtex_data.entry),
    "full.csl.json": _text(csl_data.document),
}


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_matches_golden(name: str) -> None:
    produced = GOLDENS[name]()
    path = GOLDEN / name
    if os.environ.get("SANKOFA_UPDATE_GOLDEN"):
        path.write_bytes(produced)
    assert produced == path.read_bytes()
