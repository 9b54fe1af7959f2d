"""An OAI source over plain Python data, as a domain would write one over its models."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice

from lxml import etree

from sankofa.discovery.oai.source import Key, MetadataFormat, OaiSet, Record

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Item:
    """What the test domain knows of one of its items."""

    title: str
    creators: tuple[str, ...]
    language: str


def render_oai_dc(record: Record) -> etree._Element:
    item = record.payload
    assert isinstance(item, Item)
    dc = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    title = etree.SubElement(dc, f"{{{DC}}}title")
    title.text = item.title
    title.set(XML_LANG, item.language)
    for creator in item.creators:
        etree.SubElement(dc, f"{{{DC}}}creator").text = creator
    etree.SubElement(dc, f"{{{DC}}}date").text = record.datestamp.date().isoformat()
    etree.SubElement(dc, f"{{{DC}}}identifier").text = f"https://node.example.org/{record.local_id}"
    return dc


OAI_DC_FORMAT = MetadataFormat(
    "oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC, render_oai_dc
)


@dataclass
class MemorySource:
    """Records kept in a list; `records` filters and pages them as a query would."""

    name: str
    items: list[Record]
    formats: Sequence[MetadataFormat] = (OAI_DC_FORMAT,)
    set_list: Sequence[OaiSet] = ()
    calls: list[tuple[Key | None, int]] = field(default_factory=list)

    def earliest_datestamp(self) -> datetime | None:
        return min((r.datestamp for r in self.items), default=None)

    def metadata_formats(self) -> Sequence[MetadataFormat]:
        return self.formats

    def sets(self) -> Sequence[OaiSet]:
        return self.set_list

    def matching(
        self, from_: datetime | None, until: datetime | None, set_spec: str | None
    ) -> list[Record]:
        return sorted(
            (
                r
                for r in self.items
                if (from_ is None or r.datestamp >= from_)
                and (until is None or r.datestamp <= until)
                and (set_spec is None or set_spec in r.set_specs)
            ),
            key=lambda r: int(r.key),
        )

    def records(
        self,
        metadata_prefix: str,
        from_: datetime | None,
        until: datetime | None,
        set_spec: str | None,
        after_key: Key | None,
        limit: int,
    ) -> Iterable[Record]:
        self.calls.append((after_key, limit))
        found = self.matching(from_, until, set_spec)
        after = (r for r in found if after_key is None or int(r.key) > int(after_key))
        return list(islice(after, limit))

    def count(
        self,
        metadata_prefix: str,
        from_: datetime | None,
        until: datetime | None,
        set_spec: str | None,
    ) -> int | None:
        return len(self.matching(from_, until, set_spec))

    def get(self, local_id: str) -> Record | None:
        return next((r for r in self.items if r.local_id == local_id), None)


START = datetime(2021, 3, 1, 8, 0, 0, tzinfo=UTC)
LANGUAGES = ("en", "fr", "ar", "pt-PT", "sw")


def dataset_records(count: int = 250) -> list[Record]:
    """`count` datasets, 7 hours apart (so days hold several), every 25th from the 8th
    deleted, in collection ``a`` (every third) or ``b``; keys out of datestamp order for some."""
    records = []
    for number in range(1, count + 1):
        part = "a" if number % 3 == 0 else "b"
        records.append(
            Record(
                local_id=f"{number}",
                key=number,
                datestamp=START + timedelta(hours=7 * number) - timedelta(days=number % 4),
                set_specs=("collection", f"collection:{part}"),
                deleted=number % 25 == 8,
                payload=Item(
                    f"Measurements n°{number} — «جداول» ",
                    tuple(f"Author {number}-{k}" for k in range(number % 3 + 1)),
                    LANGUAGES[number % len(LANGUAGES)],
                ),
            )
        )
    return records


def article_records(count: int = 30) -> list[Record]:
    return [
        Record(
            local_id=f"vol1/{number}",
            key=number,
            datestamp=START + timedelta(days=number),
            set_specs=("journal",),
            payload=Item(f"Article {number} & <co>", (f"Writer {number}",), "en"),
        )
        for number in range(1, count + 1)
    ]
