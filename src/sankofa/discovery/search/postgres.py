"""PostgreSQL full text: the production node's index.

Each document's text is one ``tsvector`` column (GIN-indexed) built from every text
twice: once with the text search configuration of its language (``xml:lang``) when the
server has one (english, french, spanish, portuguese, arabic and about twenty more: each
stems its words, "measurements" is found by "measurement"), and once with ``simple``
(no stemming, every word as it is, lower case, diacritics removed), so that any exact
word of any language is found (Swahili and Korean, which have no configuration here,
are found this way). A query word is looked up in both: its ``simple`` form and its
form in the reader's language (the page's language). Weights: titles A, subjects B,
creators C, descriptions D; ranking is ``ts_rank``.

Texts are cut into words as queries are (`sankofa.discovery.search.query.words`:
"1990-2020" is the words 1990 and 2020 on both sides) before PostgreSQL parses them.
Words reach PostgreSQL as parameters of ``phraseto_tsquery`` (which reads no operator);
a prefix word, made only of letters, digits and marks, as a quoted ``'word':*``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connections

from sankofa.discovery.search.engine import Engine, Params
from sankofa.discovery.search.model import Document
from sankofa.discovery.search.query import Term, fold, words

__all__ = ["CONFIGURATIONS", "PostgresEngine"]

WEIGHTS = {"title": "A", "subjects": "B", "creators": "C", "description": "D"}
# language subtag -> the text search configuration PostgreSQL ships for it
CONFIGURATIONS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
    "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian",
    "nb": "norwegian", "nn": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}  # fmt: skip


@functools.lru_cache(maxsize=8)
def _installed(using: str) -> frozenset[str]:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


class PostgresEngine(Engine):
    vendor = "postgresql"

    def __init__(self, prefix: str, using: str = "default") -> None:
        super().__init__(prefix, using)
        self.agg = f"{prefix}_tsvector_agg"

    def configuration(self, lang: str | None) -> str:
        """The text search configuration for the language tag `lang` ('simple' if none)."""
        name = CONFIGURATIONS.get((lang or "").split("-")[0].split("_")[0].lower(), "simple")
        return name if name in _installed(self.using) else "simple"

    def create_statements(self) -> list[str]:
        return [
            f"CREATE TABLE {self.doc} (id BIGINT PRIMARY KEY, ref BIGINT NOT NULL, "
            "sort_date TIMESTAMP WITH TIME ZONE NOT NULL, body TEXT NOT NULL, "
            "document TSVECTOR NOT NULL)",
            f"CREATE INDEX {self.doc}_document ON {self.doc} USING GIN (document)",
            f"CREATE INDEX {self.doc}_date ON {self.doc} (sort_date)",
            f"CREATE TABLE {self.facet} (doc_id BIGINT NOT NULL, facet VARCHAR(32) NOT NULL, "
            "value TEXT NOT NULL, PRIMARY KEY (facet, value, doc_id))",
            f"CREATE INDEX {self.facet}_doc ON {self.facet} (doc_id)",
            # concatenates the tsvectors of a document's texts (positions follow on)
            f"CREATE AGGREGATE {self.agg} (tsvector) "
            "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')",
        ]

    def drop_statements(self) -> list[str]:
        return [
            f"DROP TABLE IF EXISTS {self.facet}",
            f"DROP TABLE IF EXISTS {self.doc}",
            f"DROP AGGREGATE IF EXISTS {self.agg} (tsvector)",
        ]

    def _insert(self, cursor: Any, docs: Sequence[Document]) -> None:
        cursor.executemany(
            f"INSERT INTO {self.doc} (id, ref, sort_date, body, document) "
            f"VALUES (%s, %s, %s, %s, (SELECT {self.agg}(setweight("
            'to_tsvector(u.c::regconfig, u.t), u.w::"char")) '
            "FROM unnest(%s::text[], %s::text[], %s::text[]) AS u(c, t, w)))",
            [(d.key, d.ref, d.sort_date, *self._texts(d)) for d in docs],
        )

    def _texts(self, doc: Document) -> tuple[str, list[str], list[str], list[str]]:
        """The body (plain text) and, per piece of tsvector: configuration, text, weight."""
        configs, texts, weights = [], [], []
        for text in doc.texts:
            weight = WEIGHTS[text.field]
            configs.append("simple")
            texts.append(" ".join(words(fold(text.value))))
            weights.append(weight)
            if (config := self.configuration(text.lang)) != "simple":
                configs.append(config)
                texts.append(" ".join(words(text.value)))
                weights.append(weight)
        return "\n".join(t.value for t in doc.texts), configs, texts, weights

    def _delete_text(self, cursor: Any, keys: Sequence[int]) -> None:
        """The text is in the doc rows: nothing apart."""

    def _match(self, terms: list[Term], language: str | None) -> tuple[str, Params]:
        config = self.configuration(language)
        parts, params = [], []
        for term in terms:
            sql, term_params = _term(term, config)
            parts.append(sql)
            params += term_params
        query = " && ".join(f"({p})" for p in parts)
        return (
            f"SELECT d.id, ts_rank(d.document, q.q) AS score FROM {self.doc} d, "
            f"(SELECT {query} AS q) q WHERE d.document @@ q.q",
            params,
        )

    def like(self, pattern: str) -> tuple[str, Params]:
        return f"SELECT id FROM {self.doc} WHERE body LIKE %s", [pattern]


def _term(term: Term, config: str) -> tuple[str, Params]:
    """A tsquery expression matching `term`: its simple form, or (no prefix) its form in
    the reader's language configuration."""
    folded = [fold(w) for w in term.words]
    if term.prefix:
        last = f"'{folded[-1]}':*"  # only letters, digits and marks: no quote to escape
        if len(folded) == 1:
            return "to_tsquery('simple', %s)", [last]
        return (
            "tsquery_phrase(phraseto_tsquery('simple', %s), to_tsquery('simple', %s))",
            [" ".join(folded[:-1]), last],
        )
    sql, params = "phraseto_tsquery('simple', %s)", [" ".join(folded)]
    if config == "simple":
        return sql, params
    return f"{sql} || phraseto_tsquery(%s::regconfig, %s)", [*params, config, " ".join(term.words)]
