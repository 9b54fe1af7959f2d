"""DataCite Metadata Schema (kernel-4.6 and 4.7): a pure model and its XML.

`model` holds the resource as frozen values and `vocabulary` the controlled lists;
`xml46` and `xml47` read and write each kernel's XML (4.7 subclasses 4.6), `validate`
checks a document against a kernel's XSD given by path. Nothing here imports Django.
"""

from sankofa.core.formats.datacite.model import DataCiteError, Resource

__all__ = ["DataCiteError", "Resource"]
