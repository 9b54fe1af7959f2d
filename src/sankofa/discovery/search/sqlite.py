"""SQLite FTS5: the embedded node's full-text index.

The text lives in an FTS5 table ``<prefix>_text`` (one column per field, rowid = the
document's key) with the tokenizer ``unicode61 remove_diacritics 2``: words are runs of
letters, digits and marks in any script, compared without case and, for Latin letters,
without diacritics ("Accra" finds "Accrá"). There is no stemming: a word matches itself
(a prefix query ``measure*`` finds its other forms). Ranking is FTS5's bm25, a title
weighing most, then subjects, creators and descriptions.

Every word a reader typed reaches FTS5 inside a double-quoted string (the only FTS5
token that cannot be an operator), so ``OR``, ``NEAR(`` or ``*`` are only words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sankofa.discovery.search.engine import Engine, Params
from sankofa.discovery.search.model import FIELDS, Document
from sankofa.discovery.search.query import Term

__all__ = ["SqliteEngine", "fts5_expression"]

TOKENIZER = "unicode61 remove_diacritics 2"
WEIGHTS = {"title": 10.0, "subjects": 5.0, "creators": 3.0, "description": 1.0}


def _quoted(words: Sequence[str]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


def fts5_expression(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH expression holding every term: ``"w1" AND "w2 w3" AND "w4"*``."""
    return " AND ".join(_quoted(t.words) + ("*" if t.prefix else "") for t in terms)


class SqliteEngine(Engine):
    vendor = "sqlite"

    def __init__(self, prefix: str, using: str = "default") -> None:
        super().__init__(prefix, using)
        self.text = f"{prefix}_text"

    def create_statements(self) -> list[str]:
        columns = ", ".join(FIELDS)
        return [
            f"CREATE TABLE {self.doc} (id INTEGER PRIMARY KEY, ref INTEGER NOT NULL, "
            "sort_date TEXT NOT NULL)",
            f"CREATE INDEX {self.doc}_date ON {self.doc} (sort_date)",
            f"CREATE TABLE {self.facet} (doc_id INTEGER NOT NULL, facet TEXT NOT NULL, "
            "value TEXT NOT NULL, PRIMARY KEY (facet, value, doc_id)) WITHOUT ROWID",
            f"CREATE INDEX {self.facet}_doc ON {self.facet} (doc_id)",
            f"CREATE VIRTUAL TABLE {self.text} USING fts5({columns}, tokenize='{TOKENIZER}')",
        ]

    def drop_statements(self) -> list[str]:
        return [f"DROP TABLE IF EXISTS {t}" for t in (self.text, self.facet, self.doc)]

    def _insert(self, cursor: Any, docs: Sequence[Document]) -> None:
        cursor.executemany(
            f"INSERT INTO {self.doc} (id, ref, sort_date) VALUES (%s, %s, %s)",
            [(d.key, d.ref, d.sort_date.isoformat()) for d in docs],
        )
        marks = ", ".join(["%s"] * (len(FIELDS) + 1))
        cursor.executemany(
            f"INSERT INTO {self.text} (rowid, {', '.join(FIELDS)}) VALUES ({marks})",
            [(d.key, *_columns(d)) for d in docs],
        )

    def data_tables(self) -> list[str]:
        return [*super().data_tables(), self.text]

    def _delete_text(self, cursor: Any, keys: Sequence[int]) -> None:
        marks = ", ".join(["%s"] * len(keys))
        cursor.execute(f"DELETE FROM {self.text} WHERE rowid IN ({marks})", list(keys))

    def _match(self, terms: list[Term], language: str | None) -> tuple[str, Params]:
        weights = ", ".join(str(WEIGHTS[f]) for f in FIELDS)
        return (
            f"SELECT rowid AS id, -bm25({self.text}, {weights}) AS score FROM {self.text} "
            f"WHERE {self.text} MATCH %s",
            [fts5_expression(terms)],
        )

    def like(self, pattern: str) -> tuple[str, Params]:
        either = " OR ".join(f"{f} LIKE %s" for f in FIELDS)
        return f"SELECT rowid FROM {self.text} WHERE {either}", [pattern] * len(FIELDS)


def _columns(doc: Document) -> list[str]:
    return ["\n".join(t.value for t in doc.texts if t.field == f) for f in FIELDS]
