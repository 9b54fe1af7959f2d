"""The interface a domain implements to be harvested over OAI-PMH.

A source owns a namespace of local identifiers: the node publishes a record of the
source named ``datasets`` with local id ``42`` as ``oai:<repository id>:datasets/42``.
Records are listed in the order of a stable key the source chooses (a primary key,
usually): the provider pages with "records after key K" and never with offsets, so a
harvest stays consistent while records are added.

Datestamps are timezone-aware and compared at the granularity of one second; a
record's datestamp is the last time its metadata (or its deletion) changed. A deleted
record stays listed, flagged ``deleted``, for ever (``deletedRecord`` is "persistent").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from lxml import etree

# The stable ordering key of a record within its source (carried in resumption tokens,
# so it must survive JSON: an int or a str).
Key = int | str


@dataclass(frozen=True)
class Record:
    """One item of a source, as the protocol sees it.

    `local_id`: the part after ``<source name>/`` in the OAI identifier (characters
    allowed in a URI path; no whitespace). `key`: the ordering key (see `OaiSource.records`).
    `set_specs`: the sets the record belongs to, hierarchy included (a record in
    ``type:article`` lists ``type`` too when it should be harvested with ``set=type``).
    `payload`: whatever the source's metadata renderers need (a domain object or a
    dataclass built from it); the provider never looks inside.
    """

    local_id: str
    key: Key
    datestamp: datetime
    set_specs: tuple[str, ...] = ()
    deleted: bool = False
    payload: object = field(default=None, compare=False)


@dataclass(frozen=True)
class MetadataFormat:
    """A metadata format a source disseminates: ``metadataPrefix``, XSD location, namespace,
    and the renderer from a (not deleted) record to the root element of its metadata."""

    prefix: str
    schema: str
    namespace: str
    render: Callable[[Record], etree._Element] = field(compare=False)


@dataclass(frozen=True)
class OaiSet:
    """A set: ``setSpec`` (``[A-Za-z0-9-_.!~*'()]+``, ``:`` for hierarchy) and its name."""

    spec: str
    name: str


@runtime_checkable
class OaiSource(Protocol):
    """What a domain offers to harvesters.

    `name`: the namespace of its identifiers (``[a-z][a-z0-9-]*``, unique in the node).
    """

    name: str

    def earliest_datestamp(self) -> datetime | None:
        """The datestamp of the oldest record (deleted ones included); None when empty."""
        ...

    def metadata_formats(self) -> Sequence[MetadataFormat]:
        """The formats every record of this source can be disseminated in."""
        ...

    def sets(self) -> Sequence[OaiSet]:
        """The sets of this source (empty: the source has no set hierarchy)."""
        ...

    def records(
        self,
        metadata_prefix: str,
        from_: datetime | None,
        until: datetime | None,
        set_spec: str | None,
        after_key: Key | None,
        limit: int,
    ) -> Iterable[Record]:
        """At most `limit` records with ``from_ <= datestamp <= until`` (both inclusive,
        None: unbounded), in `set_spec` when given (records whose `set_specs` contain it),
        with a key greater than `after_key` when given, in increasing key order."""
        ...

    def count(
        self,
        metadata_prefix: str,
        from_: datetime | None,
        until: datetime | None,
        set_spec: str | None,
    ) -> int | None:
        """How many records `records` would list in all, or None when it is not cheap to know."""
        ...

    def get(self, local_id: str) -> Record | None:
        """The record with this local id (deleted or not), or None."""
        ...
