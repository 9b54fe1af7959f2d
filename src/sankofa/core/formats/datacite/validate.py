"""XSD validation of DataCite XML with lxml, against a schema the caller names.

The package ships no schema: `errors` takes the path of a kernel's ``metadata.xsd`` (with
its ``include/`` directory beside it), as published at
``https://schema.datacite.org/meta/kernel-4.<n>/``. Compiled schemas are cached per path.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree


@cache
def _schema(path: Path) -> Any:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(path), parser))


def errors(document: bytes, schema: Path) -> list[str]:
    """The XSD violations of `document` ("line N: message"); empty when it is valid.

    Bytes that are not XML give one entry saying so.
    """
    xsd = _schema(Path(schema).resolve())
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        tree = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        return [f"not XML: {exc}"]
    if xsd.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in xsd.error_log]
